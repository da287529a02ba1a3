//! Wake-up sources besides the refresh timer: timers in background tabs fire late or not at
//! all, and a sleeping machine fires none, so visibility, focus, going online and a heartbeat
//! that notices a gap in time all wake the lifecycle, which then does whatever is due.

use cognito_auth::session::event::WakeCause;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use web_sys::VisibilityState;

/// How often the heartbeat looks at the clock.
const HEARTBEAT: Duration = Duration::from_secs(10);
/// A gap this much longer than the heartbeat means the page was frozen or the machine slept.
const SLEEP_GAP_MS: f64 = 20_000.0;

/// Installs the listeners for the page's lifetime; `wake` is called with each cause.
pub fn install(wake: impl Fn(WakeCause) + Clone + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let listen =
        |target: &web_sys::EventTarget, name: &str, cause: WakeCause, only_visible: bool| {
            let wake = wake.clone();
            let handler = Closure::<dyn Fn()>::new(move || {
                let visible = web_sys::window()
                    .and_then(|w| w.document())
                    .is_none_or(|d| d.visibility_state() == VisibilityState::Visible);
                if visible || !only_visible {
                    wake(cause);
                }
            });
            let _ = target.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
            handler.forget();
        };
    if let Some(document) = window.document() {
        listen(&document, "visibilitychange", WakeCause::Visible, true);
    }
    listen(&window, "focus", WakeCause::Focus, false);
    listen(&window, "online", WakeCause::Online, false);

    let last = Rc::new(Cell::new(js_sys::Date::now()));
    let heartbeat = move || {
        let now = js_sys::Date::now();
        let gap = now - last.replace(now);
        if gap > HEARTBEAT.as_secs_f64() * 1000.0 + SLEEP_GAP_MS {
            wake(WakeCause::Resumed);
        }
    };
    let _ = leptos::prelude::set_interval_with_handle(heartbeat, HEARTBEAT);
}

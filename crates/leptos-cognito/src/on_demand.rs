//! What a tab without the session machinery needs, so an app can load the machinery on demand
//! (the portal keeps it out of its first load: issue #11).
//!
//! A tab that is alone and signed out has nothing to refresh and no one to ask; all it must do
//! is notice when that changes: another tab signs in and announces it on the tab channel. This
//! module watches the channel and reads only whether a message is that announcement (every
//! message is untrusted: all it can do is make the app start the machinery, which then asks and
//! verifies as always).

use cognito_auth::session::presence::Holders;
use cognito_auth::session::tab_message::announces_sign_in;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// Calls `wake` once, when another tab of this app client announces that it signed in (the
/// only news that gives a signed-out tab a session to ask for), then stops listening. Every other
/// message (an ask from a starting tab, say) is ignored unread beyond its kind, so lone tabs do
/// not all start their machinery and ask at once. Does nothing where the browser has no
/// `BroadcastChannel` (the tab then works alone).
pub fn on_sign_in_elsewhere(client_id: &str, wake: impl FnOnce() + 'static) {
    let name = cognito_auth::session::tab_message::channel_name(client_id);
    let Ok(channel) = BroadcastChannel::new(&name) else {
        return;
    };
    let mut wake = Some(wake);
    let closing = channel.clone();
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let announced = event
            .data()
            .as_string()
            .is_some_and(|text| announces_sign_in(&text));
        if !announced {
            return;
        }
        closing.set_onmessage(None);
        closing.close();
        if let Some(wake) = wake.take() {
            wake();
        }
    });
    channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
    // The channel lives until the announcement; so does the listener.
    listener.forget();
}

/// Whether another tab of this app client may hold a session it could hand over: `false` only
/// when the origin's held Web Locks show no other tab's holder lock (`tabs::held_by_any_tab`), so a tab
/// that is alone knows it at once. The lock names are untrusted: a fake holder lock only makes
/// the app start the machinery, which asks and waits the bounded time for an answer that never
/// comes.
pub async fn another_tab_may_hold_a_session(client_id: &str) -> bool {
    crate::tabs::held_by_any_tab(client_id).await != Holders::Absent
}

impl crate::Auth {
    /// Tells the session that another tab announced its sign-in before this handle existed (an
    /// app that starts the machinery on that announcement: [`on_sign_in_elsewhere`]): it asks
    /// the tabs, as on the announcement itself, even if that tab's holder lock is not granted
    /// yet when the locks are read.
    pub fn another_tab_signed_in(&self) {
        self.silent_tried.set_value(true);
        self.dispatch(cognito_auth::session::Event::SignedInElsewhere);
    }
}

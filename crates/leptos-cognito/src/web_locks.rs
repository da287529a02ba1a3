//! The Web Locks API (`navigator.locks`), bound by hand: web-sys marks it unstable.
//!
//! One exclusive lock per app client serialises refreshes across the origin's tabs. The lock is
//! held until the future run under it finishes (the callback's promise settles). A tab holding a
//! session also holds a lock of its own ([`hold`]) that starting tabs see with [`held_names`]
//! (see `cognito_auth::session::presence`).

use js_sys::{Array, Function, Object, Promise, Reflect};
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen]
extern "C" {
    type LockManager;

    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, options: &JsValue, callback: &Function) -> Promise;

    #[wasm_bindgen(method, catch, js_name = request)]
    fn try_request(
        this: &LockManager,
        name: &str,
        options: &JsValue,
        callback: &Function,
    ) -> Result<Promise, JsValue>;
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// Runs `work` holding the exclusive lock `name`. `work` is told whether it had to wait for
/// another holder (`true`): then a sibling probably just did the same work. Without Web Locks
/// (an old browser) the work runs at once, told `false`.
pub async fn with_lock<F, Fut>(name: &str, work: F)
where
    F: FnOnce(bool) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let Some(locks) = lock_manager() else {
        work(false).await;
        return;
    };
    let work = std::rc::Rc::new(std::cell::Cell::new(Some(work)));
    // First try without waiting: `ifAvailable` hands the callback `null` when the lock is held.
    let immediate = {
        let work = work.clone();
        Closure::once_into_js(move |lock: JsValue| -> Promise {
            if lock.is_null() {
                return Promise::resolve(&JsValue::FALSE);
            }
            let Some(work) = work.take() else {
                return Promise::resolve(&JsValue::TRUE);
            };
            future_to_promise(async move {
                work(false).await;
                Ok(JsValue::TRUE)
            })
        })
    };
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let ran = JsFuture::from(locks.request(name, &options, immediate.unchecked_ref()))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if ran {
        return;
    }
    let Some(work) = work.take() else { return };
    let waited = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        future_to_promise(async move {
            work(true).await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let _ = JsFuture::from(locks.request(name, &Object::new(), waited.unchecked_ref())).await;
}

/// A lock held until [`HeldLock::release`], or until the page goes away (the browser then
/// releases it).
pub struct HeldLock {
    release: Function,
}

impl HeldLock {
    /// Releases the lock.
    pub fn release(self) {
        let _ = self.release.call0(&JsValue::UNDEFINED);
    }
}

/// Requests the exclusive lock `name` and keeps it until released. The grant comes a moment
/// later (at once for a name nobody else holds). `None` without Web Locks.
pub fn hold(name: &str) -> Option<HeldLock> {
    let locks = lock_manager()?;
    let mut resolve = None;
    let until_released = Promise::new(&mut |res, _rej| resolve = Some(res));
    let release = resolve?;
    // The lock is held until the callback's promise settles: when `release` resolves it.
    let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise { until_released });
    let granted = locks
        .try_request(name, &Object::new(), callback.unchecked_ref())
        .ok()?;
    // Awaited so that a refused request (an opaque origin) is handled, not an unhandled rejection.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(granted).await;
    });
    Some(HeldLock { release })
}

/// The names of the locks held on this origin now (`navigator.locks.query()`), or `None` when
/// the browser cannot say: no Web Locks or no `query`, a refusal, an answer that is not a lock
/// snapshot, or no answer within `timeout_ms` (a page script may have replaced the API; a tab
/// must never hang on it). Names that are not strings are left out. Any script on the origin can
/// hold a lock of any name: the names are data to parse, never trusted.
pub async fn held_names(timeout_ms: u32) -> Option<Vec<String>> {
    let locks = lock_manager()?;
    let query = Reflect::get(&locks, &JsValue::from_str("query"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let answer = query.call0(&locks).ok()?.dyn_into::<Promise>().ok()?;
    let timeout = Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            #[allow(clippy::cast_possible_wrap, reason = "a short timeout")]
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, timeout_ms as i32);
        }
    });
    let snapshot = JsFuture::from(Promise::race(&Array::of2(&answer, &timeout)))
        .await
        .ok()?;
    if snapshot.is_undefined() || snapshot.is_null() {
        return None; // the timeout won
    }
    let held = Reflect::get(&snapshot, &JsValue::from_str("held")).ok()?;
    if !Array::is_array(&held) {
        return None;
    }
    let names = Array::from(&held)
        .iter()
        .filter_map(|lock| Reflect::get(&lock, &JsValue::from_str("name")).ok())
        .filter_map(|name| name.as_string())
        .collect();
    Some(names)
}

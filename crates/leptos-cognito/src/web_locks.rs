//! The Web Locks API (`navigator.locks`), bound by hand: web-sys marks it unstable.
//!
//! One exclusive lock per app client serialises refreshes across the origin's tabs. The lock is
//! held until the future run under it finishes (the callback's promise settles).

use js_sys::{Function, Object, Promise, Reflect};
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen]
extern "C" {
    type LockManager;

    #[wasm_bindgen(method, js_name = request)]
    fn request(this: &LockManager, name: &str, options: &JsValue, callback: &Function) -> Promise;
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

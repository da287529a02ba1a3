//! The signed-in views' stylesheet, kept out of the first load (issue #14, item 0).
//!
//! `style/signed-in.css` is built like `main.css` (hashed, `immutable`, precompressed, with SRI)
//! but linked `disabled` (`scripts/defer_styles.py`), so the first load neither fetches nor
//! applies it. A lone signed-out visitor gets it only preloaded ([`preload_signed_in_styles`]):
//! in the HTTP cache, never applied, since it restyles elements the landing shares (the header,
//! the cards at phone widths) and applying it would shift the landing's layout. It is applied
//! when the session machinery is wanted, and the machinery's handle is published only once the
//! sheet applies, failed, or took too long, so no signed-in view paints unstyled and none waits
//! for ever.

use std::cell::RefCell;
use std::future::Future;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The id `scripts/defer_styles.py` gives the link.
const LINK_ID: &str = "signed-in-styles";

/// How long a view waits for the sheet before painting without it: a stalled request costs the
/// styles, never the page.
const WAIT_MS: i32 = 3_000;

thread_local! {
    /// Settles when the sheet has loaded or timed out (rejects when it failed); created by the
    /// first call and dropped again after a failure, so the next call tries again.
    static READY: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

fn link() -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(LINK_ID))
}

/// Applies the signed-in styles at once (the first call, or the first after a failure) and
/// resolves once they apply, once loading failed, or after [`WAIT_MS`]: unstyled but working
/// beats a page that never shows. Without the link (a test page), or with the sheet already
/// applied, it resolves at once.
pub fn signed_in_styles() -> impl Future<Output = ()> {
    let promise = READY.with(|ready| ready.borrow_mut().get_or_insert_with(enable).clone());
    async move {
        if JsFuture::from(promise).await.is_err() {
            // Disabled again and forgotten: the next view that wants the styles retries.
            READY.with(|ready| ready.borrow_mut().take());
            if let Some(link) = link() {
                let _ = link.set_attribute("disabled", "");
            }
        }
    }
}

fn enable() -> js_sys::Promise {
    let Some(link) = link().filter(|link| link.has_attribute("disabled")) else {
        return js_sys::Promise::resolve(&JsValue::UNDEFINED);
    };
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = link.add_event_listener_with_callback("load", &resolve);
        let _ = link.add_event_listener_with_callback("error", &reject);
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, WAIT_MS);
        }
    });
    let _ = link.remove_attribute("disabled");
    // A sheet already in the HTTP cache may apply at once, with no load event to wait for.
    let applied = js_sys::Reflect::get(&link, &JsValue::from_str("sheet"))
        .is_ok_and(|sheet| !sheet.is_null() && !sheet.is_undefined());
    if applied {
        return js_sys::Promise::resolve(&JsValue::UNDEFINED);
    }
    promise
}

/// Puts the sheet in the HTTP cache without applying it: a copy of its link (same address and
/// integrity) as `<link rel="preload" as="style">`, for a lone visitor who may sign in next.
pub fn preload_signed_in_styles() {
    let Some(preload) = link().and_then(|link| link.clone_node().ok()) else {
        return;
    };
    let Ok(preload) = wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(preload) else {
        return;
    };
    for name in ["id", "disabled"] {
        let _ = preload.remove_attribute(name);
    }
    for (name, value) in [("rel", "preload"), ("as", "style")] {
        let _ = preload.set_attribute(name, value);
    }
    if let Some(head) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.head())
    {
        let _ = head.append_child(&preload);
    }
}

//! The signed-in views' stylesheet, kept out of the first load (issue #14, item 0).
//!
//! `style/signed-in.css` is built like `main.css` (hashed, `immutable`, precompressed, with SRI)
//! but linked `disabled` (`scripts/defer_styles.py`), so a signed-out visitor never fetches it. It
//! is enabled when the session machinery is wanted, and the machinery's handle is published only
//! once the sheet applies (or failed to load), so no signed-in view paints unstyled.

use std::cell::OnceCell;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The id `scripts/defer_styles.py` gives the link.
const LINK_ID: &str = "signed-in-styles";

thread_local! {
    /// Settles when the sheet has loaded or failed; created by the first call.
    static READY: OnceCell<js_sys::Promise> = const { OnceCell::new() };
}

/// Starts fetching the signed-in styles (the first call only) and resolves once they apply, or
/// once loading failed: unstyled but working beats a page that never shows. Without the link (a
/// test page) it resolves at once.
pub fn signed_in_styles() -> JsFuture {
    READY.with(|ready| JsFuture::from(ready.get_or_init(enable).clone()))
}

fn enable() -> js_sys::Promise {
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(LINK_ID));
    let Some(link) = link.filter(|link| link.has_attribute("disabled")) else {
        return js_sys::Promise::resolve(&JsValue::UNDEFINED);
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = link.add_event_listener_with_callback("load", &resolve);
        let _ = link.add_event_listener_with_callback("error", &resolve);
    });
    let _ = link.remove_attribute("disabled");
    promise
}

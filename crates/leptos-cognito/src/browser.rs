//! The browser facilities the sign-in flow needs: randomness, SHA-256, the clock, the location.
//!
//! Each function is a thin wrapper over one Web API, so the rules stay in `cognito-auth` and
//! what is left here is tested in Chromium (`tests/web.rs`).

use cognito_auth::{AuthError, UnixTime};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn window() -> Result<web_sys::Window, AuthError> {
    web_sys::window().ok_or_else(|| AuthError::Browser {
        what: "find its window",
        detail: "no window object".into(),
    })
}

fn js_detail(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// `N` bytes from `crypto.getRandomValues`, the browser's CSPRNG.
///
/// # Errors
/// [`AuthError::Browser`] when Web Crypto is unavailable (an insecure context, an old browser).
pub fn random_bytes<const N: usize>() -> Result<[u8; N], AuthError> {
    let mut bytes = [0u8; N];
    window()?
        .crypto()
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes))
        .map_err(|e| AuthError::Browser {
            what: "generate random values",
            detail: js_detail(&e),
        })?;
    Ok(bytes)
}

/// SHA-256 of `data` through `crypto.subtle.digest`.
///
/// # Errors
/// [`AuthError::Browser`] when `crypto.subtle` is unavailable: it exists only in secure contexts
/// (HTTPS, or `http://127.0.0.1` / `localhost`).
pub async fn sha256(data: &[u8]) -> Result<[u8; 32], AuthError> {
    let fail = |e: JsValue| AuthError::Browser {
        what: "compute SHA-256",
        detail: js_detail(&e),
    };
    let promise = window()?
        .crypto()
        .and_then(|crypto| {
            crypto
                .subtle()
                .digest_with_str_and_u8_array("SHA-256", data)
        })
        .map_err(fail)?;
    let buffer = JsFuture::from(promise).await.map_err(fail)?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    bytes.try_into().map_err(|_| AuthError::Browser {
        what: "compute SHA-256",
        detail: "digest is not 32 bytes".into(),
    })
}

/// The device clock.
pub fn now() -> UnixTime {
    UnixTime::from_millis(js_sys::Date::now())
}

/// `location.origin`, e.g. `http://127.0.0.1:8080`.
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// `location.search`, including the leading `?` (empty when there is none).
pub fn page_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

thread_local! {
    /// The callback's query string, moved out of the address bar by [`scrub_callback_url`]
    /// until the callback page takes it.
    static CALLBACK_QUERY: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// On `callback_path` (e.g. `/callback`), moves the query string (`code`, `state`) into memory
/// and replaces the URL with the bare path; anywhere else, does nothing.
///
/// Call it first thing in `main`, before mounting the app: any request the page sends while
/// the code is in its URL (the app's `/config.json`, a font, an image) carries that URL in its
/// `Referer`, and the code then sits in server logs. [`take_callback_query`] hands the query
/// to the callback page afterwards.
pub fn scrub_callback_url(callback_path: &str) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    if location.pathname().ok().as_deref() != Some(callback_path) {
        return;
    }
    let query = location.search().unwrap_or_default();
    CALLBACK_QUERY.with(|kept| *kept.borrow_mut() = Some(query));
    replace_url(callback_path);
}

/// The query [`scrub_callback_url`] moved into memory, once: later calls get `None`, so the
/// code can be handed to one exchange only.
pub fn take_callback_query() -> Option<String> {
    CALLBACK_QUERY.with(|kept| kept.borrow_mut().take())
}

/// Whether [`scrub_callback_url`] kept a callback query that nobody has taken yet: Cognito just
/// redirected here, so the page will need the session machinery before its config is even
/// loaded (the portal starts fetching that chunk at once).
pub fn callback_query_pending() -> bool {
    CALLBACK_QUERY.with(|kept| kept.borrow().is_some())
}

/// Whether this page is the redirect URI's (the callback): its exchange needs the session at
/// once, and it must not ask the other tabs for one.
pub fn on_redirect_page(redirect_uri: &str) -> bool {
    page_path()
        .split('?')
        .next()
        .is_some_and(|path| redirect_uri.ends_with(path) && path != "/")
}

/// `location.pathname + location.search`: where to come back to after signing in.
pub fn page_path() -> String {
    web_sys::window().map_or_else(
        || "/".into(),
        |w| {
            let location = w.location();
            format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            )
        },
    )
}

/// Top-level navigation (to the hosted UI or `/logout`): the hosted pages cannot be framed
/// (`X-Frame-Options: DENY`) or fetched (no CORS).
///
/// # Errors
/// [`AuthError::Browser`] if the browser refuses the navigation.
pub fn navigate_away(url: &str) -> Result<(), AuthError> {
    window()?
        .location()
        .assign(url)
        .map_err(|e| AuthError::Browser {
            what: "open the sign-in page",
            detail: js_detail(&e),
        })
}

/// Replaces the current history entry's URL without navigating: scrubs `code` and `state`
/// from the address bar and from history.
pub fn replace_url(path: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        // Failure leaves the URL as it is; the code in it is single-use and already consumed.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(path));
    }
}

/// Writes a line to the console. Callers pass text that holds no token.
pub fn log(message: &str) {
    web_sys::console::info_1(&JsValue::from_str(message));
}

/// A time in the browser's time zone and language, e.g. `23/11/2026, 13:10:39`.
pub fn format_local(t: UnixTime) -> String {
    #[allow(
        clippy::cast_precision_loss,
        reason = "seconds since 1970 fit a double exactly"
    )]
    let millis = (t.0 as f64) * 1000.0;
    let date = js_sys::Date::new(&JsValue::from_f64(millis));
    let language = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en-US".into());
    String::from(date.to_locale_string(&language, &JsValue::UNDEFINED))
}

/// Copies text to the clipboard.
///
/// # Errors
/// [`AuthError::Browser`] when the clipboard is unavailable or permission is denied.
pub async fn copy_text(text: &str) -> Result<(), AuthError> {
    let promise = window()?.navigator().clipboard().write_text(text);
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| AuthError::Browser {
            what: "copy to the clipboard",
            detail: js_detail(&e),
        })
}

/// Dispatches a `CustomEvent` named `name` on `window` with `{kind, text}` as its detail: the
/// hook telemetry listens to. Never pass a token.
pub fn announce(name: &str, kind: &str, text: &str) {
    let Ok(window) = window() else { return };
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"kind".into(), &kind.into());
    let _ = js_sys::Reflect::set(&detail, &"text".into(), &text.into());
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = window.dispatch_event(&event);
    }
}

/// Resolves after `ms` milliseconds (a `setTimeout`).
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Ok(window) = window() {
            #[allow(clippy::cast_possible_wrap, reason = "short delays")]
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

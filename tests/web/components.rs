//! The portal's components, mounted in the page: text stays text, errors reach their panels,
//! data loads run when they should, the copy button asks before copying a token.

use super::*;
use cognito_auth::Explanation;
use cognito_portal::components::claims_table::ClaimsTable;
use cognito_portal::components::copy_button::CopyButton;
use cognito_portal::components::error_panel::{error_panels, ErrorPanel, Explained};
use cognito_portal::components::load::load;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast as _;

/// Mounts `view` in a fresh element of the test page.
fn mount(view: impl FnOnce() -> AnyView + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    std::mem::forget(leptos::mount::mount_to(host.clone(), view));
    host
}

/// Waits (up to two seconds) for `done`: effects and loads settle on later ticks.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        browser::sleep_ms(10).await;
    }
    panic!("timed out waiting for: {what}");
}

fn text(host: &web_sys::HtmlElement) -> String {
    host.text_content().unwrap_or_default()
}

fn has(host: &web_sys::HtmlElement, selector: &str) -> bool {
    host.query_selector(selector).unwrap().is_some()
}

fn click(host: &web_sys::HtmlElement, selector: &str) {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn explanation(title: &str) -> Explanation {
    Explanation {
        title: title.into(),
        detail: "<b>detail</b>".into(),
        code: None,
        description: None,
        action: "a".into(),
    }
}

#[wasm_bindgen_test]
fn claim_values_render_as_text_not_markup() {
    let evil = "<img src=x onerror=\"window.__pwned=1\">";
    let rows = vec![("given_name".to_owned(), evil.to_owned())];
    let host = mount(move || view! { <ClaimsTable rows/> }.into_any());
    assert!(
        !has(&host, "img"),
        "markup in a claim became an element: {}",
        host.inner_html()
    );
    assert!(text(&host).contains(evil));
}

#[wasm_bindgen_test]
fn error_descriptions_render_as_text() {
    let explanation = Explanation {
        title: "t".into(),
        detail: "d".into(),
        code: Some("invalid_request".into()),
        description: Some("<script>window.__pwned=1</script><b>bold</b>".into()),
        action: "a".into(),
    };
    let host = mount(move || view! { <ErrorPanel explanation/> }.into_any());
    assert!(!has(&host, "b"));
    assert!(!has(&host, "script"));
    assert!(text(&host).contains("<b>bold</b>"));
}

#[wasm_bindgen_test]
async fn an_explained_error_shows_its_panel_in_place_of_the_view_until_it_clears() {
    let result = RwSignal::new(Err::<&str, _>(Explained(explanation("The API refused"))));
    let host = mount(move || {
        view! { <ErrorBoundary fallback=error_panels>{move || result.get()}</ErrorBoundary> }
            .into_any()
    });
    until("the error panel", || has(&host, ".error-panel[role=alert]")).await;
    assert!(text(&host).contains("The API refused"));
    assert!(text(&host).contains("<b>detail</b>"), "detail is text");
    assert!(!has(&host, "b"));
    result.set(Ok("the answer"));
    until("the view back", || text(&host).contains("the answer")).await;
    assert!(!has(&host, ".error-panel"), "{}", host.inner_html());
}

#[wasm_bindgen_test]
async fn an_error_nobody_explained_still_gets_a_panel_with_its_message() {
    let host = mount(|| {
        view! { <ErrorBoundary fallback=error_panels>{Err::<(), _>(std::fmt::Error)}</ErrorBoundary> }
            .into_any()
    });
    until("the error panel", || has(&host, ".error-panel[role=alert]")).await;
    assert!(text(&host).contains("Something went wrong"));
    assert!(text(&host).contains(&std::fmt::Error.to_string()));
}

/// The invariant behind the request counts: a load reads the session as it goes, and a token
/// refresh (a signal change) must not call the API again. A plain `LocalResource` reading the
/// same signal is the witness that the change did reach the resources.
#[wasm_bindgen_test]
async fn a_load_runs_on_mount_and_on_refetch_but_not_when_a_signal_it_read_changes() {
    let session = RwSignal::new(0);
    let loads = Rc::new(Cell::new(0));
    let witness_loads = Rc::new(Cell::new(0));
    let handle = Rc::new(Cell::new(None::<LocalResource<i32>>));
    let host = mount({
        let (loads, witness_loads, handle) = (loads.clone(), witness_loads.clone(), handle.clone());
        move || {
            let loaded = load(move || {
                loads.set(loads.get() + 1);
                async move { session.get() }
            });
            let _witness = LocalResource::new(move || {
                witness_loads.set(witness_loads.get() + 1);
                async move { session.get() }
            });
            handle.set(Some(loaded));
            view! { <p>{move || loaded.get()}</p> }.into_any()
        }
    });
    until("the first load", || text(&host) == "0").await;
    assert_eq!((loads.get(), witness_loads.get()), (1, 1));
    session.set(1);
    until("the witness to re-run", || witness_loads.get() == 2).await;
    browser::sleep_ms(20).await;
    assert_eq!(loads.get(), 1, "the load re-ran on a signal change");
    handle.get().unwrap().refetch();
    until("the refetched value", || text(&host) == "1").await;
    assert_eq!(loads.get(), 2);
}

#[wasm_bindgen_test]
async fn copying_a_token_asks_first_and_cancel_copies_nothing() {
    let host = mount(|| {
        view! { <CopyButton label="Copy token" value="secret".to_owned() sensitive=true/> }
            .into_any()
    });
    click(&host, "button");
    until("the warning", || has(&host, ".copy-warning[role=alert]")).await;
    assert!(text(&host).contains("live credential"));
    click(&host, ".copy-warning button:not(.danger)");
    until("the warning to close", || !has(&host, ".copy-warning")).await;
    // The status exists before it speaks (issue #14), and Cancel said nothing into it.
    let note = || {
        host.query_selector(".copy-note[role=status]")
            .ok()
            .flatten()
            .map(|n| n.text_content().unwrap_or_default())
    };
    assert_eq!(
        note().as_deref(),
        Some(""),
        "Cancel copied: {}",
        text(&host)
    );
    // Cancel gave focus back to the button the confirmation came from.
    let copy_button = host.query_selector("button").ok().flatten();
    assert_eq!(leptos::prelude::document().active_element(), copy_button);
    click(&host, "button");
    until("the warning again", || has(&host, ".copy-warning")).await;
    click(&host, ".copy-warning button.danger");
    // Headless Chromium may refuse the clipboard: either note proves the copy ran.
    until("the copy's outcome", || {
        note().is_some_and(|n| !n.is_empty())
    })
    .await;
    assert!(!has(&host, ".copy-warning"));
}

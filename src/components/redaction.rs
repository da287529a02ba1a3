//! The "redact for screenshots" switch: masks personal data and token values on every page.

use cognito_auth::inspector::redact::MASK;
use leptos::prelude::*;

/// Whether redaction is on; provided once for the whole app.
#[derive(Clone, Copy)]
pub struct Redaction(pub RwSignal<bool>);

/// Provides the switch's state (off) to the component tree.
pub fn provide_redaction() {
    provide_context(Redaction(RwSignal::new(false)));
}

/// The switch's state, if provided (component tests have none: redaction is then off).
fn switch() -> Option<RwSignal<bool>> {
    use_context::<Redaction>().map(|r| r.0)
}

/// Whether redaction is on, reactively. Off when no provider exists (component tests).
pub fn redacted() -> bool {
    switch().is_some_and(|s| s.get())
}

/// `text`, masked while redaction is on if `hide`: a reactive view only then, plain text
/// otherwise (most rows of a claims table never change, and a reactive view per cell costs the
/// signed-in page's first build an effect each: issue #11).
pub fn masked_if(hide: bool, text: String) -> AnyView {
    if hide {
        masked(text).into_any()
    } else {
        text.into_any()
    }
}

/// `text` as a reactive view that shows the mask while redaction is on (for personal data and
/// token values).
///
/// The mask's bullets are hidden from screen readers, which hear "hidden" instead (the
/// stylesheet's `.masked::before`, generated content with alternative text, issue #14): the
/// element's text stays the mask, so what is copied or tested is unchanged.
pub fn masked(text: String) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    // Looked up once, not on every run of the view.
    let state = switch();
    move || {
        if state.is_some_and(|s| s.get()) {
            view! { <span class="masked"><span aria-hidden="true">{MASK}</span></span> }.into_any()
        } else {
            text.clone().into_any()
        }
    }
}

/// The switch itself.
#[component]
pub fn RedactSwitch() -> impl IntoView {
    let state = switch();
    view! {
        <label class="redact-switch">
            <input
                type="checkbox"
                prop:checked=move || state.is_some_and(|s| s.get())
                on:change=move |ev| {
                    if let Some(s) = state {
                        s.set(event_target_checked(&ev));
                    }
                }
            />
            " Redact for screenshots"
        </label>
    }
}

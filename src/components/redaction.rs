//! The "redact for screenshots" switch: masks personal data and token values on every page.

use leptos::prelude::*;

/// Whether redaction is on; provided once for the whole app.
#[derive(Clone, Copy)]
pub struct Redaction(pub RwSignal<bool>);

/// Provides the switch's state (off) to the component tree.
pub fn provide_redaction() {
    provide_context(Redaction(RwSignal::new(false)));
}

/// Whether redaction is on, reactively. Off when no provider exists (component tests).
pub fn redacted() -> bool {
    use_context::<Redaction>().is_some_and(|r| r.0.get())
}

/// The switch itself.
#[component]
pub fn RedactSwitch() -> impl IntoView {
    let state = use_context::<Redaction>().map(|r| r.0);
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

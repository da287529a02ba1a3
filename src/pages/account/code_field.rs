//! The field a 6-digit code is typed into (the authenticator app's, the verification email's).

use leptos::prelude::*;

/// A labelled code field: the numeric keyboard on phones and the browser's one-time-code
/// autofill, the same for every code the page asks for.
#[component]
pub fn CodeField(
    /// The input's id, which the label points at.
    id: &'static str,
    /// What is typed, as typed (parsed when the form is sent).
    typed: RwSignal<String>,
    /// The label's content.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{children()}</label>
            <input
                id=id
                inputmode="numeric"
                autocomplete="one-time-code"
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            />
        </div>
    }
}

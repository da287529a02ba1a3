//! A copy button; copying a live token asks first.

use leptos::prelude::*;
use leptos_cognito::browser;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Warning,
    Copied,
    Failed,
}

/// Copies `value`. When `sensitive` (a token), the first click explains the risk and a second,
/// explicit "Copy anyway" copies.
#[component]
pub fn CopyButton(
    /// What the button copies, e.g. "Copy token".
    label: &'static str,
    /// The text to copy (it may change under the button: a refresh brings a new token).
    #[prop(into)]
    value: Signal<String>,
    /// Whether the value is a credential.
    #[prop(optional)]
    sensitive: bool,
) -> impl IntoView {
    // Its value is whether the browser accepted the text.
    let copy = Action::new_local(move |(): &()| {
        let text = value.get_untracked();
        async move { browser::copy_text(&text).await.is_ok() }
    });
    let warning = RwSignal::new(false);
    let state = move || match (warning.get(), copy.value().get()) {
        (true, _) => CopyState::Warning,
        (false, None) => CopyState::Idle,
        (false, Some(true)) => CopyState::Copied,
        (false, Some(false)) => CopyState::Failed,
    };
    let button = NodeRef::<leptos::html::Button>::new();
    // The inline confirmation gives focus back to the button it came from before it goes
    // (issue #14): its buttons leave the page with it.
    let refocus = move || {
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    let start_copy = move || {
        warning.set(false);
        copy.dispatch_local(());
    };
    let click = move |_| {
        if sensitive && !warning.get_untracked() {
            warning.set(true);
        } else {
            start_copy();
        }
    };
    let copy_anyway = move |_| {
        refocus();
        start_copy();
    };
    let cancel = move |_| {
        refocus();
        warning.set(false);
        copy.clear();
    };
    // Said once by a status that exists before its text changes (issue #14).
    let outcome = move || match state() {
        CopyState::Copied => "Copied",
        CopyState::Failed => "The browser refused the clipboard",
        CopyState::Idle | CopyState::Warning => "",
    };
    view! {
        <span class="copy">
            <button type="button" class="small" on:click=click node_ref=button>{label}</button>
            <span class="copy-note" role="status">{outcome}</span>
            {move || match state() {
                CopyState::Idle | CopyState::Copied | CopyState::Failed => ().into_any(),
                CopyState::Warning => view! {
                    <span class="copy-warning" role="alert">
                        "This is a live credential: anyone who has it can act as you until it expires. "
                        <button type="button" class="small danger" on:click=copy_anyway>"Copy anyway"</button>
                        <button type="button" class="small" on:click=cancel>"Cancel"</button>
                    </span>
                }.into_any(),
            }}
        </span>
    }
}

//! A copy button; copying a live token asks first.

use leptos::prelude::*;
use leptos::task::spawn_local;
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
    /// The text to copy.
    value: String,
    /// Whether the value is a credential.
    #[prop(optional)]
    sensitive: bool,
) -> impl IntoView {
    let state = RwSignal::new(CopyState::Idle);
    let value = StoredValue::new(value);
    let copy = move || {
        spawn_local(async move {
            let text = value.get_value();
            let result = browser::copy_text(&text).await;
            state.set(if result.is_ok() {
                CopyState::Copied
            } else {
                CopyState::Failed
            });
        });
    };
    let click = move |_| {
        if sensitive && state.get_untracked() != CopyState::Warning {
            state.set(CopyState::Warning);
        } else {
            copy();
        }
    };
    view! {
        <span class="copy">
            <button type="button" class="small" on:click=click>{label}</button>
            {move || match state.get() {
                CopyState::Idle => ().into_any(),
                CopyState::Copied => view! { <span class="copy-note" role="status">"Copied"</span> }.into_any(),
                CopyState::Failed => view! { <span class="copy-note" role="status">"The browser refused the clipboard"</span> }.into_any(),
                CopyState::Warning => view! {
                    <span class="copy-warning" role="alert">
                        "This is a live credential: anyone who has it can act as you until it expires. "
                        <button type="button" class="small danger" on:click=move |_| copy()>"Copy anyway"</button>
                        <button type="button" class="small" on:click=move |_| state.set(CopyState::Idle)>"Cancel"</button>
                    </span>
                }.into_any(),
            }}
        </span>
    }
}

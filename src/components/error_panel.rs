//! Shows an error in plain words: what happened, Cognito's code and description, what to do.

use cognito_auth::Explanation;
use leptos::prelude::*;

/// An error explained for people. Every field is rendered as text.
#[component]
pub fn ErrorPanel(
    /// The explanation from `AuthError::explain`.
    explanation: Explanation,
) -> impl IntoView {
    let Explanation {
        title,
        detail,
        code,
        description,
        action,
    } = explanation;
    view! {
        <section class="error-panel" role="alert" aria-labelledby="error-title">
            <h2 id="error-title">{title}</h2>
            <p class="error-detail">{detail}</p>
            {code.map(|code| view! {
                <p class="error-code">"Error code: " <code>{code}</code></p>
            })}
            {description.map(|description| view! {
                <p class="error-description">"Cognito says: " <q>{description}</q></p>
            })}
            <p class="error-action"><strong>"What to do: "</strong>{action}</p>
        </section>
    }
}

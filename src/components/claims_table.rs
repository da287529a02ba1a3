//! The ID token's claims as a two-column table.

use crate::components::redaction::masked_if;
use cognito_auth::inspector::redact::is_personal;
use leptos::prelude::*;

/// Claims as `(name, value)` rows. Values are text nodes, never HTML: a claim holding markup
/// shows as the literal characters.
#[component]
pub fn ClaimsTable(
    /// Rows from `cognito_auth::session::tokens::claim_rows`.
    rows: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <table class="claims">
            <caption>"ID token claims"</caption>
            <thead>
                <tr><th scope="col">"Claim"</th><th scope="col">"Value"</th></tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(name, value)| {
                        let personal = is_personal(&name);
                        let shown = masked_if(personal, value);
                        view! { <tr><th scope="row"><code>{name}</code></th><td>{shown}</td></tr> }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

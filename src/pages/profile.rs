//! `/profile`: Cognito's `/oauth2/userInfo` answer next to the ID token's claims.

use crate::components::error_panel::{error_panels, Explained};
use crate::components::load::load;
use crate::components::redaction::masked_if;
use crate::pages::home::SignInPrompt;
use cognito_auth::inspector::redact::is_personal;
use cognito_auth::protocol::userinfo::{compare_user_info, Agreement, ProfileRow};
use cognito_auth::session::tokens::VerifiedTokens;
use leptos::prelude::*;
use leptos_cognito::{use_auth, AuthState};
use std::sync::Arc;

/// The Profile page.
///
/// Keyed by the user, not the tokens: a refresh neither asks userInfo again nor rebuilds the
/// page under the reader (issue #14); the comparison is with the ID token held when it opened.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let auth = use_auth();
    let user = Memo::new(move |_| match auth.state() {
        AuthState::SignedIn(session) => Some(session.claims.sub.clone()),
        _ => None,
    });
    move || match (user.get(), auth.state_untracked()) {
        (Some(_), AuthState::SignedIn(session)) => view! { <Profile session/> }.into_any(),
        _ => view! { <SignInPrompt what="your profile"/> }.into_any(),
    }
}

#[component]
fn Profile(session: Arc<VerifiedTokens>) -> impl IntoView {
    let auth = use_auth();
    let rows = load(move || {
        let session = session.clone();
        async move {
            let answer = auth.user_info().await.map_err(Explained::from)?;
            Ok::<_, Explained>(compare_user_info(&answer, &session.id_token_claims))
        }
    });
    view! {
        <section class="card">
            <h1>"Profile"</h1>
            <p>
                "What Cognito's userInfo endpoint returns for your access token, next to the claims in "
                "your ID token. Differences are highlighted."
            </p>
            <Suspense fallback=|| view! { <p aria-busy="true">"Asking Cognito…"</p> }>
                <ErrorBoundary fallback=error_panels>
                    {move || Suspend::new(async move {
                        rows.await.map(|rows| view! { <ProfileTable rows/> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

fn agreement_text(agreement: Agreement) -> (&'static str, &'static str) {
    match agreement {
        Agreement::Same => ("same", "same"),
        Agreement::SameButStringBoolean => (
            "same-string-boolean",
            "same value; userInfo sends booleans as the strings \"true\"/\"false\" (a Cognito quirk)",
        ),
        Agreement::Differs => ("differs", "differs"),
        Agreement::OnlyUserInfo => ("only-userinfo", "only in userInfo"),
        Agreement::OnlyIdToken => ("only-id-token", "only in the ID token"),
    }
}

#[component]
fn ProfileTable(rows: Vec<ProfileRow>) -> impl IntoView {
    view! {
        <table class="claims profile-compare">
            <thead>
                <tr><th scope="col">"Attribute"</th><th scope="col">"userInfo"</th><th scope="col">"ID token"</th><th scope="col">"Comparison"</th></tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let (class, text) = agreement_text(row.agreement);
                    let personal = is_personal(&row.name);
                    let mask = |v: Option<String>| masked_if(personal, v.unwrap_or_else(|| "—".into()));
                    view! {
                        <tr class=format!("agreement {class}") data-attribute=row.name.clone()>
                            <th scope="row"><code>{row.name.clone()}</code></th>
                            // The column's heading, shown before each value when the table
                            // stacks on a phone (the stylesheet, issue #14).
                            <td data-label="userInfo">{mask(row.user_info)}</td>
                            <td data-label="ID token">{mask(row.id_token)}</td>
                            <td data-label="Comparison">{text}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

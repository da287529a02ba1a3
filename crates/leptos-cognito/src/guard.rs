//! A guard that renders its children only while the session holds tokens.

use crate::use_auth;
use leptos::prelude::*;

/// Renders `children` while signed in (including while refreshing or reconnecting), and
/// `fallback` otherwise. The children are rebuilt only when the signed-in state flips, not on
/// every refresh.
#[component]
pub fn SignedIn(
    /// What a signed-in user sees.
    children: ChildrenFn,
    /// What everyone else sees (nothing by default).
    #[prop(optional, into)]
    fallback: ViewFn,
) -> impl IntoView {
    let auth = use_auth();
    let signed_in = Memo::new(move |_| auth.state().tokens().is_some());
    move || {
        if signed_in.get() {
            children().into_any()
        } else {
            fallback.run()
        }
    }
}

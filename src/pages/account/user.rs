//! The one `GetUser` answer the page's sections read: loaded when the page opens and again
//! after each change, never on a token refresh (see [`load`]).

use crate::components::error_panel::{ErrorPanel, Explained};
use crate::components::load::load;
use cognito_auth::account::{AccountError, UserAccount};
use leptos::prelude::*;
use leptos_cognito::use_auth;

/// An account error in the words of the error panel.
pub fn explained(error: &AccountError) -> Explained {
    Explained(error.explain())
}

/// The user's account as Cognito has it now.
#[derive(Clone, Copy)]
pub struct UserLoad(LocalResource<Result<UserAccount, Explained>>);

impl UserLoad {
    /// Starts the load.
    pub fn provide() -> Self {
        let auth = use_auth();
        let load = Self(load(move || async move {
            auth.account().get_user().await.map_err(|e| explained(&e))
        }));
        provide_context(load);
        load
    }

    /// Loads it again (after a change).
    pub fn reload(self) {
        self.0.refetch();
    }

    /// The account once loaded (the last good answer stays while a reload runs).
    pub fn user(self) -> Option<UserAccount> {
        self.0.get().and_then(Result::ok)
    }
}

/// Where the load stands; changes only when that does, not with each new answer, so a form
/// shown for a loaded account stays mounted (with its focus) across reloads.
#[derive(Clone, PartialEq)]
enum Stage {
    Loading,
    Loaded,
    Failed(Explained),
}

/// Shows `view` once the account is loaded (it reads [`UserLoad::user`] for the values); a
/// sentence while the first load runs. If the load failed: the error panel with "Try again"
/// where `explain` (one section, so the panel shows once), a pointer to it elsewhere.
pub fn with_account<V: IntoView + 'static>(
    account: UserLoad,
    explain: bool,
    view: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let stage = Memo::new(move |_| match account.0.get() {
        None => Stage::Loading,
        Some(Ok(_)) => Stage::Loaded,
        Some(Err(e)) => Stage::Failed(e),
    });
    move || match stage.get() {
        Stage::Loading => {
            view! { <p class="loading" aria-busy="true">"Asking Cognito…"</p> }.into_any()
        }
        Stage::Loaded => view().into_any(),
        Stage::Failed(_) if !explain => view! {
            <p class="hint">"Your account could not be loaded: see “Your details” above."</p>
        }
        .into_any(),
        Stage::Failed(Explained(explanation)) => view! {
            <ErrorPanel explanation/>
            <button type="button" on:click=move |_| account.reload()>"Try again"</button>
        }
        .into_any(),
    }
}

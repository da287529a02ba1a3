//! The session machinery, loaded on demand: a signed-out visitor who is alone never downloads it.
//!
//! The slot starts empty. It is filled (the `signed_in` chunk fetched, then `Auth::start`) when the
//! tab may have or get a session: on the callback page, when another tab holds one, when
//! another tab announces its sign-in, when the user clicks "Sign in", or when a page other than
//! the landing is opened. Until then the landing's "Sign in" is all there is.

use crate::chunks::{self, Engine};
use crate::components::lazy_view::ChunkError;
use crate::components::load::after_paint;
use crate::signed_in_styles::{preload_signed_in_styles, signed_in_styles};
use cognito_auth::protocol::config::Config;
use leptos::prelude::*;
use leptos_cognito::{browser, on_demand, Auth};

/// Where the portal's session stands before and after the machinery is loaded.
#[derive(Clone, Copy)]
pub struct SessionSlot {
    config: StoredValue<Config>,
    auth: RwSignal<Option<Auth>>,
    /// The `signed_in` chunk could not be loaded (shown with a retry).
    failed: RwSignal<bool>,
    /// No other tab can hand this one a session, and it is not the callback: the landing shows.
    alone: RwSignal<bool>,
    loading: StoredValue<bool>,
    owner: StoredValue<Owner, LocalStorage>,
}

impl SessionSlot {
    /// An empty slot for `config`, provided to the component tree.
    pub fn provide(config: Config) -> Self {
        let slot = Self {
            config: StoredValue::new(config),
            auth: RwSignal::new(None),
            failed: RwSignal::new(false),
            alone: RwSignal::new(false),
            loading: StoredValue::new(false),
            owner: StoredValue::new_local(Owner::current().unwrap_or_default()),
        };
        provide_context(slot);
        slot
    }

    /// The slot provided by [`SessionSlot::provide`].
    ///
    /// # Panics
    /// Outside the portal's root: a wiring bug, not bad input.
    pub fn use_slot() -> Self {
        expect_context::<Self>()
    }

    /// The session handle once the machinery runs, reactively.
    pub fn auth(&self) -> Option<Auth> {
        self.auth.get()
    }

    /// Decides at start whether the tab needs the machinery now: on the callback page, or when
    /// another tab may hand over a session. Otherwise the tab is alone: the landing shows at
    /// once, the `signed_in` chunk is preloaded for "Sign in" and the callback, and another tab's sign-in announcement
    /// starts the machinery, which then asks for the session.
    pub fn decide_at_start(&self) {
        let slot = *self;
        let config = self.config.get_value();
        leptos::task::spawn_local(async move {
            if browser::on_redirect_page(&config.redirect_uri) {
                // The callback needs the machinery, its page, the home page and header: one
                // chunk (`chunks::signed_in`), already on its way since `App` read the config and
                // sent the code exchange.
                slot.start();
                return;
            }
            if on_demand::another_tab_may_hold_a_session(&config.client_id).await {
                slot.start();
                return;
            }
            slot.alone.set(true);
            on_demand::on_sign_in_elsewhere(&config.client_id, move || {
                leptos::task::spawn_local(async move {
                    // It missed the announcement itself: tell the machine, which asks the tabs.
                    if let Ok((engine, auth)) = slot.engine().await {
                        (engine.signed_in_elsewhere)(auth);
                    }
                });
            });
            // After "Sign in" is painted (the first load is done): what signing in will need, so
            // the callback finds it in the HTTP cache.
            after_paint().await;
            preload_signed_in_styles();
            let _ = chunks::preload_signed_in().await;
        });
    }

    /// Whether the tab is alone and signed out (the landing shows), reactively.
    pub fn alone(&self) -> bool {
        self.alone.get()
    }

    /// Whether loading the machinery failed, reactively.
    pub fn failed(&self) -> bool {
        self.failed.get()
    }

    /// Loads the machinery and starts the session, once; a failed load can be retried.
    pub fn start(&self) {
        if self.auth.get_untracked().is_some() || self.loading.get_value() {
            return;
        }
        self.loading.set_value(true);
        self.failed.set(false);
        let slot = *self;
        leptos::task::spawn_local(async move {
            let _ = slot.engine().await;
        });
    }

    /// The engine, loaded and started (for "Sign in", which needs its code).
    ///
    /// # Errors
    /// [`ChunkError`] when the chunk cannot be fetched.
    pub async fn engine(&self) -> Result<(Engine, Auth), ChunkError> {
        // Fetched beside the chunk; awaited (bounded) before the handle is published, so every
        // signed-in view paints styled. A failed chunk is said at once, without waiting for it.
        let styles = signed_in_styles();
        let loaded = chunks::engine().await;
        self.loading.set_value(false);
        let engine = loaded.inspect_err(|_| self.failed.set(true))?;
        styles.await;
        let auth = self.auth.get_untracked().unwrap_or_else(|| {
            // Under the portal's owner: the session lives as long as the page.
            let auth = self
                .owner
                .with_value(|owner| owner.with(|| (engine.start)(self.config.get_value())));
            self.auth.set(Some(auth));
            auth
        });
        Ok((engine, auth))
    }

    /// The portal's config, for what the landing shows before the machinery runs (its links to
    /// the hosted UI's own sign-up and forgotten-password pages).
    pub fn config(&self) -> Config {
        self.config.get_value()
    }
}

//! Finding a session in the other tabs when the page starts: the holder-lock query, the
//! silent sign-in when nobody can hand one over, the ask's timeout, and this tab's own holder
//! lock (the machine decides: [`cognito_auth::session::find`]).

use crate::tabs::TabChannel;
use crate::{browser, Auth};
use cognito_auth::protocol::authorize::Prompt;
use cognito_auth::session::event::Event;
use cognito_auth::session::machine::{Phase, SignInRoute, SignOutReason};
use cognito_auth::session::presence::Holders;
use cognito_auth::session::tab_message::RequestId;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How long a tab waits for an answer to its ask (only a tab that saw a holder, or cannot tell,
/// asks: see [`cognito_auth::session::find`]).
const ASK_TABS_WAIT: Duration =
    Duration::from_millis(cognito_auth::session::find::ASK_TABS_WAIT_MS);

impl Auth {
    /// Reads the other tabs' holder locks and reports them. Without a channel no tab could hand
    /// a session over: nobody to ask. When nobody holds one, a silent sign-in if configured and
    /// not yet tried.
    pub(super) async fn find_holders(self) {
        let presence = self
            .channel
            .with_value(|c| c.as_ref().and_then(TabChannel::presence));
        let holders = match presence {
            Some(presence) => presence.others().await,
            None => Holders::Absent,
        };
        let looking = self
            .life
            .with_untracked(|s| s.phase == Phase::SigningIn(SignInRoute::LookingForHolders));
        if holders == Holders::Absent && looking && self.sign_in_silently() {
            return;
        }
        self.dispatch(Event::HoldersFound(holders));
    }

    /// Nobody answered `request`: a silent sign-in if configured and not yet tried, else the
    /// machine decides.
    /// Reports [`Event::NoTabAnswered`] for `request` after the ask's wait, unless its answer
    /// arrived and is still being verified: then it waits again (the verifier's own timeouts
    /// bound that), and the verdict decides.
    pub(super) fn arm_ask_timer(&self, request: RequestId) {
        let auth = *self;
        let ask = move || {
            if auth.verifying_answer.get_value().as_ref() == Some(&request) {
                auth.arm_ask_timer(request);
            } else {
                auth.no_tab_answered(request);
            }
        };
        if let Err(e) = set_timeout_with_handle(ask, ASK_TABS_WAIT) {
            browser::log(&format!("ask timer: {e:?}"));
        }
    }

    pub(super) fn no_tab_answered(&self, request: RequestId) {
        let asking_to_sign_in = self.life.with_untracked(|s| {
            matches!(&s.phase, Phase::SigningIn(SignInRoute::AskingTabs { request: r }) if *r == request)
        });
        if asking_to_sign_in && self.sign_in_silently() {
            return;
        }
        self.dispatch(Event::NoTabAnswered { request });
    }

    /// Starts a silent (`prompt=none`) sign-in if the config asks for one and none was tried in
    /// this tab; says whether it did.
    fn sign_in_silently(&self) -> bool {
        if !self.config().silent_sign_in || self.silent_tried.get_value() {
            return false;
        }
        self.silent_tried.set_value(true);
        self.dispatch(Event::SignInStarted(SignInRoute::Silent));
        let auth = *self;
        spawn_local(async move {
            if let Err(error) = auth.start_sign_in(Prompt::None).await {
                browser::log(&format!("silent sign-in: {error}"));
                auth.dispatch(Event::SignOut(SignOutReason::NoSessionFound));
            }
        });
        true
    }

    /// Holds this tab's holder lock while `holding` tokens, releases it otherwise.
    pub(super) fn set_holding(&self, holding: bool) {
        if let Some(presence) = self
            .channel
            .with_value(|c| c.as_ref().and_then(TabChannel::presence))
        {
            presence.set_holding(holding);
        }
    }
}

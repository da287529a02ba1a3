//! Property tests of the session machine: `step` on arbitrary sequences of events (answers
//! included, in or out of turn) at arbitrary times, extremes included.
//!
//! The invariants (issue #10, item 5): no panic; never an expired token handed out; tokens are
//! held only when the machine was waiting for them (a late refresh answer after "Sign out", or
//! a session nobody asked for, never brings tokens back); a refresh runs only with a refresh
//! token and the ticket it announced; the drift stays within its bound.
#![cfg(not(target_arch = "wasm32"))]

use cognito_auth::protocol::http::{HttpStatus, NoAnswer};
use cognito_auth::protocol::pkce::Nonce;
use cognito_auth::protocol::secret::{AccessToken, IdToken, RefreshToken};
use cognito_auth::session::clock::{Drift, MAX_CLOCK_DRIFT_SECS};
use cognito_auth::session::machine::{
    Random, RefreshRoute, SignInRoute, SignOutReason, TokenSource, WakeCause,
};
use cognito_auth::session::notice::{badge, drift_text, phase_sentence};
use cognito_auth::session::refresh::RefreshFailure;
use cognito_auth::session::tab_message::{DropReason, RequestId, REQUEST_ID_BYTES};
use cognito_auth::session::tokens::{Accepted, TokenTimes, VerifiedTokens};
use cognito_auth::session::{step, Command, Event, Phase, Session, TokenAccess};
use cognito_auth::verify::claims::IdClaims;
use cognito_auth::{AuthError, OAuthError, UnixTime};
use proptest::prelude::*;
use proptest::strategy::LazyJust;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Three request ids, so that answers sometimes match the request in flight.
fn request(i: u8) -> RequestId {
    RequestId::from_random(&[i % 3; REQUEST_ID_BYTES])
}

/// Times: mostly near a fixed "now", sometimes anywhere, sometimes the extremes.
fn time() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => 1_700_000_000 - 100_000..1_700_000_000 + 100_000_i64,
        1 => any::<i64>(),
        2 => prop_oneof![
            Just(i64::MIN),
            Just(i64::MIN + 1),
            Just(i64::MAX),
            Just(i64::MAX - 1),
            Just(0),
        ],
    ]
}

fn verified(
    sub: u8,
    iat: i64,
    life: i64,
    access_life: i64,
    refresh: bool,
    expires_in: Option<i64>,
) -> VerifiedTokens {
    let exp = iat.saturating_add(life);
    VerifiedTokens {
        id_token: IdToken::new(format!("id-{sub}-{iat}")),
        access_token: AccessToken::new(format!("access-{sub}-{iat}")),
        refresh_token: refresh.then(|| RefreshToken::new(format!("refresh-{sub}"))),
        expires_in,
        claims: IdClaims {
            sub: format!("user-{}", sub % 2),
            email: None,
            display_name: None,
            groups: Vec::new(),
            exp: UnixTime(exp),
            iat: Some(UnixTime(iat)),
        },
        id_token_claims: serde_json::Map::new(),
        received_at: UnixTime(iat),
        times: TokenTimes {
            id_iat: UnixTime(iat),
            id_exp: UnixTime(exp),
            access_iat: UnixTime(iat),
            access_exp: UnixTime(iat.saturating_add(access_life)),
        },
        sign_in_nonce: sub.is_multiple_of(2).then(|| Nonce::from_stored("n")),
    }
}

fn accepted() -> impl Strategy<Value = Accepted> {
    (
        any::<u8>(),
        time(),
        prop_oneof![4 => 1..=3_600_i64, 1 => any::<i64>()],
        prop_oneof![4 => 1..=3_600_i64, 1 => any::<i64>()],
        any::<bool>(),
        prop::option::of(any::<i64>()),
        prop::option::of(-MAX_CLOCK_DRIFT_SECS..=MAX_CLOCK_DRIFT_SECS),
        any::<bool>(),
    )
        .prop_map(
            |(sub, iat, life, access_life, refresh, expires_in, drift, rotated)| Accepted {
                tokens: verified(sub, iat, life, access_life, refresh, expires_in),
                measured: drift
                    .map(|d| Drift::measure(UnixTime(d), UnixTime(0)).unwrap_or(Drift::ZERO)),
                rotated,
            },
        )
}

fn http_status() -> impl Strategy<Value = HttpStatus> {
    prop_oneof![
        any::<u16>().prop_map(HttpStatus::Answered),
        Just(HttpStatus::Answered(503)),
        Just(HttpStatus::NoAnswer(NoAnswer::Unreachable)),
        any::<u64>().prop_map(|after_secs| HttpStatus::NoAnswer(NoAnswer::TimedOut { after_secs })),
    ]
}

fn source() -> impl Strategy<Value = TokenSource> {
    prop_oneof![
        Just(TokenSource::SignIn),
        (0..4_u64).prop_map(|ticket| TokenSource::Refresh { ticket }),
        any::<u8>().prop_map(|i| TokenSource::TabAnswer {
            request: request(i)
        }),
        Just(TokenSource::TabRefreshed),
    ]
}

fn sign_out_reason() -> impl Strategy<Value = SignOutReason> {
    prop_oneof![
        Just(SignOutReason::UserSignedOut),
        Just(SignOutReason::SignedOutElsewhere),
        Just(SignOutReason::NoSessionFound),
        Just(SignOutReason::SessionEnded(OAuthError {
            code: "invalid_grant".into(),
            description: None,
        })),
    ]
}

fn wake_cause() -> impl Strategy<Value = WakeCause> {
    prop_oneof![
        Just(WakeCause::Timer),
        Just(WakeCause::Visible),
        Just(WakeCause::Focus),
        Just(WakeCause::Online),
        Just(WakeCause::Resumed),
        Just(WakeCause::TokenWanted),
        Just(WakeCause::ApiRefused),
    ]
}

/// Any event the glue can feed the machine, answers included, in or out of turn.
fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        1 => LazyJust::new(|| Event::FindSession),
        1 => LazyJust::new(|| Event::SignedInElsewhere),
        1 => prop_oneof![
            any::<u8>().prop_map(|i| SignInRoute::AskingTabs { request: request(i) }),
            Just(SignInRoute::Callback),
            Just(SignInRoute::Silent),
        ]
        .prop_map(Event::SignInStarted),
        4 => (accepted(), source()).prop_map(|(a, source)| Event::TokensVerified {
            accepted: Box::new(a),
            source,
        }),
        1 => source().prop_map(|source| Event::TokensRefused {
            error: AuthError::NotSignedIn,
            source,
        }),
        3 => wake_cause().prop_map(Event::Wake),
        1 => LazyJust::new(|| Event::ForceRefresh),
        2 => (
            0..4_u64,
            prop_oneof![
                http_status().prop_map(|cause| RefreshFailure::Transient { cause }),
                Just(RefreshFailure::SessionEnded(OAuthError {
                    code: "invalid_grant".into(),
                    description: Some("Refresh Token has been revoked".into()),
                })),
            ],
        )
            .prop_map(|(ticket, failure)| Event::RefreshFailed { ticket, failure }),
        1 => http_status().prop_map(|cause| Event::RefreshFailedElsewhere { cause }),
        1 => any::<u8>().prop_map(|i| Event::NoTabAnswered { request: request(i) }),
        1 => any::<u8>().prop_map(|i| Event::TabAsked { request: request(i) }),
        1 => prop_oneof![
            any::<usize>().prop_map(|bytes| DropReason::Oversized { bytes }),
            Just(DropReason::Malformed),
        ]
        .prop_map(Event::TabMessageDropped),
        1 => sign_out_reason().prop_map(Event::SignOut),
    ]
}

/// A step's inputs besides the event: the device time and the randomness.
fn moment() -> impl Strategy<Value = (i64, f64, u8)> {
    (time(), prop_oneof![0.0..1.0_f64, any::<f64>()], any::<u8>())
}

/// Whether `before` was waiting for tokens from `source`: the only way tokens may arrive.
fn waited_for(before: &Session, source: &TokenSource) -> bool {
    match (source, &before.phase) {
        (TokenSource::SignIn, Phase::SigningIn(SignInRoute::Callback)) => true,
        (
            TokenSource::Refresh { ticket },
            Phase::Refreshing {
                route: RefreshRoute::Cognito { ticket: waiting },
                ..
            },
        ) => ticket == waiting,
        // Another tab's failure moved this tab on while its own request was out.
        (
            TokenSource::Refresh { ticket },
            Phase::Reconnecting {
                in_flight: Some(out),
                ..
            },
        ) => ticket == out,
        (
            TokenSource::TabAnswer { request },
            Phase::SigningIn(SignInRoute::AskingTabs { request: asked })
            | Phase::Refreshing {
                route: RefreshRoute::AskingTabs { request: asked },
                ..
            },
        ) => request == asked,
        (TokenSource::TabRefreshed, phase) => phase.holds_tokens(),
        _ => false,
    }
}

/// What the checks need to know of an event (`step` consumes it, and it is not `Clone`).
struct Seen {
    /// The source, for tokens that passed the verifier.
    verified_from: Option<TokenSource>,
    /// Whether the user chose Sign out.
    user_signed_out: bool,
    /// For messages.
    debug: String,
}

impl Seen {
    fn of(event: &Event) -> Self {
        Self {
            verified_from: match event {
                Event::TokensVerified { source, .. } => Some(source.clone()),
                _ => None,
            },
            user_signed_out: matches!(event, Event::SignOut(SignOutReason::UserSignedOut)),
            debug: format!("{event:?}"),
        }
    }
}

/// The invariants of one step from `before` to `after`.
fn check_step(
    before: &Session,
    event: &Seen,
    now: UnixTime,
    after: &Session,
    commands: &[Command],
) -> Result<(), TestCaseError> {
    // Tokens only arrive when awaited, and only with a verified-tokens event.
    let new_tokens = match (before.tokens(), after.tokens()) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(b), Some(a)) => !std::sync::Arc::ptr_eq(b, a),
    };
    if new_tokens {
        // Whatever the source, the user never changes under a held session.
        if let (Some(b), Some(a)) = (before.tokens(), after.tokens()) {
            prop_assert_eq!(
                &b.claims.sub,
                &a.claims.sub,
                "the user changed on {}",
                event.debug
            );
        }
        match &event.verified_from {
            Some(source) => prop_assert!(
                waited_for(before, source),
                "tokens taken from {source:?} in {:?}",
                before.phase
            ),
            None => {
                return Err(TestCaseError::fail(format!(
                    "tokens appeared on {}",
                    event.debug
                )))
            }
        }
    }
    // "Sign out" drops everything at once and asks for the logout.
    if event.user_signed_out {
        prop_assert_eq!(&after.phase, &Phase::SigningOut);
        prop_assert!(
            commands.iter().any(|c| matches!(c, Command::Logout { .. })),
            "no Logout on {}",
            event.debug
        );
    }
    // Once signed out, nothing but a new sign-in brings tokens back.
    if matches!(
        before.phase,
        Phase::SigningOut | Phase::SignedOut { .. } | Phase::Failed(_)
    ) {
        prop_assert!(
            !after.phase.holds_tokens() || event.verified_from.is_some(),
            "{:?} -> {:?} on {}",
            before.phase,
            after.phase,
            event.debug
        );
    }
    for command in commands {
        match command {
            // A refresh runs with a refresh token, under the ticket the machine now waits for.
            Command::StartRefresh { ticket } => match &after.phase {
                Phase::Refreshing {
                    tokens,
                    route: RefreshRoute::Cognito { ticket: waiting },
                    ..
                } => {
                    prop_assert_eq!(ticket, waiting);
                    prop_assert!(tokens.refresh_token.is_some());
                }
                other => return Err(TestCaseError::fail(format!("StartRefresh in {other:?}"))),
            },
            // Tokens are handed to another tab, or announced, only while held.
            Command::AnswerTab { .. } | Command::AnnounceRefreshed { .. } => {
                prop_assert!(
                    after.phase.holds_tokens(),
                    "{command:?} in {:?}",
                    after.phase
                );
            }
            Command::Logout { .. } => {
                prop_assert!(event.user_signed_out, "Logout on {}", event.debug);
            }
            Command::Record(notice) => {
                // Every timeline line can be written, whatever the times.
                let line = notice.describe(now);
                prop_assert!(!line.is_empty());
            }
            _ => {}
        }
    }
    prop_assert!(after.drift.secs().abs() <= MAX_CLOCK_DRIFT_SECS);
    prop_assert!(after.generation >= before.generation);
    prop_assert!(after.dropped_messages >= before.dropped_messages);
    prop_assert!(after.ticket >= before.ticket);
    Ok(())
}

/// The check on read never hands out an expired token, at any time.
fn check_reads(session: &Session, now: UnixTime) -> Result<(), TestCaseError> {
    for refresh_asked in [false, true] {
        match session.tokens_for_use(now, refresh_asked) {
            TokenAccess::Ready(tokens) => {
                prop_assert!(
                    session.server_now(now) < tokens.times.expires(),
                    "an expired token handed out at {now:?} in {:?}",
                    session.phase
                );
                prop_assert!(session.phase.holds_tokens());
            }
            TokenAccess::RefreshFirst => prop_assert!(session.phase.holds_tokens()),
            TokenAccess::Wait | TokenAccess::Unavailable(_) => {}
        }
    }
    let _ = session.secs_left(now);
    // The words of every view can be written, whatever the times.
    prop_assert!(!phase_sentence(&session.phase, now).is_empty());
    let (tone, text) = badge(session, now);
    prop_assert!(!tone.is_empty() && !text.is_empty());
    prop_assert!(!drift_text(session.drift).is_empty());
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Any sequence of events at any times, from a fresh tab or from one that just signed in.
    #[test]
    fn the_machine_keeps_its_invariants(
        sign_in in prop::option::weighted(0.75, (accepted(), time())),
        steps in prop::collection::vec((event(), moment()), 0..40),
        reads in prop::collection::vec(time(), 1..4),
    ) {
        let mut session = Session::new();
        let mut events = Vec::new();
        if let Some((accepted, now)) = sign_in {
            events.push((Event::SignInStarted(SignInRoute::Callback), (now, 0.5, 0)));
            events.push((
                Event::TokensVerified { accepted: Box::new(accepted), source: TokenSource::SignIn },
                (now, 0.5, 0),
            ));
        }
        for (event, (now, jitter, id)) in events.into_iter().chain(steps) {
            let now = UnixTime(now);
            let seen = Seen::of(&event);
            let random = Random { jitter, request: request(id) };
            let (after, commands) = step(&session, event, now, random);
            check_step(&session, &seen, now, &after, &commands)?;
            check_reads(&after, now)?;
            for read in &reads {
                check_reads(&after, UnixTime(*read))?;
            }
            session = after;
        }
    }
}

//! Strategies for `prop_session.rs`: arbitrary times, tokens, sources and events.

use super::*;

pub(crate) fn request(i: u8) -> RequestId {
    RequestId::from_random(&[i % 3; REQUEST_ID_BYTES])
}

/// Times: mostly near a fixed "now", sometimes anywhere, sometimes the extremes.
pub(crate) fn time() -> impl Strategy<Value = i64> {
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

pub(crate) fn verified(
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

pub(crate) fn accepted() -> impl Strategy<Value = Accepted> {
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

pub(crate) fn http_status() -> impl Strategy<Value = HttpStatus> {
    prop_oneof![
        any::<u16>().prop_map(HttpStatus::Answered),
        Just(HttpStatus::Answered(503)),
        Just(HttpStatus::NoAnswer(NoAnswer::Unreachable)),
        any::<u64>().prop_map(|after_secs| HttpStatus::NoAnswer(NoAnswer::TimedOut { after_secs })),
    ]
}

pub(crate) fn source() -> impl Strategy<Value = TokenSource> {
    prop_oneof![
        Just(TokenSource::SignIn),
        (0..4_u64).prop_map(|ticket| TokenSource::Refresh { ticket }),
        any::<u8>().prop_map(|i| TokenSource::TabAnswer {
            request: request(i)
        }),
        Just(TokenSource::TabRefreshed),
    ]
}

pub(crate) fn sign_out_reason() -> impl Strategy<Value = SignOutReason> {
    prop_oneof![
        Just(SignOutReason::UserSignedOut),
        Just(SignOutReason::SignedOutElsewhere),
        Just(SignOutReason::NoSessionFound),
        any::<bool>().prop_map(|in_other_tab| SignOutReason::SignedOutEverywhere { in_other_tab }),
        any::<bool>().prop_map(|in_other_tab| SignOutReason::AccountDeleted { in_other_tab }),
        Just(SignOutReason::SessionEnded(OAuthError {
            code: "invalid_grant".into(),
            description: None,
        })),
    ]
}

pub(crate) fn wake_cause() -> impl Strategy<Value = WakeCause> {
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
pub(crate) fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        1 => LazyJust::new(|| Event::FindSession),
        1 => LazyJust::new(|| Event::SignedInElsewhere),
        1 => prop_oneof![
            Just(Holders::Present),
            Just(Holders::Absent),
            Just(Holders::Unknown),
        ]
        .prop_map(Event::HoldersFound),
        1 => prop_oneof![
            Just(SignInRoute::LookingForHolders),
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
pub(crate) fn moment() -> impl Strategy<Value = (i64, f64, u8)> {
    (time(), prop_oneof![0.0..1.0_f64, any::<f64>()], any::<u8>())
}

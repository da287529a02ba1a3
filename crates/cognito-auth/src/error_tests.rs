//! Tests of `error`: every error the flow can produce is explained in words a person can act on.

use super::*;
use crate::protocol::http::{HttpStatus, NoAnswer};
use crate::verify::jwt::JwtPart;

/// Samples of every variant of an enum, listed as `Variant => samples`.
///
/// The macro also writes an exhaustive `match` over the same variant names, so adding a variant
/// to the enum stops this file from compiling until the variant is listed here with samples:
/// nothing can be added to the error types without being explained and checked below.
macro_rules! every_variant {
    ($ty:ident { $($variant:ident => $samples:expr),+ $(,)? }) => {{
        fn variant_name(value: &$ty) -> &'static str {
            match value {
                $($ty::$variant { .. } => stringify!($variant)),+
            }
        }
        let mut all: Vec<$ty> = Vec::new();
        $(
            let before = all.len();
            for sample in $samples {
                assert_eq!(
                    variant_name(&sample),
                    stringify!($variant),
                    "a sample listed under the wrong variant"
                );
                all.push(sample);
            }
            assert!(all.len() > before, concat!("no sample of ", stringify!($variant)));
        )+
        all
    }};
}

pub(super) fn oauth(code: &str, description: Option<&str>) -> OAuthError {
    OAuthError {
        code: code.into(),
        description: description.map(str::to_owned),
    }
}

/// What the hosted UI may send back in `error`: each code the portal words specially, and one
/// it does not know.
const AUTHORIZE_CODES: [&str; 8] = [
    "access_denied",
    "invalid_request",
    "login_required",
    "invalid_scope",
    "unauthorized_client",
    "server_error",
    "temporarily_unavailable",
    "some_new_error",
];

/// What the token endpoint may send back in `error`.
const TOKEN_CODES: [&str; 4] = [
    "invalid_grant",
    "invalid_client",
    "unauthorized_client",
    "some_new_error",
];

fn config_errors() -> Vec<ConfigError> {
    every_variant!(ConfigError {
        NotLoaded => [
            ConfigError::NotLoaded {
                status: HttpStatus::Answered(404),
            },
            ConfigError::NotLoaded {
                status: HttpStatus::NoAnswer(NoAnswer::Unreachable),
            },
        ],
        Json => [ConfigError::Json {
            detail: "expected `,` or `}` at line 3 column 5".into(),
        }],
        Missing => ["region", "userPoolId", "clientId", "redirectUri", "logoutUri"]
            .map(|field| ConfigError::Missing { field }),
        Invalid => ["scopes", "hostedUiBaseUrl", "apiBaseUrl", "endpoints.token"].map(|field| {
            ConfigError::Invalid {
                field,
                problem: "not an absolute URL".into(),
            }
        }),
    })
}

fn callback_errors() -> Vec<CallbackError> {
    every_variant!(CallbackError {
        MissingState => [CallbackError::MissingState],
        UnknownState => [CallbackError::UnknownState],
        ExpiredState => [CallbackError::ExpiredState { age_secs: 900 }],
        Denied => AUTHORIZE_CODES
            .map(|code| CallbackError::Denied(oauth(code, Some("words from Cognito")))),
        MissingCode => [CallbackError::MissingCode],
    })
}

fn token_errors() -> Vec<TokenError> {
    every_variant!(TokenError {
        OAuth => TOKEN_CODES.map(|code| TokenError::OAuth(oauth(code, None))),
        Http => [TokenError::Http { status: 502 }],
        Malformed => [TokenError::Malformed {
            detail: "access_token is missing".into(),
        }],
        MissingIdToken => [TokenError::MissingIdToken],
    })
}

fn jwt_errors() -> Vec<JwtError> {
    every_variant!(JwtError {
        SegmentCount => [JwtError::SegmentCount { found: 2 }],
        Base64 => [JwtError::Base64 {
            part: JwtPart::Signature,
        }],
        Json => [JwtError::Json {
            part: JwtPart::Payload,
            detail: "EOF while parsing".into(),
        }],
        NotAnObject => [JwtError::NotAnObject {
            part: JwtPart::Header,
        }],
    })
}

fn claims_errors() -> Vec<ClaimsError> {
    every_variant!(ClaimsError {
        Missing => [ClaimsError::Missing { claim: "sub" }],
        WrongType => [ClaimsError::WrongType { claim: "exp" }],
        IssuerMismatch => [ClaimsError::IssuerMismatch {
            expected: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123".into(),
            found: "https://evil.example".into(),
        }],
        AudienceMismatch => [ClaimsError::AudienceMismatch {
            expected: "client1".into(),
            found: "client2".into(),
        }],
        WrongTokenUse => [ClaimsError::WrongTokenUse {
            expected: "id",
            found: "access".into(),
        }],
        WrongAlgorithm => [
            ClaimsError::WrongAlgorithm {
                found: Some("none".into()),
            },
            ClaimsError::WrongAlgorithm { found: None },
        ],
        NotYetValid => [ClaimsError::NotYetValid {
            nbf: 2_000,
            now: 1_000,
        }],
        IssuedInFuture => [ClaimsError::IssuedInFuture {
            iat: 2_000,
            now: 1_000,
        }],
        Expired => [ClaimsError::Expired {
            exp: 1_000,
            now: 2_000,
            leeway: 60,
        }],
        NonceMismatch => [ClaimsError::NonceMismatch],
        SubjectChanged => [ClaimsError::SubjectChanged],
    })
}

fn signature_errors() -> Vec<SignatureError> {
    every_variant!(SignatureError {
        Invalid => [SignatureError::Invalid {
            kind: "ID",
            reason: "no key with kid k9 in the pool's JWKS".into(),
        }],
        Unverifiable => [SignatureError::Unverifiable {
            kind: "access",
            reason: "the JWKS could not be fetched".into(),
        }],
    })
}

fn clock_errors() -> Vec<ClockError> {
    every_variant!(ClockError {
        TooFarOff => [
            ClockError::TooFarOff {
                off_by_secs: -31_536_000,
            },
            ClockError::TooFarOff { off_by_secs: 3_600 },
        ],
    })
}

fn endpoints() -> Vec<Endpoint> {
    every_variant!(Endpoint {
        Config => [Endpoint::Config],
        Token => [Endpoint::Token],
        Revoke => [Endpoint::Revoke],
        UserInfo => [Endpoint::UserInfo],
        Jwks => [Endpoint::Jwks],
        Api => [Endpoint::Api],
        UserPools => [Endpoint::UserPools],
    })
}

/// One value (or more) of every variant of [`AuthError`], nested errors included.
fn every_auth_error() -> Vec<AuthError> {
    every_variant!(AuthError {
        Config => config_errors().into_iter().map(AuthError::Config),
        Callback => callback_errors().into_iter().map(AuthError::Callback),
        Token => token_errors().into_iter().map(AuthError::Token),
        Jwt => jwt_errors().into_iter().map(AuthError::Jwt),
        Claims => claims_errors().into_iter().map(AuthError::Claims),
        Network => endpoints().into_iter().map(|endpoint| AuthError::Network {
            endpoint,
            detail: "TypeError: Failed to fetch".into(),
        }),
        UserInfo => [
            AuthError::UserInfo {
                status: 401,
                error: Some(oauth("invalid_token", Some("Access Token has expired"))),
            },
            AuthError::UserInfo {
                status: 500,
                error: None,
            },
        ],
        Signature => signature_errors().into_iter().map(AuthError::Signature),
        Clock => clock_errors().into_iter().map(AuthError::Clock),
        UserInfoSubject => [AuthError::UserInfoSubject],
        NotSignedIn => [AuthError::NotSignedIn],
        Reconnecting => [AuthError::Reconnecting {
            retry_at: crate::time::UnixTime(1_700_000_000),
        }],
        Browser => [AuthError::Browser {
            what: "store the sign-in state",
            detail: "QuotaExceededError".into(),
        }],
    })
}

/// Cognito's own error, when the error carries one.
fn cognito_error(error: &AuthError) -> Option<&OAuthError> {
    match error {
        AuthError::Callback(CallbackError::Denied(e))
        | AuthError::Token(TokenError::OAuth(e))
        | AuthError::UserInfo { error: Some(e), .. } => Some(e),
        _ => None,
    }
}

/// Words the detail must contain for the person to know which case this is.
fn specifics(error: &AuthError) -> Vec<String> {
    match error {
        AuthError::Config(e) => vec![e.to_string()],
        AuthError::Jwt(e) => vec![e.to_string()],
        AuthError::Claims(e) => vec![e.to_string()],
        AuthError::Signature(e) => vec![e.to_string()],
        AuthError::Clock(e) => vec![e.to_string()],
        AuthError::Network { endpoint, detail } => vec![endpoint.to_string(), detail.clone()],
        AuthError::UserInfo { status, .. } | AuthError::Token(TokenError::Http { status }) => {
            vec![format!("HTTP {status}")]
        }
        AuthError::Token(TokenError::Malformed { detail }) => vec![detail.clone()],
        AuthError::Callback(CallbackError::ExpiredState { age_secs }) => {
            vec![format!("{} minutes", age_secs / 60)]
        }
        AuthError::Browser { what, detail } => vec![(*what).to_owned(), detail.clone()],
        _ => Vec::new(),
    }
}

#[test]
fn every_variant_has_a_title_a_detail_and_an_action() {
    let errors = every_auth_error();
    assert!(errors.len() > 40, "{}", errors.len());
    for error in errors {
        let shown = error.explain();
        for (what, text) in [
            ("title", &shown.title),
            ("detail", &shown.detail),
            ("action", &shown.action),
        ] {
            assert!(!text.trim().is_empty(), "{error:?}: empty {what}");
            // A line broken in the source with `\` and a missing space, or a doubled one.
            assert!(!text.contains("  "), "{error:?}: {what} {text:?}");
            assert!(!text.contains('\n'), "{error:?}: {what} {text:?}");
        }
        assert!(
            shown.title.len() <= 80,
            "{error:?}: title {:?}",
            shown.title
        );
        assert_ne!(shown.title, shown.detail, "{error:?}");
        for words in specifics(&error) {
            assert!(
                shown.detail.contains(&words),
                "{error:?}: detail {:?} lacks {words:?}",
                shown.detail
            );
        }
        // Cognito's own code and description are shown verbatim when it sent them; a config
        // error names its field; nothing else claims a code.
        match (cognito_error(&error), &error) {
            (Some(e), _) => {
                assert_eq!(shown.code.as_deref(), Some(e.code.as_str()), "{error:?}");
                assert_eq!(shown.description, e.description, "{error:?}");
            }
            (None, AuthError::Config(e)) => {
                assert_eq!(shown.code.as_deref(), e.field(), "{error:?}");
                assert_eq!(shown.description, None, "{error:?}");
            }
            (None, _) => {
                assert_eq!(shown.code, None, "{error:?}");
                assert_eq!(shown.description, None, "{error:?}");
            }
        }
    }
}

/// Each code the portal words specially gets its own words, not the fallback's: a typo in a
/// code in `explain` would silently fall through.
#[test]
fn known_cognito_codes_get_their_own_words() {
    let title = |error: AuthError| error.explain().title;
    let denied = |code: &str| AuthError::Callback(CallbackError::Denied(oauth(code, None)));
    let fallback = title(denied("some_new_error"));
    for code in AUTHORIZE_CODES.iter().filter(|c| **c != "some_new_error") {
        assert_ne!(title(denied(code)), fallback, "{code}");
    }
    let refused = |code: &str| AuthError::Token(TokenError::OAuth(oauth(code, None)));
    let fallback = title(refused("some_new_error"));
    for code in TOKEN_CODES.iter().filter(|c| **c != "some_new_error") {
        assert_ne!(title(refused(code)), fallback, "{code}");
    }
}

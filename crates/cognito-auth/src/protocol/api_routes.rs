//! The API's routes as a typed table: each route knows its method, its path, which token it
//! takes (ID or access) and the scope it needs, so a call site names a route, never a string,
//! and the client cannot send the wrong token.
//!
//! Why it matters: API Gateway's Cognito authorizer takes the **ID token** on a method without
//! OAuth scopes (`/me`) and only an **access token carrying one of the scopes** on a method with
//! `AuthorizationScopes` (`/analyses`). Sent the other way round, both answer the same bare
//! `401 {"message":"Unauthorized"}`, the most common Cognito API error; [`RouteError`] explains it
//! from what the route says, and the access token's `scope` is checked before anything is sent.

use crate::protocol::api::{api_url, classify_api_answer, ApiError, ApiOutcome};
use crate::protocol::secret::AccessToken;
use crate::verify::jwt::decode_jwt;
use crate::Explanation;
use serde_json::Value;

/// Which of the session's tokens a route takes in `Authorization`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenUse {
    /// The ID token (methods without scopes).
    Id,
    /// The access token (methods with `AuthorizationScopes`).
    Access,
}

/// The HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST` with a JSON body.
    Post,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// One route of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiRoute {
    /// The method.
    pub method: Method,
    /// The path, with `{id}` for a parameter.
    pub path: &'static str,
    /// The token it takes.
    pub token: TokenUse,
    /// The scope the access token must carry, for [`TokenUse::Access`] routes.
    pub scope: Option<&'static str>,
}

/// Reading analyses.
pub const READ_SCOPE: &str = "portal-api/analyses.read";
/// Creating analyses.
pub const WRITE_SCOPE: &str = "portal-api/analyses.write";

/// `GET /me`: the caller's profile (ID token).
pub const ME: ApiRoute = ApiRoute {
    method: Method::Get,
    path: "/me",
    token: TokenUse::Id,
    scope: None,
};
/// `GET /admin/summary` (ID token, members of `admins`).
pub const ADMIN_SUMMARY: ApiRoute = ApiRoute {
    method: Method::Get,
    path: "/admin/summary",
    token: TokenUse::Id,
    scope: None,
};
/// `GET /analyses`: the tenant's analyses.
pub const LIST_ANALYSES: ApiRoute = ApiRoute {
    method: Method::Get,
    path: "/analyses",
    token: TokenUse::Access,
    scope: Some(READ_SCOPE),
};
/// `POST /analyses`: creates one.
pub const CREATE_ANALYSIS: ApiRoute = ApiRoute {
    method: Method::Post,
    path: "/analyses",
    token: TokenUse::Access,
    scope: Some(WRITE_SCOPE),
};
/// `GET /analyses/{id}`: one of the tenant's.
pub const GET_ANALYSIS: ApiRoute = ApiRoute {
    method: Method::Get,
    path: "/analyses/{id}",
    token: TokenUse::Access,
    scope: Some(READ_SCOPE),
};

/// The longest analysis name, in characters (the API's limit).
pub const MAX_NAME_CHARS: usize = 100;

/// A call: a route with its parameter filled in and its body, both checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiCall {
    /// The route.
    pub route: ApiRoute,
    /// The path with its parameter.
    pub path: String,
    /// The JSON body of a `POST`.
    pub body: Option<String>,
}

impl ApiCall {
    /// `GET /me`.
    pub fn me() -> Self {
        Self::plain(ME)
    }

    /// `GET /admin/summary` (members of `admins`).
    pub fn admin_summary() -> Self {
        Self::plain(ADMIN_SUMMARY)
    }

    /// `GET /analyses`.
    pub fn list_analyses() -> Self {
        Self::plain(LIST_ANALYSES)
    }

    /// `POST /analyses` with `{"name": name}`, the name checked as the API checks it.
    ///
    /// # Errors
    /// [`RouteError::InvalidName`] for an empty, too long, control- or text-direction-character
    /// name: exactly what the API refuses (both sides test one list of names,
    /// `api/tests/fixtures/analysis-names.json`), so the portal never sends a name to get a 400.
    pub fn create_analysis(name: &str) -> Result<Self, RouteError> {
        let name = name.trim();
        let count = name.chars().count();
        if count == 0 || count > MAX_NAME_CHARS {
            return Err(RouteError::InvalidName(format!(
                "A name has 1 to {MAX_NAME_CHARS} characters; this one has {count}."
            )));
        }
        if name.chars().any(is_forbidden_name_char) {
            return Err(RouteError::InvalidName(
                "A name cannot contain line breaks, other control characters or text-direction characters.".into(),
            ));
        }
        Ok(Self {
            route: CREATE_ANALYSIS,
            path: CREATE_ANALYSIS.path.to_owned(),
            body: Some(serde_json::json!({ "name": name }).to_string()),
        })
    }

    /// `GET /analyses/{id}`; the id must be the API's form (32 lowercase hex characters), so
    /// nothing else reaches the URL.
    ///
    /// # Errors
    /// [`RouteError::InvalidId`] for anything else.
    pub fn get_analysis(id: &str) -> Result<Self, RouteError> {
        let valid = id.len() == 32
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !valid {
            return Err(RouteError::InvalidId);
        }
        Ok(Self {
            route: GET_ANALYSIS,
            path: format!("/analyses/{id}"),
            body: None,
        })
    }

    fn plain(route: ApiRoute) -> Self {
        Self {
            route,
            path: route.path.to_owned(),
            body: None,
        }
    }

    /// The full URL under the API's `base`.
    pub fn url(&self, base: &str) -> String {
        api_url(base, &self.path)
    }

    /// Checks, before sending, that `access_token` carries the route's scope (the token was
    /// verified when it entered the session; this only reads its `scope` claim). ID-token routes
    /// pass.
    ///
    /// # Errors
    /// [`RouteError::MissingScope`] naming the scope.
    pub fn check_scope(&self, access_token: &AccessToken) -> Result<(), RouteError> {
        let Some(scope) = self.route.scope else {
            return Ok(());
        };
        if token_scopes(access_token).iter().any(|s| s == scope) {
            Ok(())
        } else {
            Err(RouteError::MissingScope { scope })
        }
    }

    /// Classifies the answer like [`classify_api_answer`], then words a refusal from what this
    /// route takes.
    ///
    /// # Errors
    /// [`RouteError::TokenRefused`] for a final 401 on an access-token route,
    /// [`RouteError::NotFound`] for 404, [`RouteError::Api`] for the rest.
    pub fn classify(
        &self,
        status: u16,
        body: &str,
        retries_left: bool,
    ) -> Result<ApiOutcome, RouteError> {
        match classify_api_answer(status, body, retries_left) {
            ApiOutcome::Failed(ApiError::Unauthorized) if self.route.token == TokenUse::Access => {
                Err(RouteError::TokenRefused { route: self.route })
            }
            ApiOutcome::Failed(ApiError::Status {
                status: 404,
                message,
            }) => Err(RouteError::NotFound { message }),
            ApiOutcome::Failed(e) => Err(RouteError::Api(e)),
            outcome => Ok(outcome),
        }
    }
}

/// The characters an analysis name may not contain, the API's rule (`portal-api`
/// `analyses::new_name`): control characters, and the bidirectional formatting ones (U+200E,
/// U+200F, U+202A to U+202E, U+2066 to U+2069), which make a listed name read differently from
/// what it is (`invoice\u{202e}txt.exe`).
pub fn is_forbidden_name_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The scopes in an access token's `scope` claim (space-separated); none when unreadable.
pub fn token_scopes(access_token: &AccessToken) -> Vec<String> {
    decode_jwt(access_token.secret())
        .ok()
        .and_then(|jwt| {
            jwt.payload
                .get("scope")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .map(|s| {
            s.split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A machine client id from the config, if it has Cognito's form (alphanumeric, at most 128):
/// anything else is not shown.
pub fn machine_client_id(raw: Option<&str>) -> Option<&str> {
    raw.filter(|id| (1..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Why a route call gave no data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    /// Any error [`ApiError`] words already.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The held access token lacks the route's scope: not sent.
    #[error("the access token does not carry {scope}")]
    MissingScope {
        /// The scope needed.
        scope: &'static str,
    },
    /// The gateway's scoped authorizer answered 401 even after a refresh.
    #[error("the scoped authorizer refused the token (HTTP 401)")]
    TokenRefused {
        /// The route called.
        route: ApiRoute,
    },
    /// 404: no such item for this tenant.
    #[error("not found: {message}")]
    NotFound {
        /// The API's message.
        message: String,
    },
    /// A name the API would refuse: not sent.
    #[error("invalid name: {0}")]
    InvalidName(String),
    /// An id the API never makes: not sent.
    #[error("invalid analysis id")]
    InvalidId,
}

impl RouteError {
    /// A title, what happened, and what to do next, for people.
    pub fn explain(&self) -> Explanation {
        let (title, detail, action): (&str, String, &str) = match self {
            Self::Api(e) => return e.explain(),
            Self::MissingScope { scope } if *scope == READ_SCOPE => (
                "Your session cannot read analyses yet",
                format!("Reading needs an access token with the scope {scope}, and your session's access token does not carry it, so the portal did not send the request. Every organisation the portal serves may read, so the token most likely predates your organisation's access (or, on the local emulator, was refreshed: it drops the scopes on a refresh)."),
                "Sign out and sign in again. If it persists, ask your administrator to check your organisation's access.",
            ),
            Self::MissingScope { scope } => (
                "Your access does not include this",
                format!("This needs an access token with the scope {scope}, and your session's access token does not carry it, so the portal did not send the request. Your organisation's access is set by your administrator (the token trigger grants each organisation its scopes)."),
                "Ask your administrator for write access for your organisation, then sign out and in again.",
            ),
            Self::TokenRefused { route } => (
                "The API refused the token for this route",
                format!(
                    "API Gateway answered 401 Unauthorized to {} {}. This route takes the ACCESS token carrying {}; an ID token, an access token without that scope, an expired token or one from another user pool all get this same 401 from the gateway, before the API runs.",
                    route.method.as_str(),
                    route.path,
                    route.scope.unwrap_or("its scope"),
                ),
                "Sign out and sign in again. Scripts: send the access token, not the ID token, for /analyses.",
            ),
            Self::NotFound { message } => (
                "Not found in your organisation",
                format!("{message} The API answers the same for an id that does not exist and for one that belongs to another organisation, so nothing about other organisations leaks."),
                "Check the id, or go back to the list.",
            ),
            Self::InvalidName(reason) => ("That name cannot be used", reason.clone(), "Change the name and try again."),
            Self::InvalidId => (
                "That is not an analysis id",
                "Analysis ids are 32 characters, 0-9 and a-f.".into(),
                "Go back to the list and pick an analysis there.",
            ),
        };
        crate::error::plain(title, &detail, action)
    }
}

#[cfg(test)]
#[path = "api_routes_tests.rs"]
mod tests;

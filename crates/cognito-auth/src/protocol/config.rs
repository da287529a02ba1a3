//! The portal's runtime configuration (`/config.json`), parsed and checked before any sign-in.
//!
//! One build serves every environment: the deploy step writes `/config.json` beside
//! `index.html`. A broken file must name the field and the fix, never produce a blank page or a
//! confusing Cognito error page later (a `redirect_mismatch` dead end, say).

use crate::protocol::config_account::checked_password_policy;
pub use crate::protocol::config_account::PasswordPolicy;
pub use crate::protocol::config_idp::IdentityProvider;
use crate::protocol::config_raw::{raw_config, RawEndpoints};
use crate::protocol::http::HttpStatus;
use crate::protocol::url::{HttpUrl, UrlProblem};

/// Scopes requested when the config names none: an ID token needs `openid`.
pub const DEFAULT_SCOPES: [&str; 3] = ["openid", "email", "profile"];

/// Where each Cognito endpoint lives. On AWS all but the JWKS sit on the user-pool domain; the
/// local emulator serves them on its gateway, so each one can be overridden.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// `GET /oauth2/authorize`: starts managed login.
    pub authorize: String,
    /// `POST /oauth2/token`.
    pub token: String,
    /// `GET /oauth2/userInfo` (capital I).
    pub user_info: String,
    /// `POST /oauth2/revoke`.
    pub revoke: String,
    /// The pool's signing keys.
    pub jwks: String,
    /// `GET /logout`.
    pub logout: String,
    /// The Cognito user-pools API: the API access page's snippets (`InitiateAuth`) and the
    /// account page's calls with the access token (`GetUser`, `ChangePassword`, …).
    pub idp: String,
}

/// A validated configuration: every URL absolute, every id well formed, the parts consistent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// AWS region of the user pool, e.g. `us-east-1`.
    pub region: String,
    /// User pool id, `<region>_<id>`.
    pub user_pool_id: String,
    /// The public app client (no secret) the portal signs in with.
    pub client_id: String,
    /// The `iss` every token of this pool carries: the original issuer form, the only one API
    /// Gateway's Cognito authorizer accepts.
    pub issuer: String,
    /// Endpoint URLs, overrides applied.
    pub endpoints: Endpoints,
    /// The callback URL registered on the app client; must be on the portal's own origin.
    pub redirect_uri: String,
    /// Where Cognito's `/logout` sends the browser; must be an allowed sign-out URL.
    pub logout_uri: String,
    /// Base URL of the protected API, if this environment has one.
    pub api_base_url: Option<String>,
    /// The API-access app client (`USER_PASSWORD_AUTH`, no secret) customers' scripts use, shown
    /// on the API access page.
    pub api_client_id: Option<String>,
    /// Scopes to request, always including `openid`.
    pub scopes: Vec<String>,
    /// Whether a tab that finds no session in another tab first tries a top-level
    /// `prompt=none` round trip to managed login (which signs in silently while the hosted-UI
    /// session cookie lasts). Off by default: the classic hosted UI and the local emulator lack
    /// `prompt=none`.
    pub silent_sign_in: bool,
    /// Whether the pool lets customers sign up themselves (`selfSignUp`): the signed-out page
    /// links to the hosted UI's sign-up page only then. Off by default, and off wherever the
    /// pool says `AllowAdminCreateUserOnly`.
    pub self_sign_up: bool,
    /// The pool's password policy (`passwordPolicy`), shown and checked before a new password
    /// is sent; Cognito's default policy when absent.
    pub password_policy: PasswordPolicy,
    /// The pool's federated identity providers offered as "Sign in with …" (`identityProviders`).
    pub identity_providers: Vec<IdentityProvider>,
    /// The machine client's id (`machineClientId`, client credentials), as written: shown by the
    /// API access page, which checks its form there (`protocol::api_routes::machine_client_id`)
    /// so the first load carries no check for it. Its secret is never in the config.
    pub machine_client_id: Option<String>,
}

/// What is wrong with `/config.json`, naming the field so the message can say how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be fetched: no answer, or a status other than 200.
    #[error("config could not be loaded: {status}")]
    NotLoaded {
        /// What came back for `/config.json`: a status, or no answer at all.
        status: HttpStatus,
    },
    /// The file is not the JSON object expected (syntax error, wrong type, unknown field).
    #[error("config is not valid JSON for this portal: {detail}")]
    Json {
        /// serde's message, with line and column.
        detail: String,
    },
    /// A required field is absent or empty.
    #[error("config field `{field}` is missing")]
    Missing {
        /// The camelCase field name as written in the file.
        field: &'static str,
    },
    /// A field is present but unusable.
    #[error("config field `{field}` is invalid: {problem}")]
    Invalid {
        /// The camelCase field name as written in the file.
        field: &'static str,
        /// What is wrong with its value.
        problem: String,
    },
}

impl ConfigError {
    /// Explains the error for the error panel; what `AuthError::explain` says for it. Apart so
    /// an app can word a bad config without linking the words for every other error (the
    /// portal's first load: issue #11).
    pub fn explain(&self) -> crate::Explanation {
        crate::Explanation {
            title: "The portal is not configured correctly".into(),
            detail: self.to_string(),
            code: self.field().map(str::to_owned),
            description: None,
            action: self.fix(),
        }
    }

    /// The config field at fault, if one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Missing { field } | Self::Invalid { field, .. } => Some(field),
            Self::NotLoaded { .. } | Self::Json { .. } => None,
        }
    }

    /// What the operator should do about it, in plain words.
    pub fn fix(&self) -> String {
        match self {
            Self::NotLoaded { .. } => {
                "Deploy a /config.json beside index.html. Locally, start the \
                portal with the README's run command, which writes it for the local stack."
                    .to_owned()
            }
            Self::Json { .. } => "Fix the JSON syntax or the field name in /config.json; \
                field names are camelCase (see docs/config.md)."
                .to_owned(),
            Self::Missing { field } | Self::Invalid { field, .. } => match *field {
                "region" => "Set region to the user pool's AWS region, e.g. \"us-east-1\"; it \
                    must match the prefix of userPoolId."
                    .to_owned(),
                "userPoolId" => "Copy the user pool id from the Cognito console or the stack \
                    outputs, e.g. \"us-east-1_AbC123xyz\"."
                    .to_owned(),
                "clientId" => "Copy the public app client's id (a client without a secret) \
                    from the stack outputs."
                    .to_owned(),
                "redirectUri" => "Set redirectUri to this portal's /callback URL on the origin \
                    you opened it from (127.0.0.1 and localhost are different origins), and \
                    register the same URL as a callback URL on the app client."
                    .to_owned(),
                "logoutUri" => "Set logoutUri to an absolute URL that is registered as an \
                    allowed sign-out URL on the app client."
                    .to_owned(),
                "scopes" => "List the scopes to request; include \"openid\", or Cognito issues \
                    no ID token."
                    .to_owned(),
                "identityProviders" => crate::protocol::config_idp::FIX.to_owned(),
                "passwordPolicy.minLength" => "Set passwordPolicy.minLength to the pool's \
                    MinimumLength (6 to 99), as deploy/deploy.py writes it."
                    .to_owned(),
                _ => format!(
                    "Set {field} to an absolute https:// URL (http:// only for localhost or \
                     127.0.0.1) without a #fragment."
                ),
            },
        }
    }
}

/// Parses and validates `/config.json`.
///
/// `page_origin` is `location.origin` of the running portal: the redirect URI must be on it,
/// or the callback would land where this tab's one-round-trip state cannot be read.
///
/// # Errors
/// [`ConfigError::Json`] for bad JSON or unknown fields, [`ConfigError::Missing`] and
/// [`ConfigError::Invalid`] naming the first field at fault.
pub fn parse_config(json: &str, page_origin: &str) -> Result<Config, ConfigError> {
    let raw = raw_config(json).map_err(|detail| ConfigError::Json { detail })?;
    let region = required("region", raw.region)?;
    let user_pool_id = checked_pool_id(&region, required("userPoolId", raw.user_pool_id)?)?;
    let client_id = checked_client_id(required("clientId", raw.client_id)?)?;
    let issuer = format!("https://cognito-idp.{region}.amazonaws.com/{user_pool_id}");
    let hosted_ui = required("hostedUiBaseUrl", raw.hosted_ui_base_url)?;
    let hosted_ui = checked_url("hostedUiBaseUrl", &hosted_ui)?;
    let endpoints = endpoints(hosted_ui.trim_end_matches('/'), &issuer, raw.endpoints)?;

    let redirect_uri = checked_url("redirectUri", &required("redirectUri", raw.redirect_uri)?)?;
    let redirect_origin = HttpUrl::parse(&redirect_uri)
        .map(|u| u.origin())
        .unwrap_or_default();
    if redirect_origin != page_origin.trim_end_matches('/') {
        return Err(invalid(
            "redirectUri",
            format!("it is on {redirect_origin}, but this page is served from {page_origin}"),
        ));
    }
    let logout_uri = checked_url("logoutUri", &required("logoutUri", raw.logout_uri)?)?;
    let api_base_url = match raw.api_base_url {
        Some(url) if !url.trim().is_empty() => Some(
            checked_url("apiBaseUrl", &url)?
                .trim_end_matches('/')
                .to_owned(),
        ),
        _ => None,
    };

    Ok(Config {
        region,
        user_pool_id,
        client_id,
        issuer,
        endpoints,
        redirect_uri,
        logout_uri,
        api_base_url,
        api_client_id: raw.api_client_id.filter(|id| !id.trim().is_empty()),
        scopes: checked_scopes(raw.scopes)?,
        silent_sign_in: raw.silent_sign_in.unwrap_or(false),
        self_sign_up: raw.self_sign_up.unwrap_or(false),
        password_policy: checked_password_policy(raw.password_policy)?,
        identity_providers: crate::protocol::config_idp::checked_identity_providers(
            raw.identity_providers,
        )?,
        machine_client_id: raw.machine_client_id,
    })
}

/// Checks the region's form and that the pool id is `<region>_<alphanumerics>`.
fn checked_pool_id(region: &str, user_pool_id: String) -> Result<String, ConfigError> {
    if !is_region(region) {
        return Err(invalid(
            "region",
            format!("\"{region}\" is not an AWS region name"),
        ));
    }
    let form = || invalid("userPoolId", "expected the form <region>_<id>".to_owned());
    let (pool_region, pool_suffix) = user_pool_id.split_once('_').ok_or_else(form)?;
    if pool_suffix.is_empty() || !pool_suffix.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(form());
    }
    if pool_region != region {
        return Err(invalid(
            "region",
            format!("\"{region}\" does not match the user pool's region \"{pool_region}\""),
        ));
    }
    Ok(user_pool_id)
}

fn checked_client_id(client_id: String) -> Result<String, ConfigError> {
    let valid = client_id.len() <= 128
        && client_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+');
    if valid {
        Ok(client_id)
    } else {
        Err(invalid(
            "clientId",
            "app client ids contain only letters, digits, '_' and '+'".to_owned(),
        ))
    }
}

/// Applies the overrides; defaults follow AWS: OAuth endpoints on the user-pool domain, the
/// JWKS under the issuer.
fn endpoints(hosted_ui: &str, issuer: &str, raw: RawEndpoints) -> Result<Endpoints, ConfigError> {
    let pick = |field: &'static str, value: Option<String>, default: String| match value {
        Some(url) if !url.trim().is_empty() => checked_url(field, &url),
        _ => Ok(default),
    };
    Ok(Endpoints {
        authorize: pick(
            "endpoints.authorize",
            raw.authorize,
            format!("{hosted_ui}/oauth2/authorize"),
        )?,
        token: pick(
            "endpoints.token",
            raw.token,
            format!("{hosted_ui}/oauth2/token"),
        )?,
        user_info: pick(
            "endpoints.userInfo",
            raw.user_info,
            format!("{hosted_ui}/oauth2/userInfo"),
        )?,
        revoke: pick(
            "endpoints.revoke",
            raw.revoke,
            format!("{hosted_ui}/oauth2/revoke"),
        )?,
        jwks: pick(
            "endpoints.jwks",
            raw.jwks,
            format!("{issuer}/.well-known/jwks.json"),
        )?,
        logout: pick(
            "endpoints.logout",
            raw.logout,
            format!("{hosted_ui}/logout"),
        )?,
        idp: pick(
            "endpoints.idp",
            raw.idp,
            issuer
                .rsplit_once('/')
                .map_or_else(|| issuer.to_owned(), |(base, _)| format!("{base}/")),
        )?,
    })
}

fn checked_scopes(scopes: Option<Vec<String>>) -> Result<Vec<String>, ConfigError> {
    let scopes = scopes.unwrap_or_else(|| DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect());
    if !scopes.iter().any(|s| s == "openid") {
        return Err(invalid(
            "scopes",
            "\"openid\" is missing, so Cognito would issue no ID token".to_owned(),
        ));
    }
    if let Some(bad) = scopes
        .iter()
        .find(|s| s.is_empty() || s.contains(char::is_whitespace))
    {
        return Err(invalid(
            "scopes",
            format!("\"{bad}\" is not a single scope name"),
        ));
    }
    Ok(scopes)
}

fn required(field: &'static str, value: Option<String>) -> Result<String, ConfigError> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v.trim().to_owned()),
        _ => Err(ConfigError::Missing { field }),
    }
}

fn invalid(field: &'static str, problem: String) -> ConfigError {
    ConfigError::Invalid { field, problem }
}

/// Accepts an absolute http(s) URL: HTTPS anywhere, plain HTTP on loopback only, no fragment.
fn checked_url(field: &'static str, value: &str) -> Result<String, ConfigError> {
    let value = value.trim();
    let url = HttpUrl::parse(value).map_err(|problem| {
        let problem = match problem {
            UrlProblem::NotAbsolute => format!("\"{value}\" is not an absolute URL"),
            UrlProblem::UnsupportedScheme(s) => format!("scheme \"{s}\" is not http or https"),
            UrlProblem::NoHost => format!("\"{value}\" has no usable host"),
            UrlProblem::BadPort => format!("\"{value}\" has an invalid port"),
        };
        invalid(field, problem)
    })?;
    if url.scheme == "http" && !url.is_loopback() {
        return Err(invalid(
            field,
            format!("\"{value}\" uses http:// on a non-local host; Cognito requires https://"),
        ));
    }
    if url.has_fragment {
        return Err(invalid(
            field,
            format!("\"{value}\" has a #fragment, which OAuth redirects forbid"),
        ));
    }
    Ok(value.to_owned())
}

fn is_region(value: &str) -> bool {
    // e.g. us-east-1, eu-central-2, us-gov-west-1, ap-southeast-4
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;

//! Tenant ids, the deployment's table of tenants and their scopes, and the refusals in words.

use std::fmt;

/// Reading analyses: `GET /analyses`, `GET /analyses/{id}`.
pub const READ_SCOPE: &str = "portal-api/analyses.read";
/// Creating analyses: `POST /analyses`.
pub const WRITE_SCOPE: &str = "portal-api/analyses.write";
/// The longest tenant id (the schema attribute's `MaxLength`).
pub const MAX_TENANT_LEN: usize = 64;
/// The most tenants the table may list: the environment variable is bounded by Lambda anyway
/// (4 KB), this keeps a pasted mistake from growing without notice.
pub const MAX_TENANTS: usize = 200;

/// A tenant id: lowercase `[a-z0-9-]{1,64}`, so it is safe in a claim, a key and a log line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantId(String);

impl TenantId {
    /// Checks `text`.
    ///
    /// # Errors
    /// [`Refusal::MalformedTenant`] for anything else (empty, too long, other characters).
    pub fn parse(text: &str) -> Result<Self, Refusal> {
        let ok = !text.is_empty()
            && text.len() <= MAX_TENANT_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(Refusal::MalformedTenant)
        }
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which tenants this deployment serves and which of the API's scopes each has, from the
/// `TENANT_SCOPES` environment variable: `acme=read+write,globex=read+write,initech=read`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TenantTable(Vec<(TenantId, Vec<&'static str>)>);

impl TenantTable {
    /// Parses the variable's value strictly: a malformed entry makes the whole table invalid, so
    /// a typo refuses every sign-in (with [`Refusal::Misconfigured`]) instead of granting a
    /// tenant more or less than intended.
    ///
    /// # Errors
    /// A description of the first bad entry.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut rows: Vec<(TenantId, Vec<&'static str>)> = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (name, access) = entry
                .split_once('=')
                .ok_or_else(|| format!("entry {} has no '='", rows.len() + 1))?;
            let tenant = TenantId::parse(name.trim())
                .map_err(|_| format!("entry {} names no valid tenant", rows.len() + 1))?;
            let scopes = match access.trim() {
                "read" => vec![READ_SCOPE],
                "read+write" => vec![READ_SCOPE, WRITE_SCOPE],
                _ => {
                    return Err(format!(
                        "entry {}: access must be read or read+write",
                        rows.len() + 1
                    ))
                }
            };
            if rows.iter().any(|(t, _)| *t == tenant) {
                return Err(format!("entry {} repeats a tenant", rows.len() + 1));
            }
            rows.push((tenant, scopes));
            if rows.len() > MAX_TENANTS {
                return Err(format!("more than {MAX_TENANTS} tenants"));
            }
        }
        Ok(Self(rows))
    }

    /// The scopes `tenant` has, or `None` when this deployment does not serve it.
    pub fn scopes_of(&self, tenant: &TenantId) -> Option<&[&'static str]> {
        self.0
            .iter()
            .find(|(t, _)| t == tenant)
            .map(|(_, s)| s.as_slice())
    }
}

/// Why a user gets no tokens. The `Display` text is what Cognito shows the client (after its own
/// prefix), so it is written for the person signing in and never repeats the attribute's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The account has no `custom:tenant_id`.
    NoTenant,
    /// The attribute is not a valid tenant id (too long, other characters, not text).
    MalformedTenant,
    /// A valid id this deployment does not serve.
    UnknownTenant,
    /// The trigger's own configuration is broken.
    Misconfigured,
    /// Not a pre-token-generation event.
    NotATokenEvent,
    /// A pre-token-generation event of another version than 2.
    WrongVersion,
    /// A federated user whose identity provider this deployment binds to no organisation (or
    /// whose `identities` attribute cannot be read).
    UnboundProvider,
    /// A federated user whose provider mapped an organisation other than the one the provider
    /// is bound to.
    ProviderTenantMismatch,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoTenant => "Your account is not assigned to an organisation yet, so the portal cannot sign you in. Ask your administrator to set your organisation (tenant) and then sign in again.",
            Self::MalformedTenant => "Your account's organisation (tenant) is not valid, so the portal cannot sign you in. Ask your administrator to correct it and then sign in again.",
            Self::UnknownTenant => "Your organisation is not registered with this portal, so it cannot sign you in. Ask your administrator to register it and then sign in again.",
            Self::Misconfigured => "The portal's organisation settings are invalid, so nobody can sign in right now. Your administrator has to correct the TENANT_SCOPES or PROVIDER_TENANTS setting of the token trigger.",
            Self::NotATokenEvent => "The token trigger received an event that is not a token-generation event.",
            Self::WrongVersion => "The token trigger must be configured as pre-token-generation version V2_0.",
            Self::UnboundProvider => "Your company's sign-in service is not registered with this portal for any organisation, so it cannot sign you in. Ask your administrator to register it and then sign in again.",
            Self::ProviderTenantMismatch => "Your company's sign-in service named an organisation it may not sign people in for, so the portal cannot sign you in. Ask your administrator to check the organisation your company's sign-in sends.",
        })
    }
}

impl std::error::Error for Refusal {}

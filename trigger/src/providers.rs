//! Which organisation each corporate identity provider may sign people in for.
//!
//! A federated user's `custom:tenant_id` is mapped from a claim of the provider's own token at
//! every sign-in, so whoever runs that provider chooses its value. Trusting it would let one
//! company's identity provider name another company's organisation; the trigger instead binds every provider
//! to one organisation in its configuration (`PROVIDER_TENANTS`, e.g. `Globex=globex`) and
//! refuses a federated user whose provider is not listed or whose attribute names another one.

use serde_json::Value;

use crate::tenants::{Refusal, TenantId};

/// The longest provider name Cognito accepts.
pub const MAX_PROVIDER_LEN: usize = 32;
/// The most bindings the list may hold (Cognito allows 300 providers per pool; this portal a few).
pub const MAX_PROVIDERS: usize = 50;
/// The most linked identities one user's `identities` attribute is read for.
const MAX_IDENTITIES: usize = 10;
/// The longest `identities` attribute read (Cognito's attribute values are at most 2048 chars).
const MAX_IDENTITIES_LEN: usize = 2048;

/// The deployment's provider → organisation bindings, from `PROVIDER_TENANTS`:
/// `Globex=globex,Initrode=initech`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderTable(Vec<(String, TenantId)>);

/// A provider name as this portal accepts it: `[A-Za-z0-9_.-]{1,32}`.
fn valid_provider(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_PROVIDER_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

impl ProviderTable {
    /// Parses the variable strictly: one bad entry makes the whole list invalid (every sign-in is
    /// then refused as misconfigured), so a typo never binds a provider to the wrong tenant.
    ///
    /// # Errors
    /// A description of the first bad entry.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut rows: Vec<(String, TenantId)> = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let n = rows.len() + 1;
            let (name, tenant) = entry
                .split_once('=')
                .ok_or_else(|| format!("entry {n} has no '='"))?;
            let name = name.trim();
            if !valid_provider(name) {
                return Err(format!("entry {n} names no valid provider"));
            }
            let tenant = TenantId::parse(tenant.trim())
                .map_err(|_| format!("entry {n} names no valid tenant"))?;
            if rows.iter().any(|(p, _)| p == name) {
                return Err(format!("entry {n} repeats a provider"));
            }
            rows.push((name.to_owned(), tenant));
            if rows.len() > MAX_PROVIDERS {
                return Err(format!("more than {MAX_PROVIDERS} providers"));
            }
        }
        Ok(Self(rows))
    }

    /// The organisation `provider` is bound to, if it is listed.
    pub fn tenant_of(&self, provider: &str) -> Option<&TenantId> {
        self.0.iter().find(|(p, _)| p == provider).map(|(_, t)| t)
    }
}

/// The providers a user signed in through, from Cognito's `identities` attribute (a JSON text:
/// `[{"providerName":"Globex",...}]`), or an empty list for a user of the pool's own directory.
///
/// # Errors
/// [`Refusal::UnboundProvider`] when the attribute is there but not readable: a federated user
/// whose provider cannot be told is refused rather than treated as a local one.
pub fn providers_of(attributes: &serde_json::Map<String, Value>) -> Result<Vec<String>, Refusal> {
    let text = match attributes.get("identities") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(text)) if text.len() <= MAX_IDENTITIES_LEN => text,
        Some(_) => return Err(Refusal::UnboundProvider),
    };
    let list: Vec<Value> = serde_json::from_str(text).map_err(|_| Refusal::UnboundProvider)?;
    if list.is_empty() || list.len() > MAX_IDENTITIES {
        return Err(Refusal::UnboundProvider);
    }
    list.iter()
        .map(|identity| {
            identity
                .get("providerName")
                .and_then(Value::as_str)
                .filter(|name| valid_provider(name))
                .map(str::to_owned)
                .ok_or(Refusal::UnboundProvider)
        })
        .collect()
}

/// Checks a federated user's tenant against their providers' bindings: every provider the user
/// signed in through must be listed and bound to `tenant`.
///
/// # Errors
/// [`Refusal::UnboundProvider`] for an unlisted provider, [`Refusal::ProviderTenantMismatch`]
/// when the attribute names another organisation than the provider's.
pub fn check(
    providers: &[String],
    tenant: &TenantId,
    table: &ProviderTable,
) -> Result<(), Refusal> {
    for provider in providers {
        let bound = table.tenant_of(provider).ok_or(Refusal::UnboundProvider)?;
        if bound != tenant {
            return Err(Refusal::ProviderTenantMismatch);
        }
    }
    Ok(())
}

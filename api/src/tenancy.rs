//! Who calls a scoped route, for which tenant, with which scopes: read from the access token's
//! claims that API Gateway's scoped Cognito authorizer verified, and from nothing else.
//!
//! A person's tenant is the `tenant_id` claim the pre-token-generation trigger put in the token
//! (from the user's `custom:tenant_id`, which the user cannot write). A machine client's token has
//! no user and so no tenant claim: the deployment binds each machine client to one tenant by its
//! client id ([`MachineClients`], the `MACHINE_CLIENT_TENANTS` environment variable). The request's
//! body, path, query and headers never name the tenant.

use portal_token_trigger::TenantId;
use serde_json::Value;

/// The claim the trigger writes the tenant to.
pub const TENANT_CLAIM: &str = portal_token_trigger::TENANT_CLAIM;

/// Machine clients and the tenant each works for: `MACHINE_CLIENT_TENANTS`, as
/// `<client id>=<tenant>,…`. Parsed strictly: a malformed value binds no client at all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MachineClients(Vec<(String, TenantId)>);

impl MachineClients {
    /// Parses the variable's value; anything malformed gives the empty table (every machine token
    /// is then refused with `machine_client_unbound`, never given a tenant by mistake).
    pub fn parse(text: &str) -> Self {
        let mut rows = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let Some((client, tenant)) = entry.split_once('=') else {
                return Self::default();
            };
            let (client, tenant) = (client.trim(), tenant.trim());
            let Ok(tenant) = TenantId::parse(tenant) else {
                return Self::default();
            };
            if !is_client_id(client) || rows.len() >= 50 {
                return Self::default();
            }
            rows.push((client.to_owned(), tenant));
        }
        Self(rows)
    }

    /// Keeps only the bindings to tenants `served` lists (`TENANT_SCOPES`, the trigger's table): a
    /// machine client bound to an organisation the deployment does not serve reads nothing
    /// (`machine_client_unbound`), like one bound to none.
    #[must_use]
    pub fn served_by(self, served: &portal_token_trigger::TenantTable) -> Self {
        Self(
            self.0
                .into_iter()
                .filter(|(_, tenant)| served.scopes_of(tenant).is_some())
                .collect(),
        )
    }

    /// The tenant `client_id` works for.
    pub fn tenant_of(&self, client_id: &str) -> Option<&TenantId> {
        self.0.iter().find(|(c, _)| c == client_id).map(|(_, t)| t)
    }
}

/// Cognito app client ids are alphanumeric (26 characters on AWS).
fn is_client_id(text: &str) -> bool {
    (1..=128).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Whose token it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holder {
    /// A person signed in (password or corporate identity provider): their `username`.
    User(String),
    /// A confidential client with the client-credentials grant: its client id.
    Machine(String),
}

/// A verified caller of a scoped route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Access {
    /// Whose token.
    pub holder: Holder,
    /// The tenant whose data the call may read or write.
    pub tenant: TenantId,
    /// The access token's scopes.
    pub scopes: Vec<String>,
}

impl Access {
    /// Whether the token carries `scope`.
    pub fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// What `createdBy` says: the username, or `machine:<client id>`.
    pub fn created_by(&self) -> String {
        match &self.holder {
            Holder::User(name) => name.clone(),
            Holder::Machine(client) => format!("machine:{client}"),
        }
    }
}

/// Why a scoped route refuses the token, each answered with its own code and words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// No claims: the method is not behind the authorizer.
    NoClaims,
    /// An ID token (or no `token_use`): these routes take the access token.
    NotAnAccessToken,
    /// A person's token without a valid `tenant_id` claim.
    NoTenant,
    /// A machine client this deployment binds to no tenant.
    MachineUnbound,
    /// A claim has the wrong type.
    BadClaim(&'static str),
}

/// Reads the caller of a scoped route from the authorizer's claims.
///
/// # Errors
/// [`Refused`] when the claims do not describe an access token of a person with a tenant or of
/// a machine client bound to one.
pub fn access_from_claims(
    claims: Option<&Value>,
    machines: &MachineClients,
) -> Result<Access, Refused> {
    let claims = claims
        .and_then(Value::as_object)
        .filter(|c| !c.is_empty())
        .ok_or(Refused::NoClaims)?;
    let text = |name: &'static str| -> Result<Option<&str>, Refused> {
        match claims.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(Refused::BadClaim(name)),
        }
    };
    if text("token_use")? != Some("access") {
        return Err(Refused::NotAnAccessToken);
    }
    let scopes = text("scope")?
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let client_id = text("client_id")?.ok_or(Refused::BadClaim("client_id"))?;
    let sub = text("sub")?.ok_or(Refused::BadClaim("sub"))?;
    // Client-credentials tokens have no username and name the client as their subject.
    let (holder, tenant) = match text("username")? {
        None if sub == client_id => {
            let tenant = machines
                .tenant_of(client_id)
                .ok_or(Refused::MachineUnbound)?;
            (Holder::Machine(client_id.to_owned()), tenant.clone())
        }
        None => return Err(Refused::BadClaim("username")),
        Some(username) => {
            let tenant = text(TENANT_CLAIM)?
                .and_then(|t| TenantId::parse(t).ok())
                .ok_or(Refused::NoTenant)?;
            (Holder::User(username.to_owned()), tenant)
        }
    };
    Ok(Access {
        holder,
        tenant,
        scopes,
    })
}

/// Whether the claims are a machine client's access token (for `/me`'s refusal).
pub fn is_machine_token(claims: Option<&Value>) -> bool {
    let Some(claims) = claims.and_then(Value::as_object) else {
        return false;
    };
    let field = |name: &str| claims.get(name).and_then(Value::as_str);
    field("token_use") == Some("access")
        && field("username").is_none()
        && field("sub").is_some()
        && field("sub") == field("client_id")
}

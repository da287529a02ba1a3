//! Cognito's pre-token-generation trigger (event version 2, `LambdaVersion: V2_0`): the one place
//! that decides which organisation (tenant) a user's tokens speak for and what the API lets them do.
//!
//! Cognito calls it before it issues tokens: at a hosted-UI code exchange
//! (`TokenGeneration_HostedAuth`, federated users included), an API sign-in
//! (`TokenGeneration_Authentication`), a refresh (`TokenGeneration_RefreshTokens`) and the other
//! `TokenGeneration_*` sources. It reads the user's `custom:tenant_id` attribute (set by an
//! administrator or mapped from the corporate identity provider, never writable by the user), and
//! answers with the claim `tenant_id` in both the ID and the access token and the tenant's API
//! scopes (`portal-api/analyses.read`, `.write`) added to the access token. A user without a valid
//! tenant, or whose tenant the deployment does not know, gets no tokens: the trigger fails with a
//! message a person can read, which Cognito passes on to the client.
//!
//! The decision is pure ([`decide`]), tested with Cognito's event shapes in `tests/`; `main.rs` is
//! the `lambda_runtime` glue.

pub mod providers;
pub mod tenants;

pub use providers::ProviderTable;
use serde_json::{json, Value};
pub use tenants::{Refusal, TenantId, TenantTable, READ_SCOPE, WRITE_SCOPE};

/// What the trigger is configured with (its environment).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// `TENANT_SCOPES`: the organisations served and their API access.
    pub tenants: TenantTable,
    /// `PROVIDER_TENANTS`: the organisation each corporate identity provider is bound to.
    pub providers: ProviderTable,
    /// `EMULATOR_REFRESH_WITHOUT_ATTRIBUTES=1`, set only by the local deploy (template parameter
    /// `LocalEndpoint` non-empty): pass the emulator's attribute-less refresh events unchanged.
    /// Off on AWS, where such an event is refused like any other user without a tenant.
    pub emulator_refresh: bool,
}

/// The user attribute the tenant is read from.
pub const TENANT_ATTRIBUTE: &str = "custom:tenant_id";
/// The claim the tenant is written to, in the ID and the access token.
pub const TENANT_CLAIM: &str = "tenant_id";

/// Answers one trigger event: the event echoed back with its `response` filled in, or why the
/// user gets no tokens.
///
/// The scopes of this API that the tenant does not have are suppressed as well as the ones it
/// has added, so a client that was allowed to ask for `portal-api/analyses.write` by name still
/// cannot get it for a read-only tenant.
///
/// # Errors
/// [`Refusal`] when the event is not a version-2 pre-token-generation event, or the user has no
/// valid tenant, or the tenant is not served, or a federated user's provider is not bound to it.
pub fn decide(event: &Value, settings: &Settings) -> Result<Value, Refusal> {
    let source = event
        .get("triggerSource")
        .and_then(Value::as_str)
        .ok_or(Refusal::NotATokenEvent)?;
    if !source.starts_with("TokenGeneration_") {
        return Err(Refusal::NotATokenEvent);
    }
    // Version 2 is the only shape this answers in; version 1 would drop the access token's part.
    if event.get("version").and_then(Value::as_str) != Some("2") {
        return Err(Refusal::WrongVersion);
    }
    if source == "TokenGeneration_ClientCredentials" {
        // Machine clients have no user and so no tenant attribute; Cognito only sends this source
        // to a V3_0 trigger. The API binds a machine client to its tenant by client id instead.
        return Ok(echo(event, groups_only(event)));
    }
    let attributes = event
        .pointer("/request/userAttributes")
        .and_then(Value::as_object)
        .ok_or(Refusal::NoTenant)?;
    if settings.emulator_refresh
        && attributes.is_empty()
        && source == "TokenGeneration_RefreshTokens"
    {
        // Cognito always sends a user's attributes (at least `sub`). The local emulator sends
        // none when it mints the access token of a refresh (docs/local-aws.md): refusing would
        // end every local session at its first refresh. Unchanged tokens carry no tenant and no
        // portal-api scope, so the API still gives them nothing of any tenant's. Only when the
        // local deploy says so: on AWS this event is refused.
        return Ok(echo(event, groups_only(event)));
    }
    // Read before the tenant: a federated user whose provider cannot be told is refused.
    let providers = providers::providers_of(attributes)?;
    let tenant = match attributes.get(TENANT_ATTRIBUTE) {
        None | Some(Value::Null) => return Err(Refusal::NoTenant),
        Some(Value::String(text)) if text.is_empty() => return Err(Refusal::NoTenant),
        Some(Value::String(text)) => TenantId::parse(text)?,
        Some(_) => return Err(Refusal::MalformedTenant),
    };
    providers::check(&providers, &tenant, &settings.providers)?;
    let granted = settings
        .tenants
        .scopes_of(&tenant)
        .ok_or(Refusal::UnknownTenant)?;
    let suppressed: Vec<&str> = [READ_SCOPE, WRITE_SCOPE]
        .into_iter()
        .filter(|s| !granted.contains(s))
        .collect();
    let claims = json!({ TENANT_CLAIM: tenant.as_str() });
    let details = json!({
        "idTokenGeneration": { "claimsToAddOrOverride": claims },
        "accessTokenGeneration": {
            "claimsToAddOrOverride": claims,
            "scopesToAdd": granted,
            "scopesToSuppress": suppressed,
        },
        "groupOverrideDetails": groups(event),
    });
    Ok(echo(event, details))
}

/// The user's groups as Cognito proposed them (`request.groupConfiguration`), answered back
/// unchanged: an answer without `groupOverrideDetails` may leave `cognito:groups` out of the
/// tokens, and the portal's admin pages depend on that claim.
fn groups(event: &Value) -> Value {
    let config = event.pointer("/request/groupConfiguration");
    let field = |name: &str| config.and_then(|c| c.get(name)).cloned();
    json!({
        "groupsToOverride": field("groupsToOverride").filter(Value::is_array).unwrap_or_else(|| json!([])),
        "iamRolesToOverride": field("iamRolesToOverride").filter(Value::is_array).unwrap_or_else(|| json!([])),
        "preferredRole": field("preferredRole").filter(Value::is_string).unwrap_or(Value::Null),
    })
}

/// An answer that changes nothing but keeps the groups (or `null` when Cognito proposed none,
/// as for a machine client).
fn groups_only(event: &Value) -> Value {
    match event.pointer("/request/groupConfiguration") {
        Some(Value::Object(_)) => json!({ "groupOverrideDetails": groups(event) }),
        _ => Value::Null,
    }
}

/// The event with `response.claimsAndScopeOverrideDetails` set, as Cognito expects it back.
fn echo(event: &Value, details: Value) -> Value {
    let mut answer = event.clone();
    if let Some(map) = answer.as_object_mut() {
        let mut response = serde_json::Map::new();
        response.insert("claimsAndScopeOverrideDetails".to_owned(), details);
        map.insert("response".to_owned(), Value::Object(response));
    }
    answer
}

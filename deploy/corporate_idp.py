"""Single sign-on for deploy.py: the template's CorporateIdp (a company's OIDC identity provider)
as an API request, and the local target's federation of the local IdP (dev/idp).

The emulator's CloudFormation refuses a template that would create an
AWS::Cognito::UserPoolIdentityProvider ("Template format error: Unrecognized resource types"; it
accepts the template while the resource's Condition is false). So the local target leaves the
template's HasCorporateIdp off and creates the same provider through the Cognito API, from the
template's own definition (corporate_idp_request): one definition for AWS and the emulator.
docs/local-aws.md has the details.
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
TEMPLATE = HERE / "template.yaml"
LOCAL_DIR = HERE.parent / ".local"

# Single sign-on, local target: the corporate IdP that scripts/lib.sh start_idp runs (dev/idp),
# federated as the template's CorporateIdp. start_idp writes its issuer and this run's client
# credentials to LOCAL_IDP_CLIENT (mode 0600); the provider's name and the button's label are here.
LOCAL_IDP_CLIENT = LOCAL_DIR / "idp-client.json"
LOCAL_IDP = {"name": "Globex", "label": "Globex", "tenantClaim": "tenant", "scopes": "openid email profile tenant"}


def say(message):
    print(f"==> {message}", flush=True)


def template_with_refs():
    """deploy/template.yaml as data, CloudFormation's short tags kept as their long forms
    ({"Ref": …}, {"Fn::If": …}), so a resource's properties can be resolved against parameters."""
    import yaml  # PyYAML comes with cfn-lint in the project venv

    class Loader(yaml.SafeLoader):
        pass

    def tag(loader, suffix, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {"Ref": value} if suffix == "Ref" else {f"Fn::{suffix}": value}

    Loader.add_multi_constructor("!", tag)
    return yaml.load(TEMPLATE.read_text(encoding="utf-8"), Loader=Loader)


def resolve_refs(value, refs):
    """`value` with every {"Ref": name} replaced by refs[name]; any other intrinsic is refused."""
    if isinstance(value, dict):
        if set(value) == {"Ref"}:
            if value["Ref"] not in refs:
                raise ValueError(f"no value for Ref {value['Ref']}")
            return refs[value["Ref"]]
        if any(k.startswith("Fn::") for k in value):
            raise ValueError(f"cannot resolve {sorted(value)} outside CloudFormation")
        return {k: resolve_refs(v, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_refs(v, refs) for v in value]
    return value


def corporate_idp_request(pool_id, parameters):
    """The CreateIdentityProvider request the template's CorporateIdp declares for `parameters`
    (the template's defaults filled in): one definition for AWS and the emulator."""
    template = template_with_refs()
    refs = {name: spec.get("Default", "") for name, spec in template["Parameters"].items()}
    refs.update(parameters)
    refs["UserPool"] = pool_id
    return resolve_refs(template["Resources"]["CorporateIdp"]["Properties"], refs)


def local_corporate_idp(backend, pool_id, portal_client_id):
    """Federates the local IdP (dev/idp, started by scripts/lib.sh start_idp) as CorporateIdp.

    The emulator's CloudFormation refuses AWS::Cognito::UserPoolIdentityProvider, so the local
    target leaves the template's HasCorporateIdp off and makes the same provider through the
    API (created, or updated with this run's client secret), then adds it to the portal client's
    SupportedIdentityProviders as the template's !If would. Returns the config's
    `identityProviders`, empty when no local IdP runs."""
    if not LOCAL_IDP_CLIENT.exists():
        say(f"no local IdP ({LOCAL_IDP_CLIENT.name} missing): no 'Sign in with {LOCAL_IDP['name']}'")
        return []
    idp = json.loads(LOCAL_IDP_CLIENT.read_text(encoding="utf-8"))
    request = corporate_idp_request(pool_id, {
        "CorporateIdpName": LOCAL_IDP["name"], "CorporateIdpIssuer": idp["issuer"],
        "CorporateIdpClientId": idp["clientId"], "CorporateIdpClientSecret": idp["clientSecret"],
        "CorporateIdpScopes": LOCAL_IDP["scopes"], "CorporateIdpTenantClaim": LOCAL_IDP["tenantClaim"],
    })
    try:
        backend.call("cognito-idp", "DescribeIdentityProvider", UserPoolId=pool_id, ProviderName=request["ProviderName"])
        backend.call("cognito-idp", "UpdateIdentityProvider", UserPoolId=pool_id, ProviderName=request["ProviderName"],
                     ProviderDetails=request["ProviderDetails"], AttributeMapping=request["AttributeMapping"])
    except Exception as exc:  # noqa: BLE001 - ResourceNotFoundException
        if "NotFound" not in str(exc):
            raise
        backend.call("cognito-idp", "CreateIdentityProvider", **request)
    add_supported_provider(backend, pool_id, portal_client_id, request["ProviderName"])
    say(f"federated the local IdP {idp['issuer']} as {request['ProviderName']}")
    return [{"name": request["ProviderName"], "label": LOCAL_IDP["label"]}]


# What UpdateUserPoolClient takes back from DescribeUserPoolClient: it resets every field left out.
CLIENT_UPDATE_FIELDS = [
    "ClientName", "RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits",
    "ReadAttributes", "WriteAttributes", "ExplicitAuthFlows", "SupportedIdentityProviders", "CallbackURLs",
    "LogoutURLs", "DefaultRedirectURI", "AllowedOAuthFlows", "AllowedOAuthScopes", "AllowedOAuthFlowsUserPoolClient",
    "AnalyticsConfiguration", "PreventUserExistenceErrors", "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData", "AuthSessionValidity", "RefreshTokenRotation",
]


def add_supported_provider(backend, pool_id, client_id, provider):
    client = backend.call("cognito-idp", "DescribeUserPoolClient", UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    supported = client.get("SupportedIdentityProviders") or []
    if provider in supported:
        return
    update = {k: client[k] for k in CLIENT_UPDATE_FIELDS if client.get(k) not in (None, "", [], {})}
    update["SupportedIdentityProviders"] = [*supported, provider]
    backend.call("cognito-idp", "UpdateUserPoolClient", UserPoolId=pool_id, ClientId=client_id, **update)

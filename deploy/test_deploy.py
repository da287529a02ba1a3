#!/usr/bin/env python3
"""Tests of deploy.py that need no cloud: the `aws --dry-run` plan and the generated configs.

Run by the README's test command (scripts/test.sh) with the project venv's Python.
"""
import json
import os
import pathlib
import shlex
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import deploy  # noqa: E402


def dry_run(*extra):
    done = subprocess.run(
        [sys.executable, str(HERE / "deploy.py"), "aws", "--domain-prefix", "acme-portal", "--dry-run",
         "--account", "123456789012", *extra],
        check=True, capture_output=True, text=True, cwd=HERE.parent)
    return done.stdout


def commands(output):
    return [shlex.split(line.strip()[2:]) for line in output.splitlines() if line.strip().startswith("$ ")]


class AwsDryRun(unittest.TestCase):
    def setUp(self):
        self.output = dry_run()
        self.commands = commands(self.output)

    def find(self, *prefix):
        found = [c for c in self.commands if c[: len(prefix)] == list(prefix)]
        self.assertTrue(found, f"no {' '.join(prefix)} in:\n{self.output}")
        return found

    def test_every_step_is_planned_in_order(self):
        order = [
            ("cargo", "zigbuild"),
            ("aws", "s3api", "create-bucket"),
            ("aws", "s3", "cp"),
            ("aws", "cloudformation", "deploy"),
            ("aws", "cloudformation", "describe-stacks"),
            ("aws", "apigateway", "create-deployment"),
            ("aws", "cloudfront", "create-invalidation"),
        ]
        positions = []
        for prefix in order:
            index = next(i for i, c in enumerate(self.commands) if tuple(c[: len(prefix)]) == prefix)
            positions.append(index)
        self.assertEqual(positions, sorted(positions))

    def test_the_lambda_is_cross_compiled_for_arm64(self):
        build = self.find("cargo", "zigbuild")[0]
        self.assertIn("aarch64-unknown-linux-musl", build)
        deploy_cmd = self.find("aws", "cloudformation", "deploy")[0]
        self.assertIn("LambdaArchitecture=arm64", deploy_cmd)

    def test_the_stack_gets_the_template_and_the_real_settings(self):
        deploy_cmd = self.find("aws", "cloudformation", "deploy")[0]
        self.assertIn("deploy/template.yaml", deploy_cmd)
        self.assertIn("CAPABILITY_IAM", deploy_cmd)
        self.assertIn("DomainPrefix=acme-portal", deploy_cmd)
        self.assertIn("--no-fail-on-empty-changeset", deploy_cmd)

    def test_no_test_only_setting_reaches_aws(self):
        for forbidden in ["127.0.0.1", "localhost", "allow-all", "seconds", "Demo-Passw0rd", "admin@example.com",
                          "x86_64", "ExtraConnectSrc", "ExtraPortalOrigin"]:
            self.assertNotIn(forbidden, self.output, forbidden)

    def test_config_json_is_uploaded_uncached(self):
        uploads = self.find("aws", "s3", "cp")
        config = [u for u in uploads if u[u.index("--cache-control") + 1] == "no-store" and u[4].endswith("/config.json")]
        self.assertEqual(len(config), 1, uploads)


def load_template():
    """deploy/template.yaml as plain data: CloudFormation's short tags (!Sub, !If, …) keep their
    argument, which is all these tests read. PyYAML comes with cfn-lint in the project venv."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def any_tag(loader, _suffix, node):
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node, deep=True)
        return loader.construct_mapping(node, deep=True)

    Loader.add_multi_constructor("!", any_tag)
    return yaml.load((HERE / "template.yaml").read_text(encoding="utf-8"), Loader=Loader)


class ReferrerPolicy(unittest.TestCase):
    """The callback page's asset requests leave before any script can scrub the URL: with any
    policy that sends a same-origin Referer, the authorization code and state reach the logs."""

    def test_the_site_sends_no_referer(self):
        resources = load_template()["Resources"]
        policies = [r for r in resources.values() if r["Type"] == "AWS::CloudFront::ResponseHeadersPolicy"]
        self.assertTrue(policies)
        for policy in policies:
            security = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
            self.assertEqual(security["ReferrerPolicy"]["ReferrerPolicy"], "no-referrer")
        index = (HERE.parent / "index.html").read_text(encoding="utf-8")
        self.assertLess(index.index('<meta name="referrer" content="no-referrer"'), index.index("data-trunk"))


class RefreshTokenRotation(unittest.TestCase):
    """The portal client rotates refresh tokens. Neither cfn-lint 1.58 (its schema lets unknown keys
    into RefreshTokenRotation) nor the emulator (it drops the setting) would notice a mistake here."""

    def setUp(self):
        self.resources = load_template()["Resources"]
        self.portal = self.resources["PortalClient"]["Properties"]

    def test_the_portal_client_rotates_with_a_retry_grace_period(self):
        rotation = self.portal["RefreshTokenRotation"]
        self.assertEqual(set(rotation), {"Feature", "RetryGracePeriodSeconds"}, "misspelt or missing key")
        self.assertEqual(rotation["Feature"], "ENABLED")
        # 0 would sign out a tab whose refresh answer was lost; AWS allows at most 60.
        self.assertIsInstance(rotation["RetryGracePeriodSeconds"], int)
        self.assertTrue(0 < rotation["RetryGracePeriodSeconds"] <= 60, rotation)

    def test_no_rotating_client_allows_refresh_token_auth(self):
        clients = {name: r["Properties"] for name, r in self.resources.items() if r["Type"] == "AWS::Cognito::UserPoolClient"}
        self.assertIn("ApiClient", clients)
        for name, props in clients.items():
            if props.get("RefreshTokenRotation", {}).get("Feature") != "ENABLED":
                continue
            # Without ExplicitAuthFlows Cognito's default set applies, and it has ALLOW_REFRESH_TOKEN_AUTH.
            self.assertTrue(props.get("ExplicitAuthFlows"), f"{name}: ExplicitAuthFlows must be given")
            self.assertNotIn("ALLOW_REFRESH_TOKEN_AUTH", props["ExplicitAuthFlows"], name)
        # The scripts' client refreshes with InitiateAuth REFRESH_TOKEN_AUTH, which rotation refuses.
        self.assertIn("ALLOW_REFRESH_TOKEN_AUTH", clients["ApiClient"]["ExplicitAuthFlows"])
        self.assertNotIn("RefreshTokenRotation", clients["ApiClient"])

    def test_the_test_only_clients_copy_the_portal_clients_settings(self):
        self.assertEqual(deploy.PORTAL_REFRESH_TOKEN_ROTATION, self.portal["RefreshTokenRotation"])
        self.assertEqual(deploy.PORTAL_EXPLICIT_AUTH_FLOWS, self.portal["ExplicitAuthFlows"])

        class Recorder:
            def __init__(self):
                self.calls = []

            def call(self, service, operation, **params):
                self.calls.append((operation, params))
                if operation == "ListUserPoolClients":
                    return {"UserPoolClients": []}
                return {"UserPoolClient": {"ClientId": "t1"}}

        backend = Recorder()
        self.assertEqual(deploy.ensure_test_client(backend, "pool", ["http://127.0.0.1:8080"], 120), "t1")
        created = [params for operation, params in backend.calls if operation == "CreateUserPoolClient"]
        self.assertEqual(len(created), 1, backend.calls)
        self.assertEqual(created[0]["RefreshTokenRotation"], self.portal["RefreshTokenRotation"])
        self.assertEqual(created[0]["ExplicitAuthFlows"], self.portal["ExplicitAuthFlows"])


class AccountSelfService(unittest.TestCase):
    """What the account page (issue #12) needs from the pool and the portal client."""

    def setUp(self):
        resources = load_template()["Resources"]
        self.pool = resources["UserPool"]["Properties"]
        self.portal = resources["PortalClient"]["Properties"]

    def test_the_portal_client_may_call_the_user_pools_api_with_its_access_token(self):
        self.assertEqual(self.portal["AllowedOAuthScopes"], deploy.PORTAL_SCOPES)
        self.assertIn("aws.cognito.signin.user.admin", self.portal["AllowedOAuthScopes"])

    def test_the_portal_client_writes_only_names_and_email(self):
        # Without WriteAttributes a client may write every mutable attribute, custom:* included.
        writable = self.portal["WriteAttributes"]
        self.assertEqual(sorted(writable), sorted(["email", "name", "given_name", "family_name"]))
        self.assertFalse([a for a in writable if a.startswith("custom:")])
        self.assertLessEqual(set(writable) - {"email"}, set(self.portal["ReadAttributes"]))
        self.assertIn("email_verified", self.portal["ReadAttributes"])
        self.assertNotIn("email_verified", writable)
        # The pure core refuses to send any other attribute (account::attributes::WRITABLE).
        core = (HERE.parent / "crates/cognito-auth/src/account/attributes.rs").read_text(encoding="utf-8")
        for name in writable:
            self.assertIn(f'"{name}"', core.split("pub const WRITABLE")[1].split("];")[0], name)

    def test_mfa_is_an_authenticator_app_chosen_by_each_user(self):
        self.assertEqual(self.pool["MfaConfiguration"], "OPTIONAL")
        self.assertEqual(self.pool["EnabledMfas"], ["SOFTWARE_TOKEN_MFA"])

    def test_an_email_change_waits_for_verification(self):
        settings = self.pool["UserAttributeUpdateSettings"]
        self.assertEqual(settings["AttributesRequireVerificationBeforeUpdate"], ["email"])
        self.assertIn("email", self.pool["AutoVerifiedAttributes"])

    def test_the_csp_lets_the_page_reach_the_user_pools_api(self):
        resources = load_template()["Resources"]
        csp = resources["SecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"][
            "ContentSecurityPolicy"]["ContentSecurityPolicy"]
        connect = csp.split("connect-src")[1].split(";")[0]
        self.assertIn("https://cognito-idp.${AWS::Region}.amazonaws.com", connect)


class ApiPreflightsAndCaching(unittest.TestCase):
    """Every GET has a preflight without the authorizer; who answers it (the gateway's MOCK with
    the Lambda's own headers, or the Lambda) is test_sso_hardening.ApiHardening's. And the
    portal's API fetch leaves the browser's cache mode at its default (so that the preflight is
    reused), so the gateway's own answers must say no-store, like the Lambda's."""

    def setUp(self):
        self.resources = load_template()["Resources"]

    def test_every_get_has_a_preflight_without_the_authorizer(self):
        methods = [r["Properties"] for r in self.resources.values() if r["Type"] == "AWS::ApiGateway::Method"]
        gets = {m["ResourceId"] for m in methods if m["HttpMethod"] == "GET"}
        preflights = {m["ResourceId"]: m for m in methods if m["HttpMethod"] == "OPTIONS"}
        self.assertTrue(gets)
        self.assertEqual(set(preflights), gets, "every GET resource needs an OPTIONS method")
        for resource, method in preflights.items():
            self.assertEqual(method["AuthorizationType"], "NONE", resource)

    def test_the_gateways_own_answers_are_uncacheable_and_readable(self):
        responses = [r["Properties"] for r in self.resources.values() if r["Type"] == "AWS::ApiGateway::GatewayResponse"]
        self.assertEqual({r["ResponseType"] for r in responses}, {"DEFAULT_4XX", "DEFAULT_5XX"})
        for response in responses:
            headers = response["ResponseParameters"]
            self.assertEqual(headers["gatewayresponse.header.Cache-Control"], "'no-store'", response["ResponseType"])
            self.assertEqual(headers["gatewayresponse.header.Vary"], "'Origin'", response["ResponseType"])
            self.assertIn("gatewayresponse.header.Access-Control-Allow-Origin", headers)


class SiteUpload(unittest.TestCase):
    """What each object in the site bucket is served with: CloudFront passes S3's Content-Type and
    Cache-Control through (CachingOptimized honours the origin's max-age)."""

    FILES = {
        "index.html": ("text/html; charset=utf-8", "no-cache"),
        # Trunk prints its hash without leading zeros: 15 digits here, still hashed.
        "cognito-portal-124911dfe86d38f_bg.wasm": ("application/wasm", "public, max-age=31536000, immutable"),
        "cognito-portal-124911dfe86d38f.js": ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        "boot-71b0a6f4799a22cc.js": ("text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        "session-0123456789abcdef.wasm": ("application/wasm", "public, max-age=31536000, immutable"),
        "main-1e4d046cd84c2cfc.css": ("text/css; charset=utf-8", "public, max-age=31536000, immutable"),
        "favicon.svg": ("image/svg+xml", "no-cache"),
    }

    def test_each_object_gets_its_type_and_cache_policy_and_no_sibling_is_uploaded(self):
        class Recorder:
            def __init__(self):
                self.uploads = {}

            def upload(self, path, bucket, key, content_type, cache_control):
                self.uploads[key] = (content_type, cache_control)

        with tempfile.TemporaryDirectory() as tmp:
            dist = pathlib.Path(tmp) / "dist"
            dist.mkdir()
            for name in self.FILES:
                (dist / name).write_bytes(b"x" * 2000)
                (dist / (name + ".br")).write_bytes(b"b")
                (dist / (name + ".gz")).write_bytes(b"g")
            backend = Recorder()
            with mock.patch.object(deploy, "DIST", dist), mock.patch.object(deploy, "LOCAL_DIR", pathlib.Path(tmp)):
                count = deploy.upload_site(backend, "bucket", {"region": "eu-west-1"})
        expected = dict(self.FILES, **{"config.json": ("application/json", "no-store")})
        self.assertEqual(backend.uploads, expected)
        self.assertEqual(count, len(expected))


class CloudFrontCompression(unittest.TestCase):
    """CloudFront compresses (gzip and brotli) only on behaviours with Compress: true and a cache
    policy that keys on both encodings; application/wasm is on its list of compressible types."""

    CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # gzip and brotli in the cache key

    def test_every_behaviour_compresses_and_assets_are_cached_per_encoding(self):
        resources = load_template()["Resources"]
        distributions = [r for r in resources.values() if r["Type"] == "AWS::CloudFront::Distribution"]
        self.assertEqual(len(distributions), 1)
        config = distributions[0]["Properties"]["DistributionConfig"]
        behaviours = [config["DefaultCacheBehavior"]] + config.get("CacheBehaviors", [])
        for behaviour in behaviours:
            self.assertIs(behaviour.get("Compress"), True, behaviour.get("PathPattern", "default"))
        # The default behaviour serves every asset (wasm chunks, JS, CSS, index.html).
        self.assertEqual(config["DefaultCacheBehavior"]["CachePolicyId"], self.CACHING_OPTIMIZED)


class Configs(unittest.TestCase):
    OUTPUTS = {"Region": "eu-west-1", "UserPoolId": "eu-west-1_X", "PortalClientId": "c1", "ApiClientId": "a1",
               "HostedUiBaseUrl": "https://p.auth.eu-west-1.amazoncognito.com", "RestApiId": "r1",
               "StageName": "prod", "ApiBaseUrl": "https://r1.execute-api.eu-west-1.amazonaws.com/prod"}

    def test_aws_config_uses_the_real_endpoints(self):
        config = deploy.portal_config(self.OUTPUTS, "https://d1.cloudfront.net")
        self.assertEqual(config["redirectUri"], "https://d1.cloudfront.net/callback")
        self.assertEqual(config["apiBaseUrl"], self.OUTPUTS["ApiBaseUrl"])
        self.assertNotIn("endpoints", config)

    def test_local_config_points_every_endpoint_at_the_emulator(self):
        config = deploy.portal_config(self.OUTPUTS, "http://127.0.0.1:8080", "http://127.0.0.1:4566")
        self.assertEqual(config["hostedUiBaseUrl"], "http://127.0.0.1:4566")
        self.assertEqual(config["apiBaseUrl"], "http://127.0.0.1:4566/_aws/execute-api/r1/prod")
        self.assertTrue(config["endpoints"]["jwks"].endswith("/eu-west-1_X/.well-known/jwks.json"))
        self.assertEqual(json.loads(json.dumps(config)), config)

    def test_the_config_asks_for_the_account_scope_and_describes_the_pool(self):
        pool = {"AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
                "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireLowercase": True, "RequireUppercase": True,
                                                "RequireNumbers": False, "RequireSymbols": True,
                                                "TemporaryPasswordValidityDays": 7}}}
        config = deploy.portal_config(self.OUTPUTS, "https://d1.cloudfront.net", pool=pool)
        self.assertIn("aws.cognito.signin.user.admin", config["scopes"])
        self.assertIs(config["selfSignUp"], False)
        self.assertEqual(config["passwordPolicy"], {"minLength": 12, "requireLowercase": True, "requireUppercase": True,
                                                    "requireNumbers": False, "requireSymbols": True})
        open_pool = {"AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False}}
        self.assertIs(deploy.account_config(open_pool)["selfSignUp"], True)
        # Nothing known about the pool (a dry run): no sign-up link, Cognito's default policy (absent).
        self.assertEqual(deploy.account_config({}), {"selfSignUp": False})

    def test_cli_operation_names(self):
        self.assertEqual(deploy.camel_to_kebab("CreateDeployment"), "create-deployment")
        self.assertEqual(deploy.camel_to_kebab("AdminAddUserToGroup"), "admin-add-user-to-group")


class Tenancy(unittest.TestCase):
    """Issue #13: the tenant attribute, the token trigger, the scoped routes, the table and the
    machine client, as the template declares them (the emulator checks few of these properties)."""

    def setUp(self):
        self.resources = load_template()["Resources"]
        self.pool = self.resources["UserPool"]["Properties"]

    def props(self, name):
        return self.resources[name]["Properties"]

    def test_the_tenant_attribute_is_bounded_and_written_by_no_client(self):
        tenant = [a for a in self.pool["Schema"] if a["Name"] == "tenant_id"]
        self.assertEqual(len(tenant), 1)
        self.assertEqual(tenant[0]["AttributeDataType"], "String")
        self.assertEqual(tenant[0]["StringAttributeConstraints"], {"MinLength": "1", "MaxLength": "64"})
        clients = {k: r["Properties"] for k, r in self.resources.items() if r["Type"] == "AWS::Cognito::UserPoolClient"}
        self.assertGreaterEqual(len(clients), 3)
        for name, client in clients.items():
            # Without WriteAttributes a client may write every mutable attribute, the tenant too.
            self.assertIn("WriteAttributes", client, name)
            self.assertNotIn("custom:tenant_id", client["WriteAttributes"], name)
        self.assertIn("custom:tenant_id", self.props("PortalClient")["ReadAttributes"])
        self.assertNotIn("custom:tenant_id", deploy.PORTAL_WRITE_ATTRIBUTES)
        self.assertEqual(deploy.PORTAL_READ_ATTRIBUTES, self.props("PortalClient")["ReadAttributes"])
        self.assertEqual(deploy.PORTAL_WRITE_ATTRIBUTES, self.props("PortalClient")["WriteAttributes"])

    def test_the_token_trigger_is_v2_and_only_cognito_may_invoke_it(self):
        config = self.pool["LambdaConfig"]["PreTokenGenerationConfig"]
        self.assertEqual(config["LambdaVersion"], "V2_0")
        # Access-token customisation needs the Essentials (or Plus) feature plan.
        self.assertIn(self.pool["UserPoolTier"], ["ESSENTIALS", "PLUS"])
        self.assertEqual(config["LambdaArn"], "TokenTriggerFunction.Arn")
        permission = self.props("TokenTriggerPermission")
        self.assertEqual(permission["Principal"], "cognito-idp.amazonaws.com")
        self.assertEqual(permission["SourceArn"], "UserPool.Arn")
        self.assertEqual(self.props("TokenTriggerFunction")["Environment"]["Variables"]["TENANT_SCOPES"], "TenantScopes")

    def test_each_identity_provider_is_bound_to_one_organisation(self):
        env = self.props("TokenTriggerFunction")["Environment"]["Variables"]
        self.assertEqual(env["PROVIDER_TENANTS"], "ProviderTenants")
        self.assertEqual(load_template()["Parameters"]["ProviderTenants"]["Default"], "")
        # Locally the Globex IdP signs people in for globex only, and globex is served.
        self.assertEqual(deploy.LOCAL_PROVIDER_TENANTS, "Globex=globex")
        served = {entry.split("=")[0] for entry in deploy.LOCAL_TENANT_SCOPES.split(",")}
        self.assertIn("globex", served)
        self.assertIn("ProviderTenants=Globex=globex", dry_run("--provider-tenants", "Globex=globex"))
        self.assertNotIn("ProviderTenants", dry_run())

    def test_the_emulators_refresh_shortcut_is_on_only_for_the_local_stack(self):
        env = self.props("TokenTriggerFunction")["Environment"]["Variables"]
        self.assertEqual(env["EMULATOR_REFRESH_WITHOUT_ATTRIBUTES"], ["HasLocalEndpoint", "1", "0"])
        self.assertNotIn("LocalEndpoint", dry_run())

    def test_the_analyses_take_the_access_token_with_their_scope(self):
        methods = {k: r["Properties"] for k, r in self.resources.items() if r["Type"] == "AWS::ApiGateway::Method"}
        expected = {"AnalysesGet": "portal-api/analyses.read", "AnalysesPost": "portal-api/analyses.write",
                    "AnalysisGet": "portal-api/analyses.read"}
        for name, scope in expected.items():
            self.assertEqual(methods[name]["AuthorizerId"], "ScopedAuthorizer", name)
            self.assertEqual(methods[name]["AuthorizationScopes"], [scope], name)
        # /me and /admin/summary keep the ID token: no scopes on their authorizer's methods.
        for name in ["MeGet", "SummaryGet"]:
            self.assertEqual(methods[name]["AuthorizerId"], "CognitoAuthorizer", name)
            self.assertNotIn("AuthorizationScopes", methods[name], name)
        scopes = {s["ScopeName"] for s in self.props("ApiResourceServer")["Scopes"]}
        self.assertEqual(self.props("ApiResourceServer")["Identifier"], "portal-api")
        self.assertEqual(scopes, {"analyses.read", "analyses.write"})
        for name in methods:
            if name.startswith("Analys"):
                self.assertIn(name, self.resources["ApiDeployment"]["DependsOn"], name)

    def test_the_table_is_keyed_by_tenant_encrypted_on_demand_and_recoverable(self):
        table = self.props("AnalysesTable")
        self.assertEqual(table["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(table["KeySchema"], [{"AttributeName": "tenant", "KeyType": "HASH"},
                                              {"AttributeName": "id", "KeyType": "RANGE"}])
        self.assertIs(table["SSESpecification"]["SSEEnabled"], True)
        self.assertIs(table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"], True)
        statement = self.props("ApiFunctionAnalysesPolicy")["PolicyDocument"]["Statement"]
        self.assertEqual(len(statement), 1)
        self.assertEqual(sorted(statement[0]["Action"]), ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"])
        self.assertEqual(statement[0]["Resource"], "AnalysesTable.Arn")

    def test_the_machine_client_is_confidential_with_the_read_scope_only(self):
        client = self.props("MachineClient")
        self.assertEqual(client["ClientName"], "portal-machine")
        self.assertIs(client["GenerateSecret"], True)
        self.assertEqual(client["AllowedOAuthFlows"], ["client_credentials"])
        self.assertEqual(client["AllowedOAuthScopes"], ["portal-api/analyses.read"])

    def test_the_table_is_protected_from_deletion_and_the_trigger_can_be_capped(self):
        self.assertIs(self.props("AnalysesTable")["DeletionProtectionEnabled"], True)
        trigger = self.props("TokenTriggerFunction")
        self.assertEqual(trigger["ReservedConcurrentExecutions"],
                         ["HasTriggerConcurrency", "TriggerReservedConcurrency", "AWS::NoValue"])
        # Off by default: a new account (quota 10) cannot reserve any.
        self.assertEqual(load_template()["Parameters"]["TriggerReservedConcurrency"]["Default"], 0)
        # The trigger's role writes only its own log group.
        statements = self.props("TokenTriggerRole")["Policies"][0]["PolicyDocument"]["Statement"]
        self.assertEqual([s["Action"] for s in statements], [["logs:CreateLogStream", "logs:PutLogEvents"]])
        self.assertTrue(statements[0]["Resource"].endswith("-token-trigger:*"), statements)

    def test_a_machine_client_exists_only_for_a_named_served_organisation(self):
        template = load_template()
        self.assertEqual(template["Parameters"]["MachineClientTenant"]["Default"], "")
        self.assertEqual(self.resources["MachineClient"]["Condition"], "HasMachineClient")
        self.assertEqual(template["Outputs"]["MachineClientId"]["Condition"], "HasMachineClient")
        env = self.props("ApiFunction")["Environment"]["Variables"]
        self.assertEqual(env["MACHINE_CLIENT_TENANTS"][0], "HasMachineClient")
        self.assertEqual(env["MACHINE_CLIENT_TENANTS"][2], "")
        self.assertEqual(env["TENANT_SCOPES"], "TenantScopes")
        self.assertNotIn("MachineClientTenant", dry_run())
        self.assertIn("MachineClientTenant=acme", dry_run("--tenant-scopes", "acme=read", "--machine-client-tenant", "acme"))
        served = {entry.split("=")[0] for entry in deploy.LOCAL_TENANT_SCOPES.split(",")}
        self.assertIn(deploy.LOCAL_MACHINE_CLIENT_TENANT, served)

    def test_a_machine_tenant_not_served_or_a_first_deploy_without_tenants_is_refused(self):
        with self.assertRaises(subprocess.CalledProcessError) as refused:
            dry_run("--tenant-scopes", "acme=read", "--machine-client-tenant", "globex")
        self.assertIn("not listed in --tenant-scopes", refused.exception.stderr)

        class Missing:
            def call(self, service, operation, **params):
                raise RuntimeError("Stack with id customer-portal does not exist")

        class Present:
            def call(self, service, operation, **params):
                return {"Stacks": [{}]}

        args = deploy.argparse.Namespace(tenant_scopes=None, machine_client_tenant=None, dry_run=False)
        with self.assertRaises(SystemExit) as first:
            deploy.check_tenant_settings(Missing(), "customer-portal", args)
        self.assertIn("needs --tenant-scopes", str(first.exception))
        deploy.check_tenant_settings(Present(), "customer-portal", args)
        deploy.check_tenant_settings(Missing(), "customer-portal",
                                     deploy.argparse.Namespace(tenant_scopes="acme=read", machine_client_tenant="acme",
                                                               dry_run=False))

    def test_the_endpoint_override_reaches_the_lambda_only_when_given(self):
        env = self.props("ApiFunction")["Environment"]["Variables"]
        self.assertEqual(env["AWS_ENDPOINT_URL"], ["HasLocalEndpoint", "LocalEndpoint", "AWS::NoValue"])
        output = dry_run()
        self.assertNotIn("LocalEndpoint", output)
        self.assertIn("TriggerCodeKey=lambda/token-trigger-", output)

    def test_the_machine_secret_goes_to_a_private_file_and_never_into_the_config(self):
        config = deploy.portal_config({**Configs.OUTPUTS, "MachineClientId": "m1"}, "https://d1.cloudfront.net")
        self.assertEqual(config["machineClientId"], "m1")
        self.assertNotIn("secret", json.dumps(config).lower())

        class Backend:
            def call(self, service, operation, **params):
                return {"UserPoolClient": {"ClientId": "m1", "ClientSecret": "s3cr3t"}}

        with tempfile.TemporaryDirectory() as tmp, mock.patch.object(deploy, "LOCAL_DIR", pathlib.Path(tmp)), \
                mock.patch.object(deploy, "ROOT", pathlib.Path(tmp)), mock.patch("builtins.print"):
            deploy.write_machine_client(Backend(), {"UserPoolId": "p", "MachineClientId": "m1"})
            path = pathlib.Path(tmp) / "machine-client.json"
            self.assertEqual(path.stat().st_mode & 0o777, 0o600)
            self.assertEqual(json.loads(path.read_text()), {"clientId": "m1", "clientSecret": "s3cr3t"})

    def test_a_looser_existing_secret_file_is_replaced_by_a_private_one_and_nothing_prints_the_secret(self):
        class Backend:
            def call(self, service, operation, **params):
                return {"UserPoolClient": {"ClientId": "m1", "ClientSecret": "s3cr3t-value"}}

        with tempfile.TemporaryDirectory() as tmp, mock.patch.object(deploy, "LOCAL_DIR", pathlib.Path(tmp)), \
                mock.patch.object(deploy, "ROOT", pathlib.Path(tmp)), mock.patch("builtins.print") as printed:
            path = pathlib.Path(tmp) / "machine-client.json"
            path.write_text("{}", encoding="utf-8")
            os.chmod(path, 0o644)
            modes = []
            real_open = os.open

            def watch(name, flags, mode=0o777, **kw):
                fd = real_open(name, flags, mode, **kw)
                modes.append((str(name), flags & os.O_EXCL, os.fstat(fd).st_mode & 0o777))
                return fd

            with mock.patch.object(deploy.os, "open", watch):
                deploy.write_machine_client(Backend(), {"UserPoolId": "p", "MachineClientId": "m1"})
            self.assertEqual(path.stat().st_mode & 0o777, 0o600)
            self.assertEqual(json.loads(path.read_text())["clientSecret"], "s3cr3t-value")
            # The secret went only into a new file, private from its creation.
            self.assertTrue(modes and all(excl and mode == 0o600 and name != str(path) for name, excl, mode in modes), modes)
            self.assertEqual(sorted(p.name for p in pathlib.Path(tmp).iterdir()), ["machine-client.json"])
            self.assertNotIn("s3cr3t-value", repr(printed.call_args_list))

    def test_demo_users_have_valid_tenants_served_by_the_local_stack(self):
        served = {entry.split("=")[0] for entry in deploy.LOCAL_TENANT_SCOPES.split(",")}
        tenants = [u["tenant"] for u in deploy.DEMO_USERS]
        self.assertIn(None, tenants, "one user without a tenant shows the refusal")
        for tenant in filter(None, tenants):
            self.assertRegex(tenant, r"^[a-z0-9-]{1,64}$")
            self.assertIn(tenant, served)



# Issue #13: single sign-on, the artifacts bucket's owner, the API's limits, the headers.
from test_sso_hardening import *  # noqa: E402,F401,F403

if __name__ == "__main__":
    unittest.main(verbosity=1)

"""Issue #13's single sign-on and hardening checks of deploy.py and the template.

Imported by test_deploy.py (the test command runs that file), so these run with it.
"""
import json
import pathlib
import re
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "scripts"))
import artifacts  # noqa: E402
import corporate_idp  # noqa: E402
import deploy  # noqa: E402
import serve  # noqa: E402

ACCOUNT = "123456789012"


def template():
    return corporate_idp.template_with_refs()


class FakeS3:
    """S3's answers for one bucket name, as the CLI reports them: owned by `owner`, or absent."""

    def __init__(self, owner=None):
        self.owner = owner
        self.calls = []

    def call(self, service, operation, **params):
        self.calls.append(operation)
        if operation == "HeadBucket":
            if self.owner is None:
                raise RuntimeError("An error occurred (404) when calling the HeadBucket operation: Not Found")
            if params.get("ExpectedBucketOwner") != self.owner:
                raise RuntimeError("An error occurred (403) when calling the HeadBucket operation: Forbidden")
            return {}
        if operation == "CreateBucket":
            if self.owner is None:
                self.owner = ACCOUNT
                return {}
            code = "BucketAlreadyOwnedByYou" if self.owner == ACCOUNT else "BucketAlreadyExists"
            raise RuntimeError(f"An error occurred ({code}) when calling the CreateBucket operation")
        raise AssertionError(operation)

    def upload(self, *args):
        self.calls.append("upload")


class ArtifactsBucket(unittest.TestCase):
    """deploy.py must never put the Lambda's code in a bucket another account owns."""

    def test_a_bucket_of_another_account_is_refused_before_any_upload(self):
        for s3 in [FakeS3(owner="999999999999")]:
            with self.assertRaises(artifacts.NotOurBucket):
                deploy.ensure_bucket(s3, "b", "us-east-1", ACCOUNT)
            self.assertNotIn("upload", s3.calls)
            self.assertNotIn("CreateBucket", s3.calls, "HeadBucket with the expected owner decides first")

    def test_bucket_already_exists_is_not_success(self):
        class RacedS3(FakeS3):
            """Absent at HeadBucket, created by another account before our CreateBucket."""

            def call(self, service, operation, **params):
                if operation == "CreateBucket":
                    self.owner = "999999999999"
                    self.calls.append(operation)
                    raise RuntimeError("An error occurred (BucketAlreadyExists) when calling the CreateBucket operation")
                return super().call(service, operation, **params)

        s3 = RacedS3(owner=None)
        with self.assertRaises(artifacts.NotOurBucket):
            deploy.ensure_bucket(s3, "b", "us-east-1", ACCOUNT)

    def test_our_own_bucket_new_or_existing_is_used(self):
        new = FakeS3(owner=None)
        deploy.ensure_bucket(new, "b", "eu-west-1", ACCOUNT)
        self.assertEqual(new.calls, ["HeadBucket", "CreateBucket", "HeadBucket"])
        existing = FakeS3(owner=ACCOUNT)
        deploy.ensure_bucket(existing, "b", "us-east-1", ACCOUNT)
        self.assertEqual(existing.calls, ["HeadBucket"])

    def test_the_name_is_unpredictable_and_kept_by_the_stack(self):
        class NoStack:
            def call(self, *a, **k):
                raise RuntimeError("Stack with id s does not exist")

        names = {artifacts.artifacts_bucket(NoStack(), "s", ACCOUNT) for _ in range(5)}
        self.assertEqual(len(names), 5)
        for name in names:
            self.assertRegex(name, rf"^s-artifacts-{ACCOUNT}-[0-9a-f]{{8}}$")

        class Stack:
            def call(self, *a, **k):
                return {"Stacks": [{"Parameters": [{"ParameterKey": "LambdaCodeBucket", "ParameterValue": "kept-1"}]}]}

        self.assertEqual(artifacts.artifacts_bucket(Stack(), "s", ACCOUNT), "kept-1")

    def test_the_aws_plan_checks_the_owner_and_names_it_on_every_upload(self):
        from test_deploy import commands, dry_run
        planned = commands(dry_run())
        head = [c for c in planned if c[:3] == ["aws", "s3api", "head-bucket"]]
        self.assertEqual(len(head), 1, planned[:5])
        self.assertEqual(json.loads(head[0][-1])["ExpectedBucketOwner"], ACCOUNT)
        uploads = [c for c in planned if c[:3] == ["aws", "s3", "cp"]]
        self.assertTrue(uploads)
        for upload in uploads:
            self.assertEqual(upload[upload.index("--expected-bucket-owner") + 1], ACCOUNT, upload)


class CorporateIdp(unittest.TestCase):
    def setUp(self):
        self.template = template()
        self.resources = self.template["Resources"]

    def test_the_provider_exists_only_when_named_and_maps_the_organisation(self):
        idp = self.resources["CorporateIdp"]
        self.assertEqual(idp["Type"], "AWS::Cognito::UserPoolIdentityProvider")
        self.assertEqual(idp["Condition"], "HasCorporateIdp")
        self.assertEqual(self.template["Parameters"]["CorporateIdpName"]["Default"], "")
        self.assertIs(self.template["Parameters"]["CorporateIdpClientSecret"]["NoEcho"], True)
        mapping = idp["Properties"]["AttributeMapping"]
        self.assertEqual(mapping["custom:tenant_id"], {"Ref": "CorporateIdpTenantClaim"})
        self.assertEqual({k: mapping[k] for k in ("email", "given_name", "family_name")},
                         {"email": "email", "given_name": "given_name", "family_name": "family_name"})
        schema = {a["Name"]: a for a in self.resources["UserPool"]["Properties"]["Schema"]}
        self.assertEqual(schema["tenant_id"]["StringAttributeConstraints"], {"MinLength": "1", "MaxLength": "64"})

    def test_the_portal_client_offers_it_and_nobody_writes_the_tenant(self):
        portal = self.resources["PortalClient"]["Properties"]
        self.assertEqual(portal["SupportedIdentityProviders"],
                         {"Fn::If": ["HasCorporateIdp", ["COGNITO", {"Ref": "CorporateIdp"}], ["COGNITO"]]})
        for name, resource in self.resources.items():
            if resource["Type"] == "AWS::Cognito::UserPoolClient":
                self.assertNotIn("custom:tenant_id", resource["Properties"].get("WriteAttributes", []), name)

    def test_the_local_target_creates_the_templates_definition(self):
        request = corporate_idp.corporate_idp_request("pool-1", {
            "CorporateIdpName": "Globex", "CorporateIdpIssuer": "http://127.0.0.1:4690",
            "CorporateIdpClientId": "c", "CorporateIdpClientSecret": "s"})
        self.assertEqual(request["UserPoolId"], "pool-1")
        self.assertEqual(request["ProviderName"], "Globex")
        self.assertEqual(request["ProviderType"], "OIDC")
        self.assertEqual(request["ProviderDetails"], {
            "client_id": "c", "client_secret": "s", "authorize_scopes": "openid email profile",
            "oidc_issuer": "http://127.0.0.1:4690", "attributes_request_method": "GET"})
        self.assertEqual(request["AttributeMapping"]["custom:tenant_id"], "tenant")
        with self.assertRaises(ValueError):
            corporate_idp.resolve_refs({"Fn::Sub": "x"}, {})
        with self.assertRaises(ValueError):
            corporate_idp.resolve_refs({"Ref": "Missing"}, {})

    def test_the_config_lists_the_provider_from_the_stack_or_the_local_idp(self):
        outputs = {"Region": "eu-west-1", "UserPoolId": "eu-west-1_X", "PortalClientId": "c1", "ApiClientId": "a1",
                   "HostedUiBaseUrl": "https://p.auth.eu-west-1.amazoncognito.com", "RestApiId": "r1",
                   "StageName": "prod", "ApiBaseUrl": "https://r1.execute-api.eu-west-1.amazonaws.com/prod"}
        self.assertNotIn("identityProviders", deploy.portal_config(outputs, "https://d1.cloudfront.net"))
        named = deploy.portal_config({**outputs, "CorporateIdpName": "Initech"}, "https://d1.cloudfront.net")
        self.assertEqual(named["identityProviders"], [{"name": "Initech", "label": "Initech"}])
        local = deploy.portal_config(outputs, "http://127.0.0.1:8080", "http://127.0.0.1:4566",
                                     identity_providers=[{"name": "Globex", "label": "Globex"}])
        self.assertEqual(local["identityProviders"], [{"name": "Globex", "label": "Globex"}])
        self.assertNotIn("secret", json.dumps(local).lower())

    def test_the_local_idp_registers_the_domain_deploy_uses(self):
        lib = (HERE.parent / "scripts/lib.sh").read_text(encoding="utf-8")
        self.assertIn(f'IDP_COGNITO_DOMAINS="{deploy.LOCAL_DOMAIN_PREFIX}.auth.us-east-1.amazoncognito.com"', lib)


class ApiHardening(unittest.TestCase):
    def setUp(self):
        self.resources = template()["Resources"]

    def test_the_stage_is_throttled_and_logs_each_request(self):
        stage = self.resources["ApiStage"]["Properties"]
        settings = stage["MethodSettings"]
        self.assertEqual([(s["ResourcePath"], s["HttpMethod"]) for s in settings], [("/*", "*")])
        self.assertEqual(settings[0]["ThrottlingRateLimit"], {"Ref": "ApiThrottleRate"})
        self.assertEqual(settings[0]["ThrottlingBurstLimit"], {"Ref": "ApiThrottleBurst"})
        self.assertEqual(stage["AccessLogSetting"]["DestinationArn"], {"Fn::GetAtt": "ApiAccessLogs.Arn"})
        line = stage["AccessLogSetting"]["Format"]
        self.assertIn("$context.requestId", line)
        self.assertNotRegex(line, r"(?i)authorization|token|header\.", "no credential in the access log")
        self.assertEqual(self.resources["ApiAccessLogs"]["Type"], "AWS::Logs::LogGroup")

    def test_the_lambda_has_reserved_concurrency(self):
        function = self.resources["ApiFunction"]["Properties"]
        self.assertEqual(function["ReservedConcurrentExecutions"],
                         {"Fn::If": ["HasReservedConcurrency", {"Ref": "ApiReservedConcurrency"}, {"Ref": "AWS::NoValue"}]})

    def test_the_lambda_may_write_only_its_own_log_group(self):
        role = self.resources["ApiFunctionRole"]["Properties"]
        self.assertNotIn("ManagedPolicyArns", role, "AWSLambdaBasicExecutionRole allows logs on every group")
        policies = [r["Properties"] for r in self.resources.values()
                    if r["Type"] == "AWS::IAM::Policy" and {"Ref": "ApiFunctionRole"} in r["Properties"]["Roles"]]
        statements = [s for p in policies for s in p["PolicyDocument"]["Statement"]]
        log_statements = [s for s in statements if any(a.startswith("logs:") for a in s["Action"])]
        self.assertEqual(len(log_statements), 1)
        self.assertEqual(sorted(log_statements[0]["Action"]), ["logs:CreateLogStream", "logs:PutLogEvents"])
        self.assertEqual(log_statements[0]["Resource"], {"Fn::GetAtt": "ApiFunctionLogs.Arn"})

    def test_preflights_are_the_gateways_with_the_lambdas_headers_where_one_origin_is_allowed(self):
        cors = (HERE.parent / "api/src/cors.rs").read_text(encoding="utf-8")
        max_age = re.search(r"PREFLIGHT_MAX_AGE_SECS: u32 = (\d+);", cors).group(1)
        allowed = re.search(r'"Access-Control-Allow-Methods",\s*"([^"]+)"', cors).group(1)
        methods = {name: r["Properties"] for name, r in self.resources.items()
                   if r["Type"] == "AWS::ApiGateway::Method" and r["Properties"]["HttpMethod"] == "OPTIONS"}
        self.assertTrue(methods)
        for name, method in methods.items():
            self.assertEqual(method["AuthorizationType"], "NONE", name)
            condition, proxy, mock = method["Integration"]["Fn::If"]
            self.assertEqual(condition, "HasExtraOrigin", name)
            self.assertEqual(proxy["Type"], "AWS_PROXY", name)
            self.assertEqual(mock["Type"], "MOCK", name)
            headers = mock["IntegrationResponses"][0]["ResponseParameters"]
            self.assertEqual(headers["method.response.header.Access-Control-Max-Age"], f"'{max_age}'", name)
            self.assertIn("'Authorization,Content-Type'", headers.values())
            self.assertEqual(headers["method.response.header.Access-Control-Allow-Methods"], f"'{allowed}'", name)
            declared = method["MethodResponses"]["Fn::If"][2][0]["ResponseParameters"]
            self.assertEqual(set(declared), set(headers), name)


class SecurityHeaders(unittest.TestCase):
    """scripts/serve.py is the headers' one definition; CloudFront's policy must say the same."""

    def setUp(self):
        policy = template()["Resources"]["SecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
        self.security = policy["SecurityHeadersConfig"]
        self.custom = {i["Header"]: i["Value"] for i in policy["CustomHeadersConfig"]["Items"]}

    def test_the_csp_has_the_local_servers_directives(self):
        csp = " ".join(self.security["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"].split())
        directives = {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";")}
        local = {d.split(" ", 1)[0]: d for d in serve.csp_directives([])}
        self.assertEqual(set(directives), set(local))
        for name, directive in local.items():
            if name != "connect-src":
                self.assertEqual(directives[name], directive)
        connect = directives["connect-src"].split()[1:]
        self.assertEqual(connect, ["'self'", "https://${DomainPrefix}.auth.${AWS::Region}.amazoncognito.com",
                                   "https://cognito-idp.${AWS::Region}.amazonaws.com",
                                   "https://${RestApi}.execute-api.${AWS::Region}.amazonaws.com", "${ExtraConnectSrc}"])

    def test_extra_connect_src_takes_only_origins(self):
        pattern = re.compile(template()["Parameters"]["ExtraConnectSrc"]["AllowedPattern"])
        for good in ["", "http://127.0.0.1:4566", "https://a.example https://b.example:8443"]:
            self.assertTrue(pattern.fullmatch(good), good)
        for bad in ["*", "https:", "data:", "http://a.example; script-src *", "'unsafe-eval'",
                    "http://a.example *", "javascript:alert(1)", " http://a.example"]:
            self.assertIsNone(pattern.fullmatch(bad), bad)

    def test_every_other_header_is_the_local_servers(self):
        headers = dict(self.custom)
        headers["X-Content-Type-Options"] = "nosniff" if self.security["ContentTypeOptions"]["Override"] else None
        headers["X-Frame-Options"] = self.security["FrameOptions"]["FrameOption"]
        headers["Referrer-Policy"] = self.security["ReferrerPolicy"]["ReferrerPolicy"]
        self.assertEqual(headers, serve.SECURITY_HEADERS)

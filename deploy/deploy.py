#!/usr/bin/env python3
"""Deploy the portal's production stack (deploy/template.yaml): to the local emulator or to AWS.

  deploy.py local [--test-client FILE]     ministack on AWS_ENDPOINT (default http://127.0.0.1:4566)
  deploy.py aws --domain-prefix P [--stack-name S] [--region R] [--dry-run]

The same steps for both targets, written once against a small backend:
  1. build the Lambda (`bootstrap`, provided.al2023): for this machine (local) or cross-compiled
     for arm64 Linux (aws), and zip it under a content-hashed key;
  2. make sure the artifacts bucket exists and is this account's (never a bucket of the same name
     in another account, which would then receive and could swap the Lambda's code), then upload
     the zip, every S3 call naming the expected owner;
  3. create or update the CloudFormation stack and wait for it;
  4. (local) update it once more with the emulated CloudFront origin, known only after create;
  5. redeploy the API stage (a stack update does not);
  6. upload the built site (dist/) with a /config.json generated from the stack outputs;
  7. (local) seed the demo users: demo@example.com in customers, admin@example.com in admins.

Local calls go through boto3 to the emulator. AWS calls go through the AWS CLI
(`aws <service> <operation> --cli-input-json …`, your credentials and profile); --dry-run prints
those commands instead of running them. Test-only settings (short-lived tokens, the 127.0.0.1
origin, allow-all viewer protocol) exist only on the local target.
"""
import argparse
import hashlib
import json
import os
import pathlib
import re
import shlex
import subprocess
import sys
import time
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "template.yaml"
DIST = ROOT / "dist"
LOCAL_DIR = ROOT / ".local"
sys.path.insert(0, str(ROOT / "scripts"))
import assets  # noqa: E402  (Content-Type and Cache-Control per file, shared with scripts/serve.py)
from artifacts import NotOurBucket, artifacts_bucket, ensure_bucket  # noqa: E402,F401  (the Lambda's bucket)
import corporate_idp  # noqa: E402  (single sign-on: the template's CorporateIdp, and the local IdP)
DEMO_USERS = [
    {"email": "demo@example.com", "password": "Demo-Passw0rd!", "given_name": "Dana", "family_name": "Demo", "group": "customers", "tenant": "acme"},
    {"email": "admin@example.com", "password": "Admin-Passw0rd!", "given_name": "Avery", "family_name": "Admin", "group": "admins", "tenant": "acme"},
    # Tenancy (#13): a customer of another organisation, one of a read-only organisation, and one
    # without any, whom the token trigger refuses (the callback explains it).
    {"email": "buyer@globex.example", "password": "Buyer-Passw0rd!", "given_name": "Blake", "family_name": "Buyer", "group": "customers", "tenant": "globex"},
    {"email": "reader@initech.example", "password": "Reader-Passw0rd!", "given_name": "Robin", "family_name": "Reader", "group": "customers", "tenant": "initech"},
    {"email": "nobody@example.com", "password": "Nobody-Passw0rd!", "given_name": "Noor", "family_name": "Nobody", "group": "customers", "tenant": None},
]
# The organisations the local stack serves and their API access (template parameter TenantScopes,
# read by the token trigger): acme and globex read and write, initech reads only.
LOCAL_TENANT_SCOPES = "acme=read+write,globex=read+write,initech=read"
# The organisation each corporate identity provider may sign people in for (template parameter
# ProviderTenants, read by the token trigger): the local IdP `Globex` only for globex.
LOCAL_PROVIDER_TENANTS = "Globex=globex"
# The organisation the local machine client reads (template parameter MachineClientTenant).
LOCAL_MACHINE_CLIENT_TENANT = "acme"


def check_tenant_settings(backend, stack, args):
    """Refuses settings that would lock everyone out or bind the machine client to an organisation
    not served: a first create without --tenant-scopes (the trigger would refuse every sign-in),
    or a --machine-client-tenant that --tenant-scopes does not list."""
    if args.tenant_scopes is not None and args.machine_client_tenant:
        served = {entry.split("=")[0].strip() for entry in args.tenant_scopes.split(",") if entry.strip()}
        if args.machine_client_tenant not in served:
            raise SystemExit(f"--machine-client-tenant {args.machine_client_tenant} is not listed in --tenant-scopes")
    if args.tenant_scopes is None and not args.dry_run:
        try:
            backend.call("cloudformation", "DescribeStacks", StackName=stack)
        except RuntimeError:
            raise SystemExit(f"stack {stack} does not exist yet: its first deploy needs --tenant-scopes "
                             "(e.g. 'acme=read+write'), or the token trigger refuses every sign-in") from None
# The attributes the portal may read and its users may write, as in deploy/template.yaml
# (PortalClient): custom:tenant_id is readable, never writable.
PORTAL_READ_ATTRIBUTES = ["email", "email_verified", "name", "given_name", "family_name", "custom:tenant_id"]
PORTAL_WRITE_ATTRIBUTES = ["email", "name", "given_name", "family_name"]
TEST_CLIENT_NAME = "portal-short-lived-tests-only"
EXPIRING_CLIENT_NAME = "portal-expiring-tests-only"
EXPIRING_SECONDS = 6
# The portal client's refresh settings, as in deploy/template.yaml (PortalClient); the test-only
# clients copy them so the local suite runs the production configuration (test_deploy.py checks
# that both say the same). The emulator accepts RefreshTokenRotation and drops it: docs/local-aws.md.
PORTAL_REFRESH_TOKEN_ROTATION = {"Feature": "ENABLED", "RetryGracePeriodSeconds": 60}
PORTAL_EXPLICIT_AUTH_FLOWS = ["ALLOW_USER_SRP_AUTH"]
# The portal client's scopes, as in deploy/template.yaml (PortalClient): the account page calls the
# user-pools API with the access token, which needs aws.cognito.signin.user.admin. The portal asks
# for them by name (config `scopes`), and the test-only clients allow the same.
PORTAL_SCOPES = ["openid", "email", "profile", "aws.cognito.signin.user.admin"]
# The local target's user-pool domain prefix; scripts/lib.sh start_idp names the same domain.
LOCAL_DOMAIN_PREFIX = "customer-portal-local"


def say(message):
    print(f"==> {message}", flush=True)


def camel_to_kebab(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


class LocalBackend:
    """boto3 against the emulator."""

    def __init__(self, endpoint, region):
        import boto3  # the project venv has it; only the local target needs it
        from botocore.config import Config

        self.endpoint = endpoint
        self.region = region
        # The emulator's account: every bucket call names it as the expected owner, as on AWS.
        self.owner = "000000000000"
        self._boto3 = boto3
        self._config = Config(retries={"max_attempts": 2})
        self._clients = {}

    def client(self, service):
        if service not in self._clients:
            self._clients[service] = self._boto3.client(
                service, endpoint_url=self.endpoint, region_name=self.region,
                aws_access_key_id="test", aws_secret_access_key="test", config=self._config)
        return self._clients[service]

    def call(self, service, operation, **params):
        method = re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()
        return getattr(self.client(service), method)(**params)

    def upload(self, path, bucket, key, content_type, cache_control):
        self.client("s3").put_object(Bucket=bucket, Key=key, Body=pathlib.Path(path).read_bytes(),
                                     ContentType=content_type, CacheControl=cache_control,
                                     ExpectedBucketOwner=self.owner)


class CliBackend:
    """The AWS CLI against a real account; with dry_run, prints the commands."""

    def __init__(self, region, dry_run, owner=None):
        self.region = region
        self.dry_run = dry_run
        # The account id: uploads name it (`--expected-bucket-owner`), so S3 refuses a bucket of
        # another account instead of storing our files in it.
        self.owner = owner

    def run(self, argv):
        line = " ".join(shlex.quote(a) for a in argv)
        if self.dry_run:
            print(f"    $ {line}")
            return {}
        done = subprocess.run(argv, capture_output=True, text=True)
        if done.returncode != 0:
            # The CLI's message names the AWS error code (BucketAlreadyOwnedByYou, …).
            raise RuntimeError(f"{line} failed: {done.stderr.strip()}")
        if "json" not in argv:
            # `cloudformation deploy` and `s3 cp` report progress as text.
            print(done.stdout.strip())
            return {}
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def call(self, service, operation, **params):
        service_cli = {"cognito-idp": "cognito-idp", "s3": "s3api"}.get(service, service)
        return self.run(["aws", service_cli, camel_to_kebab(operation), "--region", self.region,
                         "--output", "json", "--cli-input-json", json.dumps(params, sort_keys=True)])

    def upload(self, path, bucket, key, content_type, cache_control):
        path = pathlib.Path(path)
        shown = path.relative_to(ROOT) if path.is_absolute() and ROOT in path.parents else path
        owner = ["--expected-bucket-owner", self.owner] if self.owner else []
        self.run(["aws", "s3", "cp", str(shown), f"s3://{bucket}/{key}", "--region", self.region,
                  "--content-type", content_type, "--cache-control", cache_control, *owner])


def build_lambda(target):
    """Builds bootstrap and zips it; returns (zip path, content-hashed key)."""
    if target == "local":
        # The light `local-lambda` profile (Cargo.toml): never shipped, quick to compile.
        cmd = ["cargo", "build", "--profile", "local-lambda", "--locked", "-p", "portal-api"]
        binary = ROOT / "target" / "local-lambda" / "bootstrap"
    else:
        # Static musl binary for Lambda's arm64 Linux: `rustup target add aarch64-unknown-linux-musl`
        # and a linker for it (cargo-zigbuild or a cross gcc); see docs/deploy.md.
        cmd = ["cargo", "zigbuild", "--release", "--locked", "-p", "portal-api", "--target", "aarch64-unknown-linux-musl"]
        binary = ROOT / "target" / "aarch64-unknown-linux-musl" / "release" / "bootstrap"
    # The token trigger (#13) in the same cargo run: its binary is `token-trigger` (two `bootstrap`
    # binaries would overwrite each other in target/) and is zipped as `bootstrap`.
    cmd += ["-p", "portal-token-trigger"]
    return cmd, binary


def trigger_binary(api_binary):
    """The token trigger's binary, built beside the API's by build_lambda's command."""
    return api_binary.with_name("token-trigger")


def zip_lambda(binary, name="portal-api"):
    out_dir = LOCAL_DIR / "lambda"
    out_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(binary.read_bytes()).hexdigest()[:16]
    archive = out_dir / f"{name}-{digest}.zip"
    if not archive.exists():
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            info = zipfile.ZipInfo("bootstrap")
            info.external_attr = 0o755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, binary.read_bytes())
    return archive, f"lambda/{name}-{digest}.zip"


def stack_outputs(backend, stack):
    described = backend.call("cloudformation", "DescribeStacks", StackName=stack)
    stacks = described.get("Stacks") or [{}]
    return stacks[0].get("StackStatus", ""), {o["OutputKey"]: o["OutputValue"] for o in stacks[0].get("Outputs", [])}


def deploy_stack(backend, stack, parameters):
    """Creates or updates the stack and waits; returns its outputs."""
    if isinstance(backend, CliBackend):
        # `cloudformation deploy` creates or updates through a change set and waits.
        backend.run(["aws", "cloudformation", "deploy", "--region", backend.region, "--stack-name", stack,
                     "--template-file", str(TEMPLATE.relative_to(ROOT)), "--capabilities", "CAPABILITY_IAM",
                     "--no-fail-on-empty-changeset", "--parameter-overrides",
                     *[f"{k}={v}" for k, v in sorted(parameters.items())]])
        if backend.dry_run:
            backend.call("cloudformation", "DescribeStacks", StackName=stack)
            return {}
        return stack_outputs(backend, stack)[1]
    params = [{"ParameterKey": k, "ParameterValue": v} for k, v in sorted(parameters.items())]
    request = dict(StackName=stack, TemplateBody=TEMPLATE.read_text(encoding="utf-8"),
                   Parameters=params, Capabilities=["CAPABILITY_IAM"])
    try:
        backend.call("cloudformation", "DescribeStacks", StackName=stack)
        exists = True
    except Exception:  # noqa: BLE001 - "does not exist"
        exists = False
    try:
        backend.call("cloudformation", "UpdateStack" if exists else "CreateStack", **request)
    except Exception as exc:  # noqa: BLE001
        if "No updates are to be performed" not in str(exc):
            raise
    for _ in range(600):
        status, outputs = stack_outputs(backend, stack)
        if status.endswith("_COMPLETE") and "ROLLBACK" not in status:
            return outputs
        if status.endswith("FAILED") or "ROLLBACK" in status:
            sys.exit(f"stack {stack} ended in {status}")
        time.sleep(0.5)
    sys.exit(f"stack {stack} did not finish")


def upload_site(backend, bucket, config):
    if not (DIST / "index.html").exists():
        if getattr(backend, "dry_run", False):
            print("    (dist/ is not built yet: each of its files would be copied here)")
        else:
            sys.exit("dist/ has no index.html: build the portal first (trunk build --release)")
    count = 0
    for path in sorted(DIST.rglob("*")):
        if not path.is_file():
            continue
        # The .br/.gz siblings are for scripts/serve.py: S3 cannot choose by Accept-Encoding, and
        # CloudFront compresses (Compress: true, gzip and brotli in the cache policy).
        if assets.is_precompressed_sibling(path.name):
            continue
        key = path.relative_to(DIST).as_posix()
        # Hashed assets never change; index.html must be revalidated so a deploy shows at once.
        backend.upload(path, bucket, key, assets.content_type(path.name), assets.cache_control(path.name))
        count += 1
    config_path = LOCAL_DIR / "site-config.json"
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    backend.upload(config_path, bucket, "config.json", "application/json", "no-store")
    return count + 1


def ensure_user(backend, pool_id, user):
    attributes = [
        {"Name": "email", "Value": user["email"]},
        {"Name": "email_verified", "Value": "true"},
        {"Name": "given_name", "Value": user["given_name"]},
        {"Name": "family_name", "Value": user["family_name"]},
        {"Name": "name", "Value": f'{user["given_name"]} {user["family_name"]}'},
    ]
    if user.get("tenant"):
        attributes.append({"Name": "custom:tenant_id", "Value": user["tenant"]})
    try:
        backend.call("cognito-idp", "AdminGetUser", UserPoolId=pool_id, Username=user["email"])
        backend.call("cognito-idp", "AdminUpdateUserAttributes", UserPoolId=pool_id, Username=user["email"], UserAttributes=attributes)
    except Exception as exc:  # noqa: BLE001 - UserNotFoundException
        if "UserNotFound" not in str(exc):
            raise
        backend.call("cognito-idp", "AdminCreateUser", UserPoolId=pool_id, Username=user["email"],
                     UserAttributes=attributes, MessageAction="SUPPRESS")
    # Permanent, so the hosted UI signs in directly instead of asking for a new password.
    backend.call("cognito-idp", "AdminSetUserPassword", UserPoolId=pool_id, Username=user["email"],
                 Password=user["password"], Permanent=True)
    backend.call("cognito-idp", "AdminAddUserToGroup", UserPoolId=pool_id, Username=user["email"], GroupName=user["group"])


def ensure_test_client(backend, pool_id, portal_origins, seconds, name=TEST_CLIENT_NAME):
    """A second portal client with tokens living `seconds` (the emulator accepts seconds; Cognito's
    minimum is 5 minutes): for the session-lifecycle tests only, never in the template."""
    settings = dict(
        SupportedIdentityProviders=["COGNITO"], AllowedOAuthFlows=["code"], AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=PORTAL_SCOPES,
        CallbackURLs=[f"{o}/callback" for o in portal_origins], LogoutURLs=[f"{o}/" for o in portal_origins],
        EnableTokenRevocation=True, PreventUserExistenceErrors="ENABLED", ExplicitAuthFlows=PORTAL_EXPLICIT_AUTH_FLOWS,
        RefreshTokenRotation=PORTAL_REFRESH_TOKEN_ROTATION,
        ReadAttributes=PORTAL_READ_ATTRIBUTES, WriteAttributes=PORTAL_WRITE_ATTRIBUTES,
        IdTokenValidity=seconds, AccessTokenValidity=seconds,
        TokenValidityUnits={"IdToken": "seconds", "AccessToken": "seconds", "RefreshToken": "days"},
    )
    listed = backend.call("cognito-idp", "ListUserPoolClients", UserPoolId=pool_id, MaxResults=60)
    for client in listed.get("UserPoolClients", []):
        if client["ClientName"] == name:
            backend.call("cognito-idp", "UpdateUserPoolClient", UserPoolId=pool_id, ClientId=client["ClientId"],
                         ClientName=name, **settings)
            return client["ClientId"]
    created = backend.call("cognito-idp", "CreateUserPoolClient", UserPoolId=pool_id, ClientName=name,
                           GenerateSecret=False, **settings)
    return created["UserPoolClient"]["ClientId"]


def account_config(pool):
    """`selfSignUp` and `passwordPolicy` for /config.json, from the pool as DescribeUserPool
    describes it. A pool whose description is missing (a dry run) gets no sign-up link and
    Cognito's default policy, the strict side of both."""
    admin_only = (pool.get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly")
    config = {"selfSignUp": admin_only is False}
    policy = (pool.get("Policies") or {}).get("PasswordPolicy")
    if policy:
        config["passwordPolicy"] = {
            "minLength": int(policy.get("MinimumLength", 8)),
            "requireLowercase": bool(policy.get("RequireLowercase", False)),
            "requireUppercase": bool(policy.get("RequireUppercase", False)),
            "requireNumbers": bool(policy.get("RequireNumbers", False)),
            "requireSymbols": bool(policy.get("RequireSymbols", False)),
        }
    return config


def describe_pool(backend, pool_id):
    """The pool as DescribeUserPool says ({} on a dry run)."""
    return backend.call("cognito-idp", "DescribeUserPool", UserPoolId=pool_id).get("UserPool") or {}


def portal_config(outputs, origin, local_endpoint=None, pool=None, identity_providers=None):
    """The /config.json for a portal served from `origin`; `pool` is DescribeUserPool's UserPool.
    `identity_providers` (the local target's IdP) or else the stack's CorporateIdpName output
    become `identityProviders`, the "Sign in with …" buttons."""
    config = {
        "region": outputs["Region"],
        "userPoolId": outputs["UserPoolId"],
        "clientId": outputs["PortalClientId"],
        "hostedUiBaseUrl": outputs["HostedUiBaseUrl"],
        "redirectUri": f"{origin}/callback",
        "logoutUri": f"{origin}/",
        "apiBaseUrl": outputs["ApiBaseUrl"],
        "apiClientId": outputs["ApiClientId"],
        "scopes": PORTAL_SCOPES,
        **account_config(pool or {}),
    }
    if identity_providers is None and outputs.get("CorporateIdpName"):
        identity_providers = [{"name": outputs["CorporateIdpName"], "label": outputs["CorporateIdpName"]}]
    if identity_providers:
        config["identityProviders"] = identity_providers
    if outputs.get("MachineClientId"):
        # The machine client's id only (the API access page's snippet); its secret never.
        config["machineClientId"] = outputs["MachineClientId"]
    if local_endpoint:
        # The emulator serves the hosted UI and OAuth endpoints at its gateway root, the JWKS
        # under /<poolId>/, and the API under /_aws/execute-api/<apiId>/<stage>.
        config["hostedUiBaseUrl"] = local_endpoint
        config["endpoints"] = {"jwks": f'{local_endpoint}/{outputs["UserPoolId"]}/.well-known/jwks.json',
                               "idp": f"{local_endpoint}/"}
        config["apiBaseUrl"] = f'{local_endpoint}/_aws/execute-api/{outputs["RestApiId"]}/{outputs["StageName"]}'
    return config


def write_machine_client(backend, outputs):
    """Local only: the machine client's id and secret to .local/machine-client.json (mode 0600) for
    the tests and the API access page's snippet. On AWS an administrator reads the secret with
    `aws cognito-idp describe-user-pool-client`; it is never in /config.json or the portal."""
    client = backend.call("cognito-idp", "DescribeUserPoolClient", UserPoolId=outputs["UserPoolId"],
                          ClientId=outputs["MachineClientId"])["UserPoolClient"]
    path = LOCAL_DIR / "machine-client.json"
    LOCAL_DIR.mkdir(exist_ok=True)
    # A new file that only its owner can read, made before the secret is written (O_EXCL: never
    # an existing file, whose looser mode os.open would keep), then moved over the old one.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"clientId": client["ClientId"], "clientSecret": client["ClientSecret"]}, f)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    say(f"machine client {client['ClientId']}: its secret is in {path.relative_to(ROOT)} (mode 0600)")


def deploy_local(args):
    started = time.time()
    endpoint = os.environ.get("AWS_ENDPOINT", "http://127.0.0.1:4566").rstrip("/")
    portal = os.environ.get("PORTAL_ORIGIN", "http://127.0.0.1:8080").rstrip("/")
    backend = LocalBackend(endpoint, "us-east-1")
    stack = "customer-portal-local"

    cmd, binary = build_lambda("local")
    say("building the Lambda for this machine: " + " ".join(cmd))
    subprocess.run(cmd, check=True, cwd=ROOT)
    archive, key = zip_lambda(binary)
    trigger_archive, trigger_key = zip_lambda(trigger_binary(binary), "token-trigger")
    artifacts = "customer-portal-local-artifacts"
    ensure_bucket(backend, artifacts, "us-east-1", backend.owner)
    for path, object_key in [(archive, key), (trigger_archive, trigger_key)]:
        backend.upload(path, artifacts, object_key, "application/zip", "no-store")
        say(f"uploaded {path.name} ({path.stat().st_size} bytes) to s3://{artifacts}/{object_key}")

    parameters = {
        "DomainPrefix": LOCAL_DOMAIN_PREFIX,
        "LambdaCodeBucket": artifacts,
        "LambdaCodeKey": key,
        "LambdaArchitecture": "x86_64",
        "PortalOrigin": portal,
        "ExtraConnectSrc": endpoint,
        "ViewerProtocolPolicy": "allow-all",
        "TriggerCodeKey": trigger_key,
        "TenantScopes": LOCAL_TENANT_SCOPES,
        "ProviderTenants": LOCAL_PROVIDER_TENANTS,
        "MachineClientTenant": LOCAL_MACHINE_CLIENT_TENANT,
        "LocalEndpoint": endpoint,
    }
    say(f"creating or updating stack {stack}")
    outputs = deploy_stack(backend, stack, parameters)
    label = outputs["DistributionDomainName"].split(".")[0]
    cloudfront = f"http://{label}.cloudfront.localhost:{endpoint.rsplit(':', 1)[-1]}"
    say(f"updating the stack with the emulated CloudFront origin {cloudfront}")
    outputs = deploy_stack(backend, stack, {**parameters, "ExtraPortalOrigin": cloudfront})
    backend.call("apigateway", "CreateDeployment", restApiId=outputs["RestApiId"], stageName=outputs["StageName"],
                 description="deploy.py local")
    say(f"redeployed API {outputs['RestApiId']} stage {outputs['StageName']}")

    pool = describe_pool(backend, outputs["UserPoolId"])
    providers = corporate_idp.local_corporate_idp(backend, outputs["UserPoolId"], outputs["PortalClientId"])
    count = upload_site(backend, outputs["SiteBucketName"], portal_config(outputs, cloudfront, endpoint, pool, providers))
    say(f"uploaded the site ({count} files) to s3://{outputs['SiteBucketName']}")
    for user in DEMO_USERS:
        ensure_user(backend, outputs["UserPoolId"], user)
    say("seeded " + ", ".join(f'{u["email"]} ({u["group"]}, tenant {u["tenant"] or "none"})' for u in DEMO_USERS))
    write_machine_client(backend, outputs)

    config = portal_config(outputs, portal, endpoint, pool, providers)
    LOCAL_DIR.mkdir(exist_ok=True)
    (LOCAL_DIR / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    (LOCAL_DIR / "stack-outputs.json").write_text(json.dumps({**outputs, "CloudFrontUrl": cloudfront}, indent=2) + "\n", encoding="utf-8")
    if args.test_client:
        seconds = int(os.environ.get("TEST_TOKEN_SECONDS", "120"))
        client = ensure_test_client(backend, outputs["UserPoolId"], [portal, cloudfront], seconds)
        pathlib.Path(args.test_client).write_text(json.dumps({**config, "clientId": client}, indent=2) + "\n", encoding="utf-8")
        say(f"test-only client {client} with {seconds} s tokens: {args.test_client}")
        # Tokens that expire at the API while a test holds the page's clock: the 401 path.
        expiring = ensure_test_client(backend, outputs["UserPoolId"], [portal, cloudfront], EXPIRING_SECONDS,
                                      EXPIRING_CLIENT_NAME)
        expiring_path = pathlib.Path(args.test_client).with_name("config.expiring.json")
        expiring_path.write_text(json.dumps({**config, "clientId": expiring}, indent=2) + "\n", encoding="utf-8")
        say(f"test-only client {expiring} with {EXPIRING_SECONDS} s tokens: {expiring_path}")
    say(f"local deploy done in {time.time() - started:.1f} s; portal {portal} and {cloudfront}")


def deploy_aws(args):
    backend = CliBackend(args.region, args.dry_run, args.account or "<account-id>")
    stack = args.stack_name
    check_tenant_settings(backend, stack, args)
    cmd, binary = build_lambda("aws")
    say("building the Lambda for Lambda's arm64 Linux")
    if args.dry_run:
        print("    $ " + " ".join(cmd))
        key = "lambda/portal-api-<sha256 of bootstrap>.zip"
        archive = pathlib.Path(".local/lambda/portal-api-<sha256>.zip")
        trigger_key = "lambda/token-trigger-<sha256 of token-trigger>.zip"
        trigger_archive = pathlib.Path(".local/lambda/token-trigger-<sha256>.zip")
    else:
        subprocess.run(cmd, check=True, cwd=ROOT)
        archive, key = zip_lambda(binary)
        trigger_archive, trigger_key = zip_lambda(trigger_binary(binary), "token-trigger")
    account = args.account or "<account-id>"
    artifacts = f"{stack}-artifacts-{account}-<random>" if args.dry_run else artifacts_bucket(backend, stack, account)
    say(f"artifacts bucket {artifacts}, owned by account {account}")
    ensure_bucket(backend, artifacts, args.region, account)
    backend.upload(archive, artifacts, key, "application/zip", "no-store")
    backend.upload(trigger_archive, artifacts, trigger_key, "application/zip", "no-store")
    parameters = {
        "DomainPrefix": args.domain_prefix,
        "LambdaCodeBucket": artifacts,
        "LambdaCodeKey": key,
        "LambdaArchitecture": "arm64",
        "TriggerCodeKey": trigger_key,
    }
    if args.tenant_scopes is not None:
        parameters["TenantScopes"] = args.tenant_scopes
    if args.provider_tenants is not None:
        parameters["ProviderTenants"] = args.provider_tenants
    if args.machine_client_tenant is not None:
        parameters["MachineClientTenant"] = args.machine_client_tenant
    say(f"creating or updating stack {stack} (waits for CloudFront, 5-15 min)")
    outputs = deploy_stack(backend, stack, parameters)
    if args.dry_run:
        outputs = {k: f"<{k}>" for k in ["Region", "UserPoolId", "PortalClientId", "ApiClientId", "HostedUiBaseUrl",
                                         "RestApiId", "StageName", "ApiBaseUrl", "SiteBucketName", "DistributionId",
                                         "DistributionDomainName", "PortalUrl", "MachineClientId"]}
    say("redeploying the API stage")
    backend.call("apigateway", "CreateDeployment", restApiId=outputs["RestApiId"], stageName=outputs["StageName"],
                 description="deploy.py aws")
    say("reading the pool's password policy and sign-up setting for /config.json")
    pool = describe_pool(backend, outputs["UserPoolId"])
    say("uploading the site with its /config.json")
    config = portal_config(outputs, outputs["PortalUrl"], pool=pool)
    if args.dry_run:
        print("    config.json: " + json.dumps(config))
    upload_site(backend, outputs["SiteBucketName"], config)
    say("invalidating CloudFront's copy of index.html and config.json")
    backend.call("cloudfront", "CreateInvalidation", DistributionId=outputs["DistributionId"],
                 InvalidationBatch={"Paths": {"Quantity": 2, "Items": ["/index.html", "/config.json"]},
                                    "CallerReference": "deploy-<timestamp>" if args.dry_run else str(int(time.time()))})
    say(f"done: {outputs['PortalUrl']} (create users with the Cognito console or AdminCreateUser; no demo users on AWS)")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="target", required=True)
    local = sub.add_parser("local", help="deploy to the local emulator")
    local.add_argument("--test-client", metavar="FILE", help="also seed the test-only short-lived clients (120 s and 6 s tokens); "
                       "write the first's config to FILE and the second's beside it as config.expiring.json")
    aws = sub.add_parser("aws", help="deploy to AWS with the AWS CLI")
    aws.add_argument("--domain-prefix", required=True, help="Cognito managed-login domain prefix (globally unique)")
    aws.add_argument("--stack-name", default="customer-portal")
    aws.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    aws.add_argument("--account", help="AWS account id, for the artifacts bucket name (default: from `aws sts get-caller-identity`)")
    aws.add_argument("--dry-run", action="store_true", help="print the commands instead of running them")
    aws.add_argument("--tenant-scopes", help="the organisations served and their API access, e.g. "
                     "'acme=read+write,initech=read' (template parameter TenantScopes; kept as deployed when omitted)")
    aws.add_argument("--machine-client-tenant", help="the organisation the machine client (client credentials) reads; "
                     "it must be in --tenant-scopes (template parameter MachineClientTenant; empty: no machine client; "
                     "kept as deployed when omitted)")
    aws.add_argument("--provider-tenants", help="the organisation each corporate identity provider may sign people in for, "
                     "e.g. 'Globex=globex' (template parameter ProviderTenants; kept as deployed when omitted)")
    args = parser.parse_args(argv)
    if args.target == "local":
        deploy_local(args)
    else:
        if not args.account and not args.dry_run:
            args.account = CliBackend(args.region, False).run(["aws", "sts", "get-caller-identity", "--output", "json"])["Account"]
        deploy_aws(args)


if __name__ == "__main__":
    main(sys.argv[1:])

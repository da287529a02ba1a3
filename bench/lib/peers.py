#!/usr/bin/env python3
"""Gives the bench's peer apps their place on the local stack deployed by deploy.py local.

  peers.py ORIGIN [ORIGIN ...]

- one Cognito app client for all peers ("bench-peers"): the portal client's OAuth settings
  (read from the pool, not restated), with the peers' /callback and / as its URLs;
- the API's CORS: the Lambda's ALLOWED_ORIGINS gets the peers' origins (the template builds it
  from PortalOrigin and ExtraPortalOrigin, and deploy.py local fills both, so there is no
  parameter left for a third origin: the bench updates the function's environment directly);
- for each origin, .local/bench/peer-<port>.config.json: the portal's config with the peers'
  client id and that origin's redirect and logout URLs, served to the peer as /config.json.

Reads .local/config.json and .local/stack-outputs.json; talks to AWS_ENDPOINT through boto3.
Local emulator only.
"""
import json
import os
import pathlib
import sys
import time

import boto3
from botocore.config import Config

ROOT = pathlib.Path(__file__).resolve().parents[2]
LOCAL = ROOT / ".local"
CLIENT_NAME = "bench-peers"
STACK = "customer-portal-local"
# What an app client's description holds that is not a setting CreateUserPoolClient takes.
NOT_SETTINGS = {"UserPoolId", "ClientId", "ClientName", "ClientSecret", "CreationDate", "LastModifiedDate",
                "CallbackURLs", "LogoutURLs", "DefaultRedirectURI"}


def client(service):
    return boto3.client(service, endpoint_url=os.environ["AWS_ENDPOINT"], region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"max_attempts": 2}))


def ensure_peer_client(cognito, pool_id, portal_client_id, origins):
    """Creates (or updates) the peers' client with the portal client's settings."""
    portal = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=portal_client_id)["UserPoolClient"]
    settings = {k: v for k, v in portal.items() if k not in NOT_SETTINGS}
    settings.update(CallbackURLs=[f"{o}/callback" for o in origins], LogoutURLs=[f"{o}/" for o in origins])
    for listed in cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]:
        if listed["ClientName"] == CLIENT_NAME:
            cognito.update_user_pool_client(UserPoolId=pool_id, ClientId=listed["ClientId"], ClientName=CLIENT_NAME, **settings)
            return listed["ClientId"]
    created = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName=CLIENT_NAME, GenerateSecret=False, **settings)
    return created["UserPoolClient"]["ClientId"]


def allow_origins(origins):
    """Adds the origins to the API Lambda's ALLOWED_ORIGINS; returns the new list."""
    function = client("cloudformation").describe_stack_resource(
        StackName=STACK, LogicalResourceId="ApiFunction")["StackResourceDetail"]["PhysicalResourceId"]
    lam = client("lambda")
    variables = lam.get_function_configuration(FunctionName=function).get("Environment", {}).get("Variables", {})
    allowed = [o for o in variables.get("ALLOWED_ORIGINS", "").split(",") if o]
    allowed += [o for o in origins if o not in allowed]
    lam.update_function_configuration(FunctionName=function,
                                      Environment={"Variables": {**variables, "ALLOWED_ORIGINS": ",".join(allowed)}})
    for _ in range(100):
        if lam.get_function_configuration(FunctionName=function).get("LastUpdateStatus", "Successful") == "Successful":
            break
        time.sleep(0.1)
    return allowed


def main(origins):
    if not origins:
        sys.exit("usage: peers.py ORIGIN [ORIGIN ...]")
    config = json.loads((LOCAL / "config.json").read_text(encoding="utf-8"))
    outputs = json.loads((LOCAL / "stack-outputs.json").read_text(encoding="utf-8"))
    client_id = ensure_peer_client(client("cognito-idp"), outputs["UserPoolId"], outputs["PortalClientId"], origins)
    allowed = allow_origins(origins)
    out = LOCAL / "bench"
    out.mkdir(parents=True, exist_ok=True)
    for origin in origins:
        port = origin.rsplit(":", 1)[-1]
        peer = {**config, "clientId": client_id, "redirectUri": f"{origin}/callback", "logoutUri": f"{origin}/"}
        (out / f"peer-{port}.config.json").write_text(json.dumps(peer, indent=2) + "\n", encoding="utf-8")
    print(f"==> peers' app client {client_id}; the API allows {', '.join(allowed)}", flush=True)


if __name__ == "__main__":
    main([o.rstrip("/") for o in sys.argv[1:]])

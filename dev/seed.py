#!/usr/bin/env python3
"""Seed the local Cognito (ministack) through the normal AWS APIs and write /config.json.

Idempotent: an existing pool with the same name is reused, and every step below checks before it
creates. Prints the config path. Only boto3 calls; nothing reaches into the emulator's internals.

Environment: AWS_ENDPOINT (default http://127.0.0.1:4566), PORTAL_ORIGIN (default
http://127.0.0.1:8080), CONFIG_OUT (default .local/config.json). With TEST_CLIENT_CONFIG_OUT set,
also seeds a test-only app client whose ID and access tokens live TEST_TOKEN_SECONDS (default
120; the emulator accepts seconds, Cognito's minimum is 5 minutes) and writes its config there.
"""
import json
import os
import pathlib
import sys

import boto3
from botocore.config import Config as BotoConfig

ENDPOINT = os.environ.get("AWS_ENDPOINT", "http://127.0.0.1:4566").rstrip("/")
PORTAL = os.environ.get("PORTAL_ORIGIN", "http://127.0.0.1:8080").rstrip("/")
CONFIG_OUT = pathlib.Path(os.environ.get("CONFIG_OUT", ".local/config.json"))
REGION = "us-east-1"
POOL_NAME = "customer-portal-local"
CLIENT_NAME = "customer-portal-spa"
TEST_CLIENT_NAME = "customer-portal-spa-short-lived-tests-only"
TEST_CLIENT_CONFIG_OUT = os.environ.get("TEST_CLIENT_CONFIG_OUT")
TEST_TOKEN_SECONDS = int(os.environ.get("TEST_TOKEN_SECONDS", "120"))
DOMAIN_PREFIX = "customer-portal-local"
DEMO_USERS = [
    {
        "email": "demo@example.com",
        "password": "Demo-Passw0rd!",
        "given_name": "Dana",
        "family_name": "Demo",
        "groups": ["customers"],
    },
]
GROUPS = {"customers": "Customers of the portal"}

cognito = boto3.client(
    "cognito-idp",
    endpoint_url=ENDPOINT,
    region_name=REGION,
    aws_access_key_id="test",
    aws_secret_access_key="test",
    config=BotoConfig(retries={"max_attempts": 2}),
)


def find_pool():
    for page in cognito.get_paginator("list_user_pools").paginate(MaxResults=60):
        for pool in page["UserPools"]:
            if pool["Name"] == POOL_NAME:
                return pool["Id"]
    return None


def ensure_pool():
    pool_id = find_pool()
    if pool_id:
        return pool_id
    pool = cognito.create_user_pool(
        PoolName=POOL_NAME,
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 12,
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireSymbols": True,
            }
        },
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
            {"Name": "given_name", "AttributeDataType": "String", "Mutable": True},
            {"Name": "family_name", "AttributeDataType": "String", "Mutable": True},
        ],
    )
    return pool["UserPool"]["Id"]


def ensure_domain(pool_id):
    described = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    if not described.get("Domain"):
        cognito.create_user_pool_domain(Domain=DOMAIN_PREFIX, UserPoolId=pool_id)


def ensure_client(pool_id, name=CLIENT_NAME, token_seconds=None):
    settings = dict(
        ClientName=name,
        SupportedIdentityProviders=["COGNITO"],
        AllowedOAuthFlows=["code"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=["openid", "email", "profile"],
        CallbackURLs=[f"{PORTAL}/callback"],
        LogoutURLs=[f"{PORTAL}/"],
        EnableTokenRevocation=True,
        PreventUserExistenceErrors="ENABLED",
        ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH"],
    )
    if token_seconds:
        settings.update(
            IdTokenValidity=token_seconds,
            AccessTokenValidity=token_seconds,
            TokenValidityUnits={"IdToken": "seconds", "AccessToken": "seconds", "RefreshToken": "days"},
        )
    for page in cognito.get_paginator("list_user_pool_clients").paginate(UserPoolId=pool_id, MaxResults=60):
        for client in page["UserPoolClients"]:
            if client["ClientName"] == name:
                settings.pop("ClientName")
                cognito.update_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"], ClientName=name, **settings)
                return client["ClientId"]
    created = cognito.create_user_pool_client(UserPoolId=pool_id, GenerateSecret=False, **settings)
    return created["UserPoolClient"]["ClientId"]


def ensure_groups(pool_id):
    existing = {g["GroupName"] for g in cognito.list_groups(UserPoolId=pool_id).get("Groups", [])}
    for name, description in GROUPS.items():
        if name not in existing:
            cognito.create_group(UserPoolId=pool_id, GroupName=name, Description=description)


def ensure_user(pool_id, user):
    attributes = [
        {"Name": "email", "Value": user["email"]},
        {"Name": "email_verified", "Value": "true"},
        {"Name": "given_name", "Value": user["given_name"]},
        {"Name": "family_name", "Value": user["family_name"]},
        {"Name": "name", "Value": f'{user["given_name"]} {user["family_name"]}'},
    ]
    try:
        cognito.admin_get_user(UserPoolId=pool_id, Username=user["email"])
        cognito.admin_update_user_attributes(UserPoolId=pool_id, Username=user["email"], UserAttributes=attributes)
    except cognito.exceptions.UserNotFoundException:
        cognito.admin_create_user(
            UserPoolId=pool_id,
            Username=user["email"],
            UserAttributes=attributes,
            MessageAction="SUPPRESS",
        )
    # Permanent, so the hosted UI signs in directly instead of asking for a new password.
    cognito.admin_set_user_password(UserPoolId=pool_id, Username=user["email"], Password=user["password"], Permanent=True)
    for group in user["groups"]:
        cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=user["email"], GroupName=group)


def main():
    pool_id = ensure_pool()
    ensure_domain(pool_id)
    client_id = ensure_client(pool_id)
    ensure_groups(pool_id)
    for user in DEMO_USERS:
        ensure_user(pool_id, user)
    config = {
        "region": REGION,
        "userPoolId": pool_id,
        "clientId": client_id,
        # ministack serves the hosted UI and OAuth endpoints at its gateway root, and the JWKS
        # under /<poolId>/, while the issuer stays the AWS URL: hence the JWKS override.
        "hostedUiBaseUrl": ENDPOINT,
        "endpoints": {"jwks": f"{ENDPOINT}/{pool_id}/.well-known/jwks.json"},
        "redirectUri": f"{PORTAL}/callback",
        "logoutUri": f"{PORTAL}/",
    }
    CONFIG_OUT.parent.mkdir(parents=True, exist_ok=True)
    CONFIG_OUT.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(f"seeded pool {pool_id}, client {client_id}; wrote {CONFIG_OUT}")
    if TEST_CLIENT_CONFIG_OUT:
        test_client = ensure_client(pool_id, TEST_CLIENT_NAME, TEST_TOKEN_SECONDS)
        out = pathlib.Path(TEST_CLIENT_CONFIG_OUT)
        out.write_text(json.dumps({**config, "clientId": test_client}, indent=2) + "\n", encoding="utf-8")
        print(f"seeded test client {test_client} ({TEST_TOKEN_SECONDS} s tokens); wrote {out}")


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # noqa: BLE001 - one clear line for the run script
        sys.exit(f"seed failed: {exc}")

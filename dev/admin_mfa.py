#!/usr/bin/env python3
"""Authenticator apps (TOTP) for admins, through the Cognito API (boto3).

  admin_mfa.py enrol EMAIL PASSWORD [--out FILE]  enrol a TOTP authenticator for the user and
                                                   make it preferred; prints the secret and the
                                                   otpauth:// URI (and writes them to FILE)
  admin_mfa.py code SECRET_OR_FILE                 the current 6-digit code for a secret
  admin_mfa.py audit                               lists the members of `admins` without an
                                                   authenticator; exit status 1 if there is one

Enrolment goes the way a user's own would (the pool's MFA is OPTIONAL, so only the user can add
an authenticator): InitiateAuth (USER_PASSWORD_AUTH on the API-access client) for an access
token, AssociateSoftwareToken for a secret, VerifySoftwareToken with a code computed here,
SetUserMFAPreference to make it the preferred factor. From then on Cognito asks that user for a
code at every sign-in (on AWS; locally only InitiateAuth asks, as the emulator's hosted UI never
does). A user already enrolled is reset first (AdminSetUserMFAPreference), so a redeploy gives a
fresh secret instead of failing at the challenge.

Reads the pool and API client ids from CONFIG_PATH (default .local/config.json) and the endpoint
from AWS_ENDPOINT (default http://127.0.0.1:4566). `audit` is read-only and also works against
AWS with AWS_ENDPOINT=aws and the usual AWS credentials.
"""
import base64
import hashlib
import hmac
import json
import os
import struct
import sys
import time
import urllib.parse

import boto3

ENDPOINT = os.environ.get("AWS_ENDPOINT", "http://127.0.0.1:4566")
CONFIG_PATH = os.environ.get("CONFIG_PATH", ".local/config.json")
ISSUER = "Customer Portal"
STEP = 30


def totp(secret, at=None, step_offset=0):
    """RFC 6238 with Cognito's parameters: SHA-1, 6 digits, 30-second steps."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // STEP) + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def otpauth_uri(secret, account):
    label = urllib.parse.quote(f"{ISSUER}:{account}")
    query = urllib.parse.urlencode({"secret": secret, "issuer": ISSUER}, quote_via=urllib.parse.quote)
    return f"otpauth://totp/{label}?{query}"


def client(region="us-east-1"):
    if ENDPOINT == "aws":
        return boto3.client("cognito-idp", region_name=region)
    return boto3.client("cognito-idp", endpoint_url=ENDPOINT, region_name=region,
                        aws_access_key_id="test", aws_secret_access_key="test")


def enrol(cognito, pool_id, api_client_id, email, password):
    """Enrols a fresh TOTP secret for the user and makes it preferred; returns the secret."""
    cognito.admin_set_user_mfa_preference(UserPoolId=pool_id, Username=email,
                                          SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False})
    signed_in = cognito.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=api_client_id,
                                      AuthParameters={"USERNAME": email, "PASSWORD": password})
    if "AuthenticationResult" not in signed_in:
        sys.exit(f"{email}: Cognito asked for {signed_in.get('ChallengeName')} instead of signing in")
    access_token = signed_in["AuthenticationResult"]["AccessToken"]
    secret = cognito.associate_software_token(AccessToken=access_token)["SecretCode"]
    verified = cognito.verify_software_token(AccessToken=access_token, UserCode=totp(secret),
                                             FriendlyDeviceName="dev/admin_mfa.py")
    if verified.get("Status") != "SUCCESS":
        sys.exit(f"{email}: VerifySoftwareToken answered {verified.get('Status')}")
    cognito.set_user_mfa_preference(AccessToken=access_token,
                                    SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    return secret


def has_authenticator(user):
    return "SOFTWARE_TOKEN_MFA" in (user.get("UserMFASettingList") or [])


def admins_without_authenticator(cognito, pool_id):
    missing = []
    for page in cognito.get_paginator("list_users_in_group").paginate(UserPoolId=pool_id, GroupName="admins"):
        for member in page["Users"]:
            user = cognito.admin_get_user(UserPoolId=pool_id, Username=member["Username"])
            if not has_authenticator(user):
                email = next((a["Value"] for a in member.get("Attributes", []) if a["Name"] == "email"), "")
                missing.append(f'{member["Username"]} {email}'.strip())
    return missing


def read_secret(value):
    if os.path.isfile(value):
        return json.load(open(value, encoding="utf-8"))["secret"]
    return value


def main(argv):
    if not argv:
        sys.exit(__doc__)
    command, args = argv[0], argv[1:]
    if command == "code" and len(args) == 1:
        print(totp(read_secret(args[0])))
        return
    config = json.load(open(CONFIG_PATH, encoding="utf-8"))
    cognito = client(config["region"])
    if command == "enrol" and len(args) in (2, 4) and (len(args) == 2 or args[2] == "--out"):
        email, password = args[0], args[1]
        secret = enrol(cognito, config["userPoolId"], config["apiClientId"], email, password)
        record = {"account": email, "secret": secret, "otpauth": otpauth_uri(secret, email)}
        if len(args) == 4:
            with open(os.open(args[3], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
                json.dump(record, out, indent=2)
                out.write("\n")
        print(f"{email}: authenticator enrolled; secret {secret}")
        print(f"  {record['otpauth']}")
    elif command == "audit" and not args:
        missing = admins_without_authenticator(cognito, config["userPoolId"])
        for line in missing:
            print(f"admin without an authenticator: {line}")
        if missing:
            sys.exit(1)
        print("every member of admins has an authenticator")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Test-only user administration on the local Cognito, through the AWS API (boto3).

  admin.py create-user EMAIL PASSWORD GIVEN FAMILY [TENANT]
                                                     create (or reset) a confirmed user of the
                                                     organisation TENANT (default acme: the token
                                                     trigger refuses a user without one, #13)
  admin.py set-attribute EMAIL NAME VALUE            AdminUpdateUserAttributes
  admin.py revoke-token CLIENT_ID REFRESH_TOKEN      RevokeToken (ends that session)
  admin.py add-to-group EMAIL GROUP                  AdminAddUserToGroup (admins, customers)
  admin.py describe-user EMAIL                       AdminGetUser as JSON: attributes, MFA (issue #12)
  admin.py mfa-off EMAIL                             AdminSetUserMFAPreference: TOTP off (issue #12)
  admin.py delete-user EMAIL                         AdminDeleteUser (a throwaway user; absent is fine)

Reads the pool id from CONFIG_PATH (default .local/config.json) and the endpoint from
AWS_ENDPOINT (default http://127.0.0.1:4566).
"""
import json
import os
import sys

import boto3

ENDPOINT = os.environ.get("AWS_ENDPOINT", "http://127.0.0.1:4566")
CONFIG_PATH = os.environ.get("CONFIG_PATH", ".local/config.json")


def client():
    return boto3.client("cognito-idp", endpoint_url=ENDPOINT, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def main(argv):
    pool_id = json.load(open(CONFIG_PATH, encoding="utf-8"))["userPoolId"]
    cognito = client()
    command, args = argv[0], argv[1:]
    if command == "create-user":
        email, password, given, family = args[:4]
        tenant = args[4] if len(args) > 4 else "acme"
        try:
            cognito.admin_create_user(UserPoolId=pool_id, Username=email, MessageAction="SUPPRESS", UserAttributes=[
                {"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"},
                {"Name": "given_name", "Value": given}, {"Name": "family_name", "Value": family},
                {"Name": "custom:tenant_id", "Value": tenant}])
        except cognito.exceptions.UsernameExistsException:
            pass
        cognito.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=password, Permanent=True)
    elif command == "set-attribute":
        email, name, value = args
        cognito.admin_update_user_attributes(UserPoolId=pool_id, Username=email,
                                             UserAttributes=[{"Name": name, "Value": value}])
    elif command == "revoke-token":
        client_id, token = args
        cognito.revoke_token(ClientId=client_id, Token=token)
    elif command == "add-to-group":
        email, group = args
        cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=email, GroupName=group)
    elif command == "describe-user":
        (email,) = args
        user = cognito.admin_get_user(UserPoolId=pool_id, Username=email)
        print(json.dumps({
            "attributes": {a["Name"]: a.get("Value", "") for a in user.get("UserAttributes", [])},
            "mfa": user.get("UserMFASettingList") or [],
            "preferredMfa": user.get("PreferredMfaSetting") or None,
            "enabled": user.get("Enabled"),
        }))
    elif command == "mfa-off":
        (email,) = args
        cognito.admin_set_user_mfa_preference(UserPoolId=pool_id, Username=email, SoftwareTokenMfaSettings={
            "Enabled": False, "PreferredMfa": False})
    elif command == "delete-user":
        (email,) = args
        try:
            cognito.admin_delete_user(UserPoolId=pool_id, Username=email)
        except cognito.exceptions.UserNotFoundException:
            pass
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

//! Tests of `request`: each operation's target and exact JSON body, and no secret in `Debug`.

use super::*;
use crate::account::attributes::AttributeUpdate;
use serde_json::json;

fn token() -> AccessToken {
    AccessToken::new("eyJ.access.token")
}

fn body(request: &AccountRequest) -> Value {
    serde_json::from_str(request.body()).unwrap()
}

#[test]
fn every_operation_names_its_target() {
    let targets: Vec<&str> = Operation::ALL.iter().map(|o| o.target()).collect();
    assert_eq!(
        targets,
        [
            "AWSCognitoIdentityProviderService.GetUser",
            "AWSCognitoIdentityProviderService.UpdateUserAttributes",
            "AWSCognitoIdentityProviderService.ChangePassword",
            "AWSCognitoIdentityProviderService.AssociateSoftwareToken",
            "AWSCognitoIdentityProviderService.VerifySoftwareToken",
            "AWSCognitoIdentityProviderService.SetUserMFAPreference",
            "AWSCognitoIdentityProviderService.GlobalSignOut",
            "AWSCognitoIdentityProviderService.DeleteUser",
            "AWSCognitoIdentityProviderService.GetUserAttributeVerificationCode",
            "AWSCognitoIdentityProviderService.VerifyUserAttribute",
        ]
    );
    assert_eq!(
        Operation::SetUserMfaPreference.name(),
        "SetUserMFAPreference"
    );
    assert_eq!(
        crate::account::operation::CONTENT_TYPE,
        "application/x-amz-json-1.1"
    );
    for operation in Operation::ALL {
        assert!(!operation.describe().is_empty());
    }
}

#[test]
fn token_only_calls_send_just_the_access_token() {
    for (request, operation) in [
        (get_user(&token()), Operation::GetUser),
        (
            associate_software_token(&token()),
            Operation::AssociateSoftwareToken,
        ),
        (global_sign_out(&token()), Operation::GlobalSignOut),
        (delete_user(&token()), Operation::DeleteUser),
    ] {
        assert_eq!(request.operation(), operation);
        assert_eq!(request.target(), operation.target());
        assert_eq!(body(&request), json!({ "AccessToken": "eyJ.access.token" }));
    }
}

#[test]
fn update_user_attributes_sends_the_checked_changes_in_order() {
    let updates = [
        AttributeUpdate::new("given_name", " Dana ").unwrap(),
        AttributeUpdate::new("email", "new@example.com").unwrap(),
    ];
    let changes = AttributeChanges::new(updates.to_vec()).unwrap();
    let request = update_user_attributes(&token(), &changes);
    assert_eq!(
        body(&request),
        json!({
            "AccessToken": "eyJ.access.token",
            "UserAttributes": [
                { "Name": "given_name", "Value": "Dana" },
                { "Name": "email", "Value": "new@example.com" },
            ],
        })
    );
}

#[test]
fn a_value_with_quotes_or_markup_stays_one_json_string() {
    let updates = vec![AttributeUpdate::new("name", r#"x", "Name": "custom:tenant"#).unwrap()];
    let request = update_user_attributes(&token(), &AttributeChanges::new(updates).unwrap());
    let sent = body(&request);
    assert_eq!(sent["UserAttributes"].as_array().unwrap().len(), 1);
    assert_eq!(sent["UserAttributes"][0]["Name"], "name");
    assert_eq!(
        sent["UserAttributes"][0]["Value"],
        r#"x", "Name": "custom:tenant"#
    );
}

#[test]
fn change_password_sends_both_passwords() {
    let request = change_password(
        &token(),
        &Password::new("Old-Passw0rd!"),
        &Password::new("New-Passw0rd!"),
    );
    assert_eq!(
        request.target(),
        "AWSCognitoIdentityProviderService.ChangePassword"
    );
    assert_eq!(
        body(&request),
        json!({
            "AccessToken": "eyJ.access.token",
            "PreviousPassword": "Old-Passw0rd!",
            "ProposedPassword": "New-Passw0rd!",
        })
    );
}

#[test]
fn verify_software_token_sends_the_code_and_a_clean_device_name() {
    let code = TotpCode::parse("123 456").unwrap();
    let request = verify_software_token(&token(), &code, Some("  Dana's phone\n "));
    assert_eq!(
        body(&request),
        json!({
            "AccessToken": "eyJ.access.token",
            "UserCode": "123456",
            "FriendlyDeviceName": "Dana's phone",
        })
    );
    for name in [None, Some(""), Some("  \n")] {
        let request = verify_software_token(&token(), &code, name);
        assert_eq!(
            body(&request),
            json!({ "AccessToken": "eyJ.access.token", "UserCode": "123456" })
        );
    }
    let long = "x".repeat(1000);
    let request = verify_software_token(&token(), &code, Some(&long));
    assert_eq!(
        body(&request)["FriendlyDeviceName"].as_str().unwrap().len(),
        MAX_DEVICE_NAME_CHARS
    );
}

#[test]
fn the_totp_preference_is_on_and_preferred_or_off() {
    let on = set_totp_preference(&token(), TotpPreference::Preferred);
    assert_eq!(
        on.target(),
        "AWSCognitoIdentityProviderService.SetUserMFAPreference"
    );
    assert_eq!(
        body(&on),
        json!({
            "AccessToken": "eyJ.access.token",
            "SoftwareTokenMfaSettings": { "Enabled": true, "PreferredMfa": true },
        })
    );
    let off = set_totp_preference(&token(), TotpPreference::Off);
    assert_eq!(
        body(&off)["SoftwareTokenMfaSettings"],
        json!({ "Enabled": false, "PreferredMfa": false })
    );
}

#[test]
fn email_verification_names_the_email_attribute_and_sends_the_code() {
    let send = send_email_code(&token());
    assert_eq!(
        send.target(),
        "AWSCognitoIdentityProviderService.GetUserAttributeVerificationCode"
    );
    assert_eq!(
        body(&send),
        json!({ "AccessToken": "eyJ.access.token", "AttributeName": "email" })
    );
    let verify = verify_email(&token(), &EmailCode::parse("123 456").unwrap());
    assert_eq!(
        verify.target(),
        "AWSCognitoIdentityProviderService.VerifyUserAttribute"
    );
    assert_eq!(
        body(&verify),
        json!({ "AccessToken": "eyJ.access.token", "AttributeName": "email", "Code": "123456" })
    );
}

#[test]
fn no_request_shows_its_token_password_or_code_in_debug() {
    let code = TotpCode::parse("654321").unwrap();
    for request in [
        get_user(&token()),
        change_password(
            &token(),
            &Password::new("Old-Pw1!"),
            &Password::new("New-Pw1!"),
        ),
        verify_software_token(&token(), &code, None),
        verify_email(&token(), &EmailCode::parse("654321").unwrap()),
    ] {
        let shown = format!("{request:?}");
        for secret in ["eyJ", "Old-Pw1!", "New-Pw1!", "654321"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains(request.target()), "{shown}");
    }
}

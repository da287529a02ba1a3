//! Tests of `answer`: the answers the emulator and AWS send, read; hostile ones refused whole.

use super::*;
use crate::account::error::CognitoErrorCode;
use serde_json::json;

fn ok(body: &Value) -> HttpAnswer {
    HttpAnswer {
        status: 200,
        body: body.to_string(),
    }
}

/// `GetUser` as the emulator answers it (ministack 1.5.33), `PreferredMfaSetting: ""` included.
fn get_user_answer() -> Value {
    json!({
        "Username": "2316fba5-6e69-4e8f-9a80-7b8b6fcfdd59",
        "UserCreateDate": 1_795_722_567.649_068,
        "Enabled": true,
        "UserStatus": "CONFIRMED",
        "MFAOptions": [],
        "UserAttributes": [
            { "Name": "email", "Value": "demo@example.com" },
            { "Name": "email_verified", "Value": "true" },
            { "Name": "given_name", "Value": "<img src=x onerror=alert(1)>" },
            { "Name": "sub", "Value": "2316fba5-6e69-4e8f-9a80-7b8b6fcfdd59" },
        ],
        "UserMFASettingList": [],
        "PreferredMfaSetting": "",
    })
}

/// One hostile edit of the answer, with the refusal it must cause.
type Case = (&'static str, Box<dyn Fn(&mut Value)>);

fn malformed_what(result: Result<impl std::fmt::Debug, AccountError>) -> String {
    match result {
        Err(AccountError::Malformed { what, .. }) => what,
        other => panic!("expected a malformed answer, got {other:?}"),
    }
}

#[test]
fn get_user_reads_attributes_and_mfa_settings() {
    let account = parse_get_user(&ok(&get_user_answer())).unwrap();
    assert_eq!(account.username, "2316fba5-6e69-4e8f-9a80-7b8b6fcfdd59");
    assert_eq!(account.attribute("email"), Some("demo@example.com"));
    assert_eq!(
        account.attribute("given_name"),
        Some("<img src=x onerror=alert(1)>"),
        "kept verbatim: the page renders it as text"
    );
    assert_eq!(account.attribute("family_name"), None);
    assert!(account.email_verified());
    assert!(!account.totp_enabled());
    assert_eq!(account.preferred_mfa, None, "\"\" is no preference");

    let mut answer = get_user_answer();
    answer["UserMFASettingList"] = json!(["SOFTWARE_TOKEN_MFA"]);
    answer["PreferredMfaSetting"] = json!("SOFTWARE_TOKEN_MFA");
    answer["UserAttributes"][1]["Value"] = json!("false");
    answer
        .as_object_mut()
        .unwrap()
        .insert("SomethingNew".into(), json!({"x": [1]}));
    let account = parse_get_user(&ok(&answer)).unwrap();
    assert!(account.totp_enabled());
    assert_eq!(account.preferred_mfa.as_deref(), Some("SOFTWARE_TOKEN_MFA"));
    assert!(
        !account.email_verified(),
        "only the string \"true\" is verified"
    );

    // AWS leaves the MFA fields out when nothing is set; a missing Value is empty.
    let answer = json!({
        "Username": "u",
        "UserAttributes": [{ "Name": "email" }],
    });
    let account = parse_get_user(&ok(&answer)).unwrap();
    assert_eq!(account.attribute("email"), Some(""));
    assert!(account.mfa_settings.is_empty());
}

#[test]
fn a_hostile_get_user_answer_is_refused_whole() {
    let cases: Vec<Case> = vec![
        (
            "no Username",
            Box::new(|a| {
                a.as_object_mut().unwrap().remove("Username");
            }),
        ),
        (
            "Username is not a short string",
            Box::new(|a| a["Username"] = json!(7)),
        ),
        (
            "Username is not a short string",
            Box::new(|a| a["Username"] = json!("u".repeat(300))),
        ),
        (
            "UserAttributes is not a list",
            Box::new(|a| a["UserAttributes"] = json!({"email": "x"})),
        ),
        (
            "UserAttributes is not a list",
            Box::new(|a| {
                a.as_object_mut().unwrap().remove("UserAttributes");
            }),
        ),
        (
            "an attribute is malformed",
            Box::new(|a| a["UserAttributes"][0]["Value"] = json!(true)),
        ),
        (
            "an attribute is malformed",
            Box::new(|a| a["UserAttributes"][0]["Name"] = json!(["email"])),
        ),
        (
            "an attribute is malformed",
            Box::new(|a| a["UserAttributes"][0]["Name"] = json!("")),
        ),
        (
            "an attribute is malformed",
            Box::new(|a| a["UserAttributes"][0] = json!("email=x")),
        ),
        (
            "an attribute is malformed",
            Box::new(|a| a["UserAttributes"][2]["Value"] = json!("x".repeat(MAX_VALUE_CHARS + 1))),
        ),
        (
            "an attribute is malformed",
            Box::new(|a| a["UserAttributes"][2]["Name"] = json!("n".repeat(MAX_NAME_CHARS + 1))),
        ),
        (
            "an attribute appears twice",
            Box::new(|a| a["UserAttributes"][2]["Name"] = json!("email")),
        ),
        (
            "too many attributes",
            Box::new(|a| {
                let many: Vec<Value> = (0..=MAX_ATTRIBUTES)
                    .map(|i| json!({"Name": format!("custom:a{i}"), "Value": "x"}))
                    .collect();
                a["UserAttributes"] = json!(many);
            }),
        ),
        (
            "UserMFASettingList holds something else than MFA names",
            Box::new(|a| a["UserMFASettingList"] = json!([1])),
        ),
        (
            "UserMFASettingList holds something else than MFA names",
            Box::new(|a| a["UserMFASettingList"] = json!(["<script>"])),
        ),
        (
            "UserMFASettingList is not a short list",
            Box::new(|a| a["UserMFASettingList"] = json!("SOFTWARE_TOKEN_MFA")),
        ),
        (
            "UserMFASettingList is not a short list",
            Box::new(|a| a["UserMFASettingList"] = json!(vec!["SMS_MFA"; 9])),
        ),
        (
            "PreferredMfaSetting is not an MFA name",
            Box::new(|a| a["PreferredMfaSetting"] = json!(true)),
        ),
        (
            "PreferredMfaSetting is not an MFA name",
            Box::new(|a| a["PreferredMfaSetting"] = json!("sms mfa")),
        ),
    ];
    for (expected, edit) in cases {
        let mut answer = get_user_answer();
        edit(&mut answer);
        assert_eq!(malformed_what(parse_get_user(&ok(&answer))), expected);
    }
}

#[test]
fn what_is_not_a_json_object_or_is_oversized_is_not_read() {
    for body in [
        "",
        "null",
        "[]",
        "\"x\"",
        "<html>502 Bad Gateway</html>",
        "{\"Username\": ",
    ] {
        let answer = HttpAnswer {
            status: 200,
            body: body.into(),
        };
        assert_eq!(
            malformed_what(parse_get_user(&answer)),
            "not a JSON object",
            "{body}"
        );
    }
    let mut answer = get_user_answer();
    answer["Padding"] = json!("x".repeat(MAX_ANSWER_BYTES));
    assert_eq!(
        malformed_what(parse_get_user(&ok(&answer))),
        "an oversized answer"
    );
}

#[test]
fn an_error_status_is_cognitos_error_whatever_the_call() {
    let answer = HttpAnswer {
        status: 400,
        body: r#"{"__type": "NotAuthorizedException", "message": "Access Token has been revoked"}"#
            .into(),
    };
    let error = parse_get_user(&answer).unwrap_err();
    assert_eq!(error.code(), Some(&CognitoErrorCode::NotAuthorized));
    assert!(parse_empty(Operation::GlobalSignOut, &answer).is_err());
    assert!(parse_associate_software_token(&answer).is_err());
    assert!(parse_verify_software_token(&answer).is_err());
    assert!(parse_update_user_attributes(&answer).is_err());
}

#[test]
fn associate_software_token_yields_a_checked_secret() {
    // As the emulator answers: a 32-character secret and a Session (not used).
    let answer = ok(&json!({
        "SecretCode": "H27D2BMZECFSUWTZLMRZQYCBKYW6LW5E",
        "Session": "fG8K6PcWP9Ru3y04dV0AbaxByoeZINaIviMJIiB1VGQ=",
    }));
    let secret = parse_associate_software_token(&answer).unwrap();
    assert_eq!(secret.secret(), "H27D2BMZECFSUWTZLMRZQYCBKYW6LW5E");
    for bad in [
        json!({}),
        json!({"SecretCode": 5}),
        json!({"SecretCode": "not base32!"}),
        json!({"SecretCode": "AAAA"}),
        json!({"SecretCode": "A".repeat(10_000)}),
    ] {
        assert!(
            matches!(
                parse_associate_software_token(&ok(&bad)),
                Err(AccountError::Malformed { .. })
            ),
            "{bad}"
        );
    }
}

#[test]
fn verify_software_token_reads_its_status() {
    assert_eq!(
        parse_verify_software_token(&ok(&json!({"Status": "SUCCESS"}))),
        Ok(VerifyStatus::Success)
    );
    assert_eq!(
        parse_verify_software_token(&ok(&json!({"Status": "ERROR", "Session": "s"}))),
        Ok(VerifyStatus::Error)
    );
    for bad in [
        json!({}),
        json!({"Status": "success"}),
        json!({"Status": true}),
    ] {
        assert!(parse_verify_software_token(&ok(&bad)).is_err(), "{bad}");
    }
}

#[test]
fn update_user_attributes_reads_where_codes_went() {
    assert_eq!(
        parse_update_user_attributes(&ok(&json!({"CodeDeliveryDetailsList": []}))),
        Ok(vec![])
    );
    assert_eq!(parse_update_user_attributes(&ok(&json!({}))), Ok(vec![]));
    let answer = ok(&json!({"CodeDeliveryDetailsList": [
        {"Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    ]}));
    assert_eq!(
        parse_update_user_attributes(&answer),
        Ok(vec![CodeDelivery {
            attribute: "email".into(),
            medium: "EMAIL".into(),
            destination: "n***@e***".into(),
        }])
    );
    for bad in [
        json!({"CodeDeliveryDetailsList": {}}),
        json!({"CodeDeliveryDetailsList": ["email"]}),
        json!({"CodeDeliveryDetailsList": [{"Destination": 1}]}),
        json!({"CodeDeliveryDetailsList": [{"Destination": "x".repeat(1000)}]}),
        json!({"CodeDeliveryDetailsList": vec![json!({}); 9]}),
    ] {
        assert!(parse_update_user_attributes(&ok(&bad)).is_err(), "{bad}");
    }
}

#[test]
fn calls_without_an_answer_accept_an_empty_body_or_an_object() {
    for op in [
        Operation::ChangePassword,
        Operation::SetUserMfaPreference,
        Operation::GlobalSignOut,
        Operation::DeleteUser,
        Operation::VerifyUserAttribute,
    ] {
        assert_eq!(parse_empty(op, &ok(&json!({}))), Ok(()));
        let empty = HttpAnswer {
            status: 200,
            body: String::new(),
        };
        assert_eq!(parse_empty(op, &empty), Ok(()));
        let html = HttpAnswer {
            status: 200,
            body: "<html>".into(),
        };
        assert!(parse_empty(op, &html).is_err());
    }
}

#[test]
fn send_email_code_reads_where_the_code_went() {
    let answer = ok(&json!({"CodeDeliveryDetails":
        {"Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}}));
    assert_eq!(
        parse_send_email_code(&answer),
        Ok(CodeDelivery {
            attribute: "email".into(),
            medium: "EMAIL".into(),
            destination: "n***@e***".into(),
        })
    );
    for bad in [
        json!({}),
        json!({"CodeDeliveryDetails": null}),
        json!({"CodeDeliveryDetails": ["email"]}),
        json!({"CodeDeliveryDetails": {"Destination": 1}}),
        json!({"CodeDeliveryDetails": {"Destination": "x".repeat(1000)}}),
    ] {
        assert!(
            !malformed_what(parse_send_email_code(&ok(&bad))).is_empty(),
            "{bad}"
        );
    }
    let refused = HttpAnswer {
        status: 400,
        body: r#"{"__type": "LimitExceededException", "message": "Attempt limit exceeded"}"#.into(),
    };
    assert_eq!(
        parse_send_email_code(&refused).unwrap_err().code(),
        Some(&CognitoErrorCode::LimitExceeded)
    );
}

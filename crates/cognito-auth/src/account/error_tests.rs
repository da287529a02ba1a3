//! Tests of `error` and its explanations: Cognito's codes read strictly, every error in words.

use super::*;
use crate::account::password::PasswordRule;

fn answer(op: Operation, body: &str) -> AccountError {
    AccountError::from_answer(op, 400, body)
}

#[test]
fn every_code_the_page_meets_is_read_with_its_message() {
    for (raw, code) in [
        ("NotAuthorizedException", CognitoErrorCode::NotAuthorized),
        (
            "InvalidPasswordException",
            CognitoErrorCode::InvalidPassword,
        ),
        ("LimitExceededException", CognitoErrorCode::LimitExceeded),
        ("CodeMismatchException", CognitoErrorCode::CodeMismatch),
        ("ExpiredCodeException", CognitoErrorCode::ExpiredCode),
        (
            "CodeDeliveryFailureException",
            CognitoErrorCode::CodeDeliveryFailure,
        ),
        (
            "EnableSoftwareTokenMFAException",
            CognitoErrorCode::EnableSoftwareTokenMfa,
        ),
        (
            "InvalidParameterException",
            CognitoErrorCode::InvalidParameter,
        ),
        ("AliasExistsException", CognitoErrorCode::AliasExists),
        (
            "TooManyRequestsException",
            CognitoErrorCode::TooManyRequests,
        ),
        (
            "PasswordResetRequiredException",
            CognitoErrorCode::PasswordResetRequired,
        ),
        ("UserNotFoundException", CognitoErrorCode::UserNotFound),
    ] {
        let body = format!(r#"{{"__type": "{raw}", "message": "Cognito's words"}}"#);
        let error = answer(Operation::GetUser, &body);
        assert_eq!(
            error,
            AccountError::Cognito {
                operation: Operation::GetUser,
                status: 400,
                code: code.clone(),
                message: Some("Cognito's words".into()),
            }
        );
        assert_eq!(code.as_str(), raw);
    }
}

#[test]
fn namespaced_types_and_capitalised_messages_are_read_too() {
    let error = answer(
        Operation::ChangePassword,
        r#"{"__type": "com.amazonaws.cognito.identity.idp.model#LimitExceededException",
            "Message": "Attempt limit exceeded, please try after some time."}"#,
    );
    assert_eq!(error.code(), Some(&CognitoErrorCode::LimitExceeded));
    assert!(
        error.to_string().contains("Attempt limit exceeded"),
        "{error}"
    );
}

#[test]
fn an_unknown_code_is_kept_but_free_text_never_passes_as_one() {
    let error = answer(
        Operation::DeleteUser,
        r#"{"__type": "InternalErrorException"}"#,
    );
    assert_eq!(
        error.code(),
        Some(&CognitoErrorCode::Other("InternalErrorException".into()))
    );
    assert_eq!(
        error.explain().code.as_deref(),
        Some("InternalErrorException")
    );
    for body in [
        r#"{"__type": "<script>alert(1)</script>"}"#,
        r#"{"__type": "Not Authorized"}"#,
        r#"{"__type": ""}"#,
        r#"{"__type": 400}"#,
        r#"{"message": "no type"}"#,
        r#"{"__type": "NotAuthorizedException", "message": {"x": 1}}"#,
        "<html>Bad Gateway</html>",
        "",
    ] {
        assert!(
            matches!(
                answer(Operation::GetUser, body),
                AccountError::Malformed { .. }
            ),
            "{body}"
        );
    }
    let long_type = format!(r#"{{"__type": "{}"}}"#, "A".repeat(65));
    assert!(matches!(
        answer(Operation::GetUser, &long_type),
        AccountError::Malformed { .. }
    ));
    let huge = format!(
        r#"{{"__type": "X", "message": "{}"}}"#,
        "m".repeat(MAX_ERROR_BYTES)
    );
    assert!(matches!(
        answer(Operation::GetUser, &huge),
        AccountError::Malformed { .. }
    ));
}

#[test]
fn cognitos_message_is_bounded_and_loses_control_characters() {
    let body = format!(
        r#"{{"__type": "InvalidParameterException", "message": "line\nbreak\u001b[31m {}"}}"#,
        "x".repeat(1000)
    );
    let AccountError::Cognito {
        message: Some(message),
        ..
    } = answer(Operation::GetUser, &body)
    else {
        panic!("a Cognito error");
    };
    assert!(!message.chars().any(char::is_control), "{message:?}");
    assert!(message.starts_with("line break"), "{message}");
    assert_eq!(
        message.chars().count(),
        MAX_MESSAGE_CHARS + 1,
        "bounded, with an ellipsis"
    );
    let blank = answer(Operation::GetUser, r#"{"__type": "X", "message": "  "}"#);
    assert!(matches!(blank, AccountError::Cognito { message: None, .. }));
}

#[test]
fn the_same_code_means_different_things_for_different_calls() {
    let body =
        r#"{"__type": "NotAuthorizedException", "message": "Incorrect username or password."}"#;
    let wrong_password = answer(Operation::ChangePassword, body).explain();
    assert_eq!(wrong_password.title, "The current password is not correct");
    assert!(!answer(Operation::ChangePassword, body).session_is_over());
    let revoked = answer(Operation::GetUser, body);
    assert_eq!(
        revoked.explain().title,
        "Cognito no longer accepts this session"
    );
    assert!(revoked.session_is_over());
    // Enrolment's wrong code is EnableSoftwareTokenMFAException (AWS and the emulator).
    let body = r#"{"__type": "EnableSoftwareTokenMFAException", "message": "Code mismatch"}"#;
    let wrong_code = answer(Operation::VerifySoftwareToken, body).explain();
    assert_eq!(wrong_code.title, "The code was not accepted");
    let not_enrolled = answer(Operation::SetUserMfaPreference, body).explain();
    assert_eq!(
        not_enrolled.title,
        "The authenticator app is not set up yet"
    );
    let gone = answer(Operation::GetUser, r#"{"__type": "UserNotFoundException"}"#);
    assert!(gone.session_is_over());
}

#[test]
fn every_error_explains_itself_with_the_code_and_a_next_step() {
    let mut errors: Vec<AccountError> = [
        "NotAuthorizedException",
        "InvalidPasswordException",
        "LimitExceededException",
        "CodeMismatchException",
        "ExpiredCodeException",
        "CodeDeliveryFailureException",
        "EnableSoftwareTokenMFAException",
        "InvalidParameterException",
        "AliasExistsException",
        "TooManyRequestsException",
        "PasswordResetRequiredException",
        "UserNotFoundException",
        "SomethingNewException",
    ]
    .iter()
    .flat_map(|code| {
        Operation::ALL.map(|op| answer(op, &format!(r#"{{"__type": "{code}", "message": "m"}}"#)))
    })
    .collect();
    for error in &errors {
        let words = error.explain();
        assert!(words.code.is_some(), "{error}");
        assert_eq!(words.description.as_deref(), Some("m"), "{error}");
    }
    errors.extend([
        AccountError::Network {
            operation: Operation::GetUser,
            detail: "Failed to fetch".into(),
        },
        AccountError::Malformed {
            operation: Operation::GetUser,
            status: 200,
            what: "not a JSON object".into(),
        },
        AccountError::Session(crate::AuthError::NotSignedIn),
        AccountError::Attribute(AttributeProblem::Empty { name: "given_name" }),
        AccountError::WeakPassword(vec![PasswordRule::MinLength(12), PasswordRule::Symbol]),
        AccountError::NotACode,
        AccountError::MissingScope {
            operation: Operation::DeleteUser,
        },
    ]);
    for error in &errors {
        let words = error.explain();
        assert!(!words.title.is_empty(), "{error:?}");
        assert!(!words.detail.is_empty(), "{error:?}");
        assert!(words.action.ends_with('.'), "{error:?}: {}", words.action);
    }
    let weak = AccountError::WeakPassword(vec![PasswordRule::MinLength(12)]).explain();
    assert!(
        weak.detail.contains("at least 12 characters"),
        "{}",
        weak.detail
    );
    let network = errors
        .iter()
        .find(|e| matches!(e, AccountError::Network { .. }))
        .unwrap()
        .explain();
    assert!(network.action.contains("endpoints.idp"));
}

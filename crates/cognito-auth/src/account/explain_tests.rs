//! Tests of `explain` beyond `error_tests`: lost answers of calls that change something, and the
//! email verification codes.

use super::*;

fn network(operation: Operation) -> Explanation {
    AccountError::Network {
        operation,
        detail: "timed out".into(),
    }
    .explain()
}

#[test]
fn a_lost_answer_of_a_change_never_claims_nothing_changed() {
    for operation in [
        Operation::UpdateUserAttributes,
        Operation::ChangePassword,
        Operation::VerifySoftwareToken,
        Operation::SetUserMfaPreference,
        Operation::GlobalSignOut,
        Operation::DeleteUser,
        Operation::VerifyUserAttribute,
    ] {
        assert!(operation.changes_something(), "{operation}");
        let words = network(operation);
        assert!(!words.detail.contains("Nothing was changed"), "{words:?}");
        assert!(
            words.detail.contains("may have made the change"),
            "{words:?}"
        );
        assert!(words.action.contains("Reload"), "{words:?}");
        assert_eq!(words.code.as_deref(), Some(operation.name()));
    }
}

#[test]
fn a_lost_answer_of_a_read_says_nothing_changed() {
    for operation in [
        Operation::GetUser,
        Operation::AssociateSoftwareToken,
        Operation::GetUserAttributeVerificationCode,
    ] {
        assert!(!operation.changes_something(), "{operation}");
        let words = network(operation);
        assert!(words.detail.contains("Nothing was changed"), "{words:?}");
    }
}

fn refused(operation: Operation, code: &str) -> Explanation {
    AccountError::from_answer(operation, 400, &format!(r#"{{"__type": "{code}"}}"#)).explain()
}

#[test]
fn email_codes_are_explained_for_email_verification() {
    let wrong = refused(Operation::VerifyUserAttribute, "CodeMismatchException");
    assert!(wrong.detail.contains("emailed"), "{wrong:?}");
    assert!(!wrong.action.contains("authenticator"), "{wrong:?}");
    let expired = refused(Operation::VerifyUserAttribute, "ExpiredCodeException");
    assert_eq!(expired.title, "The code has expired");
    assert!(expired.action.contains("new code"), "{expired:?}");
    assert_eq!(expired.code.as_deref(), Some("ExpiredCodeException"));
    let limited = refused(
        Operation::GetUserAttributeVerificationCode,
        "LimitExceededException",
    );
    assert_eq!(limited.title, "Too many attempts");
    assert!(
        limited.detail.contains("sending a verification code"),
        "{limited:?}"
    );
    let undelivered = refused(
        Operation::GetUserAttributeVerificationCode,
        "CodeDeliveryFailureException",
    );
    assert_eq!(undelivered.title, "Cognito could not send the email");
}

#[test]
fn not_authorized_no_longer_blames_the_scope() {
    // The scope is checked before sending (`scope`), so a refusal is a revoked or expired token.
    let words = refused(Operation::GetUser, "NotAuthorizedException");
    assert!(!words.detail.contains("scope"), "{words:?}");
}

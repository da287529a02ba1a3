//! Tests of `scope`: an access token without `aws.cognito.signin.user.admin` fails every account
//! call before it is sent, in words naming the config's `scopes` field.

use super::*;
use crate::verify::jwt::encode_unsigned;
use serde_json::json;

fn token_with(scope: Option<Value>) -> AccessToken {
    let mut payload = json!({ "sub": "u-1", "token_use": "access", "client_id": "c" });
    if let (Some(scope), Some(map)) = (scope, payload.as_object_mut()) {
        map.insert("scope".into(), scope);
    }
    AccessToken::new(encode_unsigned(
        &json!({ "alg": "RS256", "kid": "k" }),
        &payload,
    ))
}

#[test]
fn the_account_scope_among_others_passes() {
    for scopes in [
        "aws.cognito.signin.user.admin",
        "openid email aws.cognito.signin.user.admin profile",
    ] {
        let token = token_with(Some(json!(scopes)));
        for operation in Operation::ALL {
            assert_eq!(check_account_scope(&token, operation), Ok(()), "{scopes}");
        }
    }
}

#[test]
fn without_the_scope_every_call_fails_at_once_naming_the_scopes_field() {
    for scope in [
        None,
        Some(json!("openid email profile")),
        Some(json!("")),
        // Look-alikes: a prefix, a suffix, another separator, not a string.
        Some(json!("aws.cognito.signin.user.admin2 openid")),
        Some(json!("openid,aws.cognito.signin.user.admin")),
        Some(json!("x-aws.cognito.signin.user.admin")),
        Some(json!(["aws.cognito.signin.user.admin"])),
    ] {
        let token = token_with(scope.clone());
        for operation in Operation::ALL {
            let error = check_account_scope(&token, operation).unwrap_err();
            assert_eq!(error, AccountError::MissingScope { operation }, "{scope:?}");
            assert!(!error.session_is_over(), "{scope:?}");
            let words = error.explain();
            assert!(words.action.contains("scopes"), "{words:?}");
            assert!(words.action.contains(ACCOUNT_SCOPE), "{words:?}");
            assert!(words.detail.contains("Nothing was sent"), "{words:?}");
        }
    }
}

#[test]
fn an_unreadable_token_is_no_grant() {
    let error = check_account_scope(&AccessToken::new("not-a-jwt"), Operation::GetUser);
    assert_eq!(
        error,
        Err(AccountError::MissingScope {
            operation: Operation::GetUser
        })
    );
}

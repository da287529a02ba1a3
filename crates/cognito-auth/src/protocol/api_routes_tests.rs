use super::*;
use crate::verify::jwt::encode_unsigned;
use serde_json::json;

fn access(scope: &str) -> AccessToken {
    AccessToken::new(encode_unsigned(
        &json!({"alg": "RS256", "kid": "k"}),
        &json!({"token_use": "access", "scope": scope}),
    ))
}

#[test]
fn each_route_knows_its_method_path_token_and_scope() {
    assert_eq!(
        (ME.method, ME.token, ME.scope),
        (Method::Get, TokenUse::Id, None)
    );
    assert_eq!(ADMIN_SUMMARY.token, TokenUse::Id);
    assert_eq!(
        (
            LIST_ANALYSES.method,
            LIST_ANALYSES.token,
            LIST_ANALYSES.scope
        ),
        (Method::Get, TokenUse::Access, Some(READ_SCOPE))
    );
    assert_eq!(
        (CREATE_ANALYSIS.method, CREATE_ANALYSIS.scope),
        (Method::Post, Some(WRITE_SCOPE))
    );
    assert_eq!(GET_ANALYSIS.scope, Some(READ_SCOPE));
    assert_eq!(
        ApiCall::list_analyses().url("http://x/prod/"),
        "http://x/prod/analyses"
    );
}

#[test]
fn a_missing_scope_is_caught_before_sending_and_a_lookalike_does_not_count() {
    let read_only = access("openid portal-api/analyses.read");
    assert_eq!(ApiCall::list_analyses().check_scope(&read_only), Ok(()));
    let create = ApiCall::create_analysis("Churn").unwrap();
    assert_eq!(
        create.check_scope(&read_only),
        Err(RouteError::MissingScope { scope: WRITE_SCOPE })
    );
    let lookalike = access("portal-api/analyses.writer portal-api/analyses.read");
    assert!(create.check_scope(&lookalike).is_err());
    assert!(create
        .check_scope(&AccessToken::new("not-a-jwt".to_owned()))
        .is_err());
    // ID-token routes need no scope.
    assert_eq!(ApiCall::me().check_scope(&read_only), Ok(()));
    let words = create.check_scope(&read_only).unwrap_err().explain();
    assert!(words.detail.contains(WRITE_SCOPE), "{}", words.detail);
}

#[test]
fn the_gateways_bare_401_is_explained_from_the_route() {
    let unauthorized = r#"{"message":"Unauthorized"}"#;
    let list = ApiCall::list_analyses();
    assert_eq!(
        list.classify(401, unauthorized, true),
        Ok(ApiOutcome::RefreshAndRetry)
    );
    let refused = list.classify(401, unauthorized, false).unwrap_err();
    assert_eq!(
        refused,
        RouteError::TokenRefused {
            route: LIST_ANALYSES
        }
    );
    let words = refused.explain();
    assert!(words.detail.contains("ACCESS token"), "{}", words.detail);
    assert!(words.detail.contains("an ID token"), "{}", words.detail);
    assert!(words.detail.contains(READ_SCOPE), "{}", words.detail);
    // An ID-token route keeps the ID-token wording.
    assert_eq!(
        ApiCall::me().classify(401, unauthorized, false),
        Err(RouteError::Api(ApiError::Unauthorized))
    );
}

#[test]
fn not_found_says_another_organisations_item_looks_missing() {
    let call = ApiCall::get_analysis(&"a".repeat(32)).unwrap();
    let err = call
        .classify(
            404,
            r#"{"error":"not_found","message":"No analysis with this id in your organisation."}"#,
            false,
        )
        .unwrap_err();
    assert!(matches!(err, RouteError::NotFound { .. }));
    assert!(err.explain().detail.contains("another organisation"));
}

#[test]
fn names_and_ids_are_checked_as_the_api_checks_them() {
    let call = ApiCall::create_analysis("  Churn \"Q3\" </script> ").unwrap();
    let body: Value = serde_json::from_str(call.body.as_deref().unwrap()).unwrap();
    assert_eq!(body, json!({"name": "Churn \"Q3\" </script>"}));
    for bad in ["", "   ", "a\nb", "tab\there", &"n".repeat(101)] {
        assert!(ApiCall::create_analysis(bad).is_err(), "{bad:?}");
    }
    assert!(ApiCall::create_analysis(&"é".repeat(100)).is_ok());
    for bad in [
        "",
        "../me",
        "ABCDEF0123456789abcdef0123456789",
        &"a".repeat(33),
        "a?b=c",
    ] {
        assert_eq!(
            ApiCall::get_analysis(bad),
            Err(RouteError::InvalidId),
            "{bad:?}"
        );
    }
    assert_eq!(
        ApiCall::get_analysis(&"0f".repeat(16)).unwrap().path,
        format!("/analyses/{}", "0f".repeat(16))
    );
}

#[test]
fn only_a_well_formed_machine_client_id_is_shown() {
    assert_eq!(machine_client_id(Some("QkmdqxpZmt")), Some("QkmdqxpZmt"));
    for bad in ["", "a b", "<img>", "id\"", &"a".repeat(129)] {
        assert_eq!(machine_client_id(Some(bad)), None, "{bad:?}");
    }
    assert_eq!(machine_client_id(None), None);
}

#[test]
fn the_portal_refuses_exactly_the_names_the_api_refuses() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../api/tests/fixtures/analysis-names.json"
    );
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for name in cases["accepted"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        assert!(ApiCall::create_analysis(name).is_ok(), "{name:?}");
    }
    for name in cases["refused"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        assert!(
            matches!(
                ApiCall::create_analysis(name),
                Err(RouteError::InvalidName(_))
            ),
            "{name:?}"
        );
    }
}

#[test]
fn a_missing_scope_is_worded_by_the_scope() {
    let read = RouteError::MissingScope { scope: READ_SCOPE }.explain();
    assert!(
        read.action.contains("Sign out and sign in again"),
        "{}",
        read.action
    );
    assert!(!read.action.contains("write access"), "{}", read.action);
    assert!(read.detail.contains("predates"), "{}", read.detail);
    let write = RouteError::MissingScope { scope: WRITE_SCOPE }.explain();
    assert!(write.action.contains("write access"), "{}", write.action);
}

#[test]
fn every_route_of_the_table_has_its_call() {
    assert_eq!(ApiCall::me().route, ME);
    assert_eq!(ApiCall::admin_summary().route, ADMIN_SUMMARY);
    assert_eq!(ApiCall::admin_summary().path, "/admin/summary");
    assert_eq!(ApiCall::list_analyses().route, LIST_ANALYSES);
    assert_eq!(
        ApiCall::create_analysis("x").unwrap().route,
        CREATE_ANALYSIS
    );
    assert_eq!(
        ApiCall::get_analysis(&"0".repeat(32)).unwrap().route,
        GET_ANALYSIS
    );
}

//! Signature Version 4 against AWS's published test vectors: the CRT signing test suite
//! (awslabs/aws-c-auth `tests/aws-signing-test-suite/v4`, shipped in the `aws-sigv4` crate as
//! `aws-signing-test-suite`). Credentials `AKIDEXAMPLE` / `wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY`,
//! 2015-08-30T12:36:00Z, `us-east-1`, service `service`. The expected canonical requests, strings
//! to sign and signatures are copied from the suite's files, so a wrong canonicalisation (header
//! order or case, value trimming, query order, encoding, the token) fails here.

use portal_api::sigv4::{
    amz_date, canonical_request, sign, string_to_sign, Credentials, Request, Scope, Secret,
};

/// 2015-08-30T12:36:00Z.
const NOW: i64 = 1_440_938_160;
const SCOPE: Scope<'static> = Scope {
    region: "us-east-1",
    service: "service",
};
const EMPTY_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn credentials(token: Option<&str>) -> Credentials {
    Credentials {
        access_key_id: Secret::new("AKIDEXAMPLE".into()),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into()),
        session_token: token.map(|t| Secret::new(t.into())),
    }
}

fn get(path: &'static str) -> Request<'static> {
    Request {
        method: "GET",
        path,
        query: &[],
        headers: &[("Host", "example.amazonaws.com")],
        body: b"",
    }
}

/// The signature in `Authorization`, checking the rest of the header on the way.
fn signature(request: &Request<'_>, credentials: &Credentials, signed_headers: &str) -> String {
    let signed = sign(request, credentials, SCOPE, NOW);
    assert_eq!(signed.amz_date, "20150830T123600Z");
    let authorization = signed.authorization.expose();
    let prefix = format!(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={signed_headers}, Signature="
    );
    assert!(authorization.starts_with(&prefix), "{authorization}");
    authorization
        .strip_prefix(&prefix)
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn get_vanilla() {
    let request = get("/");
    let (canonical, signed_headers) =
        canonical_request(&request, "20150830T123600Z", &credentials(None));
    assert_eq!(
        canonical,
        format!("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EMPTY_HASH}")
    );
    assert_eq!(
        string_to_sign(
            "20150830T123600Z",
            "20150830/us-east-1/service/aws4_request",
            &canonical
        ),
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
         bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
    );
    assert_eq!(
        signature(&request, &credentials(None), &signed_headers),
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    );
}

#[test]
fn post_vanilla() {
    let request = Request {
        method: "POST",
        ..get("/")
    };
    assert_eq!(
        signature(&request, &credentials(None), "host;x-amz-date"),
        "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
    );
}

#[test]
fn post_x_www_form_urlencoded_signs_the_body() {
    let request = Request {
        method: "POST",
        path: "/",
        query: &[],
        headers: &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Host", "example.amazonaws.com"),
            ("Content-Length", "13"),
            (
                "x-amz-content-sha256",
                "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            ),
        ],
        body: b"Param1=value1",
    };
    let (canonical, _) = canonical_request(&request, "20150830T123600Z", &credentials(None));
    assert!(
        canonical.ends_with("\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
        "the body's hash ends the canonical request: {canonical}"
    );
    assert_eq!(
        signature(
            &request,
            &credentials(None),
            "content-length;content-type;host;x-amz-content-sha256;x-amz-date"
        ),
        "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"
    );
}

#[test]
fn query_parameters_are_sorted_and_encoded() {
    let request = Request {
        query: &[("Param2", "value2"), ("Param1", "value1")],
        ..get("/")
    };
    assert_eq!(
        signature(&request, &credentials(None), "host;x-amz-date"),
        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
    );
    let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let query = [(unreserved, unreserved)];
    let request = Request {
        query: &query,
        ..get("/")
    };
    assert_eq!(
        signature(&request, &credentials(None), "host;x-amz-date"),
        "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"
    );
}

#[test]
fn header_names_are_lowercased_sorted_and_values_trimmed() {
    let request = Request {
        method: "POST",
        headers: &[("Host", "example.amazonaws.com"), ("My-Header1", "value1")],
        ..get("/")
    };
    assert_eq!(
        signature(&request, &credentials(None), "host;my-header1;x-amz-date"),
        "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"
    );
    let request = Request {
        headers: &[
            ("Host", "example.amazonaws.com"),
            ("My-Header1", " value1"),
            ("My-Header2", " \"a   b   c\""),
        ],
        ..get("/")
    };
    let (canonical, _) = canonical_request(&request, "20150830T123600Z", &credentials(None));
    assert!(
        canonical.contains("\nmy-header2:\"a b c\"\n"),
        "{canonical}"
    );
    assert_eq!(
        signature(
            &request,
            &credentials(None),
            "host;my-header1;my-header2;x-amz-date"
        ),
        "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"
    );
}

#[test]
fn the_path_is_percent_encoded_once() {
    assert_eq!(
        signature(
            &get("/example space/"),
            &credentials(None),
            "host;x-amz-date"
        ),
        "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"
    );
    assert_eq!(
        signature(&get("/\u{1234}"), &credentials(None), "host;x-amz-date"),
        "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"
    );
}

#[test]
fn a_session_token_is_signed_and_sent() {
    let token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
    let with_token = credentials(Some(token));
    assert_eq!(
        signature(
            &get("/"),
            &with_token,
            "host;x-amz-date;x-amz-security-token"
        ),
        "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"
    );
    let sts = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    let request = Request {
        method: "POST",
        ..get("/")
    };
    assert_eq!(
        signature(
            &request,
            &credentials(Some(sts)),
            "host;x-amz-date;x-amz-security-token"
        ),
        "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"
    );
    let signed = sign(&get("/"), &with_token, SCOPE, NOW);
    let headers = signed.headers();
    assert!(
        headers.contains(&("X-Amz-Security-Token", token)),
        "{headers:?}"
    );
    assert!(headers.contains(&("X-Amz-Date", "20150830T123600Z")));
    assert!(!sign(&get("/"), &credentials(None), SCOPE, NOW)
        .headers()
        .iter()
        .any(|(name, _)| *name == "X-Amz-Security-Token"));
}

#[test]
fn a_wrong_secret_gives_another_signature() {
    let mut wrong = credentials(None);
    wrong.secret_access_key = Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ".into());
    assert_ne!(
        signature(&get("/"), &wrong, "host;x-amz-date"),
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    );
}

#[test]
fn dates_are_utc_in_the_basic_format() {
    assert_eq!(amz_date(NOW), "20150830T123600Z");
    assert_eq!(amz_date(0), "19700101T000000Z");
    assert_eq!(amz_date(-1), "19700101T000000Z");
    // A leap day, and the last second of a year.
    assert_eq!(amz_date(951_782_400), "20000229T000000Z");
    assert_eq!(amz_date(1_798_761_599), "20261231T235959Z");
}

#[test]
fn secrets_are_redacted_in_debug() {
    let with_token = credentials(Some("TOKENVALUE"));
    let shown = format!(
        "{with_token:?} {:?}",
        sign(&get("/"), &with_token, SCOPE, NOW)
    );
    for secret in ["AKIDEXAMPLE", "wJalrXUtnFEMI", "TOKENVALUE", "Signature="] {
        assert!(!shown.contains(secret), "{secret} shown: {shown}");
    }
}

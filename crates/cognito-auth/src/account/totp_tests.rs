//! Tests of `totp`: the secret checked and hidden, the URI encoded, the code exactly six digits.

use super::*;

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

#[test]
fn a_base32_secret_is_kept_and_never_shown_in_debug() {
    let secret = TotpSecret::parse(SECRET).unwrap();
    assert_eq!(secret.secret(), SECRET);
    assert_eq!(format!("{secret:?}"), "TotpSecret([redacted])");
    assert_eq!(secret.grouped(), "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    // Padding is dropped; it carries nothing.
    assert_eq!(
        TotpSecret::parse("JBSWY3DPEHPK3PXPJB======")
            .unwrap()
            .secret(),
        "JBSWY3DPEHPK3PXPJB"
    );
}

#[test]
fn anything_but_a_plausible_base32_secret_is_refused() {
    for bad in [
        "",
        "JBSWY3DPEHPK3PX",                  // 15 characters: under 80 bits
        "jbswy3dpehpk3pxpjbswy3dpehpk3pxp", // lowercase
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX0", // 0 is not base32
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX1", // nor 1
        "JBSWY3DP EHPK3PXP JBSWY3DP",       // spaces
        "JBSWY3DPEHPK3PXPJ",                // 17: a length base32 never writes
        "JBSWY3DPEHPK3PXP&issuer=Evil",     // a parameter smuggled into the URI
        &"A".repeat(MAX_SECRET_CHARS + 8),  // huge
    ] {
        assert!(TotpSecret::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_uri_percent_encodes_issuer_and_account() {
    let secret = TotpSecret::parse(SECRET).unwrap();
    let uri = otpauth_uri(&secret, "Customer Portal", "demo@example.com");
    assert_eq!(
        uri.secret(),
        format!(
            "otpauth://totp/Customer%20Portal:demo%40example.com?secret={SECRET}\
             &issuer=Customer%20Portal"
        )
    );
    assert_eq!(format!("{uri:?}"), "OtpauthUri([redacted])");
    // A hostile issuer or account cannot split the label or add parameters.
    let uri = otpauth_uri(&secret, "Evil:Co&secret=AAAA", "a?b#c/d é");
    assert_eq!(
        uri.secret(),
        format!(
            "otpauth://totp/Evil%3ACo%26secret%3DAAAA:a%3Fb%23c%2Fd%20%C3%A9?secret={SECRET}\
             &issuer=Evil%3ACo%26secret%3DAAAA"
        )
    );
    assert_eq!(uri.secret().matches('?').count(), 1);
    assert_eq!(uri.secret().matches('&').count(), 1);
    assert_eq!(
        uri.secret().matches(':').count(),
        2,
        "the scheme's and the label's"
    );
}

#[test]
fn percent_encoding_keeps_only_unreserved_characters() {
    assert_eq!(encode_component("aZ09-._~"), "aZ09-._~");
    assert_eq!(encode_component(" !\"%+"), "%20%21%22%25%2B");
    assert_eq!(encode_component("\u{0}\n"), "%00%0A");
}

#[test]
fn a_code_is_exactly_six_ascii_digits() {
    assert_eq!(TotpCode::parse("123456").unwrap().secret(), "123456");
    assert_eq!(TotpCode::parse(" 123 456 ").unwrap().secret(), "123456");
    assert_eq!(
        format!("{:?}", TotpCode::parse("123456").unwrap()),
        "TotpCode([redacted])"
    );
    for bad in [
        "",
        "12345",
        "1234567",
        "12345a",
        "١٢٣٤٥٦",
        "123\t456",
        "123-456",
        "１２３４５６",
    ] {
        assert!(TotpCode::parse(bad).is_err(), "{bad:?}");
    }
}

//! Tests of `pkce`: the RFC 7636 vector, and that no one-round-trip value shows in `Debug`.

use super::*;
use sha2::{Digest, Sha256};

/// RFC 7636 Appendix B: the octets of the example verifier.
const RFC_VERIFIER_OCTETS: [u8; 32] = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
    105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];

#[test]
fn rfc7636_appendix_b_vector() {
    let verifier = PkceVerifier::from_random(&RFC_VERIFIER_OCTETS);
    assert_eq!(
        verifier.secret(),
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    );
    let digest: [u8; 32] = Sha256::digest(verifier.secret().as_bytes()).into();
    let challenge = PkceChallenge::from_sha256(&digest);
    assert_eq!(
        challenge.as_str(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[test]
fn stored_verifier_is_validated() {
    let good = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    assert_eq!(PkceVerifier::from_stored(good).unwrap().secret(), good);
    assert!(PkceVerifier::from_stored("short").is_none());
    assert!(PkceVerifier::from_stored(&"a".repeat(129)).is_none());
    assert!(PkceVerifier::from_stored(&format!("{}=", &good[..43])).is_none());
}

#[test]
fn state_and_nonce_carry_128_bits_url_safe() {
    let state = State::from_random(&[0xff; STATE_BYTES]);
    let nonce = Nonce::from_random(&[0xff; STATE_BYTES]);
    for value in [state.as_str(), nonce.as_str()] {
        assert_eq!(value.len(), 22);
        assert!(value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }
    assert_ne!(State::from_random(&[0; STATE_BYTES]), state);
    assert_ne!(Nonce::from_random(&[0; STATE_BYTES]), nonce);
}

#[test]
fn state_and_nonce_compare_by_value() {
    let state = State::from_received("abc-123");
    assert!(state.matches(&State::from_received("abc-123")));
    assert!(!state.matches(&State::from_received("abc-124")));
    assert!(!state.matches(&State::from_received("abc-1234")));
    assert!(!state.matches(&State::from_received("")));
    let nonce = Nonce::from_stored("n-0001");
    assert!(nonce.matches("n-0001"));
    assert!(!nonce.matches("n-0002"));
    assert!(!nonce.matches("n-000"));
    assert_eq!(nonce.as_str(), "n-0001");
}

#[test]
fn verifier_debug_is_redacted() {
    let verifier = PkceVerifier::from_random(&RFC_VERIFIER_OCTETS);
    let shown = format!("{verifier:?}");
    assert_eq!(shown, "PkceVerifier([redacted])");
    assert!(!shown.contains(verifier.secret()), "{shown}");
}

#[test]
fn state_and_nonce_debug_are_redacted() {
    let state = State::from_random(&[0x5a; STATE_BYTES]);
    let nonce = Nonce::from_random(&[0xa5; STATE_BYTES]);
    let shown = format!("{state:?} {nonce:?} {:?}", Some(&state));
    assert!(!shown.contains(state.as_str()), "{shown}");
    assert!(!shown.contains(nonce.as_str()), "{shown}");
    assert_eq!(format!("{state:?}"), "State([redacted])");
    assert_eq!(format!("{nonce:?}"), "Nonce([redacted])");
}

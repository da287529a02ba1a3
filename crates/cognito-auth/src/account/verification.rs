//! Email verification: the code Cognito emails (`GetUserAttributeVerificationCode`, or on its
//! own after an email change) and the user types back (`VerifyUserAttribute`).
//!
//! With `AttributesRequireVerificationBeforeUpdate` the old address stays the user's until this
//! code is checked, so the code proves control of the new mailbox: its `Debug` is redacted and
//! it is never stored or logged.

/// The attribute the account page verifies.
pub const EMAIL: &str = "email";

/// A code from the verification email: exactly six ASCII digits (Cognito's verification codes;
/// a custom-message trigger can reword the email but not the code).
#[derive(Clone, PartialEq, Eq)]
pub struct EmailCode(String);

impl EmailCode {
    /// Reads what the user typed: spaces anywhere are dropped, then exactly six ASCII digits
    /// must remain.
    ///
    /// # Errors
    /// A short reason in plain words.
    pub fn parse(typed: &str) -> Result<Self, &'static str> {
        super::totp::six_digits(typed)
            .map(Self)
            .ok_or("Enter the 6-digit code from the verification email.")
    }

    /// The code, for the one request that sends it.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for EmailCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EmailCode([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_ascii_digits_with_spaces_dropped_are_a_code() {
        assert_eq!(EmailCode::parse(" 123 456 ").unwrap().secret(), "123456");
        for bad in [
            "",
            "12345",
            "1234567",
            "12345a",
            "١٢٣٤٥٦",
            "123-456",
            "123\n456",
        ] {
            assert!(EmailCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_code_never_shows_in_debug() {
        let shown = format!("{:?}", EmailCode::parse("987654").unwrap());
        assert!(!shown.contains("987654"), "{shown}");
    }
}

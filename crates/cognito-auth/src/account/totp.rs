//! Two-factor sign-in with an authenticator app: the TOTP secret Cognito hands out, the
//! `otpauth://` URI an app scans, and the 6-digit code the user types back.
//!
//! The secret and the URI (which contains it) are shown to the user once, as a QR code and as
//! text for manual entry; they are never stored or logged, so both are newtypes whose `Debug`
//! says nothing. The code is checked for shape before a round trip.

use crate::protocol::form::encode_component;

/// Fewest base32 characters accepted in a secret: 80 bits, the floor RFC 4226 recommends
/// against (Cognito's are 32 characters, 160 bits).
pub const MIN_SECRET_CHARS: usize = 16;
/// Most base32 characters accepted in a secret: a longer answer is not a TOTP secret.
pub const MAX_SECRET_CHARS: usize = 128;

/// A TOTP secret from `AssociateSoftwareToken` (`SecretCode`): unpadded base32 (RFC 4648,
/// `A`–`Z`, `2`–`7`), checked when it arrives.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(String);

impl TotpSecret {
    /// Checks a secret: base32 letters only (uppercase; `=` padding dropped), a length between
    /// [`MIN_SECRET_CHARS`] and [`MAX_SECRET_CHARS`], and no leftover bits that base32 could not
    /// have written.
    ///
    /// # Errors
    /// A short reason (never the value).
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let value = value.trim_end_matches('=');
        if value.len() < MIN_SECRET_CHARS || value.len() > MAX_SECRET_CHARS {
            return Err("the secret's length is not a TOTP secret's");
        }
        if !value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
        {
            return Err("the secret is not base32");
        }
        // Base32 writes 8 characters per 5 bytes; lengths 1, 3 and 6 (mod 8) never occur.
        if matches!(value.len() % 8, 1 | 3 | 6) {
            return Err("the secret's length is not a base32 length");
        }
        Ok(Self(value.to_owned()))
    }

    /// The secret, for the one place that shows it (manual entry) or builds the URI.
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The secret in groups of four characters, easier to type into an app by hand.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret([redacted])")
    }
}

/// An `otpauth://totp/…` URI (Google Authenticator's Key URI Format), for the QR code. It holds
/// the secret, so its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct OtpauthUri(String);

impl OtpauthUri {
    /// The URI, for the QR encoder.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for OtpauthUri {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OtpauthUri([redacted])")
    }
}

/// Builds `otpauth://totp/<issuer>:<account>?secret=<secret>&issuer=<issuer>`.
///
/// The label's issuer and account and the `issuer` parameter are percent-encoded (everything
/// but RFC 3986's unreserved characters), so a `:` `&` `#` `?` `/` or space in either cannot
/// split the label or add a parameter; apps show the decoded text. Cognito's TOTP is the
/// default SHA-1, 6 digits, 30 s, so those parameters are left out (some apps mishandle them).
pub fn otpauth_uri(secret: &TotpSecret, issuer: &str, account: &str) -> OtpauthUri {
    let issuer = encode_component(issuer.trim());
    let account = encode_component(account.trim());
    OtpauthUri(format!(
        "otpauth://totp/{issuer}:{account}?secret={}&issuer={issuer}",
        secret.secret()
    ))
}

/// A code from the authenticator app: exactly six ASCII digits. Its `Debug` is redacted (a code
/// is valid for a minute or two, and proves the second factor).
#[derive(Clone, PartialEq, Eq)]
pub struct TotpCode(String);

impl TotpCode {
    /// Reads what the user typed: spaces anywhere are dropped (apps show `123 456`), then exactly
    /// six ASCII digits must remain (not other scripts' digits, not five, not seven).
    ///
    /// # Errors
    /// A short reason in plain words.
    pub fn parse(typed: &str) -> Result<Self, &'static str> {
        six_digits(typed)
            .map(Self)
            .ok_or("Enter the 6-digit code your authenticator app shows.")
    }

    /// The code, for the one request that sends it.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

/// What the user typed, as six ASCII digits once the spaces that apps and emails show (`123 456`)
/// are dropped; `None` for anything else. The authenticator's code and the email's
/// ([`super::verification::EmailCode`]) are read alike.
pub(crate) fn six_digits(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| *c != ' ').collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

impl std::fmt::Debug for TotpCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpCode([redacted])")
    }
}

#[cfg(test)]
#[path = "totp_tests.rs"]
mod tests;

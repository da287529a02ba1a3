//! Passwords: a newtype that never shows its value, and the pool's policy checked before a new
//! password is sent, every unmet rule at once (Cognito's `InvalidPasswordException` names one).

use crate::protocol::config::PasswordPolicy;

/// Cognito's longest password, in characters.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// The characters Cognito counts as symbols (its password-policy documentation); a space counts
/// too when it is neither the first nor the last character.
pub const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/// A password typed by the user. Its `Debug` is redacted; read it with [`Self::secret`] only to
/// put it in a request body.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps what the user typed, as typed (no trimming: a space may be part of it).
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw value, for the one request that sends it.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// One rule of the pool's password policy (plus Cognito's fixed ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordRule {
    /// At least this many characters.
    MinLength(u32),
    /// At most [`MAX_PASSWORD_CHARS`] characters.
    MaxLength,
    /// A lowercase letter (a–z).
    Lowercase,
    /// An uppercase letter (A–Z).
    Uppercase,
    /// A digit (0–9).
    Number,
    /// One of [`SYMBOLS`], or an inner space.
    Symbol,
    /// No space at the start or the end.
    NoEdgeSpace,
}

impl PasswordRule {
    /// The rule in words, for the list shown beside the new-password field.
    pub fn describe(self) -> String {
        match self {
            Self::MinLength(n) => format!("At least {n} characters"),
            Self::MaxLength => format!("At most {MAX_PASSWORD_CHARS} characters"),
            Self::Lowercase => "A lowercase letter (a–z)".to_owned(),
            Self::Uppercase => "An uppercase letter (A–Z)".to_owned(),
            Self::Number => "A digit (0–9)".to_owned(),
            Self::Symbol => format!("A symbol, such as {}", "! @ # $ % ^ & * - _ +"),
            Self::NoEdgeSpace => "No space at the start or the end".to_owned(),
        }
    }

    /// Whether `password` meets this rule.
    pub fn met_by(self, password: &Password) -> bool {
        let text = password.secret();
        let count = text.chars().count();
        match self {
            Self::MinLength(n) => u32::try_from(count).map_or(true, |c| c >= n),
            Self::MaxLength => count <= MAX_PASSWORD_CHARS,
            Self::Lowercase => text.chars().any(|c| c.is_ascii_lowercase()),
            Self::Uppercase => text.chars().any(|c| c.is_ascii_uppercase()),
            Self::Number => text.chars().any(|c| c.is_ascii_digit()),
            Self::Symbol => {
                let inner = text.trim_matches(' ');
                text.chars().any(|c| SYMBOLS.contains(c)) || inner.contains(' ')
            }
            Self::NoEdgeSpace => {
                !text.starts_with(char::is_whitespace) && !text.ends_with(char::is_whitespace)
            }
        }
    }
}

/// Every rule a new password must meet under `policy`, in the order shown.
pub fn requirements(policy: &PasswordPolicy) -> Vec<PasswordRule> {
    let mut rules = vec![PasswordRule::MinLength(policy.min_length)];
    for (wanted, rule) in [
        (policy.require_lowercase, PasswordRule::Lowercase),
        (policy.require_uppercase, PasswordRule::Uppercase),
        (policy.require_numbers, PasswordRule::Number),
        (policy.require_symbols, PasswordRule::Symbol),
    ] {
        if wanted {
            rules.push(rule);
        }
    }
    rules.push(PasswordRule::MaxLength);
    rules.push(PasswordRule::NoEdgeSpace);
    rules
}

/// The rules `password` does not meet under `policy`: all of them, not the first, so the page
/// can mark every one; empty when it may be sent.
pub fn unmet_rules(policy: &PasswordPolicy, password: &Password) -> Vec<PasswordRule> {
    requirements(policy)
        .into_iter()
        .filter(|rule| !rule.met_by(password))
        .collect()
}

#[cfg(test)]
#[path = "password_tests.rs"]
mod tests;

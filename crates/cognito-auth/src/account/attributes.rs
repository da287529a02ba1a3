//! Which attributes a customer may change from the portal, and a checked change.
//!
//! The list is the portal client's `WriteAttributes` in `deploy/template.yaml` (a deploy test
//! compares them): Cognito refuses any other attribute for this client anyway, but the page must
//! not offer a field it cannot save, and a `custom:*` attribute (a tenant id, a plan) is the
//! operator's to set, never the customer's.

/// The attributes a customer may change: their names and their email.
pub const WRITABLE: [&str; 4] = ["given_name", "family_name", "name", "email"];

/// Cognito's limit on an attribute value, in characters.
pub const MAX_VALUE_CHARS: usize = 2048;

/// Cognito's limit on an email address, in characters.
pub const MAX_EMAIL_CHARS: usize = 254;

/// Why a change cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AttributeProblem {
    /// Not one of [`WRITABLE`].
    #[error("`{name}` cannot be changed from the portal")]
    NotWritable {
        /// The attribute's name (bounded, as given).
        name: String,
    },
    /// Empty (after trimming).
    #[error("`{name}` cannot be empty")]
    Empty {
        /// The attribute's name.
        name: &'static str,
    },
    /// Longer than Cognito allows.
    #[error("`{name}` is longer than {max} characters")]
    TooLong {
        /// The attribute's name.
        name: &'static str,
        /// The limit.
        max: usize,
    },
    /// Holds a control character (a line break, a NUL).
    #[error("`{name}` contains a control character")]
    ControlCharacter {
        /// The attribute's name.
        name: &'static str,
    },
    /// Not an email address.
    #[error("`{value}` is not an email address")]
    NotAnEmail {
        /// The value (bounded).
        value: String,
    },
    /// The same attribute twice in one request.
    #[error("`{name}` is changed twice in one request")]
    Repeated {
        /// The attribute's name.
        name: &'static str,
    },
}

/// One attribute change that may be sent: a writable name and a value Cognito can store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeUpdate {
    name: &'static str,
    value: String,
}

impl AttributeUpdate {
    /// Checks a change: the name is [`WRITABLE`], the value trimmed, non-empty, within Cognito's
    /// length, without control characters; an email has one `@` with something on each side and
    /// no spaces (Cognito checks it properly; this catches a slip before a round trip).
    ///
    /// # Errors
    /// [`AttributeProblem`] naming what is wrong.
    pub fn new(name: &str, value: &str) -> Result<Self, AttributeProblem> {
        let Some(name) = WRITABLE.iter().copied().find(|w| *w == name) else {
            return Err(AttributeProblem::NotWritable {
                name: bounded(name, 64),
            });
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(AttributeProblem::Empty { name });
        }
        let max = if name == "email" {
            MAX_EMAIL_CHARS
        } else {
            MAX_VALUE_CHARS
        };
        if value.chars().count() > max {
            return Err(AttributeProblem::TooLong { name, max });
        }
        if value.chars().any(char::is_control) {
            return Err(AttributeProblem::ControlCharacter { name });
        }
        if name == "email" && !looks_like_email(value) {
            return Err(AttributeProblem::NotAnEmail {
                value: bounded(value, 64),
            });
        }
        Ok(Self {
            name,
            value: value.to_owned(),
        })
    }

    /// The attribute's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The value to store.
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// The changes of one `UpdateUserAttributes` request: at least one, each attribute once
/// (Cognito would take one of two values for the same name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeChanges(Vec<AttributeUpdate>);

impl AttributeChanges {
    /// Checks the set of changes.
    ///
    /// # Errors
    /// [`AttributeProblem::Empty`] (on `attributes`) when there is nothing to change,
    /// [`AttributeProblem::Repeated`] for the first repeated name.
    pub fn new(updates: Vec<AttributeUpdate>) -> Result<Self, AttributeProblem> {
        if updates.is_empty() {
            return Err(AttributeProblem::Empty { name: "attributes" });
        }
        for (i, update) in updates.iter().enumerate() {
            if updates.iter().skip(i + 1).any(|u| u.name == update.name) {
                return Err(AttributeProblem::Repeated { name: update.name });
            }
        }
        Ok(Self(updates))
    }

    /// The changes, in order.
    pub fn updates(&self) -> &[AttributeUpdate] {
        &self.0
    }
}

fn looks_like_email(value: &str) -> bool {
    let mut parts = value.split('@');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(local), Some(domain), None)
            if !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
                && !domain.ends_with('.')
    ) && !value.chars().any(char::is_whitespace)
}

/// At most `max` characters of `text`, for echoing untrusted input in a message.
pub(crate) fn bounded(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
#[path = "attributes_tests.rs"]
mod tests;

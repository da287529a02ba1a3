//! Strict readers of the answers: the size first, then the status (an error answer becomes an
//! [`AccountError`]), then the types and bounds of every field read.
//!
//! Fields not read are ignored rather than refused: AWS adds fields to these answers (`GetUser`'s
//! deprecated `MFAOptions`, say) and an unknown one changes nothing the page shows. Every field
//! that is read must have its type, and every string its bound, or the whole answer is refused.

use crate::account::error::AccountError;
use crate::account::operation::Operation;
use crate::account::totp::TotpSecret;
use crate::protocol::http::HttpAnswer;
use serde_json::{Map, Value};

/// A success answer longer than this is not read (a `GetUser` answer is about a kilobyte).
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// Most attributes a user may have: Cognito's standard ones plus its 50 custom ones.
pub const MAX_ATTRIBUTES: usize = 100;
/// Longest attribute name (`custom:` and 20 characters is Cognito's longest; with room).
pub const MAX_NAME_CHARS: usize = 64;
/// Longest attribute value (Cognito's limit).
pub const MAX_VALUE_CHARS: usize = 2048;
/// Longest username, MFA name or delivery detail read.
pub const MAX_SHORT_CHARS: usize = 256;

/// One attribute of the user, as `GetUser` gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// Its name (`email`, `given_name`, `custom:tenant`).
    pub name: String,
    /// Its value, always a string (Cognito writes booleans as `"true"`).
    pub value: String,
}

/// The user's account, as `GetUser` gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserAccount {
    /// `Username` (with email sign-in, the user's `sub`).
    pub username: String,
    /// `UserAttributes`, in Cognito's order, each name once.
    pub attributes: Vec<Attribute>,
    /// `UserMFASettingList`: the MFA methods turned on (`SOFTWARE_TOKEN_MFA`, …).
    pub mfa_settings: Vec<String>,
    /// `PreferredMfaSetting`, if one is set.
    pub preferred_mfa: Option<String>,
}

impl UserAccount {
    /// The value of attribute `name`, if the user has it.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    /// Whether the email address is verified (`email_verified` is the string `"true"`).
    pub fn email_verified(&self) -> bool {
        self.attribute("email_verified") == Some("true")
    }

    /// Whether TOTP MFA is on for this user.
    pub fn totp_enabled(&self) -> bool {
        self.mfa_settings.iter().any(|m| m == "SOFTWARE_TOKEN_MFA")
    }
}

/// `VerifySoftwareToken`'s `Status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyStatus {
    /// The code matched: the authenticator is enrolled.
    Success,
    /// The code did not match (Cognito may say so with a 200 and `ERROR`).
    Error,
}

/// Where Cognito sent a verification code (`UpdateUserAttributes` after an email change).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeDelivery {
    /// `AttributeName`: the attribute being verified (`email`).
    pub attribute: String,
    /// `DeliveryMedium`: `EMAIL` or `SMS`.
    pub medium: String,
    /// `Destination`: masked by Cognito (`d***@e***`).
    pub destination: String,
}

/// Reads `GetUser`'s answer.
///
/// # Errors
/// [`AccountError`]: Cognito's error, or a malformed answer.
pub fn parse_get_user(answer: &HttpAnswer) -> Result<UserAccount, AccountError> {
    let op = Operation::GetUser;
    let map = success_object(op, answer)?;
    let bad = |what: &str| malformed(op, answer.status, what);
    let username = short_string(&map, "Username")
        .map_err(|()| bad("Username is not a short string"))?
        .ok_or_else(|| bad("no Username"))?;
    let Some(Value::Array(items)) = map.get("UserAttributes") else {
        return Err(bad("UserAttributes is not a list"));
    };
    if items.len() > MAX_ATTRIBUTES {
        return Err(bad("too many attributes"));
    }
    let mut attributes: Vec<Attribute> = Vec::with_capacity(items.len());
    for item in items {
        let attribute = read_attribute(item).ok_or_else(|| bad("an attribute is malformed"))?;
        if attributes.iter().any(|a| a.name == attribute.name) {
            return Err(bad("an attribute appears twice"));
        }
        attributes.push(attribute);
    }
    let mfa_settings = match map.get("UserMFASettingList") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) if list.len() <= 8 => list
            .iter()
            .map(|m| match m {
                Value::String(s) if is_mfa_name(s) => Ok(s.clone()),
                _ => Err(bad(
                    "UserMFASettingList holds something else than MFA names",
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(bad("UserMFASettingList is not a short list")),
    };
    // The emulator says "" for no preference where AWS leaves the field out.
    let preferred_mfa = match short_string(&map, "PreferredMfaSetting") {
        Ok(None) => None,
        Ok(Some(p)) if p.is_empty() => None,
        Ok(Some(p)) if is_mfa_name(&p) => Some(p),
        _ => return Err(bad("PreferredMfaSetting is not an MFA name")),
    };
    Ok(UserAccount {
        username,
        attributes,
        mfa_settings,
        preferred_mfa,
    })
}

/// Reads `AssociateSoftwareToken`'s answer: the TOTP secret (`SecretCode`).
///
/// # Errors
/// [`AccountError`]: Cognito's error, or a malformed answer (a secret that is not base32).
pub fn parse_associate_software_token(answer: &HttpAnswer) -> Result<TotpSecret, AccountError> {
    let op = Operation::AssociateSoftwareToken;
    let map = success_object(op, answer)?;
    match map.get("SecretCode") {
        Some(Value::String(code)) => {
            TotpSecret::parse(code).map_err(|why| malformed(op, answer.status, why))
        }
        _ => Err(malformed(op, answer.status, "no SecretCode")),
    }
}

/// Reads `VerifySoftwareToken`'s answer (`Status`).
///
/// # Errors
/// [`AccountError`]: Cognito's error (`CodeMismatchException`), or a malformed answer.
pub fn parse_verify_software_token(answer: &HttpAnswer) -> Result<VerifyStatus, AccountError> {
    let op = Operation::VerifySoftwareToken;
    let map = success_object(op, answer)?;
    match map.get("Status").and_then(Value::as_str) {
        Some("SUCCESS") => Ok(VerifyStatus::Success),
        Some("ERROR") => Ok(VerifyStatus::Error),
        _ => Err(malformed(
            op,
            answer.status,
            "Status is not SUCCESS or ERROR",
        )),
    }
}

/// Reads `UpdateUserAttributes`' answer: where verification codes went (empty when nothing
/// needs verifying).
///
/// # Errors
/// [`AccountError`]: Cognito's error, or a malformed answer.
pub fn parse_update_user_attributes(
    answer: &HttpAnswer,
) -> Result<Vec<CodeDelivery>, AccountError> {
    let op = Operation::UpdateUserAttributes;
    let map = success_object(op, answer)?;
    let bad = || malformed(op, answer.status, "CodeDeliveryDetailsList is malformed");
    match map.get("CodeDeliveryDetailsList") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) if items.len() <= 8 => items
            .iter()
            .map(|item| read_delivery(item).ok_or_else(bad))
            .collect(),
        Some(_) => Err(bad()),
    }
}

/// Reads `GetUserAttributeVerificationCode`'s answer: where the code went
/// (`CodeDeliveryDetails`).
///
/// # Errors
/// [`AccountError`]: Cognito's error, or a malformed answer.
pub fn parse_send_email_code(answer: &HttpAnswer) -> Result<CodeDelivery, AccountError> {
    let op = Operation::GetUserAttributeVerificationCode;
    let map = success_object(op, answer)?;
    map.get("CodeDeliveryDetails")
        .and_then(read_delivery)
        .ok_or_else(|| malformed(op, answer.status, "CodeDeliveryDetails is malformed"))
}

/// `{"AttributeName", "DeliveryMedium", "Destination"}`, each a short string or absent.
fn read_delivery(item: &Value) -> Option<CodeDelivery> {
    let Value::Object(detail) = item else {
        return None;
    };
    let field = |key| {
        short_string(detail, key)
            .ok()
            .map(Option::unwrap_or_default)
    };
    Some(CodeDelivery {
        attribute: field("AttributeName")?,
        medium: field("DeliveryMedium")?,
        destination: field("Destination")?,
    })
}

/// Reads the answer of a call that returns nothing (`ChangePassword`, `SetUserMFAPreference`,
/// `GlobalSignOut`, `DeleteUser`, `VerifyUserAttribute`): a 200 with an empty body or a JSON object.
///
/// # Errors
/// [`AccountError`]: Cognito's error, or a malformed answer.
pub fn parse_empty(operation: Operation, answer: &HttpAnswer) -> Result<(), AccountError> {
    if answer.status == 200 && answer.body.trim().is_empty() {
        return Ok(());
    }
    success_object(operation, answer).map(|_| ())
}

/// The body of a 200 as a JSON object; an error answer as its [`AccountError`].
fn success_object(op: Operation, answer: &HttpAnswer) -> Result<Map<String, Value>, AccountError> {
    if answer.status != 200 {
        return Err(AccountError::from_answer(op, answer.status, &answer.body));
    }
    if answer.body.len() > MAX_ANSWER_BYTES {
        return Err(malformed(op, answer.status, "an oversized answer"));
    }
    match serde_json::from_str::<Value>(&answer.body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(malformed(op, answer.status, "not a JSON object")),
    }
}

fn malformed(operation: Operation, status: u16, what: &str) -> AccountError {
    AccountError::Malformed {
        operation,
        status,
        what: what.to_owned(),
    }
}

/// A string field of at most [`MAX_SHORT_CHARS`]: `Ok(None)` when absent or null, `Err` when
/// of another type or too long.
fn short_string(map: &Map<String, Value>, key: &str) -> Result<Option<String>, ()> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= MAX_SHORT_CHARS => Ok(Some(s.clone())),
        Some(_) => Err(()),
    }
}

/// `{"Name": "…", "Value": "…"}`; a missing `Value` is the empty string (AWS marks it
/// optional).
fn read_attribute(item: &Value) -> Option<Attribute> {
    let Value::Object(map) = item else {
        return None;
    };
    let name = match map.get("Name") {
        Some(Value::String(n)) if !n.is_empty() && n.chars().count() <= MAX_NAME_CHARS => n,
        _ => return None,
    };
    let value = match map.get("Value") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(v)) if v.chars().count() <= MAX_VALUE_CHARS => v.clone(),
        Some(_) => return None,
    };
    Some(Attribute {
        name: name.clone(),
        value,
    })
}

/// `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP` and whatever AWS adds in that form.
fn is_mfa_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
#[path = "answer_tests.rs"]
mod tests;

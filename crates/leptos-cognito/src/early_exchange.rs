//! The glue to the boot script's early code exchange (`js/early_exchange.js`): what it sent and
//! its answer, taken once. Whether the answer is used is the core's decision
//! ([`cognito_auth::protocol::early_exchange::adopts`], in [`crate::exchange`]).

use crate::http::{Endpoint, HttpAnswer, NoAnswer, NoAnswerError};
use cognito_auth::protocol::early_exchange::EarlyRequest;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The boot script's function that hands over its exchange, once.
const TAKE: &str = "cognitoPortalEarlyExchange";

/// A token request the boot script sent, and its answer to come. No `Debug`: nothing shows it.
pub(crate) struct Early {
    /// What was sent: untrusted until the core adopts it.
    pub(crate) request: EarlyRequest,
    answer: Promise,
}

/// Reads `name` of `object`.
fn member(object: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(name)).ok()
}

/// Reads `name` of `object` as a string.
fn text(object: &JsValue, name: &str) -> Option<String> {
    member(object, name)?.as_string()
}

/// Takes the exchange the boot script sent, if it sent one: later calls get `None`, and so
/// does a page without the boot script (or with anything else under its name).
pub(crate) fn take() -> Option<Early> {
    let global = js_sys::global();
    let take: Function = member(&global, TAKE)?.dyn_into().ok()?;
    let early = take.call0(&global).ok()?;
    let answer = member(&early, "answer")?.dyn_into().ok()?;
    Some(Early {
        request: EarlyRequest {
            url: text(&early, "url")?,
            body: text(&early, "body")?,
        },
        answer,
    })
}

impl Early {
    /// Waits for the answer, as [`crate::http`] reads one: an HTTP status (bounded to the range
    /// HTTP has) and the body, or no answer.
    pub(crate) async fn answer(self) -> Result<HttpAnswer, NoAnswerError> {
        let failed = |detail: String| NoAnswerError {
            endpoint: Endpoint::Token,
            reason: NoAnswer::Unreachable,
            detail,
        };
        let value = wasm_bindgen_futures::JsFuture::from(self.answer)
            .await
            .map_err(|e| {
                failed(
                    e.dyn_ref::<js_sys::Error>()
                        .map_or_else(|| "the request failed".into(), |e| e.message().into()),
                )
            })?;
        let status = member(&value, "status")
            .and_then(|s| s.as_f64())
            .and_then(http_status)
            .ok_or_else(|| failed("the answer had no HTTP status".into()))?;
        Ok(HttpAnswer {
            status,
            body: text(&value, "body").unwrap_or_default(),
        })
    }
}

/// A number from the page as an HTTP status: a whole number from 100 to 599, or `None`
/// (compared exactly, by bits: no cast can wrap or truncate a hostile number into range).
fn http_status(number: f64) -> Option<u16> {
    (100..=599).find(|status| f64::from(*status).to_bits() == number.to_bits())
}

#[cfg(test)]
mod tests {
    use cognito_auth::protocol::early_exchange::{BODY_MEMBER, CALLBACK_PATH, URL_MEMBER};
    use cognito_auth::protocol::pending::{PENDING_TTL_SECS, STORAGE_KEY_PREFIX};

    const SCRIPT: &str = include_str!("../js/early_exchange.js");

    #[test]
    fn only_a_whole_number_from_100_to_599_is_an_http_status() {
        assert_eq!(super::http_status(200.0), Some(200));
        assert_eq!(super::http_status(599.0), Some(599));
        for odd in [
            0.0,
            99.0,
            600.0,
            200.5,
            -200.0,
            f64::NAN,
            f64::INFINITY,
            65_736.0,
        ] {
            assert_eq!(super::http_status(odd), None, "{odd}");
        }
    }

    /// The boot script repeats names the Rust code owns: the record's key prefix and members,
    /// the callback path, the hand-over function and the record's age limit. If one changes,
    /// the script sends nothing, or sends for a callback the core refuses (spending its code),
    /// silently; this test makes it loud.
    #[test]
    fn the_boot_script_uses_the_names_the_portal_writes_and_reads() {
        for expected in [
            format!("'{STORAGE_KEY_PREFIX}' + state"),
            format!("record.{URL_MEMBER}"),
            format!("record.{BODY_MEMBER}"),
            format!("location.pathname == '{CALLBACK_PATH}'"),
            format!("'{}'", super::TAKE),
            format!(
                "record.state === state && age >= -{PENDING_TTL_SECS} && age <= {PENDING_TTL_SECS}"
            ),
            "record.created_at".to_owned(),
            "!query.get('error')".to_owned(),
        ] {
            assert!(
                SCRIPT.contains(&expected),
                "{expected} is not in the script"
            );
        }
    }
}

//! The one-shot reason a tab leaves behind when it signs out through Cognito's `/logout`.
//!
//! "Sign out of every device" and "Delete my account" end the session and then leave through
//! `/logout` (to clear the hosted UI's cookie), which reloads the page: the machine that knew why
//! is gone, and the landing would say only "no tab has a session". So, just before leaving, the
//! tab writes a marker in sessionStorage (this tab only, gone with it), and the landing reads and
//! deletes it and shows the same words the machine would. The marker says which of two things
//! happened and nothing else: no token, no user, no time. Any script on the origin can write
//! sessionStorage, so only the two known values are read; anything else is ignored (and deleted
//! all the same).

use crate::session::machine::SignOutReason;
use crate::session::notice::{ACCOUNT_DELETED_TEXT, SIGNED_OUT_EVERYWHERE_TEXT};

/// The sessionStorage key of the marker.
pub const MARKER_KEY: &str = "cognito-portal:signed-out-reason";

/// The marker for `reason`: only this tab's own "every device" and "deleted" endings have one.
pub fn marker_value(reason: &SignOutReason) -> Option<&'static str> {
    match reason {
        SignOutReason::SignedOutEverywhere {
            in_other_tab: false,
        } => Some("everywhere"),
        SignOutReason::AccountDeleted {
            in_other_tab: false,
        } => Some("deleted"),
        _ => None,
    }
}

/// The reason a marker stands for; `None` for anything but the two values written.
pub fn reason_from_marker(value: &str) -> Option<SignOutReason> {
    match value {
        "everywhere" => Some(SignOutReason::SignedOutEverywhere {
            in_other_tab: false,
        }),
        "deleted" => Some(SignOutReason::AccountDeleted {
            in_other_tab: false,
        }),
        _ => None,
    }
}

/// The landing's words for a marker: [`crate::session::notice::sign_out_text`] of
/// [`reason_from_marker`], without pulling every other sentence into the first load; `None` for
/// anything but the two values written.
pub fn marker_words(value: &str) -> Option<&'static str> {
    match value {
        "everywhere" => Some(SIGNED_OUT_EVERYWHERE_TEXT),
        "deleted" => Some(ACCOUNT_DELETED_TEXT),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::OAuthError;
    use crate::session::notice::sign_out_text;

    #[test]
    fn the_two_endings_that_leave_through_logout_round_trip() {
        for reason in [
            SignOutReason::SignedOutEverywhere {
                in_other_tab: false,
            },
            SignOutReason::AccountDeleted {
                in_other_tab: false,
            },
        ] {
            let value = marker_value(&reason).unwrap();
            assert_eq!(marker_words(value), Some(sign_out_text(&reason)));
            assert_eq!(reason_from_marker(value), Some(reason));
        }
    }

    #[test]
    fn no_other_reason_leaves_a_marker() {
        for reason in [
            SignOutReason::UserSignedOut,
            SignOutReason::SignedOutElsewhere,
            SignOutReason::NoSessionFound,
            SignOutReason::SessionEnded(OAuthError {
                code: "invalid_grant".into(),
                description: None,
            }),
            SignOutReason::SignedOutEverywhere { in_other_tab: true },
            SignOutReason::AccountDeleted { in_other_tab: true },
        ] {
            assert_eq!(marker_value(&reason), None, "{reason:?}");
        }
    }

    #[test]
    fn a_forged_or_unknown_marker_is_ignored() {
        for forged in [
            "",
            "Everywhere",
            "everywhere ",
            " deleted",
            "deleted\n",
            "signedOut",
            "<img src=x onerror=alert(1)>",
            "{\"reason\":\"deleted\"}",
            "everywhere;deleted",
        ] {
            assert_eq!(reason_from_marker(forged), None, "{forged:?}");
            assert_eq!(marker_words(forged), None, "{forged:?}");
        }
    }
}

//! Whether another tab could hand this one a session, known at once instead of waited for.
//!
//! Every tab that holds tokens (and has the tab channel to hand them over on) holds a Web Lock
//! named [`holder_lock_name`]; the browser releases it when the tab drops its tokens or closes. A
//! starting tab reads the origin's held locks (`navigator.locks.query()`) and asks the other tabs
//! only when a holder lock of its app client is held: a tab that is alone shows "Sign in" at
//! once, with no ask and no timer.
//!
//! The lock names are untrusted: any script on the origin can hold a lock of any name. They are
//! parsed strictly ([`is_holder_lock`]), and a fake holder can only make a tab ask and wait the
//! bounded time for an answer that never comes, never give it a session (a session still comes
//! only as a verified answer to the tab's own request) and never make it hang.

use crate::session::tab_message::RequestId;

/// The fixed start of every holder lock's name; the app client id and the tab's id follow.
pub const HOLDER_LOCK_PREFIX: &str = "cognito-portal-holder:";

/// What a starting tab learnt about the other tabs of its app client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holders {
    /// At least one other tab holds a session: ask the tabs for it.
    Present,
    /// No other tab holds a session: signed out at once, nobody to ask.
    Absent,
    /// The browser cannot tell (no Web Locks, or `query()` failed or did not answer in time):
    /// ask the tabs and wait, as before presence was known.
    Unknown,
}

/// The name of the holder lock of the tab `tab` of the app client `client_id`.
pub fn holder_lock_name(client_id: &str, tab: &RequestId) -> String {
    let tab: String = tab.clone().into();
    format!("{HOLDER_LOCK_PREFIX}{client_id}:{tab}")
}

/// Whether `name` is a holder lock of the app client `client_id`: exactly the prefix, the client
/// id, `:` and a tab id (22 base64url characters). Another client's locks (even one whose id
/// starts with this one's), other locks of the origin and anything longer or shorter are not.
pub fn is_holder_lock(name: &str, client_id: &str) -> bool {
    name.strip_prefix(HOLDER_LOCK_PREFIX)
        .and_then(|rest| rest.strip_prefix(client_id))
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|tab| RequestId::try_from(tab.to_owned()).is_ok())
}

/// What the held locks say, given this tab's own holder lock name `own` (never counted: a tab is
/// not its own sibling). `held` is `None` when the browser could not list them.
pub fn holders<'a>(
    client_id: &str,
    own: &str,
    held: Option<impl IntoIterator<Item = &'a str>>,
) -> Holders {
    let Some(held) = held else {
        return Holders::Unknown;
    };
    let present = held
        .into_iter()
        .any(|name| name != own && is_holder_lock(name, client_id));
    if present {
        Holders::Present
    } else {
        Holders::Absent
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::tab_message::REQUEST_ID_BYTES;

    fn tab(byte: u8) -> RequestId {
        RequestId::from_random(&[byte; REQUEST_ID_BYTES])
    }

    #[test]
    fn a_holder_lock_of_this_client_counts_and_nothing_else_does() {
        let client = "1example23456789";
        let name = holder_lock_name(client, &tab(7));
        assert_eq!(
            name,
            format!("cognito-portal-holder:{client}:BwcHBwcHBwcHBwcHBwcHBw")
        );
        assert!(is_holder_lock(&name, client));
        let lookalikes = [
            // Another client, including one whose id starts with ours, and ours as a prefix.
            holder_lock_name("other-client", &tab(7)),
            holder_lock_name(&format!("{client}x"), &tab(7)),
            holder_lock_name(&client[..4], &tab(7)),
            // The refresh lock, the channel's name, the bare prefix.
            format!("cognito-portal-refresh:{client}"),
            format!("cognito-portal-session:{client}"),
            format!("{HOLDER_LOCK_PREFIX}{client}:"),
            // A tab id too short, too long, or not base64url.
            format!("{HOLDER_LOCK_PREFIX}{client}:BwcHBwcHBwcHBwcHBwcHB"),
            format!("{name}A"),
            format!("{HOLDER_LOCK_PREFIX}{client}:BwcHBwcHBwcHBwcHBwcH/w"),
            format!("{HOLDER_LOCK_PREFIX}{client}:BwcHBwcHBwcHBwcHBwcHB\u{e9}"),
            format!("{HOLDER_LOCK_PREFIX}{client}:{}", "A".repeat(100_000)),
            // Case and spacing matter.
            name.to_uppercase(),
            format!(" {name}"),
            String::new(),
        ];
        for lookalike in &lookalikes {
            assert!(!is_holder_lock(lookalike, client), "{lookalike:.80}");
        }
    }

    #[test]
    fn presence_is_decided_from_the_held_lock_names_without_counting_this_tab() {
        let client = "1example23456789";
        let own = holder_lock_name(client, &tab(1));
        let sibling = holder_lock_name(client, &tab(2));
        let refresh = format!("cognito-portal-refresh:{client}");
        let decide = |names: &[&str]| holders(client, &own, Some(names.iter().copied()));
        assert_eq!(decide(&[]), Holders::Absent);
        assert_eq!(decide(&[own.as_str(), refresh.as_str()]), Holders::Absent);
        assert_eq!(
            decide(&[refresh.as_str(), sibling.as_str()]),
            Holders::Present
        );
        assert_eq!(holders(client, &own, None::<[&str; 0]>), Holders::Unknown);
        // A holder of another app client on the same origin is nobody to ask.
        let stranger = holder_lock_name("other-client", &tab(2));
        assert_eq!(decide(&[stranger.as_str()]), Holders::Absent);
    }

    #[test]
    fn a_tab_without_a_lock_of_its_own_counts_every_holder_of_its_client() {
        // `held_by_any_tab` (a tab with no machinery yet) passes "" as its own lock name.
        let client = "1example23456789";
        let holder = holder_lock_name(client, &tab(3));
        let names = [holder.as_str()];
        assert_eq!(holders(client, "", Some(names)), Holders::Present);
        assert_eq!(
            holders(client, "", Some(["", "cognito-portal-holder:"])),
            Holders::Absent
        );
    }
}

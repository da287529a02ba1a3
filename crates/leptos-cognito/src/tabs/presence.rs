//! This tab's holder lock, and what a starting tab reads of the others' (the rules and the
//! parsing are the core's: [`cognito_auth::session::presence`]).
//!
//! The lock is held exactly while the session machine holds tokens and the tab has its channel to
//! hand them over on: the driver mirrors the machine's state here after every step, and the
//! browser releases the lock when the tab closes. The glue only holds, releases and reads.

use crate::{browser, web_locks};
use cognito_auth::session::presence::{holder_lock_name, holders, Holders};
use cognito_auth::session::tab_message::{RequestId, REQUEST_ID_BYTES};
use std::cell::RefCell;

/// A `navigator.locks.query()` that has not answered in this time counts as "cannot tell": the
/// tab then asks, and waits the bounded time for an answer, as a browser without Web Locks does.
const QUERY_TIMEOUT_MS: u32 = 400;

/// This tab's holder lock for one app client.
pub struct Presence {
    client_id: String,
    name: String,
    held: RefCell<Option<web_locks::HeldLock>>,
}

impl Presence {
    /// This tab's presence for `client_id`, under a fresh random tab id; nothing held yet.
    pub fn new(client_id: &str) -> Self {
        let tab = RequestId::from_random(
            &browser::random_bytes::<REQUEST_ID_BYTES>().unwrap_or_default(),
        );
        Self {
            client_id: client_id.to_owned(),
            name: holder_lock_name(client_id, &tab),
            held: RefCell::new(None),
        }
    }

    /// Holds the lock while `holding` (this tab holds tokens), releases it otherwise. Idempotent.
    pub fn set_holding(&self, holding: bool) {
        let mut held = self.held.borrow_mut();
        match (holding, held.is_some()) {
            (true, false) => *held = web_locks::hold(&self.name),
            (false, true) => {
                if let Some(lock) = held.take() {
                    lock.release();
                }
            }
            _ => {}
        }
    }

    /// Whether another tab of this app client holds a session, from the origin's held locks.
    pub async fn others(&self) -> Holders {
        held_by_tabs(&self.client_id, &self.name).await
    }
}

/// Whether a tab of this app client other than the one whose lock is `own` holds a session.
async fn held_by_tabs(client_id: &str, own: &str) -> Holders {
    let names = web_locks::held_names(QUERY_TIMEOUT_MS).await;
    holders(
        client_id,
        own,
        names.as_ref().map(|names| names.iter().map(String::as_str)),
    )
}

/// Whether any tab of this app client holds a session, asked by a tab that holds no lock (no
/// machinery yet). It needs no tab id of its own: no lock name is empty, so every holder lock
/// counts. This keeps the tab id's random bytes and base64 encoding out of the first load
/// (docs/performance.md).
pub async fn held_by_any_tab(client_id: &str) -> Holders {
    held_by_tabs(client_id, "").await
}

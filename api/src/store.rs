//! The analyses store: what the routes ask of it, and an in-memory one for tests.
//!
//! Every operation names its tenant, and the tenant is part of every key (DynamoDB: partition key
//! `tenant`, sort key `id`), so no operation can reach another tenant's item: a `Get` of another
//! tenant's id is simply not found.
//!
//! Ids are time-ordered ([`analysis_id`]: the creation second first, then random bits), so the
//! sort key's order is the creation order and one query read backwards (`ScanIndexForward`
//! false) returns the newest [`MAX_LISTED`], however many the tenant has.

use portal_token_trigger::TenantId;
use serde::Serialize;
use std::cell::RefCell;
use std::future::Future;

/// The most analyses a list answers with (one DynamoDB page), newest first.
pub const MAX_LISTED: usize = 200;
/// The random bytes in an id after its 10 hex digits of time.
pub const ID_RANDOM_BYTES: usize = 11;
/// The largest second an id's 10 hex digits hold (year 36812).
const MAX_ID_SECONDS: i64 = 0xff_ffff_ffff;

/// A new analysis id: 32 lowercase hex characters, the creation second (`now`, clamped to what
/// 10 hex digits hold) zero-padded first, then 88 random bits. Sorted as text, ids sort by
/// creation time, which is what lets the list read the sort key backwards for the newest ones;
/// the random part keeps them unguessable (and ids of one second apart).
pub fn analysis_id(now: i64, random: &[u8; ID_RANDOM_BYTES]) -> String {
    let mut id = format!("{:010x}", now.clamp(0, MAX_ID_SECONDS));
    for b in random {
        for nibble in [b >> 4, b & 0xf] {
            id.extend(char::from_digit(u32::from(nibble), 16));
        }
    }
    id
}

/// One analysis run of a customer's organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// 32 lowercase hex characters, time-ordered ([`analysis_id`]).
    pub id: String,
    /// 1 to 100 characters, trimmed, no control characters.
    pub name: String,
    /// `queued` when created.
    pub status: String,
    /// The creator's username, or `machine:<client id>`.
    pub created_by: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// What a route asks of the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreOp {
    /// The tenant's newest [`MAX_LISTED`] analyses, newest first.
    List(TenantId),
    /// One analysis of the tenant.
    Get(TenantId, String),
    /// Adds an analysis to the tenant.
    Create(TenantId, Analysis),
}

/// What the store answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreOutcome {
    /// The list, and whether the tenant has more (older) ones than it holds.
    Listed(Vec<Analysis>, bool),
    /// The item, or `None` when the tenant has no such id.
    Found(Option<Analysis>),
    /// Stored.
    Created(Analysis),
    /// The store failed; the reason is for the log only.
    Failed(&'static str),
}

/// A store of analyses keyed by tenant.
pub trait Store {
    /// Carries out `op`.
    fn run(&self, op: StoreOp) -> impl Future<Output = StoreOutcome>;
}

/// An in-memory store (tests, fixtures) that lists like the DynamoDB query: by sort key (`id`)
/// descending, at most [`MAX_LISTED`], saying when there were more.
#[derive(Debug, Default)]
pub struct MemoryStore {
    items: RefCell<Vec<(String, Analysis)>>,
}

impl Store for MemoryStore {
    async fn run(&self, op: StoreOp) -> StoreOutcome {
        match op {
            StoreOp::List(tenant) => {
                let mut listed: Vec<Analysis> = self
                    .items
                    .borrow()
                    .iter()
                    .filter(|(t, _)| t == tenant.as_str())
                    .map(|(_, a)| a.clone())
                    .collect();
                listed.sort_by(|a, b| b.id.cmp(&a.id));
                let more = listed.len() > MAX_LISTED;
                listed.truncate(MAX_LISTED);
                StoreOutcome::Listed(listed, more)
            }
            StoreOp::Get(tenant, id) => StoreOutcome::Found(
                self.items
                    .borrow()
                    .iter()
                    .find(|(t, a)| t == tenant.as_str() && a.id == id)
                    .map(|(_, a)| a.clone()),
            ),
            StoreOp::Create(tenant, analysis) => {
                self.items
                    .borrow_mut()
                    .push((tenant.as_str().to_owned(), analysis.clone()));
                StoreOutcome::Created(analysis)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_like_their_creation_times_and_stay_32_hex_characters() {
        let early = analysis_id(1_795_435_200, &[0xff; ID_RANDOM_BYTES]);
        let late = analysis_id(1_795_435_201, &[0x00; ID_RANDOM_BYTES]);
        assert!(early < late, "{early} {late}");
        assert_eq!(early, format!("{:010x}{}", 1_795_435_200, "ff".repeat(11)));
        for id in [
            early,
            late,
            analysis_id(-5, &[1; ID_RANDOM_BYTES]),
            analysis_id(i64::MAX, &[2; ID_RANDOM_BYTES]),
        ] {
            assert!(crate::analyses::is_analysis_id(&id), "{id}");
        }
        assert!(analysis_id(-5, &[0; ID_RANDOM_BYTES]).starts_with("0000000000"));
    }
}

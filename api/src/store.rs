//! The analyses store: what the routes ask of it, and an in-memory one for tests.
//!
//! Every operation names its tenant, and the tenant is part of every key (DynamoDB: partition key
//! `tenant`, sort key `id`), so no operation can reach another tenant's item: a `Get` of another
//! tenant's id is simply not found.

use portal_token_trigger::TenantId;
use serde::Serialize;
use std::cell::RefCell;
use std::future::Future;

/// The most analyses a list answers with (one DynamoDB page), newest first.
pub const MAX_LISTED: usize = 200;

/// One analysis run of a customer's organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// Random, 32 lowercase hex characters.
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
    /// The tenant's analyses, newest first.
    List(TenantId),
    /// One analysis of the tenant.
    Get(TenantId, String),
    /// Adds an analysis to the tenant.
    Create(TenantId, Analysis),
}

/// What the store answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreOutcome {
    /// The list.
    Listed(Vec<Analysis>),
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

/// An in-memory store (tests, fixtures).
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
                newest_first(&mut listed);
                StoreOutcome::Listed(listed)
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

/// Sorts newest first (ties by id, so the order is stable) and keeps at most [`MAX_LISTED`].
pub fn newest_first(list: &mut Vec<Analysis>) {
    list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    list.truncate(MAX_LISTED);
}

//! One request at a time, with a busy flag: plain signals and `spawn_local`.
//!
//! Why not Leptos's `Action`: each `Action` with the `Effect` that watches its value
//! monomorphises Leptos's action, signal and effect machinery for its own types, and the
//! account chunk carried six of them. Here the only generic part is the small wrapper in
//! [`Job::run`]; the spawning is type-erased ([`Job::spawn`]).

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// A request the page runs, and whether it is running.
#[derive(Clone, Copy)]
pub struct Job {
    busy: RwSignal<bool>,
}

impl Default for Job {
    fn default() -> Self {
        Self::new()
    }
}

impl Job {
    /// A job at rest.
    pub fn new() -> Self {
        Self {
            busy: RwSignal::new(false),
        }
    }

    /// Whether the request runs (reactive).
    pub fn busy(self) -> Signal<bool> {
        self.busy.into()
    }

    /// Runs `work` and hands its result to `done`, unless a request of this job already runs
    /// (then nothing happens and `false` is returned: a second press is ignored).
    pub fn run<T: 'static>(
        self,
        work: impl Future<Output = T> + 'static,
        done: impl FnOnce(T) + 'static,
    ) -> bool {
        self.spawn(Box::pin(async move { done(work.await) }))
    }

    /// The type-erased part of [`Self::run`].
    fn spawn(self, task: Pin<Box<dyn Future<Output = ()>>>) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            task.await;
            // A no-op once the page is gone (the signal is disposed with its owner).
            self.busy.try_set(false);
        });
        true
    }
}

//! The session: the state machine that owns the tokens, the one verifier's pure half, this tab's
//! clock, the refresh rules, the tab protocol, and the words for all of it.
//!
//! - [`machine`]: phases (holding the tokens), the check on read;
//! - [`event`]: events and commands;
//! - [`mod@step`]: the transition function;
//! - [`find`]: finding a session in the other tabs when a page starts;
//! - [`tokens`]: decoding and accepting a token set from any path;
//! - [`clock`]: the drift this tab measures, bounded;
//! - [`refresh`]: the refresh request, failure classes, backoff;
//! - [`presence`]: whether another tab holds a session to hand over (its Web Lock);
//! - [`tab_message`]: what tabs say to each other;
//! - [`notice`]: the timeline and the words of each phase;
//! - [`signed_out_marker`]: the reason a tab leaving through `/logout` leaves for its landing.

mod answers;
pub mod clock;
pub mod event;
pub mod find;
pub mod machine;
pub mod notice;
pub mod presence;
pub mod refresh;
pub mod signed_out_marker;
pub mod step;
pub mod tab_message;
pub mod tokens;

pub use machine::{Command, Event, Phase, Session, TokenAccess};
pub use step::step;

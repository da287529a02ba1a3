//! The session: the lifecycle state machine that owns the tokens, the refresh rules, and what
//! tabs say to each other.

pub mod lifecycle;
pub mod refresh;
pub mod signed_in;
pub mod tab_message;

//! Reusable view pieces.

pub mod announcer;
pub mod api_result;
pub mod claim_value;
pub mod claims_table;
pub mod clock;
pub mod copy_button;
pub mod countdown;
pub mod error_panel;
pub mod lazy_view;
pub mod load;
pub mod redaction;
pub mod session_badge;

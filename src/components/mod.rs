//! Reusable view pieces.

pub mod claims_table;
pub mod error_panel;

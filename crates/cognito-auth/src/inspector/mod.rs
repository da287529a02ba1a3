//! Explaining a token to people: lenient decoding, the checklist, claim descriptions, times,
//! and redaction for screenshots.

pub mod checklist;
pub mod claim_info;
pub mod inspect;
pub mod redact;
pub mod timefmt;

//! Checking a token before anything relies on it: JWT decoding, the per-claim checks shared by
//! the strict path and the inspector, the pool's JWKS, and what WebCrypto must verify.

pub mod checks;
pub mod claims;
pub mod jwks;
pub mod jwt;
pub mod signature;

//! One module per route.

pub mod account;
pub mod analyses;
pub mod api_access;
pub mod callback;
pub mod home;
pub mod landing;
pub mod not_found;
pub mod profile;
pub mod session;
pub mod tokens;

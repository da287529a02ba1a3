//! Tests of `totp` (filled in with the pure core's host tests).

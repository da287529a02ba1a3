//! Tests of `request` (filled in with the pure core's host tests).

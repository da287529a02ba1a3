//! Tests of `error` (filled in with the pure core's host tests).

//! Tests of `attributes` (filled in with the pure core's host tests).

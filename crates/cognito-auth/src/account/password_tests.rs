//! Tests of `password` (filled in with the pure core's host tests).

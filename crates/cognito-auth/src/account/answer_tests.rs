//! Tests of `answer` (filled in with the pure core's host tests).

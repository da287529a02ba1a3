//! Time as JWTs count it.

use serde::{Deserialize, Serialize};

/// Whole seconds since the Unix epoch, the unit of the JWT `exp`, `iat` and `auth_time` claims.
///
/// The core never reads a clock: callers pass `UnixTime` in, so tests can pin it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// Converts milliseconds (as JavaScript's `Date.now()` returns them) to whole seconds.
    pub fn from_millis(millis: f64) -> Self {
        // Float to int casts saturate, so a NaN or absurd clock cannot panic.
        #[allow(
            clippy::cast_possible_truncation,
            reason = "saturating cast of a clock reading"
        )]
        Self((millis / 1000.0).floor() as i64)
    }

    /// Seconds from `earlier` to `self` (negative when `earlier` is later).
    pub fn seconds_since(self, earlier: UnixTime) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_are_floored_to_seconds() {
        assert_eq!(
            UnixTime::from_millis(1_700_000_000_999.0),
            UnixTime(1_700_000_000)
        );
        assert_eq!(UnixTime::from_millis(f64::NAN), UnixTime(0));
    }

    #[test]
    fn seconds_since_is_signed() {
        assert_eq!(UnixTime(100).seconds_since(UnixTime(40)), 60);
        assert_eq!(UnixTime(40).seconds_since(UnixTime(100)), -60);
    }
}

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

/// When a token issued at `iat` and expiring at `exp` should be refreshed: 60 s before expiry,
/// or a quarter of its lifetime before if that is shorter (short-lived test clients).
pub fn refresh_due_at(iat: UnixTime, exp: UnixTime) -> UnixTime {
    let lifetime = exp.seconds_since(iat).max(0);
    UnixTime(exp.0.saturating_sub((lifetime / 4).min(60)))
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
    fn refresh_is_due_a_minute_before_expiry_or_a_quarter_of_short_lives() {
        assert_eq!(
            refresh_due_at(UnixTime(0), UnixTime(3_600)),
            UnixTime(3_540)
        );
        assert_eq!(refresh_due_at(UnixTime(0), UnixTime(120)), UnixTime(90));
        assert_eq!(refresh_due_at(UnixTime(10), UnixTime(0)), UnixTime(0));
        // Extremes from hostile tokens saturate instead of wrapping or panicking.
        assert_eq!(
            refresh_due_at(UnixTime(i64::MAX), UnixTime(i64::MIN)),
            UnixTime(i64::MIN)
        );
        assert_eq!(
            refresh_due_at(UnixTime(i64::MIN), UnixTime(i64::MAX)),
            UnixTime(i64::MAX - 60)
        );
    }

    #[test]
    fn seconds_since_is_signed() {
        assert_eq!(UnixTime(100).seconds_since(UnixTime(40)), 60);
        assert_eq!(UnixTime(40).seconds_since(UnixTime(100)), -60);
    }
}

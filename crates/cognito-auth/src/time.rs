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

/// How far Cognito's clock is ahead of this device's (negative when behind), in seconds:
/// the token's `iat` minus the local time it was received. Expiry decisions add it to the local
/// clock, so a device clock that is minutes off neither expires tokens early nor late.
pub fn clock_drift(iat: UnixTime, received_at: UnixTime) -> i64 {
    iat.seconds_since(received_at)
}

/// The server's time, estimated from the local clock and the measured drift.
pub fn server_now(local_now: UnixTime, drift_secs: i64) -> UnixTime {
    UnixTime(local_now.0.saturating_add(drift_secs))
}

/// When a token issued at `iat` and expiring at `exp` should be refreshed: 60 s before expiry,
/// or a quarter of its lifetime before if that is shorter (short-lived test clients).
pub fn refresh_due_at(iat: UnixTime, exp: UnixTime) -> UnixTime {
    let lifetime = exp.seconds_since(iat).max(0);
    UnixTime(exp.0 - (lifetime / 4).min(60))
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
    fn drift_anchors_the_clock_to_the_server() {
        // The device clock is 10 minutes fast: a token issued "now" by Cognito arrives at +600.
        let drift = clock_drift(UnixTime(1_000), UnixTime(1_600));
        assert_eq!(drift, -600);
        assert_eq!(server_now(UnixTime(1_700), drift), UnixTime(1_100));
    }

    #[test]
    fn refresh_is_due_a_minute_before_expiry_or_a_quarter_of_short_lives() {
        assert_eq!(
            refresh_due_at(UnixTime(0), UnixTime(3_600)),
            UnixTime(3_540)
        );
        assert_eq!(refresh_due_at(UnixTime(0), UnixTime(120)), UnixTime(90));
        assert_eq!(refresh_due_at(UnixTime(10), UnixTime(0)), UnixTime(0));
    }

    #[test]
    fn seconds_since_is_signed() {
        assert_eq!(UnixTime(100).seconds_since(UnixTime(40)), 60);
        assert_eq!(UnixTime(40).seconds_since(UnixTime(100)), -60);
    }
}

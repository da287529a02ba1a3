//! Cognito's clock as this tab knows it: the drift, measured only from tokens this tab requested
//! itself, and bounded.
//!
//! Expiry is judged on Cognito's clock so that a device clock minutes off neither refuses fresh
//! tokens nor keeps expired ones. The drift is `iat` minus the local time the answer arrived,
//! taken only from the token endpoint's answers to this tab's own requests (the code exchange,
//! a refresh): never from a message, never from a token another tab handed over. A sample beyond
//! [`MAX_CLOCK_DRIFT_SECS`] is refused: either the device clock is that far off, or the token is
//! stale (a year-old token replayed would otherwise measure a year of "drift" and look fresh).

use crate::time::UnixTime;

/// The largest disagreement between this device's clock and Cognito's that the session accepts,
/// in seconds (15 minutes). A device clock ten minutes off still works; a token issued more than
/// this before (or after) it arrived is refused.
pub const MAX_CLOCK_DRIFT_SECS: i64 = 15 * 60;

/// Cognito's clock minus this device's, in seconds, within [`MAX_CLOCK_DRIFT_SECS`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Drift(i64);

/// Why a token's time cannot be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// The token's `iat` is further from this device's clock than [`MAX_CLOCK_DRIFT_SECS`].
    #[error(
        "the token was issued {} {} this device's clock says it arrived: the device clock is off \
         by that much, or the token is stale",
        crate::inspector::timefmt::format_duration(off_by_secs.saturating_abs()),
        if *off_by_secs < 0 { "before" } else { "after" }
    )]
    TooFarOff {
        /// `iat` minus the local receipt time, in seconds.
        off_by_secs: i64,
    },
}

impl Drift {
    /// No known difference: a tab that has not yet talked to the token endpoint itself.
    pub const ZERO: Self = Self(0);

    /// Measures the drift from a token this tab requested itself, issued at `iat` and received
    /// at `received_at` (device clock).
    ///
    /// # Errors
    /// [`ClockError::TooFarOff`] beyond [`MAX_CLOCK_DRIFT_SECS`].
    pub fn measure(iat: UnixTime, received_at: UnixTime) -> Result<Self, ClockError> {
        let sample = iat.seconds_since(received_at);
        if sample.saturating_abs() > MAX_CLOCK_DRIFT_SECS {
            return Err(ClockError::TooFarOff {
                off_by_secs: sample,
            });
        }
        Ok(Self(sample))
    }

    /// The drift in seconds (Cognito ahead of the device when positive).
    pub fn secs(self) -> i64 {
        self.0
    }

    /// Cognito's time now, given this device's.
    pub fn server_now(self, local: UnixTime) -> UnixTime {
        UnixTime(local.0.saturating_add(self.0))
    }

    /// The device time at which Cognito's clock reads `server`.
    pub fn to_local(self, server: UnixTime) -> UnixTime {
        UnixTime(server.0.saturating_sub(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_clock_ten_minutes_off_is_measured() {
        // The device is 10 minutes fast: a token Cognito issued at 1_000 arrives at 1_600.
        let drift = Drift::measure(UnixTime(1_000), UnixTime(1_600)).unwrap();
        assert_eq!(drift.secs(), -600);
        assert_eq!(drift.server_now(UnixTime(1_700)), UnixTime(1_100));
        assert_eq!(drift.to_local(UnixTime(1_100)), UnixTime(1_700));
    }

    #[test]
    fn a_token_issued_a_year_ago_is_not_drift() {
        let year = 365 * 24 * 3600;
        let err = Drift::measure(UnixTime(1_000), UnixTime(1_000 + year)).unwrap_err();
        assert_eq!(err, ClockError::TooFarOff { off_by_secs: -year });
        let text = err.to_string();
        assert!(text.contains("365 d") && text.contains("before"), "{text}");
        assert!(Drift::measure(UnixTime(0), UnixTime(MAX_CLOCK_DRIFT_SECS)).is_ok());
        assert!(Drift::measure(UnixTime(0), UnixTime(MAX_CLOCK_DRIFT_SECS + 1)).is_err());
    }

    #[test]
    fn extremes_neither_panic_nor_pass() {
        for (iat, at) in [(i64::MIN, i64::MAX), (i64::MAX, i64::MIN), (i64::MAX, 0)] {
            assert!(Drift::measure(UnixTime(iat), UnixTime(at)).is_err());
        }
        let drift = Drift::measure(UnixTime(100), UnixTime(0)).unwrap();
        assert_eq!(drift.server_now(UnixTime(i64::MAX)), UnixTime(i64::MAX));
        assert_eq!(drift.to_local(UnixTime(i64::MIN)), UnixTime(i64::MIN));
    }
}

//! Formatting JWT times for people: UTC, relative ("in 42 min"), durations.
//!
//! Local time needs the browser's time zone, so the glue formats that with `Date`; everything
//! else is here and tested.

use crate::time::UnixTime;

/// `2026-11-23 12:00:00 UTC`.
pub fn format_utc(t: UnixTime) -> String {
    let days = t.0.div_euclid(86_400);
    let secs = t.0.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// A duration in words: `45 s`, `42 min`, `1 h 05 min`, `3 d 4 h`.
pub fn format_duration(secs: i64) -> String {
    let secs = secs.unsigned_abs();
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3_599 => format!("{} min", secs / 60),
        3_600..=86_399 => format!("{} h {:02} min", secs / 3600, secs % 3600 / 60),
        _ => format!("{} d {} h", secs / 86_400, secs % 86_400 / 3600),
    }
}

/// `in 42 min`, `3 min ago` or `now`, relative to `now`.
pub fn format_relative(t: UnixTime, now: UnixTime) -> String {
    let delta = t.seconds_since(now);
    match delta {
        0 => "now".to_owned(),
        d if d > 0 => format!("in {}", format_duration(d)),
        d => format!("{} ago", format_duration(d)),
    }
}

/// Howard Hinnant's days-to-civil algorithm: days since 1970-01-01 to (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // d is 1..=31 and m is 1..=12 by construction.
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(format_utc(UnixTime(0)), "1970-01-01 00:00:00 UTC");
        assert_eq!(
            format_utc(UnixTime(1_795_435_839)),
            "2026-11-23 12:10:39 UTC"
        );
        assert_eq!(format_utc(UnixTime(951_782_400)), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc(UnixTime(-1)), "1969-12-31 23:59:59 UTC");
    }

    #[test]
    fn relative_times() {
        let now = UnixTime(1_000_000);
        assert_eq!(
            format_relative(UnixTime(1_000_000 + 42 * 60 + 5), now),
            "in 42 min"
        );
        assert_eq!(format_relative(UnixTime(1_000_000 - 180), now), "3 min ago");
        assert_eq!(format_relative(UnixTime(1_000_000 + 45), now), "in 45 s");
        assert_eq!(
            format_relative(UnixTime(1_000_000 + 3_900), now),
            "in 1 h 05 min"
        );
        assert_eq!(
            format_relative(UnixTime(1_000_000 + 2 * 86_400 + 7_200), now),
            "in 2 d 2 h"
        );
        assert_eq!(format_relative(now, now), "now");
    }
}

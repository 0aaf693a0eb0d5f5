//! Dates as the history stores them: RFC 3339 in UTC, to the millisecond, so that they sort
//! as text.

/// Now, as `2026-12-02T03:04:05.678Z`.
pub fn now_rfc3339() -> String {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format_millis(d.as_millis() as i64)
}

/// Milliseconds since 1970 as an RFC 3339 date-time in UTC.
pub(crate) fn format_millis(ms: i64) -> String {
    let (date, time) = civil(ms.div_euclid(1000));
    format!("{date}T{time}.{:03}Z", ms.rem_euclid(1000))
}

/// Seconds since 1970 as an RFC 3339 date-time in UTC (`2023-11-14T22:13:20Z`).
pub fn rfc3339_seconds(seconds: i64) -> String {
    let (date, time) = civil(seconds);
    format!("{date}T{time}Z")
}

/// Seconds since 1970 as `YYYY-MM-DD` and `hh:mm:ss`, proleptic Gregorian, UTC.
fn civil(seconds: i64) -> (String, String) {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (eras of 400 years starting on 0000-03-01, so
    // that the leap day ends a year).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        format!("{year:04}-{month:02}-{day:02}"),
        format!(
            "{:02}:{:02}:{:02}",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        ),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::format_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            super::format_millis(951_782_400_123),
            "2000-02-29T00:00:00.123Z"
        );
        assert_eq!(
            super::format_millis(1_700_000_000_000),
            "2023-11-14T22:13:20.000Z"
        );
    }
}

//! Instants as the person lived them ([`Instant`]: a point in time with its UTC offset), their
//! RFC 3339 text and serde forms, and the dates and wall-clock times people type.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};

/// An instant as the person lived it: a point in time with the UTC offset in force there.
pub type Instant = DateTime<FixedOffset>;

/// Formats an instant as RFC 3339 with its offset, seconds precision unless it has fractions.
pub fn format_instant(at: &Instant) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Parses an RFC 3339 instant; the offset is required.
pub fn parse_instant(s: &str) -> Result<Instant, String> {
    DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
        format!("{s:?} is not an RFC 3339 date-time with offset (e.g. 2026-11-20T09:40:00+01:00)")
    })
}

/// Parses a `YYYY-MM-DD` local calendar date.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

/// Parses a wall-clock time as people type it: 24-hour (`19:30`, `7:05`, `19:30:00`, `19`) or
/// 12-hour (`7pm`, `7 pm`, `7:30 PM`, `7.30pm`, `12am` = midnight, `12 p.m.` = noon).
pub fn parse_time_of_day(s: &str) -> Result<chrono::NaiveTime, String> {
    let refuse = || format!("{:?} is not a time; write it as 19:30 or 7:30 pm", s.trim());
    let lower = s.trim().to_ascii_lowercase();
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let (clock, half) = if let Some(rest) = compact
        .strip_suffix("am")
        .or_else(|| compact.strip_suffix("a.m."))
        .or_else(|| compact.strip_suffix("a.m"))
    {
        (rest, Some(false))
    } else if let Some(rest) = compact
        .strip_suffix("pm")
        .or_else(|| compact.strip_suffix("p.m."))
        .or_else(|| compact.strip_suffix("p.m"))
    {
        (rest, Some(true))
    } else {
        (compact.as_str(), None)
    };
    let parts: Vec<&str> = clock.split([':', '.']).collect();
    let number = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (hour, minute, second) = match parts.as_slice() {
        [h] => (number(h), Some(0), Some(0)),
        [h, m] if m.len() == 2 => (number(h), number(m), Some(0)),
        [h, m, sec] if m.len() == 2 && sec.len() == 2 && half.is_none() => {
            (number(h), number(m), number(sec))
        }
        _ => (None, None, None),
    };
    let (Some(mut hour), Some(minute), Some(second)) = (hour, minute, second) else {
        return Err(refuse());
    };
    if let Some(pm) = half {
        if !(1..=12).contains(&hour) {
            return Err(format!(
                "{:?} is not a time: a 12-hour time runs from 1 to 12",
                s.trim()
            ));
        }
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    chrono::NaiveTime::from_hms_opt(hour, minute, second).ok_or_else(refuse)
}

/// Serde for [`Instant`] as RFC 3339 with offset.
pub mod instant_serde {
    use super::{format_instant, parse_instant, Instant};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Instant, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_instant(at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        let s = String::deserialize(d)?;
        parse_instant(&s).map_err(serde::de::Error::custom)
    }
}

/// Serde for `Option<Instant>`.
pub mod opt_instant_serde {
    use super::{format_instant, parse_instant, Instant};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Option<Instant>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_str(&format_instant(at)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Instant>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        s.map(|s| parse_instant(&s).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("valid instant in test")
    }

    #[test]
    fn dates_and_instants_parse_strictly() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("20-11-2026").is_err());
        assert!(
            parse_instant("2026-11-20T09:40:00").is_err(),
            "offset is required"
        );
        let i = at("2026-11-20T09:40:00+01:00");
        assert_eq!(format_instant(&i), "2026-11-20T09:40:00+01:00");
        assert_eq!(
            format_instant(&at("2026-11-20T09:40:00.5Z")),
            "2026-11-20T09:40:00.500Z"
        );
    }

    #[test]
    fn times_are_read_in_24_and_12_hour_forms() {
        let t = |s: &str| parse_time_of_day(s).map(|t| t.format("%H:%M:%S").to_string());
        for (typed, want) in [
            ("19:30", "19:30:00"),
            ("7:05", "07:05:00"),
            ("07:05:09", "07:05:09"),
            ("19", "19:00:00"),
            ("0:00", "00:00:00"),
            ("7pm", "19:00:00"),
            ("7 pm", "19:00:00"),
            ("7:30 pm", "19:30:00"),
            ("7:30PM", "19:30:00"),
            ("7.30pm", "19:30:00"),
            (" 9 a.m. ", "09:00:00"),
            ("12am", "00:00:00"),
            ("12:15 am", "00:15:00"),
            ("12pm", "12:00:00"),
            ("12:45 p.m.", "12:45:00"),
            ("11:59 pm", "23:59:00"),
        ] {
            assert_eq!(t(typed).as_deref(), Ok(want), "{typed:?}");
        }
        for bad in [
            "",
            "pm",
            "13pm",
            "0am",
            "24:00",
            "7:5",
            "7:60",
            "19:30 pm",
            "7:30:00 pm",
            "seven",
            "7;30",
            "-1",
            "1234",
            "7pmx",
            "7:30:00:00",
        ] {
            let e = parse_time_of_day(bad).unwrap_err();
            assert!(e.contains("not a time"), "{bad:?}: {e}");
        }
    }
}

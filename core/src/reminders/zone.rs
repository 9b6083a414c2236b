//! The person's local time zone, as a [`chrono::TimeZone`] the scheduling logic can use.
//!
//! `TZ` wins when it names an IANA zone (`Europe/Berlin`, or `:Europe/Berlin`); otherwise the
//! system's zone name (from the platform) is looked up in the IANA database; when neither is a
//! known name, the system's own local-time rules (`chrono::Local`, which also honours POSIX `TZ`
//! strings) are used, so daylight-saving changes are still followed.

use std::fmt;

use chrono::{FixedOffset, Local, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// The person's local time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalZone {
    /// A zone of the IANA database.
    Named(Tz),
    /// The operating system's local time, when its zone has no IANA name we know.
    System,
}

impl LocalZone {
    /// The zone in force for this process: `TZ`, else the system's zone.
    pub fn detect() -> LocalZone {
        let tz_env = std::env::var("TZ").ok();
        let system = iana_time_zone::get_timezone().ok();
        LocalZone::resolve(tz_env.as_deref(), system.as_deref())
    }

    /// The zone from the value of `TZ` (if set) and the system's zone name (if known).
    pub fn resolve(tz_env: Option<&str>, system_name: Option<&str>) -> LocalZone {
        if let Some(v) = tz_env.map(str::trim).filter(|v| !v.is_empty()) {
            // A `TZ` that is not an IANA name (a POSIX rule string, a file path) is still
            // honoured by the system's local time, so it must not fall through to the
            // system's zone name.
            return named(v.trim_start_matches(':')).unwrap_or(LocalZone::System);
        }
        system_name.and_then(named).unwrap_or(LocalZone::System)
    }

    /// The IANA name, or `"local"` for the system's unnamed rules.
    pub fn name(&self) -> &str {
        match self {
            LocalZone::Named(tz) => tz.name(),
            LocalZone::System => "local",
        }
    }
}

fn named(name: &str) -> Option<LocalZone> {
    name.trim().parse::<Tz>().ok().map(LocalZone::Named)
}

impl fmt::Display for LocalZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The offset in force at an instant in a [`LocalZone`]; it remembers its zone, so date-time
/// arithmetic on a `DateTime<LocalZone>` keeps following the zone's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalZoneOffset {
    zone: LocalZone,
    fixed: FixedOffset,
}

impl Offset for LocalZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.fixed
    }
}

impl fmt::Display for LocalZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.fixed, f)
    }
}

impl TimeZone for LocalZone {
    type Offset = LocalZoneOffset;

    fn from_offset(offset: &Self::Offset) -> Self {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<Self::Offset> {
        self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<Self::Offset> {
        let zone = *self;
        match self {
            LocalZone::Named(tz) => tz
                .offset_from_local_datetime(local)
                .map(|o| LocalZoneOffset {
                    zone,
                    fixed: o.fix(),
                }),
            LocalZone::System => Local
                .offset_from_local_datetime(local)
                .map(|fixed| LocalZoneOffset { zone, fixed }),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> Self::Offset {
        self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> Self::Offset {
        let fixed = match self {
            LocalZone::Named(tz) => tz.offset_from_utc_datetime(utc).fix(),
            LocalZone::System => Local.offset_from_utc_datetime(utc),
        };
        LocalZoneOffset { zone: *self, fixed }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn tz_env_wins_then_system_name_then_system_rules() {
        let berlin = LocalZone::Named(chrono_tz::Europe::Berlin);
        assert_eq!(
            LocalZone::resolve(Some("Europe/Berlin"), Some("Asia/Tokyo")),
            berlin
        );
        assert_eq!(LocalZone::resolve(Some(":Europe/Berlin"), None), berlin);
        assert_eq!(LocalZone::resolve(None, Some("Europe/Berlin")), berlin);
        assert_eq!(LocalZone::resolve(Some(""), Some("Europe/Berlin")), berlin);
        // A POSIX rule string is the system's business, not the system zone name's.
        assert_eq!(
            LocalZone::resolve(Some("CET-1CEST,M3.5.0,M10.5.0/3"), Some("Asia/Tokyo")),
            LocalZone::System
        );
        assert_eq!(
            LocalZone::resolve(None, Some("Not/AZone")),
            LocalZone::System
        );
        assert_eq!(LocalZone::resolve(None, None), LocalZone::System);
        assert_eq!(berlin.name(), "Europe/Berlin");
    }

    #[test]
    fn named_zone_follows_dst_through_arithmetic() {
        let z = LocalZone::Named(chrono_tz::Europe::Berlin);
        let before = z.with_ymd_and_hms(2026, 3, 28, 12, 0, 0).single().unwrap();
        assert_eq!(before.offset().fix().local_minus_utc(), 3600);
        let after = before + Duration::days(1);
        assert_eq!(after.offset().fix().local_minus_utc(), 7200);
        assert_eq!(after.format("%H:%M").to_string(), "13:00");
        // The gap and the overlap are reported as such.
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert!(matches!(z.from_local_datetime(&gap), MappedLocalTime::None));
        let twice = NaiveDate::from_ymd_opt(2026, 10, 25)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert!(matches!(
            z.from_local_datetime(&twice),
            MappedLocalTime::Ambiguous(..)
        ));
    }
}

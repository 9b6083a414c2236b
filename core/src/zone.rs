//! The person's local time zone: the one type that places a wall-clock time in time, with the
//! zone's daylight-saving rules. Imports read naive local times in it, reminders are scheduled
//! in it and the desktop places the times typed in its forms with it.
//!
//! [`LocalZone::place`] reads a time that occurs twice (the hour the clocks go back) as its
//! first occurrence, and a time that does not exist (the hour they go forward) with the offset
//! in force before the change, which lands just after the gap (02:30 → 03:30).
//!
//! [`LocalZone::detect`]: `TZ` wins when it names an IANA zone (`Europe/Berlin`, or `:Europe/Berlin`); otherwise the
//! system's zone name (from the platform) is looked up in the IANA database; when neither is a
//! known name, the system's own local-time rules (`chrono::Local`, which also honours POSIX `TZ`
//! strings) are used, so daylight-saving changes are still followed.

use std::fmt;

use chrono::{
    Duration, FixedOffset, Local, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone,
};
use chrono_tz::Tz;

use crate::domain::Instant;

/// The person's local time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalZone {
    /// One fixed offset (tests, and files that say their offset).
    Fixed(FixedOffset),
    /// A zone of the IANA database.
    Named(Tz),
    /// The operating system's local time, when its zone has no IANA name we know.
    System,
}

/// UTC.
impl Default for LocalZone {
    fn default() -> Self {
        LocalZone::Fixed(FixedOffset::east_opt(0).expect("zero offset is valid"))
    }
}

impl LocalZone {
    /// A zone by its IANA name (`Europe/Berlin`).
    pub fn named(name: &str) -> Result<LocalZone, String> {
        named(name).ok_or_else(|| format!("{name:?} is not a time zone name (e.g. Europe/Berlin)"))
    }

    /// The instant a wall-clock date and time names in this zone (see the module docs for
    /// gaps and repeated times).
    pub fn place(&self, local: NaiveDateTime) -> Instant {
        match self.from_local_datetime(&local) {
            MappedLocalTime::Single(t) => t.fixed_offset(),
            MappedLocalTime::Ambiguous(first, _) => first.fixed_offset(),
            MappedLocalTime::None => {
                // Inside a gap: take the offset in force before it.
                let mut probe = local;
                let before = loop {
                    probe -= Duration::minutes(30);
                    match self.from_local_datetime(&probe) {
                        MappedLocalTime::Single(t) | MappedLocalTime::Ambiguous(t, _) => {
                            break t.offset().fix()
                        }
                        MappedLocalTime::None if local - probe > Duration::days(2) => {
                            break FixedOffset::east_opt(0).expect("zero offset is valid")
                        }
                        MappedLocalTime::None => {}
                    }
                };
                self.from_utc_datetime(&(local - before)).fixed_offset()
            }
        }
    }

    /// [`LocalZone::place`] for a time read from a file: `None` for a time outside the years
    /// 1–9999, before or after placing it. Within those years no step of placing can overflow,
    /// so an absurd date in a file is an error naming its record, never a panic.
    pub fn try_place(&self, local: NaiveDateTime) -> Option<Instant> {
        use chrono::Datelike;
        if !(1..=9999).contains(&local.year()) {
            return None;
        }
        let at = self.place(local);
        (1..=9999).contains(&at.year()).then_some(at)
    }

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

    /// The IANA name, the offset of a fixed zone, or `"local"` for the system's unnamed
    /// rules.
    pub fn name(&self) -> String {
        match self {
            LocalZone::Fixed(off) => off.to_string(),
            LocalZone::Named(tz) => tz.name().to_string(),
            LocalZone::System => "local".to_string(),
        }
    }
}

fn named(name: &str) -> Option<LocalZone> {
    name.trim().parse::<Tz>().ok().map(LocalZone::Named)
}

impl fmt::Display for LocalZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
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
            LocalZone::Fixed(fixed) => MappedLocalTime::Single(LocalZoneOffset {
                zone,
                fixed: *fixed,
            }),
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
            LocalZone::Fixed(fixed) => *fixed,
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
    fn wall_clock_times_are_placed_across_daylight_saving_changes() {
        let berlin = LocalZone::named("Europe/Berlin").expect("zone");
        let n = |s| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test time");
        let placed = |z: LocalZone, s| crate::domain::format_instant(&z.place(n(s)));
        assert_eq!(
            placed(berlin, "2026-11-20 09:40"),
            "2026-11-20T09:40:00+01:00"
        );
        assert_eq!(
            placed(berlin, "2026-07-01 09:40"),
            "2026-07-01T09:40:00+02:00"
        );
        // Spring forward 2026-03-29 02:00 → 03:00: 02:30 does not exist and lands just after.
        assert_eq!(
            placed(berlin, "2026-03-29 02:30"),
            "2026-03-29T03:30:00+02:00"
        );
        // Fall back 2026-10-25 03:00 → 02:00: 02:30 happens twice; the first is taken.
        assert_eq!(
            placed(berlin, "2026-10-25 02:30"),
            "2026-10-25T02:30:00+02:00"
        );
        let fixed = LocalZone::Fixed(FixedOffset::west_opt(5 * 3600).expect("offset"));
        assert_eq!(
            placed(fixed, "2026-03-08 02:30"),
            "2026-03-08T02:30:00-05:00"
        );
        assert!(LocalZone::named("Not/AZone").is_err());
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

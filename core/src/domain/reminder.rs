//! What a reminder is: a wall-clock time of day ([`TimeOfDay`]) in the person's local time
//! zone, a set of weekdays ([`Weekdays`]) and a purpose ([`Purpose`]: the daily check-in, a
//! reflection prompt, or the cycle of a realignment pathway), with its validation; quiet hours;
//! and the facts beyond the reminders themselves that stop a firing ([`Conditions`]). When
//! they fire is `crate::reminders::schedule`'s business.

use std::fmt;
use std::str::FromStr;

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Timelike, Weekday};
use serde::{Deserialize, Serialize};

use super::{Instant, Invalid};

/// What a reminder is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The one-minute daily check-in; does not fire on a date that already has one.
    Checkin,
    /// A reflection prompt chosen for the layer and pattern that currently need it.
    Reflection,
    /// The cycle of a realignment pathway; carries the pathway's next action.
    Pathway,
}

impl Purpose {
    pub const ALL: [Purpose; 3] = [Purpose::Checkin, Purpose::Reflection, Purpose::Pathway];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Checkin => "checkin",
            Purpose::Reflection => "reflection",
            Purpose::Pathway => "pathway",
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Purpose {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        Purpose::ALL
            .into_iter()
            .find(|p| p.as_str() == t)
            .ok_or_else(|| format!("{s:?} is not a purpose; use checkin, reflection or pathway"))
    }
}

/// A set of weekdays, stored as a bitmask: bit 0 = Monday … bit 6 = Sunday.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Weekdays(u8);

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_FULL_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl Weekdays {
    pub const EVERY_DAY: Weekdays = Weekdays(0b111_1111);
    pub const WORKDAYS: Weekdays = Weekdays(0b001_1111);

    /// The set from its stored bitmask; `None` unless it is 1–127 (at least one day).
    pub fn from_bits(bits: i64) -> Option<Weekdays> {
        u8::try_from(bits)
            .ok()
            .filter(|b| (1..=127).contains(b))
            .map(Weekdays)
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn from_days(days: &[Weekday]) -> Option<Weekdays> {
        let bits = days
            .iter()
            .fold(0u8, |acc, d| acc | (1 << d.num_days_from_monday()));
        Weekdays::from_bits(i64::from(bits))
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// The days in the set, Monday first.
    pub fn days(self) -> impl Iterator<Item = Weekday> {
        (0u8..7)
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(|i| Weekday::try_from(i).expect("0–6 are weekdays"))
    }

    /// `"mon,wed,fri"`, or `"every day"` for all seven.
    pub fn describe(self) -> String {
        if self == Weekdays::EVERY_DAY {
            return "every day".to_string();
        }
        self.names().join(",")
    }

    /// The short names of the days in the set, Monday first.
    pub fn names(self) -> Vec<&'static str> {
        self.days()
            .map(|d| DAY_NAMES[d.num_days_from_monday() as usize])
            .collect()
    }
}

impl fmt::Debug for Weekdays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Weekdays({})", self.names().join(","))
    }
}

impl FromStr for Weekdays {
    type Err = String;
    /// Comma-separated day names (`mon,tue` or `monday,tuesday`, any case), or `daily` /
    /// `weekdays` / `weekends`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut bits = 0u8;
        for part in s.split(',') {
            let p = part.trim().to_ascii_lowercase();
            if p.is_empty() {
                continue;
            }
            bits |= match p.as_str() {
                "daily" | "every day" | "all" => Weekdays::EVERY_DAY.0,
                "weekdays" => Weekdays::WORKDAYS.0,
                "weekends" | "weekend" => 0b110_0000,
                _ => {
                    let i = DAY_NAMES
                        .iter()
                        .position(|d| *d == p)
                        .or_else(|| DAY_FULL_NAMES.iter().position(|d| *d == p))
                        .ok_or_else(|| {
                            format!(
                                "{:?} is not a weekday; use mon, tue, wed, thu, fri, sat or sun, separated by commas",
                                part.trim()
                            )
                        })?;
                    1 << i
                }
            };
        }
        Weekdays::from_bits(i64::from(bits))
            .ok_or_else(|| "names no weekday; use e.g. mon,wed,fri".to_string())
    }
}

impl Serialize for Weekdays {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}

impl<'de> Deserialize<'de> for Weekdays {
    /// A list of day names (`["mon", "wed"]`) or one comma-separated string (`"mon,wed"`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Days {
            List(Vec<String>),
            Text(String),
        }
        let text = match Days::deserialize(d)? {
            Days::List(l) => l.join(","),
            Days::Text(t) => t,
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A wall-clock time of day to the minute (`HH:MM`, 00:00–23:59).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// From minutes since midnight; `None` unless 0–1439.
    pub fn from_minute(minute: i64) -> Option<TimeOfDay> {
        u16::try_from(minute)
            .ok()
            .filter(|m| *m < 1440)
            .map(TimeOfDay)
    }

    pub fn new(hour: u32, minute: u32) -> Option<TimeOfDay> {
        if hour < 24 && minute < 60 {
            TimeOfDay::from_minute(i64::from(hour * 60 + minute))
        } else {
            None
        }
    }

    /// Minutes since midnight (0–1439).
    pub fn minute_of_day(self) -> u16 {
        self.0
    }

    pub fn naive(self) -> NaiveTime {
        NaiveTime::from_hms_opt(u32::from(self.0 / 60), u32::from(self.0 % 60), 0)
            .expect("a minute of the day below 1440 is a valid time")
    }

    /// The time of day of a wall-clock time, seconds dropped.
    pub fn of(t: NaiveTime) -> TimeOfDay {
        TimeOfDay::new(t.hour(), t.minute()).expect("a NaiveTime's hour and minute are in range")
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl fmt::Debug for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TimeOfDay({self})")
    }
}

impl FromStr for TimeOfDay {
    type Err = String;
    /// `HH:MM` on the 24-hour clock (`7:05` is accepted for `07:05`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "{s:?} is not a time of day; use HH:MM on the 24-hour clock, e.g. 07:30 or 21:00"
            )
        };
        let t = s.trim();
        let (h, m) = t.split_once(':').ok_or_else(bad)?;
        let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
        if !digits(h) || h.len() > 2 || !digits(m) || m.len() != 2 {
            return Err(bad());
        }
        let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 23 {
            return Err(format!(
                "{s:?} is not a time of day: the hour must be 00–23"
            ));
        }
        if m > 59 {
            return Err(format!(
                "{s:?} is not a time of day: the minute must be 00–59"
            ));
        }
        Ok(TimeOfDay::new(h, m).expect("checked ranges"))
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A stored reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub id: String,
    /// Wall-clock time in the person's local zone.
    pub at: TimeOfDay,
    pub days: Weekdays,
    pub purpose: Purpose,
    /// The pathway whose cycle it carries; set exactly when `purpose` is `pathway`.
    pub pathway_id: Option<String>,
    pub enabled: bool,
    /// Snoozed: the regular firings before this instant are dropped and it fires once at it.
    #[serde(default, with = "crate::domain::opt_instant_serde")]
    pub snoozed_until: Option<Instant>,
}

/// What a person gives to add or change a reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderInput {
    pub at: TimeOfDay,
    #[serde(default = "every_day")]
    pub days: Weekdays,
    pub purpose: Purpose,
    #[serde(default)]
    pub pathway_id: Option<String>,
}

fn every_day() -> Weekdays {
    Weekdays::EVERY_DAY
}

impl ReminderInput {
    pub fn new(at: TimeOfDay, purpose: Purpose) -> Self {
        Self {
            at,
            days: Weekdays::EVERY_DAY,
            purpose,
            pathway_id: None,
        }
    }

    /// A pathway reminder names its pathway; other purposes name none.
    pub fn validate(&self) -> Result<(), Invalid> {
        match (self.purpose, &self.pathway_id) {
            (Purpose::Pathway, None) => Err(Invalid::new(
                "pathway",
                "is required for a pathway reminder; give the pathway's id",
            )),
            (Purpose::Pathway, Some(id)) if id.trim().is_empty() => {
                Err(Invalid::new("pathway", "is empty; give the pathway's id"))
            }
            (p, Some(_)) if p != Purpose::Pathway => Err(Invalid::new(
                "pathway",
                format!("applies only to pathway reminders, not to a {p} reminder"),
            )),
            _ => Ok(()),
        }
    }
}

/// Hours in which no reminder fires: from `start` (inclusive) to `end` (exclusive), wrapping
/// midnight when `start` is later than `end` (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "QuietHoursFields")]
pub struct QuietHours {
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

#[derive(Deserialize)]
struct QuietHoursFields {
    start: TimeOfDay,
    end: TimeOfDay,
}

impl TryFrom<QuietHoursFields> for QuietHours {
    type Error = String;
    fn try_from(f: QuietHoursFields) -> Result<Self, Self::Error> {
        QuietHours::new(f.start, f.end).map_err(|e| e.to_string())
    }
}

impl QuietHours {
    pub fn new(start: TimeOfDay, end: TimeOfDay) -> Result<QuietHours, Invalid> {
        if start == end {
            return Err(Invalid::new(
                "quiet_hours",
                format!("start and end are both {start}; give two different times"),
            ));
        }
        Ok(QuietHours { start, end })
    }

    /// Whether a wall-clock time falls inside the quiet hours.
    pub fn contains(&self, t: TimeOfDay) -> bool {
        if self.start < self.end {
            self.start <= t && t < self.end
        } else {
            t >= self.start || t < self.end
        }
    }
}

impl fmt::Display for QuietHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl FromStr for QuietHours {
    type Err = String;
    /// `HH:MM-HH:MM`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (a, b) = s.split_once('-').ok_or_else(|| {
            format!("{s:?} is not a span of quiet hours; use HH:MM-HH:MM, e.g. 22:00-07:00")
        })?;
        QuietHours::new(a.parse()?, b.parse()?).map_err(|e| e.reason)
    }
}

/// The facts beyond the reminders themselves that stop a firing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    pub quiet: Option<QuietHours>,
    /// Local dates that already have a check-in (only the dates around the instants asked
    /// about matter).
    pub checkins: BTreeSet<NaiveDate>,
}

impl Conditions {
    /// Whether a firing for `purpose` on local `date` may happen (a check-in reminder does not
    /// fire on a date that already has one).
    pub fn allows(&self, purpose: Purpose, date: NaiveDate) -> bool {
        !(purpose == Purpose::Checkin && self.checkins.contains(&date))
    }

    /// Whether `at` falls in the quiet hours.
    pub fn is_quiet<Z: TimeZone>(&self, at: &DateTime<Z>) -> bool {
        self.quiet
            .is_some_and(|q| q.contains(TimeOfDay::of(at.naive_local().time())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_strictly() {
        assert_eq!("07:30".parse::<TimeOfDay>().unwrap().minute_of_day(), 450);
        assert_eq!("7:05".parse::<TimeOfDay>().unwrap().to_string(), "07:05");
        assert_eq!("23:59".parse::<TimeOfDay>().unwrap().minute_of_day(), 1439);
        assert_eq!("00:00".parse::<TimeOfDay>().unwrap().minute_of_day(), 0);
        let e = "25:00".parse::<TimeOfDay>().unwrap_err();
        assert!(e.contains("\"25:00\"") && e.contains("00–23"), "{e}");
        let e = "12:60".parse::<TimeOfDay>().unwrap_err();
        assert!(e.contains("00–59"), "{e}");
        for bad in [
            "7pm",
            "0730",
            "07:3",
            "07:300",
            "-1:00",
            "07:30:00",
            "",
            " : ",
            "+7:30",
            "٠٧:٣٠",
        ] {
            assert!(bad.parse::<TimeOfDay>().is_err(), "{bad:?} must be refused");
        }
        assert_eq!(TimeOfDay::from_minute(1440), None);
        assert_eq!(TimeOfDay::from_minute(-1), None);
    }

    #[test]
    fn weekdays_parse_and_describe() {
        let w: Weekdays = "mon, Wed,FRIDAY".parse().unwrap();
        assert_eq!(w.bits(), 0b1_0101);
        assert!(w.contains(Weekday::Mon) && w.contains(Weekday::Fri) && !w.contains(Weekday::Tue));
        assert_eq!(w.describe(), "mon,wed,fri");
        assert_eq!(
            "sat,sun,mon,tue,wed,thu,fri".parse::<Weekdays>().unwrap(),
            Weekdays::EVERY_DAY
        );
        assert_eq!(Weekdays::EVERY_DAY.describe(), "every day");
        assert_eq!(
            "weekends".parse::<Weekdays>().unwrap().names(),
            vec!["sat", "sun"]
        );
        let e = "mon,funday".parse::<Weekdays>().unwrap_err();
        assert!(e.contains("\"funday\"") && e.contains("mon, tue"), "{e}");
        assert!("".parse::<Weekdays>().is_err());
        assert!(",,".parse::<Weekdays>().is_err());
        assert_eq!(Weekdays::from_bits(0), None);
        assert_eq!(Weekdays::from_bits(128), None);
        assert_eq!(Weekdays::from_days(&[Weekday::Sun]).unwrap().bits(), 64);
    }

    #[test]
    fn purposes_parse() {
        assert_eq!("Reflection".parse::<Purpose>(), Ok(Purpose::Reflection));
        let e = "journal".parse::<Purpose>().unwrap_err();
        assert!(e.contains("\"journal\"") && e.contains("checkin, reflection or pathway"));
    }

    #[test]
    fn pathway_id_goes_with_pathway_purpose_only() {
        let t = TimeOfDay::new(9, 0).unwrap();
        assert!(ReminderInput::new(t, Purpose::Checkin).validate().is_ok());
        assert_eq!(
            ReminderInput::new(t, Purpose::Pathway)
                .validate()
                .unwrap_err()
                .field,
            "pathway"
        );
        let mut r = ReminderInput::new(t, Purpose::Reflection);
        r.pathway_id = Some("p1".into());
        assert_eq!(r.validate().unwrap_err().field, "pathway");
        let mut r = ReminderInput::new(t, Purpose::Pathway);
        r.pathway_id = Some("p1".into());
        assert!(r.validate().is_ok());
    }

    #[test]
    fn json_round_trips_and_refuses_bad_values() {
        let input: ReminderInput = serde_json::from_str(
            r#"{"at": "21:00", "days": ["mon", "thu"], "purpose": "reflection"}"#,
        )
        .unwrap();
        assert_eq!(input.at.to_string(), "21:00");
        assert_eq!(input.days.names(), ["mon", "thu"]);
        assert_eq!(input.pathway_id, None);
        let back: ReminderInput =
            serde_json::from_str(&serde_json::to_string(&input).unwrap()).unwrap();
        assert_eq!(back, input);
        let text: ReminderInput =
            serde_json::from_str(r#"{"at": "07:05", "days": "weekdays", "purpose": "checkin"}"#)
                .unwrap();
        assert_eq!(text.days, Weekdays::WORKDAYS);
        let all: ReminderInput =
            serde_json::from_str(r#"{"at": "07:05", "purpose": "checkin"}"#).unwrap();
        assert_eq!(all.days, Weekdays::EVERY_DAY);
        for bad in [
            r#"{"at": "25:00", "purpose": "checkin"}"#,
            r#"{"at": "07:00", "days": ["funday"], "purpose": "checkin"}"#,
            r#"{"at": "07:00", "days": [], "purpose": "checkin"}"#,
            r#"{"at": "07:00", "purpose": "journal"}"#,
        ] {
            assert!(serde_json::from_str::<ReminderInput>(bad).is_err(), "{bad}");
        }
        let q: QuietHours = serde_json::from_str(r#"{"start": "22:00", "end": "07:00"}"#).unwrap();
        assert_eq!(q.to_string(), "22:00-07:00");
        assert!(
            serde_json::from_str::<QuietHours>(r#"{"start": "22:00", "end": "22:00"}"#).is_err()
        );
    }

    #[test]
    fn quiet_hours_plain_and_wrapping_midnight() {
        let t = |s: &str| s.parse::<TimeOfDay>().unwrap();
        let day: QuietHours = "12:00-14:00".parse().unwrap();
        assert!(day.contains(t("12:00")) && day.contains(t("13:59")));
        assert!(!day.contains(t("14:00")) && !day.contains(t("11:59")));
        let night: QuietHours = "22:00-07:00".parse().unwrap();
        assert!(night.contains(t("22:00")) && night.contains(t("23:59")));
        assert!(night.contains(t("00:00")) && night.contains(t("06:59")));
        assert!(!night.contains(t("07:00")) && !night.contains(t("21:59")));
        assert!("22:00-22:00".parse::<QuietHours>().is_err());
        assert!("22:00".parse::<QuietHours>().is_err());
        assert!("22:00-25:00".parse::<QuietHours>().is_err());
        assert_eq!(night.to_string(), "22:00-07:00");
    }
}

//! When reminders fire: pure functions of the reminders, an instant, a time zone and the few
//! facts that suppress a firing (quiet hours, the dates that already have a check-in).
//!
//! Rules:
//! - A reminder fires at its wall-clock time on each of its weekdays, in the zone passed in (so
//!   after travel the same reminders follow the new zone).
//! - When that time does not exist (spring forward) it fires at the first minute after the gap;
//!   when it occurs twice (fall back) it fires once, at the first occurrence.
//! - Nothing fires inside the quiet hours; a `checkin` reminder does not fire on a date that
//!   already has a check-in; a disabled reminder never fires.
//! - A snoozed reminder drops its regular firings before `snoozed_until` and fires once at it
//!   (moved to the end of the quiet hours if it falls inside them).
//! - After sleep or with the app closed, a missed reminder fires once on wake/start if the
//!   firing belongs to the current local day; older ones are dropped, never delivered in a burst.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone};

use super::{Conditions, Purpose, Reminder, TimeOfDay};
use crate::domain::Instant;

/// How far ahead [`next_firing`] looks before concluding a reminder never fires (for example
/// because its time lies inside the quiet hours).
pub const HORIZON_DAYS: i64 = 731;

/// One firing of one reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Firing {
    pub reminder_id: String,
    pub purpose: Purpose,
    pub pathway_id: Option<String>,
    /// The local date the firing belongs to.
    pub date: NaiveDate,
    /// When it fires, with the zone's offset at that instant.
    pub at: Instant,
    /// Whether this is the one firing a snooze asked for.
    pub snoozed: bool,
}

/// The instant a wall-clock time on a local date happens in `tz`: the first occurrence when the
/// clock goes back, the first minute after the gap when it goes forward. `None` only at the
/// edges of the representable calendar.
pub fn wall_clock_instant<Z: TimeZone>(
    date: NaiveDate,
    at: TimeOfDay,
    tz: &Z,
) -> Option<DateTime<Z>> {
    let local = date.and_time(at.naive());
    if let Some(t) = tz.from_local_datetime(&local).earliest() {
        return Some(t);
    }
    // Inside a gap: walk forward minute by minute to the first wall-clock minute that exists.
    // Real gaps are an hour or two, and once a whole day (Samoa, 30 December 2011); 25 hours
    // bounds the walk.
    let mut m = local;
    for _ in 0..(25 * 60) {
        m = m.checked_add_signed(Duration::minutes(1))?;
        if let Some(t) = tz.from_local_datetime(&m).earliest() {
            return Some(t);
        }
    }
    None
}

/// The start of the UTC minute containing `t` (offsets are whole minutes, so it is the local
/// minute too).
pub fn minute_start(t: Instant) -> Instant {
    let secs = t.timestamp().rem_euclid(60);
    t - Duration::seconds(secs) - Duration::nanoseconds(i64::from(t.timestamp_subsec_nanos()))
}

fn local_date<Z: TimeZone>(t: &Instant, tz: &Z) -> NaiveDate {
    t.with_timezone(tz).date_naive()
}

/// The regular firing of `rem` on `date`, if the reminder fires that day (weekday, check-in,
/// quiet hours and snooze considered).
fn regular_on<Z: TimeZone>(
    rem: &Reminder,
    date: NaiveDate,
    tz: &Z,
    cond: &Conditions,
) -> Option<Firing> {
    if !rem.enabled || !rem.days.contains(date.weekday()) || !cond.allows(rem.purpose, date) {
        return None;
    }
    let at = wall_clock_instant(date, rem.at, tz)?;
    if cond.is_quiet(&at) {
        return None;
    }
    let at = at.fixed_offset();
    if rem.snoozed_until.is_some_and(|s| at < s) {
        return None;
    }
    Some(firing(rem, date, at, false))
}

/// The one firing a snooze asks for, moved past the quiet hours if it falls inside them.
fn snoozed<Z: TimeZone>(rem: &Reminder, tz: &Z, cond: &Conditions) -> Option<Firing> {
    let until = rem.snoozed_until?;
    if !rem.enabled {
        return None;
    }
    let mut at = until.with_timezone(tz);
    if let Some(q) = cond.quiet.filter(|_| cond.is_quiet(&at)) {
        let local = at.naive_local();
        let date = if TimeOfDay::of(local.time()) >= q.end {
            local.date().succ_opt()?
        } else {
            local.date()
        };
        at = wall_clock_instant(date, q.end, tz)?;
    }
    let date = at.date_naive();
    if !cond.allows(rem.purpose, date) {
        return None;
    }
    Some(firing(rem, date, at.fixed_offset(), true))
}

fn firing(rem: &Reminder, date: NaiveDate, at: Instant, snoozed: bool) -> Firing {
    Firing {
        reminder_id: rem.id.clone(),
        purpose: rem.purpose,
        pathway_id: rem.pathway_id.clone(),
        date,
        at,
        snoozed,
    }
}

/// Every firing of one reminder with `from <= at < to`, in time order.
pub fn firings_in<Z: TimeZone>(
    rem: &Reminder,
    from: Instant,
    to: Instant,
    tz: &Z,
    cond: &Conditions,
) -> Vec<Firing> {
    let mut out = Vec::new();
    if from >= to {
        return out;
    }
    // A gap can push a firing past midnight, so look one day either side.
    let first = local_date(&from, tz).pred_opt().unwrap_or(NaiveDate::MIN);
    let last = local_date(&to, tz).succ_opt().unwrap_or(NaiveDate::MAX);
    for date in first.iter_days().take_while(|d| *d <= last) {
        if let Some(f) = regular_on(rem, date, tz, cond).filter(|f| f.at >= from && f.at < to) {
            out.push(f);
        }
    }
    // A skipped day's firing moves to the next day's first minute, which may be that day's own
    // firing: one notification.
    out.dedup_by_key(|f| f.at);
    if let Some(s) = snoozed(rem, tz, cond).filter(|f| f.at >= from && f.at < to) {
        // A regular firing at the very same instant is the same notification.
        out.retain(|f| f.at != s.at);
        out.push(s);
        out.sort_by_key(|f| f.at);
    }
    out
}

/// The first firing of `rem` strictly after `after`, looking [`HORIZON_DAYS`] ahead; `None` when
/// it is disabled or never fires in that time.
pub fn next_firing<Z: TimeZone>(
    rem: &Reminder,
    after: Instant,
    tz: &Z,
    cond: &Conditions,
) -> Option<Firing> {
    if !rem.enabled {
        return None;
    }
    let start = local_date(&after, tz).pred_opt().unwrap_or(NaiveDate::MIN);
    let regular = start
        .iter_days()
        .take(usize::try_from(HORIZON_DAYS).unwrap_or(usize::MAX))
        .filter_map(|d| regular_on(rem, d, tz, cond))
        .find(|f| f.at > after);
    let snooze = snoozed(rem, tz, cond).filter(|f| f.at > after);
    match (regular, snooze) {
        (Some(r), Some(s)) => Some(if s.at <= r.at { s } else { r }),
        (r, s) => s.or(r),
    }
}

/// The reminders that fire in the minute containing `now`, in time then id order.
pub fn due<Z: TimeZone>(
    reminders: &[Reminder],
    now: Instant,
    tz: &Z,
    cond: &Conditions,
) -> Vec<Firing> {
    let from = minute_start(now);
    let to = from + Duration::minutes(1);
    let mut out: Vec<Firing> = reminders
        .iter()
        .flat_map(|r| firings_in(r, from, to, tz, cond))
        .collect();
    sort(&mut out);
    out
}

/// The next instant any reminder fires strictly after `now`: the one timer the desktop shell
/// needs. Recompute it after each wake-up, after any change to reminders, settings or today's
/// check-in, and when the zone may have changed.
pub fn next_wakeup<Z: TimeZone>(
    reminders: &[Reminder],
    now: Instant,
    tz: &Z,
    cond: &Conditions,
) -> Option<Instant> {
    reminders
        .iter()
        .filter_map(|r| next_firing(r, now, tz, cond))
        .map(|f| f.at)
        .min()
}

/// What to deliver on start or wake, instead of [`due`]: the firings since the minute of
/// `last_run` (the last time reminders were checked; everything up to and including its minute
/// was handled then) up to and including the minute of `now`. At most one per reminder — its
/// latest — and only firings that belong to the current local day; nothing while `now` is in the
/// quiet hours. With no `last_run` (first start) it is just [`due`].
pub fn due_on_start<Z: TimeZone>(
    reminders: &[Reminder],
    last_run: Option<Instant>,
    now: Instant,
    tz: &Z,
    cond: &Conditions,
) -> Vec<Firing> {
    let Some(last_run) = last_run else {
        return due(reminders, now, tz, cond);
    };
    if cond.is_quiet(&now.with_timezone(tz)) {
        return Vec::new();
    }
    let today = local_date(&now, tz);
    let to = minute_start(now) + Duration::minutes(1);
    // Only today's firings can be delivered, so two days back is as far as it needs to look.
    let from = (minute_start(last_run) + Duration::minutes(1)).max(to - Duration::days(2));
    let mut out: Vec<Firing> = reminders
        .iter()
        .filter_map(|r| {
            firings_in(r, from, to, tz, cond)
                .into_iter()
                .rfind(|f| f.date == today)
        })
        .collect();
    sort(&mut out);
    out
}

fn sort(firings: &mut [Firing]) {
    firings.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then_with(|| a.reminder_id.cmp(&b.reminder_id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{format_instant, parse_instant};
    use crate::reminders::Weekdays;
    use chrono_tz::America::New_York;
    use chrono_tz::Asia::Tokyo;
    use chrono_tz::Europe::Berlin;

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("valid instant in test")
    }

    fn date(s: &str) -> NaiveDate {
        crate::domain::parse_date(s).expect("valid date in test")
    }

    fn rem(id: &str, time: &str, purpose: Purpose) -> Reminder {
        Reminder {
            id: id.into(),
            at: time.parse().expect("valid time in test"),
            days: Weekdays::EVERY_DAY,
            purpose,
            pathway_id: None,
            enabled: true,
            snoozed_until: None,
        }
    }

    fn on(r: Reminder, days: &str) -> Reminder {
        Reminder {
            days: days.parse().expect("valid days in test"),
            ..r
        }
    }

    fn next<Z: TimeZone>(r: &Reminder, after: &str, tz: &Z, cond: &Conditions) -> Option<String> {
        next_firing(r, at(after), tz, cond).map(|f| format_instant(&f.at))
    }

    fn none() -> Conditions {
        Conditions::default()
    }

    fn quiet(s: &str) -> Conditions {
        Conditions {
            quiet: Some(s.parse().expect("valid quiet hours in test")),
            ..Conditions::default()
        }
    }

    fn ids(f: &[Firing]) -> Vec<&str> {
        f.iter().map(|f| f.reminder_id.as_str()).collect()
    }

    #[test]
    fn next_firing_today_or_tomorrow() {
        let r = rem("a", "07:30", Purpose::Reflection);
        let c = none();
        assert_eq!(
            next(&r, "2026-11-24T07:00:00+01:00", &Berlin, &c).unwrap(),
            "2026-11-24T07:30:00+01:00"
        );
        assert_eq!(
            next(&r, "2026-11-24T07:30:00+01:00", &Berlin, &c).unwrap(),
            "2026-11-25T07:30:00+01:00"
        );
        assert_eq!(
            next(&r, "2026-11-24T07:29:59+01:00", &Berlin, &c).unwrap(),
            "2026-11-24T07:30:00+01:00"
        );
        // The instant's own offset does not matter, only the zone: 06:00Z is 07:00 in Berlin.
        assert_eq!(
            next(&r, "2026-11-24T06:00:00Z", &Berlin, &c).unwrap(),
            "2026-11-24T07:30:00+01:00"
        );
        let mut off = r.clone();
        off.enabled = false;
        assert_eq!(next(&off, "2026-11-24T07:00:00+01:00", &Berlin, &c), None);
    }

    #[test]
    fn weekday_sets_skip_to_the_next_listed_day() {
        let r = on(rem("a", "09:00", Purpose::Reflection), "mon,wed,fri");
        let c = none();
        // Friday 27 Nov 2026 after 09:00 → Monday 30 Nov.
        assert_eq!(
            next(&r, "2026-11-27T10:00:00+01:00", &Berlin, &c).unwrap(),
            "2026-11-30T09:00:00+01:00"
        );
        // Monday after → Wednesday.
        assert_eq!(
            next(&r, "2026-11-30T09:00:00+01:00", &Berlin, &c).unwrap(),
            "2026-12-02T09:00:00+01:00"
        );
        let sun = on(rem("s", "18:00", Purpose::Checkin), "sun");
        assert_eq!(
            next(&sun, "2026-11-30T00:00:00+01:00", &Berlin, &c).unwrap(),
            "2026-12-06T18:00:00+01:00"
        );
        // Across a year end.
        assert_eq!(
            next(&sun, "2026-12-27T19:00:00+01:00", &Berlin, &c).unwrap(),
            "2027-01-03T18:00:00+01:00"
        );
        // A listed day is never skipped: a week of Fridays.
        let fri = on(rem("f", "08:00", Purpose::Reflection), "fri");
        let fs = firings_in(
            &fri,
            at("2026-11-01T00:00:00+01:00"),
            at("2026-12-01T00:00:00+01:00"),
            &Berlin,
            &c,
        );
        let dates: Vec<String> = fs.iter().map(|f| f.date.to_string()).collect();
        assert_eq!(
            dates,
            ["2026-11-06", "2026-11-13", "2026-11-20", "2026-11-27"]
        );
    }

    #[test]
    fn spring_forward_fires_at_the_first_minute_after_the_gap() {
        // Berlin, 29 Mar 2026: 02:00 CET jumps to 03:00 CEST.
        let r = rem("a", "02:30", Purpose::Reflection);
        let c = none();
        assert_eq!(
            next(&r, "2026-03-28T12:00:00+01:00", &Berlin, &c).unwrap(),
            "2026-03-29T03:00:00+02:00"
        );
        assert_eq!(
            next(&r, "2026-03-27T12:00:00+01:00", &Berlin, &c).unwrap(),
            "2026-03-28T02:30:00+01:00"
        );
        assert_eq!(
            next(&r, "2026-03-29T03:00:00+02:00", &Berlin, &c).unwrap(),
            "2026-03-30T02:30:00+02:00"
        );
        let gap_start = rem("b", "02:00", Purpose::Reflection);
        assert_eq!(
            next(&gap_start, "2026-03-28T12:00:00+01:00", &Berlin, &c).unwrap(),
            "2026-03-29T03:00:00+02:00"
        );
        // Due in the minute 03:00 CEST (01:00Z), once, and not an hour later.
        let both = [
            r.clone(),
            gap_start.clone(),
            rem("c", "03:00", Purpose::Checkin),
        ];
        assert_eq!(
            ids(&due(&both, at("2026-03-29T01:00:30Z"), &Berlin, &c)),
            ["a", "b", "c"]
        );
        assert!(due(&both, at("2026-03-29T01:30:00Z"), &Berlin, &c).is_empty());
        assert!(due(&both, at("2026-03-29T00:30:00Z"), &Berlin, &c).is_empty());
        // New York, 8 Mar 2026: 02:00 EST jumps to 03:00 EDT.
        let ny = rem("n", "02:15", Purpose::Reflection);
        assert_eq!(
            next(&ny, "2026-03-07T12:00:00-05:00", &New_York, &c).unwrap(),
            "2026-03-08T03:00:00-04:00"
        );
        let f = due(&[ny], at("2026-03-08T07:00:00Z"), &New_York, &c);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].date, date("2026-03-08"));
    }

    #[test]
    fn fall_back_fires_once_at_the_first_occurrence() {
        // Berlin, 25 Oct 2026: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
        let r = rem("a", "02:30", Purpose::Reflection);
        let c = none();
        assert_eq!(
            next(&r, "2026-10-24T12:00:00+02:00", &Berlin, &c).unwrap(),
            "2026-10-25T02:30:00+02:00"
        );
        assert_eq!(
            next(&r, "2026-10-25T02:30:00+02:00", &Berlin, &c).unwrap(),
            "2026-10-26T02:30:00+01:00"
        );
        assert_eq!(
            due(
                std::slice::from_ref(&r),
                at("2026-10-25T00:30:00Z"),
                &Berlin,
                &c
            )
            .len(),
            1
        );
        assert!(due(
            std::slice::from_ref(&r),
            at("2026-10-25T01:30:00Z"),
            &Berlin,
            &c
        )
        .is_empty());
        let fs = firings_in(
            &r,
            at("2026-10-24T00:00:00Z"),
            at("2026-10-27T00:00:00Z"),
            &Berlin,
            &c,
        );
        let got: Vec<String> = fs.iter().map(|f| format_instant(&f.at)).collect();
        assert_eq!(
            got,
            [
                "2026-10-24T02:30:00+02:00",
                "2026-10-25T02:30:00+02:00",
                "2026-10-26T02:30:00+01:00"
            ]
        );
        // New York, 1 Nov 2026: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
        let ny = rem("n", "01:30", Purpose::Reflection);
        assert_eq!(
            next(&ny, "2026-10-31T12:00:00-04:00", &New_York, &c).unwrap(),
            "2026-11-01T01:30:00-04:00"
        );
        assert_eq!(
            due(
                std::slice::from_ref(&ny),
                at("2026-11-01T05:30:00Z"),
                &New_York,
                &c
            )
            .len(),
            1
        );
        assert!(due(&[ny], at("2026-11-01T06:30:00Z"), &New_York, &c).is_empty());
    }

    #[test]
    fn leap_day_is_an_ordinary_tuesday() {
        assert_eq!(date("2028-02-29").weekday(), chrono::Weekday::Tue);
        let tue = on(rem("t", "08:00", Purpose::Reflection), "tue");
        let c = none();
        assert_eq!(
            next(&tue, "2028-02-23T12:00:00+01:00", &Berlin, &c).unwrap(),
            "2028-02-29T08:00:00+01:00"
        );
        assert_eq!(
            next(&tue, "2028-02-29T08:00:00+01:00", &Berlin, &c).unwrap(),
            "2028-03-07T08:00:00+01:00"
        );
        let daily = rem("d", "23:59", Purpose::Checkin);
        assert_eq!(
            next(&daily, "2028-02-28T23:59:00+01:00", &Berlin, &c).unwrap(),
            "2028-02-29T23:59:00+01:00"
        );
        assert_eq!(
            next(&daily, "2027-02-28T23:59:00+01:00", &Berlin, &c).unwrap(),
            "2027-03-01T23:59:00+01:00"
        );
        // Tuesdays in 2027 have no 29 February; the 2 March follows 23 February.
        assert_eq!(
            next(&tue, "2027-02-23T12:00:00+01:00", &Berlin, &c).unwrap(),
            "2027-03-02T08:00:00+01:00"
        );
    }

    #[test]
    fn quiet_hours_silence_firings_inside_them() {
        let night = quiet("22:00-07:00");
        assert_eq!(
            next(
                &rem("a", "23:00", Purpose::Reflection),
                "2026-11-24T12:00:00+01:00",
                &Berlin,
                &night
            ),
            None
        );
        assert_eq!(
            next(
                &rem("b", "06:59", Purpose::Reflection),
                "2026-11-24T12:00:00+01:00",
                &Berlin,
                &night
            ),
            None
        );
        assert_eq!(
            next(
                &rem("c", "00:00", Purpose::Reflection),
                "2026-11-24T12:00:00+01:00",
                &Berlin,
                &night
            ),
            None
        );
        assert_eq!(
            next(
                &rem("d", "07:00", Purpose::Reflection),
                "2026-11-24T12:00:00+01:00",
                &Berlin,
                &night
            )
            .unwrap(),
            "2026-11-25T07:00:00+01:00"
        );
        assert_eq!(
            next(
                &rem("e", "21:59", Purpose::Reflection),
                "2026-11-24T12:00:00+01:00",
                &Berlin,
                &night
            )
            .unwrap(),
            "2026-11-24T21:59:00+01:00"
        );
        let lunch = quiet("12:00-14:00");
        assert!(due(
            &[rem("f", "13:00", Purpose::Reflection)],
            at("2026-11-24T13:00:00+01:00"),
            &Berlin,
            &lunch
        )
        .is_empty());
        assert_eq!(
            due(
                &[rem("g", "14:00", Purpose::Reflection)],
                at("2026-11-24T14:00:00+01:00"),
                &Berlin,
                &lunch
            )
            .len(),
            1
        );
        // Quiet hours apply to the wall-clock time the firing actually happens at: 02:30 pushed
        // to 03:00 by the gap is outside 02:00-03:00.
        let small = quiet("02:00-03:00");
        assert_eq!(
            next(
                &rem("h", "02:30", Purpose::Reflection),
                "2026-03-28T12:00:00+01:00",
                &Berlin,
                &small
            )
            .unwrap(),
            "2026-03-29T03:00:00+02:00"
        );
    }

    #[test]
    fn checkin_reminder_is_suppressed_once_the_days_checkin_exists() {
        let ck = rem("ck", "20:00", Purpose::Checkin);
        let rf = rem("rf", "20:00", Purpose::Reflection);
        let mut c = none();
        c.checkins.insert(date("2026-11-24"));
        let now = at("2026-11-24T20:00:10+01:00");
        assert_eq!(
            ids(&due(&[ck.clone(), rf.clone()], now, &Berlin, &c)),
            ["rf"]
        );
        assert_eq!(
            ids(&due(&[ck.clone(), rf.clone()], now, &Berlin, &none())),
            ["ck", "rf"]
        );
        assert_eq!(
            next(&ck, "2026-11-24T08:00:00+01:00", &Berlin, &c).unwrap(),
            "2026-11-25T20:00:00+01:00"
        );
        assert_eq!(
            next_wakeup(
                std::slice::from_ref(&ck),
                at("2026-11-24T08:00:00+01:00"),
                &Berlin,
                &c
            )
            .map(|t| format_instant(&t)),
            Some("2026-11-25T20:00:00+01:00".to_string())
        );
        // A check-in on another date does not suppress today's.
        let mut other = none();
        other.checkins.insert(date("2026-11-23"));
        assert_eq!(ids(&due(&[ck], now, &Berlin, &other)), ["ck"]);
    }

    #[test]
    fn due_is_the_minute_containing_the_instant() {
        let rs = [
            rem("a", "07:30", Purpose::Reflection),
            rem("b", "07:31", Purpose::Reflection),
        ];
        let c = none();
        assert_eq!(
            ids(&due(&rs, at("2026-11-24T07:30:00+01:00"), &Berlin, &c)),
            ["a"]
        );
        assert_eq!(
            ids(&due(&rs, at("2026-11-24T07:30:59.999+01:00"), &Berlin, &c)),
            ["a"]
        );
        assert_eq!(
            ids(&due(&rs, at("2026-11-24T07:31:00+01:00"), &Berlin, &c)),
            ["b"]
        );
        assert!(due(&rs, at("2026-11-24T07:29:59+01:00"), &Berlin, &c).is_empty());
        let f = &due(&rs, at("2026-11-24T06:30:20Z"), &Berlin, &c)[0];
        assert_eq!(format_instant(&f.at), "2026-11-24T07:30:00+01:00");
        assert_eq!(f.date, date("2026-11-24"));
        assert!(!f.snoozed);
    }

    #[test]
    fn missed_while_asleep_fires_once_and_only_the_same_day() {
        let rs = [
            rem("morning", "08:00", Purpose::Reflection),
            rem("noon", "12:00", Purpose::Checkin),
            rem("late", "19:30", Purpose::Reflection),
        ];
        let c = none();
        // Asleep from yesterday 22:00 until today 19:00: each of today's missed ones once.
        let got = due_on_start(
            &rs,
            Some(at("2026-11-23T22:00:00+01:00")),
            at("2026-11-24T19:00:00+01:00"),
            &Berlin,
            &c,
        );
        assert_eq!(ids(&got), ["morning", "noon"]);
        assert!(got.iter().all(|f| f.date == date("2026-11-24")));
        // Closed for three days: still at most one per reminder, nothing from earlier days.
        let got = due_on_start(
            &rs,
            Some(at("2026-11-21T09:00:00+01:00")),
            at("2026-11-24T12:00:30+01:00"),
            &Berlin,
            &c,
        );
        assert_eq!(ids(&got), ["morning", "noon"]);
        assert_eq!(format_instant(&got[0].at), "2026-11-24T08:00:00+01:00");
        // Woken just after midnight: yesterday's missed reminders are stale.
        let got = due_on_start(
            &rs,
            Some(at("2026-11-23T07:00:00+01:00")),
            at("2026-11-24T00:05:00+01:00"),
            &Berlin,
            &c,
        );
        assert!(got.is_empty());
        // Already handled up to and including last_run's minute: nothing twice.
        let got = due_on_start(
            &rs,
            Some(at("2026-11-24T08:00:00+01:00")),
            at("2026-11-24T09:00:00+01:00"),
            &Berlin,
            &c,
        );
        assert!(got.is_empty());
        // The current minute is included, so the shell calls this instead of `due` on wake.
        let got = due_on_start(
            &rs,
            Some(at("2026-11-24T07:00:00+01:00")),
            at("2026-11-24T08:00:05+01:00"),
            &Berlin,
            &c,
        );
        assert_eq!(ids(&got), ["morning"]);
        // A check-in done meanwhile makes the missed check-in reminder irrelevant.
        let mut done = none();
        done.checkins.insert(date("2026-11-24"));
        let got = due_on_start(
            &rs,
            Some(at("2026-11-24T07:00:00+01:00")),
            at("2026-11-24T13:00:00+01:00"),
            &Berlin,
            &done,
        );
        assert_eq!(ids(&got), ["morning"]);
        // Waking inside the quiet hours delivers nothing.
        let got = due_on_start(
            &rs,
            Some(at("2026-11-24T07:00:00+01:00")),
            at("2026-11-24T23:00:00+01:00"),
            &Berlin,
            &quiet("22:00-07:00"),
        );
        assert!(got.is_empty());
        // First start ever: only what is due now.
        let got = due_on_start(&rs, None, at("2026-11-24T12:00:00+01:00"), &Berlin, &c);
        assert_eq!(ids(&got), ["noon"]);
    }

    #[test]
    fn travel_follows_the_new_zone() {
        let r = rem("a", "09:00", Purpose::Reflection);
        let c = none();
        let now = at("2026-11-24T07:00:00Z");
        assert_eq!(
            format_instant(&next_firing(&r, now, &Berlin, &c).unwrap().at),
            "2026-11-24T09:00:00+01:00"
        );
        assert_eq!(
            format_instant(&next_firing(&r, now, &New_York, &c).unwrap().at),
            "2026-11-24T09:00:00-05:00"
        );
        // Flew west: last checked in Berlin at 07:00 local, the app wakes in New York at 11:00;
        // the 09:00 New York firing was missed and comes once.
        let got = due_on_start(
            std::slice::from_ref(&r),
            Some(at("2026-11-24T07:00:00+01:00")),
            at("2026-11-24T11:00:00-05:00"),
            &New_York,
            &c,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(format_instant(&got[0].at), "2026-11-24T09:00:00-05:00");
        // Flew east to Tokyo, where it is already the next day: that day's 09:00 is next.
        let now = at("2026-11-24T20:00:00Z");
        assert_eq!(
            format_instant(&next_firing(&r, now, &Tokyo, &c).unwrap().at),
            "2026-11-25T09:00:00+09:00"
        );
        // The same instant is due in one zone and not in the other.
        assert_eq!(
            due(
                std::slice::from_ref(&r),
                at("2026-11-24T14:00:00Z"),
                &New_York,
                &c
            )
            .len(),
            1
        );
        assert!(due(&[r], at("2026-11-24T14:00:00Z"), &Berlin, &c).is_empty());
    }

    #[test]
    fn snooze_replaces_regular_firings_until_it_rings_once() {
        let mut r = rem("a", "07:30", Purpose::Reflection);
        r.snoozed_until = Some(at("2026-11-24T07:40:00+01:00"));
        let c = none();
        assert!(due(
            std::slice::from_ref(&r),
            at("2026-11-24T07:30:00+01:00"),
            &Berlin,
            &c
        )
        .is_empty());
        let f = due(
            std::slice::from_ref(&r),
            at("2026-11-24T07:40:00+01:00"),
            &Berlin,
            &c,
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].snoozed);
        assert_eq!(
            next(&r, "2026-11-24T07:31:00+01:00", &Berlin, &c).unwrap(),
            "2026-11-24T07:40:00+01:00"
        );
        assert_eq!(
            next(&r, "2026-11-24T07:40:00+01:00", &Berlin, &c).unwrap(),
            "2026-11-25T07:30:00+01:00"
        );
        // Snoozed past several regular firings: they are dropped, it rings once.
        r.snoozed_until = Some(at("2026-11-26T07:35:00+01:00"));
        let fs = firings_in(
            &r,
            at("2026-11-24T00:00:00+01:00"),
            at("2026-11-28T00:00:00+01:00"),
            &Berlin,
            &c,
        );
        let got: Vec<(String, bool)> = fs
            .iter()
            .map(|f| (format_instant(&f.at), f.snoozed))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-11-26T07:35:00+01:00".to_string(), true),
                ("2026-11-27T07:30:00+01:00".to_string(), false)
            ]
        );
        // Snoozed to exactly a regular firing: one notification, not two.
        r.snoozed_until = Some(at("2026-11-25T07:30:00+01:00"));
        assert_eq!(
            due(
                std::slice::from_ref(&r),
                at("2026-11-25T07:30:00+01:00"),
                &Berlin,
                &c
            )
            .len(),
            1
        );
        // Snoozed into the quiet hours: it rings when they end.
        r.snoozed_until = Some(at("2026-11-24T22:30:00+01:00"));
        assert_eq!(
            next(
                &r,
                "2026-11-24T21:00:00+01:00",
                &Berlin,
                &quiet("22:00-07:00")
            )
            .unwrap(),
            "2026-11-25T07:00:00+01:00"
        );
        r.snoozed_until = Some(at("2026-11-24T12:30:00+01:00"));
        assert_eq!(
            next(
                &r,
                "2026-11-24T12:00:00+01:00",
                &Berlin,
                &quiet("12:00-14:00")
            )
            .unwrap(),
            "2026-11-24T14:00:00+01:00"
        );
        // A snoozed check-in reminder stays silent once the check-in is done.
        let mut ck = rem("ck", "20:00", Purpose::Checkin);
        ck.snoozed_until = Some(at("2026-11-24T20:15:00+01:00"));
        let mut done = none();
        done.checkins.insert(date("2026-11-24"));
        assert!(due(&[ck], at("2026-11-24T20:15:00+01:00"), &Berlin, &done).is_empty());
    }

    #[test]
    fn next_wakeup_is_the_earliest_enabled_firing() {
        let mut off = rem("off", "08:00", Purpose::Reflection);
        off.enabled = false;
        let rs = [
            rem("a", "21:00", Purpose::Reflection),
            off,
            on(rem("b", "09:00", Purpose::Checkin), "wed"),
        ];
        let c = none();
        // Tuesday 24 Nov, 10:00: the 21:00 today beats Wednesday's 09:00; the disabled one is ignored.
        let w = next_wakeup(&rs, at("2026-11-24T10:00:00+01:00"), &Berlin, &c).unwrap();
        assert_eq!(
            format_instant(&w.with_timezone(&Berlin).fixed_offset()),
            "2026-11-24T21:00:00+01:00"
        );
        let w = next_wakeup(&rs, at("2026-11-24T21:00:00+01:00"), &Berlin, &c).unwrap();
        assert_eq!(format_instant(&w), "2026-11-25T09:00:00+01:00");
        assert_eq!(
            next_wakeup(&[], at("2026-11-24T10:00:00+01:00"), &Berlin, &c),
            None
        );
        assert_eq!(
            next_wakeup(
                &rs[..2],
                at("2026-11-24T10:00:00+01:00"),
                &Berlin,
                &quiet("20:00-08:00")
            ),
            None
        );
    }

    #[test]
    fn samoa_skipped_a_whole_day() {
        // Pacific/Apia went from 29 December 2011 straight to 31 December.
        let tz = chrono_tz::Pacific::Apia;
        let r = rem("a", "08:00", Purpose::Reflection);
        let c = none();
        let got = firings_in(
            &r,
            at("2011-12-29T00:00:00Z"),
            at("2012-01-01T12:00:00Z"),
            &tz,
            &c,
        );
        let got: Vec<String> = got.iter().map(|f| format_instant(&f.at)).collect();
        assert_eq!(
            got,
            [
                "2011-12-29T08:00:00-10:00",
                "2011-12-31T00:00:00+14:00",
                "2011-12-31T08:00:00+14:00",
                "2012-01-01T08:00:00+14:00"
            ]
        );
        // Midnight on the missing day is the next day's midnight: one firing, not two.
        let m = rem("m", "00:00", Purpose::Reflection);
        assert_eq!(due(&[m], at("2011-12-30T10:00:00Z"), &tz, &c).len(), 1);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const ZONES: [chrono_tz::Tz; 6] = [
            Berlin,
            New_York,
            Tokyo,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::America::Santiago,
            chrono_tz::Pacific::Apia,
        ];
        /// Instants near daylight-saving changes (and Samoa's skipped day), where bugs live.
        const NEAR: [&str; 8] = [
            "2026-03-29T01:00:00Z",
            "2026-10-25T01:00:00Z",
            "2026-03-08T07:00:00Z",
            "2026-11-01T06:00:00Z",
            "2026-04-04T15:00:00Z",
            "2026-10-03T15:00:00Z",
            "2011-12-30T10:00:00Z",
            "2028-02-29T12:00:00Z",
        ];

        proptest! {
            #[test]
            fn next_firing_due_and_firings_in_agree(
                zone in 0usize..ZONES.len(),
                near in 0usize..NEAR.len(),
                offset_min in -5000i64..5000,
                minute in 0i64..1440,
                days in 1i64..128,
            ) {
                let tz = ZONES[zone];
                let after = at(NEAR[near]) + Duration::minutes(offset_min) + Duration::seconds(17);
                let r = Reminder {
                    at: TimeOfDay::from_minute(minute).unwrap(),
                    days: Weekdays::from_bits(days).unwrap(),
                    ..rem("p", "00:00", Purpose::Reflection)
                };
                let c = none();
                let next = next_firing(&r, after, &tz, &c).expect("a weekday set always fires within 8 days");
                prop_assert!(next.at > after);
                prop_assert!(next.at - after <= Duration::days(9));
                prop_assert!(r.days.contains(next.date.weekday()));
                // It is the wall-clock time's first occurrence, or the first minute after a gap.
                prop_assert_eq!(Some(next.at), wall_clock_instant(next.date, r.at, &tz).map(|t| t.fixed_offset()));
                let local = next.at.with_timezone(&tz).naive_local();
                let wanted = next.date.and_time(r.at.naive());
                prop_assert!(local == wanted || tz.from_local_datetime(&wanted).earliest().is_none());
                // Nothing fires in between, and `due` at that instant lists it.
                let between = firings_in(&r, after + Duration::nanoseconds(1), next.at, &tz, &c);
                prop_assert!(between.is_empty(), "{:?}", between);
                let d = due(std::slice::from_ref(&r), next.at, &tz, &c);
                prop_assert_eq!(d.len(), 1);
                prop_assert_eq!(d[0].at, next.at);
                // `next_wakeup` agrees.
                prop_assert_eq!(next_wakeup(std::slice::from_ref(&r), after, &tz, &c), Some(next.at));
            }
        }
    }

    #[test]
    fn minute_start_floors_in_utc() {
        assert_eq!(
            format_instant(&minute_start(at("2026-11-24T07:30:59.9+01:00"))),
            "2026-11-24T07:30:00+01:00"
        );
        assert_eq!(
            format_instant(&minute_start(at("1969-12-31T23:59:30Z"))),
            "1969-12-31T23:59:00Z"
        );
    }
}

//! The journal day by day, for the calendar, the mood and energy lines and the map of when
//! breaks happen: plain counts and means over a range of days, straight from the records. No
//! inference here — the analysis proper (patterns, beliefs, shifts) is the rest of this module.
//!
//! - **Days**: for each date of the range, the events logged and how many were breaks, the
//!   check-in's alignment, energy and mood, and the mood of reflections that carry one (an
//!   imported Daylio entry). A day with nothing at all is *not logged*, which is not the same as
//!   a day without breaks.
//! - **Weeks**: ISO weeks with the mean alignment, energy and mood of their check-ins (mood falls
//!   back to reflections' moods on days without a check-in mood) and how many days each mean
//!   rests on.
//! - **When breaks happen**: weekday × time-of-day block (the domain's [`BLOCKS`](crate::domain::BLOCKS), the same
//!   blocks the analyzer's patterns name, by each event's own local time): events and breaks in
//!   every cell.
//! - **Consistency**: logged days out of the days in the range, and the longest run of
//!   consecutive logged days.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use super::rows::{day_date, day_number};
use crate::domain::{block_of, Checkin, Event, Kind, Reflection};
use crate::store::{DayRecords, Store, StoreError};

/// How far back the picture reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Range {
    /// The last 28 days.
    FourWeeks,
    /// The last 91 days.
    Quarter,
    /// The last 364 days.
    Year,
    /// From the first entry.
    All,
}

impl std::str::FromStr for Range {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "four_weeks" | "4w" => Ok(Range::FourWeeks),
            "quarter" => Ok(Range::Quarter),
            "year" => Ok(Range::Year),
            "all" => Ok(Range::All),
            other => Err(format!(
                "{other:?} is not a range (four_weeks, quarter, year or all)"
            )),
        }
    }
}

impl Range {
    /// Days in the range ending on (and including) `today`; `None` for all.
    fn days(self) -> Option<i64> {
        match self {
            Range::FourWeeks => Some(28),
            Range::Quarter => Some(91),
            Range::Year => Some(364),
            Range::All => None,
        }
    }

    /// The range's first day when it ends on `today`; `None` for all (from the first entry).
    pub fn first_day(self, today: NaiveDate) -> Option<NaiveDate> {
        self.days().map(|n| today - Duration::days(n - 1))
    }
}

/// One date of the range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Day {
    pub date: NaiveDate,
    pub events: u32,
    /// Delayed starts, unfinished, avoided and switched (skips are neither break nor done).
    pub breaks: u32,
    pub completed: u32,
    pub alignment: Option<u8>,
    pub energy: Option<u8>,
    /// The check-in's mood, else the mean of the day's reflection moods (imported entries).
    pub mood: Option<f64>,
    pub reflections: u32,
    /// Anything at all was written on this date.
    pub logged: bool,
}

impl Day {
    /// Breaks among events that ended either way, when there were any.
    pub fn break_rate(&self) -> Option<f64> {
        let n = self.breaks + self.completed;
        (n > 0).then(|| f64::from(self.breaks) / f64::from(n))
    }
}

/// Means over one ISO week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekMeans {
    /// The week's Monday.
    pub monday: NaiveDate,
    pub alignment: Option<f64>,
    pub alignment_days: u32,
    pub energy: Option<f64>,
    pub energy_days: u32,
    pub mood: Option<f64>,
    pub mood_days: u32,
}

/// Events and breaks in one weekday × part-of-day cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    /// An index into [`BLOCKS`](crate::domain::BLOCKS): 0 = morning, 1 = afternoon, 2 = evening, 3 = night.
    pub part: u8,
    pub events: u32,
    pub breaks: u32,
    pub completed: u32,
}

/// How steadily the journal was kept.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Consistency {
    pub logged_days: u32,
    pub days: u32,
    /// `logged_days / days`.
    pub share: f64,
    pub longest_run: u32,
    /// Consecutive logged days ending on the range's last day (or the day before it, when that
    /// day has nothing yet).
    pub current_run: u32,
}

/// The journal day by day over a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DaysPicture {
    pub range: Range,
    /// First and last date; `None` when the journal is empty.
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    /// Every date from `from` to `to`, oldest first.
    pub days: Vec<Day>,
    pub weeks: Vec<WeekMeans>,
    /// 28 cells: weekday-major, part-minor.
    pub cells: Vec<Cell>,
    pub consistency: Consistency,
}

/// The time-of-day block (an index into [`BLOCKS`](crate::domain::BLOCKS)) of a local hour and minute.
pub fn part_of_day(hour: u32, minute: u32) -> u8 {
    let m = u16::try_from(hour * 60 + minute).unwrap_or(0);
    u8::try_from(block_of(m)).unwrap_or(0)
}

/// The picture of `range` ending on `today`, read from the journal: only the columns it counts
/// ([`Store::day_records`]), a few milliseconds for a busy year.
pub fn days_picture(
    store: &Store,
    range: Range,
    today: NaiveDate,
) -> Result<DaysPicture, StoreError> {
    let since = range.first_day(today);
    let records = store.day_records(since, today)?;
    let first = match since {
        Some(since) => Some(since),
        None => {
            let f = store.first_days(today)?;
            [f.event, f.checkin, f.reflection]
                .into_iter()
                .flatten()
                .min()
                .map(day_date)
        }
    };
    Ok(assemble(range, first, today, &records))
}

/// [`days_picture`] from records already read (any order).
pub fn build(
    range: Range,
    from: Option<NaiveDate>,
    to: NaiveDate,
    events: &[Event],
    checkins: &[Checkin],
    reflections: &[Reflection],
) -> DaysPicture {
    let records = DayRecords {
        events: events
            .iter()
            .map(|e| {
                let minute = u16::try_from(e.at.hour() * 60 + e.at.minute()).unwrap_or(0);
                (day_number(e.local_date()), minute, e.kind)
            })
            .collect(),
        checkins: checkins
            .iter()
            .map(|c| (day_number(c.date), c.alignment, c.energy, c.mood))
            .collect(),
        reflections: reflections
            .iter()
            .map(|r| (day_number(r.at.date_naive()), r.mood))
            .collect(),
    };
    assemble(range, from, to, &records)
}

/// The picture from the narrow records of [`Store::day_records`] (any order): every date from
/// `from` to `to`, each record counted on its own local day (those outside it are left out).
fn assemble(
    range: Range,
    from: Option<NaiveDate>,
    to: NaiveDate,
    records: &DayRecords,
) -> DaysPicture {
    let mut cells = empty_cells();
    let first = from.filter(|f| *f <= to).map(day_number);
    let last = day_number(to);
    let mut days: Vec<Day> = first
        .map(|first| (first..=last).map(|d| Day::empty(day_date(d))).collect())
        .unwrap_or_default();
    let n = days.len();
    let slot = |day: i32| {
        first
            .and_then(|f| usize::try_from(i64::from(day) - i64::from(f)).ok())
            .filter(|i| *i < n)
    };
    for &(day, minute, kind) in &records.events {
        let Some(i) = slot(day) else {
            continue;
        };
        let d = &mut days[i];
        d.events += 1;
        d.logged = true;
        // Day 0 (1 January 1970) was a Thursday.
        let weekday = u8::try_from((i64::from(day) + 3).rem_euclid(7)).unwrap_or(0);
        let part = u8::try_from(block_of(minute)).unwrap_or(0);
        let cell = &mut cells[usize::from(weekday * 4 + part)];
        cell.events += 1;
        if kind.is_break() {
            d.breaks += 1;
            cell.breaks += 1;
        } else if kind == Kind::Completed {
            d.completed += 1;
            cell.completed += 1;
        }
    }
    for &(day, alignment, energy, mood) in &records.checkins {
        if let Some(i) = slot(day) {
            let d = &mut days[i];
            d.logged = true;
            d.alignment = Some(alignment);
            d.energy = energy;
            d.mood = mood.map(f64::from);
        }
    }
    // Reflection moods (imported entries) stand in for a missing check-in mood: their mean.
    let mut reflection_moods: Vec<(f64, u32)> = vec![(0.0, 0); days.len()];
    for &(day, mood) in &records.reflections {
        if let Some(i) = slot(day) {
            days[i].logged = true;
            days[i].reflections += 1;
            if let Some(m) = mood {
                reflection_moods[i].0 += f64::from(m);
                reflection_moods[i].1 += 1;
            }
        }
    }
    for (d, (sum, n)) in days.iter_mut().zip(reflection_moods) {
        if n > 0 && d.mood.is_none() {
            d.mood = Some(sum / f64::from(n));
        }
    }
    finish(range, to, days, cells)
}

/// The 28 weekday × part-of-day cells, all zero.
fn empty_cells() -> Vec<Cell> {
    (0..7u8)
        .flat_map(|weekday| {
            (0..4u8).map(move |part| Cell {
                weekday,
                part,
                events: 0,
                breaks: 0,
                completed: 0,
            })
        })
        .collect()
}

impl Day {
    /// A date with nothing written on it.
    fn empty(date: NaiveDate) -> Day {
        Day {
            date,
            events: 0,
            breaks: 0,
            completed: 0,
            alignment: None,
            energy: None,
            mood: None,
            reflections: 0,
            logged: false,
        }
    }
}

/// The weeks' means and the consistency of the counted days (every date of the range, oldest
/// first).
fn finish(range: Range, to: NaiveDate, days: Vec<Day>, cells: Vec<Cell>) -> DaysPicture {
    // Weeks.
    let mut weeks: BTreeMap<NaiveDate, [(f64, u32); 3]> = BTreeMap::new();
    for d in &days {
        let monday = d.date - Duration::days(i64::from(d.date.weekday().num_days_from_monday()));
        let w = weeks.entry(monday).or_insert([(0.0, 0); 3]);
        for (slot, v) in [d.alignment.map(f64::from), d.energy.map(f64::from), d.mood]
            .into_iter()
            .enumerate()
        {
            if let Some(v) = v {
                w[slot].0 += v;
                w[slot].1 += 1;
            }
        }
    }
    let mean = |(sum, n): (f64, u32)| (n > 0).then(|| (sum / f64::from(n) * 100.0).round() / 100.0);
    let weeks = weeks
        .into_iter()
        .map(|(monday, [a, e, m])| WeekMeans {
            monday,
            alignment: mean(a),
            alignment_days: a.1,
            energy: mean(e),
            energy_days: e.1,
            mood: mean(m),
            mood_days: m.1,
        })
        .collect();

    // Consistency.
    let logged_days = days.iter().filter(|d| d.logged).count() as u32;
    let mut longest = 0u32;
    let mut run = 0u32;
    for d in &days {
        run = if d.logged { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let mut current = 0u32;
    let mut tail = days.iter().rev().peekable();
    if tail.peek().is_some_and(|d| !d.logged) {
        tail.next();
    }
    for d in tail {
        if !d.logged {
            break;
        }
        current += 1;
    }
    let n = days.len() as u32;
    DaysPicture {
        range,
        from: days.first().map(|d| d.date),
        to,
        consistency: Consistency {
            logged_days,
            days: n,
            share: if n == 0 {
                0.0
            } else {
                (f64::from(logged_days) / f64::from(n) * 1000.0).round() / 1000.0
            },
            longest_run: longest,
            current_run: current,
        },
        days,
        weeks,
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{parse_date, parse_instant, EventInput, ReflectionInput};

    fn date(s: &str) -> NaiveDate {
        parse_date(s).expect("date")
    }

    fn event(at: &str, kind: Kind) -> Event {
        EventInput::new(parse_instant(at).expect("at"), kind, "Write")
            .into_event(format!("e-{at}-{kind:?}"), None)
    }

    #[test]
    fn days_weeks_cells_and_consistency_count_what_was_written() {
        let events = vec![
            // Monday 16 November, morning: a break and a completion.
            event("2026-11-16T09:00:00+01:00", Kind::DelayedStart),
            event("2026-11-16T10:00:00+01:00", Kind::Completed),
            // Tuesday evening: a skip is neither.
            event("2026-11-17T20:00:00+01:00", Kind::Skipped),
            // Late on Wednesday by its own offset, though Thursday in UTC.
            event("2026-11-18T23:30:00-08:00", Kind::Avoided),
        ];
        let mut c = Checkin::new(date("2026-11-16"), 2);
        c.energy = Some(3);
        c.mood = Some(4);
        let checkins = vec![c, Checkin::new(date("2026-11-17"), 4)];
        let mut r = ReflectionInput::new(
            parse_instant("2026-11-19T21:00:00+01:00").expect("at"),
            "Mood: good",
        );
        r.mood = Some(4);
        let mut r2 = r.clone();
        r2.mood = Some(2);
        let reflections = vec![
            r.into_reflection("r1".into(), None),
            r2.into_reflection("r2".into(), None),
        ];
        let p = build(
            Range::FourWeeks,
            Some(date("2026-11-15")),
            date("2026-11-21"),
            &events,
            &checkins,
            &reflections,
        );
        assert_eq!(p.days.len(), 7);
        let day = |s: &str| p.days.iter().find(|d| d.date == date(s)).expect("day");
        assert!(!day("2026-11-15").logged, "nothing on Sunday 15th");
        assert_eq!(
            (day("2026-11-16").breaks, day("2026-11-16").completed),
            (1, 1)
        );
        assert_eq!(day("2026-11-16").break_rate(), Some(0.5));
        assert_eq!(
            day("2026-11-17").break_rate(),
            None,
            "a skip alone has no rate"
        );
        assert_eq!(day("2026-11-18").breaks, 1);
        // Reflection moods stand in for a missing check-in mood.
        assert_eq!(day("2026-11-19").mood, Some(3.0));
        assert!(!day("2026-11-20").logged);
        let cell = |w: u8, part: u8| p.cells[usize::from(w * 4 + part)];
        assert_eq!((cell(0, 0).events, cell(0, 0).breaks), (2, 1), "morning");
        assert_eq!(cell(1, 2).events, 1, "evening");
        assert_eq!(
            (cell(2, 3).events, cell(2, 3).breaks),
            (1, 1),
            "its own local night"
        );
        assert_eq!(p.cells.iter().map(|c| c.events).sum::<u32>(), 4);
        // Weeks: 15 Nov belongs to the week of 9 Nov.
        assert_eq!(p.weeks.len(), 2);
        let w = &p.weeks[1];
        assert_eq!(w.monday, date("2026-11-16"));
        assert_eq!((w.alignment, w.alignment_days), (Some(3.0), 2));
        assert_eq!((w.energy, w.energy_days), (Some(3.0), 1));
        assert_eq!((w.mood, w.mood_days), (Some(3.5), 2));
        let c = p.consistency;
        assert_eq!((c.logged_days, c.days, c.longest_run), (4, 7, 4));
        assert_eq!(c.current_run, 0, "20 and 21 November have nothing");
    }

    /// The picture as it was computed before the narrow read: whole records read through the
    /// store's ordinary queries, counted into a map of dates by each record's own time.
    fn reference(store: &Store, range: Range, today: NaiveDate) -> DaysPicture {
        use crate::store::Query;
        let since = range.days().map(|n| today - Duration::days(n - 1));
        let q = Query {
            since,
            until: Some(today),
            ..Query::default()
        };
        let events = store.events(&q).expect("events");
        let checkins = store.checkins(&q).expect("checkins");
        let reflections = store.reflections(&q).expect("reflections");
        let first = since.or_else(|| {
            [
                events.first().map(Event::local_date),
                checkins.first().map(|c| c.date),
                reflections.first().map(|r| r.at.date_naive()),
            ]
            .into_iter()
            .flatten()
            .min()
        });
        let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
        let mut cells = empty_cells();
        if let Some(from) = first.filter(|f| *f <= today) {
            let mut d = from;
            while d <= today {
                days.insert(d, Day::empty(d));
                d += Duration::days(1);
            }
        }
        for e in &events {
            let Some(day) = days.get_mut(&e.local_date()) else {
                continue;
            };
            day.events += 1;
            day.logged = true;
            let cell = &mut cells[usize::from(
                u8::try_from(e.at.weekday().num_days_from_monday()).unwrap_or(0) * 4
                    + part_of_day(e.at.hour(), e.at.minute()),
            )];
            cell.events += 1;
            if e.kind.is_break() {
                day.breaks += 1;
                cell.breaks += 1;
            } else if e.kind == Kind::Completed {
                day.completed += 1;
                cell.completed += 1;
            }
        }
        for c in &checkins {
            if let Some(day) = days.get_mut(&c.date) {
                day.logged = true;
                day.alignment = Some(c.alignment);
                day.energy = c.energy;
                day.mood = c.mood.map(f64::from);
            }
        }
        let mut moods: BTreeMap<NaiveDate, (f64, u32)> = BTreeMap::new();
        for r in &reflections {
            let date = r.at.date_naive();
            if let Some(day) = days.get_mut(&date) {
                day.logged = true;
                day.reflections += 1;
                if let Some(m) = r.mood {
                    let e = moods.entry(date).or_insert((0.0, 0));
                    e.0 += f64::from(m);
                    e.1 += 1;
                }
            }
        }
        for (date, (sum, n)) in moods {
            if let Some(day) = days.get_mut(&date) {
                if day.mood.is_none() {
                    day.mood = Some(sum / f64::from(n));
                }
            }
        }
        finish(range, today, days.into_values().collect(), cells)
    }

    /// A journal of a few hundred records over about a year and a half, written in offsets
    /// from −11:00 to +14:00 (so local days and UTC order disagree), at any minute.
    fn generated(seed: u64) -> Store {
        use crate::store::{ImportBatch, ImportMeta};
        use chrono::{FixedOffset, TimeZone};
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let start = date("2025-06-01");
        let at = |rng: &mut rand_chacha::ChaCha8Rng| {
            let offset = FixedOffset::east_opt(rng.random_range(-11..=14) * 3600).expect("offset");
            let day = start + Duration::days(rng.random_range(0..540));
            let minute = rng.random_range(0..1440u32);
            let t = day
                .and_hms_opt(minute / 60, minute % 60, 0)
                .expect("a valid time");
            offset
                .from_local_datetime(&t)
                .single()
                .expect("fixed offset")
        };
        let mut batch = ImportBatch::default();
        for i in 0..rng.random_range(0..400) {
            let kind = Kind::ALL[rng.random_range(0..Kind::ALL.len())];
            batch.events.push(
                EventInput::new(at(&mut rng), kind, "Write").into_event(format!("e{i}"), None),
            );
        }
        let mut dates: Vec<NaiveDate> = (0..rng.random_range(0..200))
            .map(|_| start + Duration::days(rng.random_range(0..540)))
            .collect();
        dates.sort();
        dates.dedup();
        for d in dates {
            let mut c = Checkin::new(d, rng.random_range(1..=5));
            c.energy = rng.random_bool(0.7).then(|| rng.random_range(1..=5));
            c.mood = rng.random_bool(0.6).then(|| rng.random_range(1..=5));
            batch.checkins.push(c);
        }
        for i in 0..rng.random_range(0..120) {
            let mut r = ReflectionInput::new(at(&mut rng), "Mood: good");
            r.mood = rng.random_bool(0.5).then(|| rng.random_range(1..=5));
            batch
                .reflections
                .push(r.into_reflection(format!("r{i}"), None));
        }
        let mut store = Store::open_in_memory().expect("store");
        let meta = ImportMeta {
            format: "plumbline".into(),
            file: None,
            dry_run: false,
        };
        let now = parse_instant("2027-01-01T12:00:00+00:00").expect("now");
        store
            .apply_import(&batch, &meta, &crate::FixedClock(now))
            .expect("import");
        store
    }

    #[test]
    fn the_narrow_read_gives_the_picture_the_whole_records_gave() {
        let ranges = [Range::FourWeeks, Range::Quarter, Range::Year, Range::All];
        let (mut counted, mut moods) = (0, 0);
        for seed in 0..16 {
            let store = generated(seed);
            // The Trends view's count of check-ins by week reads their dates alone.
            let q = crate::store::Query {
                since: Some(date("2025-09-30")),
                until: Some(date("2026-11-21")),
                ..crate::store::Query::default()
            };
            let dates: Vec<NaiveDate> = store
                .checkins(&q)
                .expect("checkins")
                .iter()
                .map(|c| c.date)
                .collect();
            assert_eq!(
                store
                    .checkin_dates(q.since, date("2026-11-21"))
                    .expect("dates"),
                dates
            );
            // Before the first record, inside the journal, and after its last.
            for today in [
                "2025-05-20",
                "2025-09-30",
                "2026-03-15",
                "2026-11-21",
                "2027-03-01",
            ] {
                for range in ranges {
                    let today = date(today);
                    let now = days_picture(&store, range, today).expect("picture");
                    let before = reference(&store, range, today);
                    assert_eq!(now, before, "seed {seed}, {range:?} to {today}");
                    counted += now.cells.iter().map(|c| c.events).sum::<u32>();
                    moods += now.days.iter().filter(|d| d.mood.is_some()).count();
                    assert_eq!(
                        serde_json::to_string(&now).expect("json"),
                        serde_json::to_string(&before).expect("json"),
                        "seed {seed}, {range:?} to {today}"
                    );
                }
            }
        }
        assert!(
            counted > 1000 && moods > 100,
            "the journals gave something to count"
        );
    }

    #[test]
    fn ranges_parse_and_an_empty_journal_has_no_days() {
        assert_eq!("quarter".parse::<Range>(), Ok(Range::Quarter));
        assert!("decade".parse::<Range>().is_err());
        let s = Store::open_in_memory().expect("store");
        let p = days_picture(&s, Range::All, date("2026-11-21")).expect("picture");
        assert!(p.days.is_empty() && p.from.is_none());
        assert_eq!(p.cells.len(), 28);
        let p = days_picture(&s, Range::FourWeeks, date("2026-11-21")).expect("picture");
        assert_eq!(p.days.len(), 28);
        assert_eq!(p.from, Some(date("2026-10-25")));
        assert_eq!(p.consistency.logged_days, 0);
    }
}

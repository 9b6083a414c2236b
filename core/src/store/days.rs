//! The day-by-day picture's read (the calendar, mood and energy, when breaks happen): only
//! the columns it counts — each record's local day (days since 1970-01-01), an event's local
//! minute and kind, a check-in's ratings, a reflection's mood — with no text and no JSON to
//! decode, so a year of a busy journal is read in a few milliseconds; and the check-ins' dates
//! the Trends view counts by week.

use chrono::NaiveDate;
use rusqlite::params;

use super::{date_of_day, day_number, Result, Store};
use crate::domain::Kind;

/// What the days picture counts over a range of local days, in no particular order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayRecords {
    /// (day, local minute of the day, kind) of each event.
    pub events: Vec<(i32, u16, Kind)>,
    /// (day, alignment, energy, mood) of each check-in.
    pub checkins: Vec<(i32, u8, Option<u8>, Option<u8>)>,
    /// (day, mood) of each reflection.
    pub reflections: Vec<(i32, Option<u8>)>,
}

/// The local days of a journal's first records up to a day: the first event's and the first
/// reflection's in time order (a record written in another offset may fall on an earlier local
/// day than the first one by time), and the earliest check-in's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FirstDays {
    pub event: Option<i32>,
    pub checkin: Option<i32>,
    pub reflection: Option<i32>,
}

fn day_of(d: i64) -> i32 {
    i32::try_from(d).unwrap_or(if d < 0 { i32::MIN } else { i32::MAX })
}

fn rating(r: Option<i64>) -> Option<u8> {
    r.and_then(|v| u8::try_from(v).ok())
}

impl Store {
    /// The records dated `since..=until` (local days; `None` = from the first).
    pub fn day_records(&self, since: Option<NaiveDate>, until: NaiveDate) -> Result<DayRecords> {
        let from = since.map_or(i64::MIN, day_number);
        let to = day_number(until);
        let conn = self.conn();
        let mut out = DayRecords::default();
        let mut stmt = conn
            .prepare_cached("SELECT day, minute, kind FROM events WHERE day BETWEEN ?1 AND ?2")?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            let kind = Kind::from_code(r.get(2)?).unwrap_or(Kind::Skipped);
            out.events.push((
                day_of(r.get(0)?),
                u16::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                kind,
            ));
        }
        let mut stmt = conn.prepare_cached(
            "SELECT day, alignment, energy, mood FROM checkins WHERE day BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            out.checkins.push((
                day_of(r.get(0)?),
                u8::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                rating(r.get(2)?),
                rating(r.get(3)?),
            ));
        }
        let mut stmt =
            conn.prepare_cached("SELECT day, mood FROM reflections WHERE day BETWEEN ?1 AND ?2")?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            out.reflections.push((day_of(r.get(0)?), rating(r.get(1)?)));
        }
        Ok(out)
    }

    /// The dates of the check-ins dated `since..=until` (`None` = from the first), oldest
    /// first.
    pub fn checkin_dates(
        &self,
        since: Option<NaiveDate>,
        until: NaiveDate,
    ) -> Result<Vec<NaiveDate>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT day FROM checkins WHERE day BETWEEN ?1 AND ?2 ORDER BY day")?;
        let days = stmt.query_map(
            params![since.map_or(i64::MIN, day_number), day_number(until)],
            |r| r.get::<_, i64>(0),
        )?;
        let mut out = Vec::new();
        for d in days {
            out.extend(date_of_day(d?));
        }
        Ok(out)
    }

    /// The local days of the first records dated up to `until` ([`FirstDays`]).
    pub fn first_days(&self, until: NaiveDate) -> Result<FirstDays> {
        let to = day_number(until);
        let conn = self.conn();
        let one = |sql: &str| -> Result<Option<i32>> {
            let d: Option<i64> = conn
                .prepare_cached(sql)?
                .query_row(params![to], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?
                .flatten();
            Ok(d.map(day_of))
        };
        Ok(FirstDays {
            event: one("SELECT day FROM events WHERE day <= ?1 ORDER BY at_utc, id LIMIT 1")?,
            checkin: one("SELECT min(day) FROM checkins WHERE day <= ?1")?,
            reflection: one(
                "SELECT day FROM reflections WHERE day <= ?1 ORDER BY at_utc, id LIMIT 1",
            )?,
        })
    }
}

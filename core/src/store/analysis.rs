//! The analyzer's read: narrow rows for one window, straight from SQL.
//!
//! One query for events (only the columns the analyzer slices on, tags gathered from
//! `event_tags`, the delay derived from `planned_at` in SQL when not given), one for check-in
//! ratings and one for reflection text. Beliefs, verdicts and pathways come from the store's
//! ordinary reads.

use chrono::NaiveDate;
use rusqlite::params;

use super::{day_number, Result, Store};
use crate::analyze::{belief_specs, Journal, RowIn};
use crate::domain::Kind;

/// Separator for tags gathered with `group_concat` (unit separator; never typed in a tag).
const TAG_SEP: char = '\u{1f}';

impl Store {
    /// Everything the analyzer needs for events dated `since..=until` (local days), in time
    /// order.
    pub fn analysis_journal(&self, since: Option<NaiveDate>, until: NaiveDate) -> Result<Journal> {
        let from = since.map_or(i64::MIN, day_number);
        let to = day_number(until);
        let mut j = Journal::new();
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT e.at_utc, e.day, e.minute, e.kind, e.task, e.domain, e.emotion, e.friction,
                    e.progress,
                    COALESCE(e.delay_minutes,
                             CASE WHEN e.planned_at IS NOT NULL
                                  THEN (e.at_utc - unixepoch(e.planned_at)) / 60 END),
                    e.thought,
                    (SELECT group_concat(t.tag, char(31)) FROM event_tags t
                      WHERE t.event_rowid = e.rowid)
             FROM events e WHERE e.day BETWEEN ?1 AND ?2 ORDER BY e.at_utc, e.rowid",
        )?;
        let mut rows = stmt.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            let kind = Kind::from_code(r.get(3)?).unwrap_or(Kind::Skipped);
            let task: &str = r.get_ref(4)?.as_str().unwrap_or("");
            let domain = r.get_ref(5)?.as_str_or_null().ok().flatten();
            let emotion = r.get_ref(6)?.as_str_or_null().ok().flatten();
            let friction: Option<i64> = r.get(7)?;
            let delay: Option<i64> = r.get(9)?;
            let thought = r.get_ref(10)?.as_str_or_null().ok().flatten();
            j.push_event(RowIn {
                at_utc: r.get(0)?,
                day: i32::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                minute: u16::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                kind,
                task,
                domain,
                emotion,
                friction: friction.and_then(|f| u8::try_from(f).ok()),
                progress: r.get(8)?,
                delay: delay.filter(|d| *d > 0).and_then(|d| u32::try_from(d).ok()),
                thought,
            });
            if let Some(tags) = r.get_ref(11)?.as_str_or_null().ok().flatten() {
                for t in tags.split(TAG_SEP) {
                    j.push_tag(t);
                }
            }
        }
        let mut stmt =
            conn.prepare_cached("SELECT day, alignment FROM checkins WHERE day BETWEEN ?1 AND ?2")?;
        let checkins = stmt.query_map(params![from, to], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?;
        for c in checkins {
            let (d, a) = c?;
            j.checkins
                .push((i32::try_from(d).unwrap_or(0), u8::try_from(a).unwrap_or(3)));
        }
        let mut stmt = conn.prepare_cached(
            "SELECT day, COALESCE(title || '. ', '') || text FROM reflections
             WHERE day BETWEEN ?1 AND ?2 ORDER BY at_utc, rowid",
        )?;
        let refl = stmt.query_map(params![from, to], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        for r in refl {
            let (d, t) = r?;
            j.reflections.push((i32::try_from(d).unwrap_or(0), t));
        }
        j.sort();
        j.beliefs = belief_specs(&self.beliefs()?);
        j.verdicts = self.verdicts()?;
        j.pathways = self.pathways()?;
        Ok(j)
    }
}

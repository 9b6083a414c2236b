//! Browsing and searching the journal: which days have entries (for paging through the past a
//! page of days at a time, skipping days with nothing logged) and a plain text search over the
//! person's own words — reflections and the thoughts attached to events.

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::events::escape_like;
use super::{date_of_day, day_number, Result, Store};
use crate::domain::{parse_instant, Instant, Kind};

/// Where a search hit's words were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitSource {
    Reflection,
    Thought,
}

/// One piece of the person's writing that contains the searched words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextHit {
    pub source: HitSource,
    /// The reflection's or the event's id.
    pub id: String,
    pub at: Instant,
    /// The local date the entry belongs to.
    pub date: NaiveDate,
    /// The reflection's text, or the event's thought.
    pub text: String,
    /// The reflection's title, or the event's task.
    pub context: Option<String>,
    /// The event's kind (thoughts only).
    pub kind: Option<Kind>,
}

impl Store {
    /// Local dates with at least one event, check-in or reflection, newest first: those before
    /// `before` (exclusive) when it is given, at most `limit`.
    pub fn days_with_entries(
        &self,
        before: Option<NaiveDate>,
        limit: usize,
    ) -> Result<Vec<NaiveDate>> {
        let before = before.map_or(i64::MAX, day_number);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn().prepare_cached(
            "SELECT day FROM events WHERE day < ?1
             UNION SELECT day FROM checkins WHERE day < ?1
             UNION SELECT day FROM reflections WHERE day < ?1
             ORDER BY day DESC LIMIT ?2",
        )?;
        let days = stmt.query_map(params![before, limit], |r| r.get::<_, i64>(0))?;
        let mut out = Vec::new();
        for d in days {
            if let Some(date) = date_of_day(d?) {
                out.push(date);
            }
        }
        Ok(out)
    }

    /// Reflections (text or title) and event thoughts containing `words` (case-insensitive for
    /// ASCII letters, taken literally: `%` and `_` are not wildcards), newest first, at most
    /// `limit`. Blank `words` find nothing.
    pub fn search_text(&self, words: &str, limit: usize) -> Result<Vec<TextHit>> {
        let words = words.trim();
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let pattern = format!("%{}%", escape_like(words));
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn().prepare_cached(
            "SELECT 0, id, at, at_utc, day, text, title, NULL FROM reflections
                 WHERE text LIKE ?1 ESCAPE '\\' OR title LIKE ?1 ESCAPE '\\'
             UNION ALL
             SELECT 1, id, at, at_utc, day, thought, task, kind FROM events
                 WHERE thought LIKE ?1 ESCAPE '\\'
             ORDER BY 4 DESC, 2 LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![pattern, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<i64>>(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (source, id, at, day, text, context, kind) = row?;
            // Rows the store wrote always parse; anything else is left out of the results
            // rather than failing the whole search.
            let (Ok(at), Some(date)) = (parse_instant(&at), date_of_day(day)) else {
                continue;
            };
            out.push(TextHit {
                source: if source == 0 {
                    HitSource::Reflection
                } else {
                    HitSource::Thought
                },
                id,
                at,
                date,
                text,
                context,
                kind: kind.and_then(Kind::from_code),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{Checkin, EventInput, ReflectionInput};

    fn at(s: &str) -> Instant {
        DateTime::parse_from_rfc3339(s).expect("instant")
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn journal() -> Store {
        let clock = FixedClock(at("2026-11-20T22:00:00+01:00"));
        let mut s = Store::open_in_memory().expect("store");
        let mut e = EventInput::new(
            at("2026-11-02T09:40:00+01:00"),
            Kind::DelayedStart,
            "Write the newsletter",
        );
        e.thought = Some("It needs 100% polish before anyone sees it".into());
        s.log_event(e, &clock).expect("event");
        let e = EventInput::new(
            at("2026-11-05T23:30:00-08:00"),
            Kind::Completed,
            "Late call",
        );
        s.log_event(e, &clock).expect("event");
        s.save_checkin(Checkin::new(date("2026-11-09"), 3), &clock)
            .expect("checkin");
        let mut r = ReflectionInput::new(
            at("2026-11-12T21:00:00+01:00"),
            "I told myself the Newsletter wasn't ready.",
        );
        r.title = Some("Evening".into());
        s.add_reflection(r, &clock).expect("reflection");
        s
    }

    #[test]
    fn days_with_entries_come_newest_first_and_page_by_date() {
        let s = journal();
        // The late call is dated by its own offset: 5 November, not the 6th in UTC.
        let all = s.days_with_entries(None, 10).expect("days");
        assert_eq!(
            all,
            vec![
                date("2026-11-12"),
                date("2026-11-09"),
                date("2026-11-05"),
                date("2026-11-02")
            ]
        );
        assert_eq!(
            s.days_with_entries(None, 2).expect("days"),
            vec![date("2026-11-12"), date("2026-11-09")]
        );
        // The next page starts before the last day shown.
        assert_eq!(
            s.days_with_entries(Some(date("2026-11-09")), 2)
                .expect("days"),
            vec![date("2026-11-05"), date("2026-11-02")]
        );
        assert!(s
            .days_with_entries(Some(date("2026-11-02")), 5)
            .expect("days")
            .is_empty());
        assert!(Store::open_in_memory()
            .expect("store")
            .days_with_entries(None, 5)
            .expect("days")
            .is_empty());
    }

    #[test]
    fn search_finds_reflections_and_thoughts_newest_first() {
        let s = journal();
        let hits = s.search_text("newsletter", 10).expect("search");
        assert_eq!(
            hits.len(),
            1,
            "the task is not searched, only thoughts: {hits:?}"
        );
        assert_eq!(hits[0].source, HitSource::Reflection);
        assert_eq!(hits[0].context.as_deref(), Some("Evening"));
        assert_eq!(hits[0].date, date("2026-11-12"));

        let hits = s.search_text("  before anyone ", 10).expect("search");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].source, HitSource::Thought);
        assert_eq!(hits[0].kind, Some(Kind::DelayedStart));
        assert_eq!(hits[0].context.as_deref(), Some("Write the newsletter"));

        // Both kinds, newest first; case does not matter.
        let hits = s.search_text("TOLD MYSELF", 10).expect("search");
        assert_eq!(hits.len(), 1);
        let hits = s.search_text("e", 10).expect("search");
        assert_eq!(
            hits.iter().map(|h| h.date).collect::<Vec<_>>(),
            vec![date("2026-11-12"), date("2026-11-02")]
        );
        assert_eq!(s.search_text("e", 1).expect("search").len(), 1);
    }

    #[test]
    fn search_takes_wildcards_literally_and_ignores_blank_words() {
        let s = journal();
        assert_eq!(s.search_text("100%", 10).expect("search").len(), 1);
        assert!(s.search_text("100%x", 10).expect("search").is_empty());
        assert!(s.search_text("_", 10).expect("search").is_empty());
        assert!(s.search_text("   ", 10).expect("search").is_empty());
        assert!(s.search_text("newsletter", 0).expect("search").is_empty());
    }
}

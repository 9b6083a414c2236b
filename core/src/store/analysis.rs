//! The analyzer's read: narrow rows straight from SQL, handed one at a time to whatever
//! implements [`EventRows`] (the analyzer's journal), so the store knows nothing of the
//! analyzer's own structures.
//!
//! One query for events (only the columns the analyzer slices on, the delay derived from
//! `planned_at` in SQL when not given), one for check-in
//! ratings and one for reflection text. Beliefs, verdicts and pathways come from the store's
//! ordinary reads. The change counters let the analyzer's cache read only rows added since.
//!
//! A whole-journal read walks the covering index `events_for_analysis` (migration 0007) alone:
//! it holds exactly these columns in (time, row) order, so the table's pages, with the columns
//! the analyzer never reads, are not read at all (less than half the pages; for an encrypted
//! journal, less than half the pages decrypted and authenticated).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::{day_number, tags_from_sql, Result, Store};
use crate::domain::{Belief, Kind, Pathway, Verdict};

/// One event's fields, as read from the store or built in tests.
#[derive(Debug, Clone, Copy)]
pub struct RowIn<'a> {
    pub at_utc: i64,
    pub day: i32,
    pub minute: u16,
    pub kind: Kind,
    pub task: &'a str,
    pub domain: Option<&'a str>,
    pub emotion: Option<&'a str>,
    pub friction: Option<u8>,
    pub progress: Option<f64>,
    pub delay: Option<u32>,
    pub thought: Option<&'a str>,
}

/// Where the analyzer's event rows go, in the order read.
pub trait EventRows {
    /// One event; its tags follow through [`EventRows::push_tag`].
    fn push_event(&mut self, row: RowIn<'_>);
    /// A tag of the event pushed last.
    fn push_tag(&mut self, tag: &str);
    /// The store row of the event pushed last (for naming the events behind a finding).
    fn set_last_row(&mut self, _row: i64) {}
}

/// What the analyzer reads beside the events.
#[derive(Debug, Clone, Default)]
pub struct SideRecords {
    /// (day, alignment), any order.
    pub checkins: Vec<(i32, u8)>,
    /// (day, mood, energy) of the same check-ins, 0 where not rated.
    pub moods: Vec<(i32, u8, u8)>,
    /// (day, title and text), in time order.
    pub reflections: Vec<(i32, String)>,
    pub beliefs: Vec<Belief>,
    /// Verdicts with the breaks matched when they were given.
    pub verdicts: Vec<(Verdict, Option<u32>)>,
    pub pathways: Vec<Pathway>,
}

const EVENT_ROW_SQL: &str = "SELECT e.at_utc, e.day, e.minute, e.kind, e.task, e.domain, e.emotion,
        e.friction, e.progress,
        COALESCE(e.delay_minutes,
                 CASE WHEN e.planned_at IS NOT NULL
                      THEN (e.at_utc - unixepoch(e.planned_at)) / 60 END),
        e.thought, e.tags, e.rowid
     FROM events e";

/// The events of days ?1..=?2 in (time, row) order, from `events_for_analysis` alone (`+day`:
/// filter rows while walking it, rather than sort a day-index scan).
const IN_DAYS: &str = "WHERE +e.day BETWEEN ?1 AND ?2 ORDER BY e.at_utc, e.rowid";
/// The events up to row ?1 in (time, row) order, from `events_for_analysis` alone.
const UP_TO_ROW: &str = "WHERE +e.rowid <= ?1 ORDER BY e.at_utc, e.rowid";
/// The events after row ?1, in row order (a rowid range seek in the table).
const AFTER_ROW: &str = "WHERE e.rowid > ?1 ORDER BY e.rowid";

/// The event-row query with `tail` (one of the above).
fn event_rows_sql(tail: &str) -> String {
    format!("{EVENT_ROW_SQL} {tail}")
}

impl Store {
    /// The events dated `since..=until` (local days; `None` = unbounded), in time order.
    pub fn analysis_events<R: EventRows>(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
        rows: &mut R,
    ) -> Result<()> {
        let from = since.map_or(i64::MIN, day_number);
        let to = until.map_or(i64::MAX, day_number);
        let mut stmt = self.conn().prepare_cached(&event_rows_sql(IN_DAYS))?;
        read_events(rows, stmt.query(params![from, to])?)?;
        Ok(())
    }

    /// The event rows up to `max_rowid` (later rows are read as appends), in time order.
    pub fn analysis_events_upto<R: EventRows>(&self, max_rowid: i64, rows: &mut R) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(&event_rows_sql(UP_TO_ROW))?;
        read_events(rows, stmt.query(params![max_rowid])?)?;
        Ok(())
    }

    /// The ids of the events at these store rows (as an analysis names them), by row.
    pub fn event_ids_at_rows(&self, rows: &[i64]) -> Result<HashMap<i64, String>> {
        let mut ids = HashMap::new();
        if rows.is_empty() {
            return Ok(ids);
        }
        let list = serde_json::to_string(rows).unwrap_or_else(|_| "[]".to_string());
        let mut stmt = self.conn().prepare_cached(
            "SELECT rowid, id FROM events WHERE rowid IN (SELECT value FROM json_each(?1))",
        )?;
        let mut q = stmt.query(params![list])?;
        while let Some(r) = q.next()? {
            ids.insert(r.get(0)?, r.get(1)?);
        }
        Ok(ids)
    }

    /// The events inserted after row `after_rowid`, in row order (a rowid range seek; a stable
    /// sort by time afterwards keeps (time, rowid) order).
    pub fn analysis_events_after<R: EventRows>(
        &self,
        after_rowid: i64,
        rows: &mut R,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(&event_rows_sql(AFTER_ROW))?;
        read_events(rows, stmt.query(params![after_rowid])?)?;
        Ok(())
    }

    /// The check-ins and reflections dated `since..=until` (`None` = unbounded) and every
    /// belief, verdict and pathway.
    pub fn analysis_side(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<SideRecords> {
        let from = since.map_or(i64::MIN, day_number);
        let to = until.map_or(i64::MAX, day_number);
        let conn = self.conn();
        let mut side = SideRecords::default();
        let mut stmt = conn.prepare_cached(
            "SELECT day, alignment, mood, energy FROM checkins WHERE day BETWEEN ?1 AND ?2",
        )?;
        let checkins = stmt.query_map(params![from, to], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
            ))
        })?;
        let rating = |x: Option<i64>| x.and_then(|v| u8::try_from(v).ok()).unwrap_or(0);
        for c in checkins {
            let (d, a, mood, energy) = c?;
            let day = i32::try_from(d).unwrap_or(0);
            side.checkins.push((day, u8::try_from(a).unwrap_or(3)));
            side.moods.push((day, rating(mood), rating(energy)));
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
            side.reflections.push((i32::try_from(d).unwrap_or(0), t));
        }
        side.beliefs = self.beliefs()?;
        side.verdicts = self.verdicts()?;
        side.pathways = self.pathways()?;
        Ok(side)
    }

    /// The largest event row id (0 for none): rows above it are new.
    pub fn analysis_max_event_rowid(&self) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached("SELECT COALESCE(max(rowid), 0) FROM events")?
            .query_row([], |r| r.get(0))?)
    }

    /// Starts (once per connection) counting the changes made through this connection that the
    /// analyzer cannot take as appends — edits and deletes of events — and the changes to what
    /// it reads beside the events (check-ins, reflections, the person's beliefs, verdicts,
    /// pathways), with temporary triggers that live only in this connection's memory (the
    /// journal file is not touched). Returns (event edits, side changes) so far.
    pub fn analysis_edit_count(&self) -> Result<(i64, i64)> {
        let conn = self.conn();
        if self.counting.get().is_none() {
            self.start_counting()?;
        }
        Ok(conn
            .prepare_cached("SELECT edits, side FROM temp.analysis_counts")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    /// Creates the counters and triggers of [`Store::analysis_edit_count`], once.
    fn start_counting(&self) -> Result<()> {
        let mut sql = String::from(
            "CREATE TEMP TABLE IF NOT EXISTS analysis_counts (
                 edits INTEGER NOT NULL, side INTEGER NOT NULL);
             INSERT INTO analysis_counts SELECT 0, 0
                 WHERE NOT EXISTS (SELECT 1 FROM analysis_counts);
             CREATE TEMP TRIGGER IF NOT EXISTS analysis_events_updated AFTER UPDATE ON main.events
                 BEGIN UPDATE analysis_counts SET edits = edits + 1; END;
             CREATE TEMP TRIGGER IF NOT EXISTS analysis_events_deleted AFTER DELETE ON main.events
                 BEGIN UPDATE analysis_counts SET edits = edits + 1; END;
             CREATE TEMP TRIGGER IF NOT EXISTS analysis_tags_deleted AFTER DELETE ON main.event_tags
                 BEGIN UPDATE analysis_counts SET edits = edits + 1; END;",
        );
        for table in [
            "checkins",
            "reflections",
            "custom_beliefs",
            "verdicts",
            "pathways",
        ] {
            for op in ["INSERT", "UPDATE", "DELETE"] {
                sql.push_str(&format!(
                    "CREATE TEMP TRIGGER IF NOT EXISTS analysis_{table}_{op} AFTER {op} ON main.{table}
                         BEGIN UPDATE analysis_counts SET side = side + 1; END;"
                ));
            }
        }
        self.conn().execute_batch(&sql)?;
        // Only this connection's temporary schema holds them, so they last as long as it.
        let _ = self.counting.set(());
        Ok(())
    }

    /// Counters that move whenever anything may have changed: writes through this connection
    /// (`total_changes`) and commits by other connections (`data_version`).
    pub fn analysis_change_counter(&self) -> Result<(u64, i64)> {
        let conn = self.conn();
        let version: i64 = conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        Ok((conn.total_changes(), version))
    }
}

/// Adds the tags of the `tags` column (a JSON array of strings) to the last event. Arrays
/// without escapes are split directly; others go through the JSON parser.
fn push_tags<R: EventRows>(j: &mut R, json: &str) {
    let inner = json.trim();
    if inner == "[]" || inner.is_empty() {
        return;
    }
    if !inner.contains('\\') {
        if let Some(body) = inner
            .strip_prefix("[\"")
            .and_then(|b| b.strip_suffix("\"]"))
        {
            for t in body.split("\",\"") {
                j.push_tag(t);
            }
            return;
        }
    }
    for t in tags_from_sql(inner) {
        j.push_tag(&t);
    }
}

fn read_events<R: EventRows>(j: &mut R, mut rows: rusqlite::Rows<'_>) -> Result<()> {
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
        j.set_last_row(r.get(12)?);
        if let Some(tags) = r.get_ref(11)?.as_str_or_null().ok().flatten() {
            push_tags(j, tags);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tags pushed after one event.
    #[derive(Default)]
    struct Tags(Vec<String>);

    impl EventRows for Tags {
        fn push_event(&mut self, _: RowIn<'_>) {}
        fn push_tag(&mut self, tag: &str) {
            self.0.push(tag.to_string());
        }
    }

    fn tags_of(json: &str) -> Vec<String> {
        let mut j = Tags::default();
        push_tags(&mut j, json);
        j.0
    }

    /// The plan SQLite chose for `sql`, one detail per line.
    fn plan(store: &Store, sql: &str) -> String {
        let mut stmt = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("explain");
        let zeros = vec![0; stmt.parameter_count()];
        let details = stmt
            .query_map(rusqlite::params_from_iter(zeros), |r| r.get::<_, String>(3))
            .expect("plan")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("plan rows");
        details.join("\n")
    }

    #[test]
    fn whole_journal_reads_walk_the_covering_index_alone() {
        let store = Store::open_in_memory().expect("journal");
        for tail in [IN_DAYS, UP_TO_ROW] {
            let p = plan(&store, &event_rows_sql(tail));
            assert!(
                p.contains("USING COVERING INDEX events_for_analysis"),
                "{tail}: {p}"
            );
            assert!(!p.contains("TEMP B-TREE"), "{tail} sorts: {p}");
        }
    }

    /// (time, task) of the events read, in the order read.
    #[derive(Default)]
    struct Order(Vec<(i64, String)>);

    impl EventRows for Order {
        fn push_event(&mut self, row: RowIn<'_>) {
            self.0.push((row.at_utc, row.task.to_string()));
        }
        fn push_tag(&mut self, _: &str) {}
    }

    #[test]
    fn events_at_the_same_instant_come_in_the_order_written() {
        let mut store = Store::open_in_memory().expect("journal");
        let clock =
            crate::FixedClock(crate::parse_instant("2026-11-24T09:00:00+01:00").expect("now"));
        for (at, task) in [
            ("2026-11-20T10:00:00+01:00", "third"),
            ("2026-11-20T09:00:00+01:00", "first"),
            ("2026-11-20T10:00:00+01:00", "fourth"),
            // The same instant written in another offset.
            ("2026-11-20T08:00:00+00:00", "second"),
        ] {
            let at = crate::parse_instant(at).expect("at");
            store
                .log_event(crate::EventInput::new(at, Kind::Avoided, task), &clock)
                .expect("logged");
        }
        let tasks = |o: Order| o.0.into_iter().map(|(_, t)| t).collect::<Vec<_>>();
        let mut all = Order::default();
        store.analysis_events(None, None, &mut all).expect("read");
        assert_eq!(
            tasks(all),
            ["first", "second", "third", "fourth"].map(String::from)
        );
        let mut upto = Order::default();
        store.analysis_events_upto(3, &mut upto).expect("read");
        assert_eq!(tasks(upto), ["first", "third", "fourth"].map(String::from));
    }

    #[test]
    fn tags_column_reads_plain_and_escaped_arrays() {
        assert!(tags_of("[]").is_empty());
        assert_eq!(
            tags_of(r#"["publish","deep work"]"#),
            vec!["publish", "deep work"]
        );
        assert_eq!(tags_of(r#"["a\",\"b","c"]"#), vec![r#"a","b"#, "c"]);
        assert_eq!(
            tags_of(r#"["日本語","émoji 🎉"]"#),
            vec!["日本語", "émoji 🎉"]
        );
        assert!(tags_of("not json").is_empty());
    }
}

//! The analyzer's read: narrow rows for one window, straight from SQL.
//!
//! One query for events (only the columns the analyzer slices on, the delay derived from
//! `planned_at` in SQL when not given), one for check-in
//! ratings and one for reflection text. Beliefs, verdicts and pathways come from the store's
//! ordinary reads. The change counters let the analyzer's cache read only rows added since.

use chrono::NaiveDate;
use rusqlite::params;

use super::{day_number, tags_from_sql, Result, Store};
use crate::analyze::{belief_specs, Journal, RowIn};
use crate::domain::Kind;

const EVENT_ROW_SQL: &str = "SELECT e.at_utc, e.day, e.minute, e.kind, e.task, e.domain, e.emotion,
        e.friction, e.progress,
        COALESCE(e.delay_minutes,
                 CASE WHEN e.planned_at IS NOT NULL
                      THEN (e.at_utc - unixepoch(e.planned_at)) / 60 END),
        e.thought, e.tags
     FROM events e";

impl Store {
    /// Everything the analyzer needs for events dated `since..=until` (local days; `None` =
    /// unbounded), in time order.
    pub fn analysis_journal(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Journal> {
        let from = since.map_or(i64::MIN, day_number);
        let to = until.map_or(i64::MAX, day_number);
        let mut j = Journal::new();
        // `+day`: filter rows while walking the time index, rather than sorting a day-index scan.
        let mut stmt = self.conn().prepare_cached(&format!(
            "{EVENT_ROW_SQL} WHERE +e.day BETWEEN ?1 AND ?2 ORDER BY e.at_utc, e.rowid"
        ))?;
        read_events(&mut j, stmt.query(params![from, to])?)?;
        j.sort();
        self.analysis_side_records(&mut j, from, to)?;
        Ok(j)
    }

    /// Everything the analyzer needs, for event rows up to `max_rowid` (later rows are read
    /// as appends), in time order.
    pub fn analysis_journal_upto(&self, max_rowid: i64) -> Result<Journal> {
        let mut j = Journal::new();
        let mut stmt = self.conn().prepare_cached(&format!(
            "{EVENT_ROW_SQL} WHERE +e.rowid <= ?1 ORDER BY e.at_utc, e.rowid"
        ))?;
        read_events(&mut j, stmt.query(params![max_rowid])?)?;
        j.sort();
        self.analysis_side_records(&mut j, i64::MIN, i64::MAX)?;
        Ok(j)
    }

    /// Appends the events inserted after row `after_rowid` to `j` (kept in time order).
    /// Returns true when they all came at or after the last event `j` held, so every earlier
    /// event kept its position.
    pub fn analysis_append_events(&self, j: &mut Journal, after_rowid: i64) -> Result<bool> {
        let (held, last) = (j.events.len(), j.events.last().map(|e| e.at_utc));
        let mut stmt = self.conn().prepare_cached(&format!(
            "{EVENT_ROW_SQL} WHERE e.rowid > ?1 ORDER BY e.rowid"
        ))?;
        // A rowid range seek; the stable sort by time afterwards keeps (time, rowid) order.
        read_events(j, stmt.query(params![after_rowid])?)?;
        let in_order = last.is_none_or(|at| j.events[held..].iter().all(|e| e.at_utc >= at));
        j.sort();
        Ok(in_order)
    }

    /// Replaces `j`'s check-ins, reflections, beliefs, verdicts and pathways with the
    /// journal's current ones (all dates).
    pub fn analysis_refresh_side(&self, j: &mut Journal) -> Result<()> {
        j.checkins.clear();
        j.moods.clear();
        j.reflections.clear();
        self.analysis_side_records(j, i64::MIN, i64::MAX)
    }

    /// The largest event row id (0 for none): rows above it are new.
    pub fn analysis_max_event_rowid(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT COALESCE(max(rowid), 0) FROM events", [], |r| {
                r.get(0)
            })?)
    }

    /// Starts (once per connection) counting the changes made through this connection that the
    /// analyzer cannot take as appends — edits and deletes of events — and the changes to what
    /// it reads beside the events (check-ins, reflections, the person's beliefs, verdicts,
    /// pathways), with temporary triggers that live only in this connection's memory (the
    /// journal file is not touched). Returns (event edits, side changes) so far.
    pub fn analysis_edit_count(&self) -> Result<(i64, i64)> {
        let conn = self.conn();
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
        conn.execute_batch(&sql)?;
        Ok(
            conn.query_row("SELECT edits, side FROM analysis_counts", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?,
        )
    }

    /// Counters that move whenever anything may have changed: writes through this connection
    /// (`total_changes`) and commits by other connections (`data_version`).
    pub fn analysis_change_counter(&self) -> Result<(u64, i64)> {
        let conn = self.conn();
        let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((conn.total_changes(), version))
    }

    fn analysis_side_records(&self, j: &mut Journal, from: i64, to: i64) -> Result<()> {
        let conn = self.conn();
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
            j.checkins.push((day, u8::try_from(a).unwrap_or(3)));
            j.moods.push((day, rating(mood), rating(energy)));
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
        j.beliefs = belief_specs(&self.beliefs()?);
        j.verdicts = self.verdicts()?;
        j.pathways = self.pathways()?;
        Ok(())
    }
}

/// Adds the tags of the `tags` column (a JSON array of strings) to the last event. Arrays
/// without escapes are split directly; others go through the JSON parser.
fn push_tags(j: &mut Journal, json: &str) {
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

fn read_events(j: &mut Journal, mut rows: rusqlite::Rows<'_>) -> Result<()> {
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
            push_tags(j, tags);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::RowIn;

    fn tags_of(json: &str) -> Vec<String> {
        let mut j = Journal::new();
        j.push_event(RowIn {
            at_utc: 0,
            day: 0,
            minute: 0,
            kind: Kind::Completed,
            task: "t",
            domain: None,
            emotion: None,
            friction: None,
            progress: None,
            delay: None,
            thought: None,
        });
        push_tags(&mut j, json);
        let e = j.events[0];
        j.tags(&e)
            .iter()
            .map(|&id| j.strings.get(id).to_string())
            .collect()
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

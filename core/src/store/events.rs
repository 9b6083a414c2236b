//! Execution events: log, edit, delete (with undo), list, suggestions.

use chrono::Timelike;
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};

use super::imports::{import_of, rejoin_import};
use super::vectors::embed_written;
use super::{
    day_number, day_range, limit_of, new_id, source_from_sql, source_to_sql, stamp, tags_from_sql,
    tags_to_sql, Query, Result, Store, StoreError, Suggest,
};
use crate::clock::Clock;
use crate::domain::{parse_instant, Event, EventInput, Kind};

const EVENT_COLUMNS: &str = "id, at, kind, task, domain, planned_at, delay_minutes, progress, \
                             thought, emotion, friction, tags, note, source";

/// How many recent events suggestions look at: bounded cost on any journal size.
const SUGGESTION_WINDOW: i64 = 5_000;

impl Store {
    /// Validates and adds one event; returns it with its new id.
    pub fn log_event(&mut self, input: EventInput, clock: &dyn Clock) -> Result<Event> {
        let input = input.normalized()?;
        let event = input.into_event(new_id(), None);
        let now = stamp(&clock.now());
        let embedder = self.embedder.clone();
        let tx = self.conn_mut().transaction()?;
        insert_event(&tx, &event, None, now)?;
        embed_written(&tx, embedder.as_deref(), event.thought.as_deref())?;
        tx.commit()?;
        Ok(event)
    }

    /// Replaces the person's fields of one event (id and provenance stay).
    pub fn edit_event(&mut self, id: &str, input: EventInput, clock: &dyn Clock) -> Result<Event> {
        let input = input.normalized()?;
        let now = stamp(&clock.now());
        let embedder = self.embedder.clone();
        let tx = self.conn_mut().transaction()?;
        let Some((rowid, source)) = tx
            .query_row(
                "SELECT rowid, source FROM events WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .optional()?
        else {
            return Err(StoreError::NotFound {
                what: "event",
                id: id.to_string(),
            });
        };
        let event = input.into_event(id.to_string(), source_from_sql(source));
        tx.execute(
            "UPDATE events SET at = ?2, at_utc = ?3, day = ?4, minute = ?5, kind = ?6, task = ?7,
                 domain = ?8, planned_at = ?9, delay_minutes = ?10, progress = ?11, thought = ?12,
                 emotion = ?13, friction = ?14, tags = ?15, note = ?16, updated_at = ?17
             WHERE rowid = ?1",
            &[
                &[&rowid as &dyn ToSql][..],
                &EventRow::of(&event).fields(),
                &[&now],
            ]
            .concat()[..],
        )?;
        tx.execute("DELETE FROM event_tags WHERE event_rowid = ?1", [rowid])?;
        insert_tags(&tx, rowid, &event.tags)?;
        embed_written(&tx, embedder.as_deref(), event.thought.as_deref())?;
        tx.commit()?;
        Ok(event)
    }

    /// Deletes one event and returns it, so the caller can offer undo.
    pub fn delete_event(&mut self, id: &str) -> Result<Event> {
        let tx = self.conn_mut().transaction()?;
        let event = select_event(&tx, id)?.ok_or_else(|| StoreError::NotFound {
            what: "event",
            id: id.to_string(),
        })?;
        let from_import = import_of(&tx, "events", "id", id)?;
        tx.execute("DELETE FROM events WHERE id = ?1", [id])?;
        tx.commit()?;
        self.deleted_from_imports
            .remember("events", id, from_import);
        Ok(event)
    }

    /// Puts back an event removed by [`Store::delete_event`] (undo), with its id.
    pub fn restore_event(&mut self, event: &Event, clock: &dyn Clock) -> Result<()> {
        event.input().validate()?;
        let now = stamp(&clock.now());
        let embedder = self.embedder.clone();
        let from_import = self.deleted_from_imports.recall("events", &event.id);
        let tx = self.conn_mut().transaction()?;
        if select_event(&tx, &event.id)?.is_some() {
            return Err(StoreError::Taken {
                what: "an event",
                id: event.id.clone(),
            });
        }
        insert_event(&tx, event, None, now)?;
        if let Some(membership) = &from_import {
            rejoin_import(&tx, "events", "id", &event.id, membership)?;
        }
        embed_written(&tx, embedder.as_deref(), event.thought.as_deref())?;
        tx.commit()?;
        self.deleted_from_imports.forget("events", &event.id);
        Ok(())
    }

    /// One event by id.
    pub fn event(&self, id: &str) -> Result<Option<Event>> {
        select_event(self.conn(), id)
    }

    /// The events at these store rows (as the analysis names them), newest first, at most
    /// `limit` of them.
    pub fn events_at_rows(&self, rows: &[i64], limit: usize) -> Result<Vec<Event>> {
        let list = serde_json::to_string(rows).unwrap_or_else(|_| "[]".to_string());
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events
             WHERE rowid IN (SELECT value FROM json_each(?1))
             ORDER BY at_utc DESC, id LIMIT ?2"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![list, limit], event_from_row)?;
        rows.map(|r| r?).collect()
    }

    /// Events in a date range (local dates, inclusive), optionally of one kind, oldest first.
    pub fn events(&self, q: &Query) -> Result<Vec<Event>> {
        let (from, to) = day_range(q);
        let kind = q.kind.map(Kind::code);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR kind = ?3)
             ORDER BY at_utc, id LIMIT ?4"
        ))?;
        let rows = stmt.query_map(params![from, to, kind, limit_of(q)], event_from_row)?;
        rows.map(|r| r?).collect()
    }

    /// Suggestions from history for a form field: values starting with `prefix`
    /// (case-insensitive), most recently used first.
    pub fn suggestions(&self, what: Suggest, prefix: &str, limit: usize) -> Result<Vec<String>> {
        let pattern = format!("{}%", escape_like(prefix.trim()));
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let sql = match what {
            Suggest::Task => {
                "SELECT task FROM (SELECT task, at_utc FROM events ORDER BY at_utc DESC LIMIT ?3)
                 WHERE task LIKE ?1 ESCAPE '\\' GROUP BY task ORDER BY max(at_utc) DESC LIMIT ?2"
            }
            Suggest::Domain => {
                "SELECT domain FROM (SELECT domain, at_utc FROM events ORDER BY at_utc DESC LIMIT ?3)
                 WHERE domain IS NOT NULL AND domain LIKE ?1 ESCAPE '\\'
                 GROUP BY domain ORDER BY max(at_utc) DESC LIMIT ?2"
            }
            Suggest::Emotion => {
                "SELECT emotion FROM (SELECT emotion, at_utc FROM events ORDER BY at_utc DESC LIMIT ?3)
                 WHERE emotion IS NOT NULL AND emotion LIKE ?1 ESCAPE '\\'
                 GROUP BY emotion ORDER BY max(at_utc) DESC LIMIT ?2"
            }
            Suggest::Tag => {
                "SELECT t.tag FROM (SELECT rowid, at_utc FROM events ORDER BY at_utc DESC LIMIT ?3) e
                 JOIN event_tags t ON t.event_rowid = e.rowid
                 WHERE t.tag LIKE ?1 ESCAPE '\\' GROUP BY t.tag ORDER BY max(e.at_utc) DESC LIMIT ?2"
            }
        };
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map(params![pattern, limit, SUGGESTION_WINDOW], |r| {
            r.get::<_, String>(0)
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

pub(super) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn minute_of(e: &Event) -> i64 {
    i64::from(e.at.hour() * 60 + e.at.minute())
}

/// An event's columns from `at` to `note`, in the order both INSERT and UPDATE list them
/// (`?2` … `?16`), with the values the store derives (UTC instant, local day and minute).
struct EventRow<'a> {
    e: &'a Event,
    at: String,
    at_utc: i64,
    day: i64,
    minute: i64,
    kind: i64,
    planned_at: Option<String>,
    tags: String,
}

impl<'a> EventRow<'a> {
    fn of(e: &'a Event) -> Self {
        EventRow {
            e,
            at: crate::domain::format_instant(&e.at),
            at_utc: e.at.timestamp(),
            day: day_number(e.at.date_naive()),
            minute: minute_of(e),
            kind: e.kind.code(),
            planned_at: e.planned_at.as_ref().map(crate::domain::format_instant),
            tags: tags_to_sql(&e.tags),
        }
    }

    fn fields(&self) -> [&dyn ToSql; 15] {
        let e = self.e;
        [
            &self.at,
            &self.at_utc,
            &self.day,
            &self.minute,
            &self.kind,
            &e.task,
            &e.domain,
            &self.planned_at,
            &e.delay_minutes,
            &e.progress,
            &e.thought,
            &e.emotion,
            &e.friction,
            &self.tags,
            &e.note,
        ]
    }
}

/// Inserts a whole event (id included). The caller owns the transaction.
pub(crate) fn insert_event(
    conn: &Connection,
    event: &Event,
    import_id: Option<&str>,
    now: i64,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO events (id, at, at_utc, day, minute, kind, task, domain, planned_at,
             delay_minutes, progress, thought, emotion, friction, tags, note, source, import_id,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?19)",
    )?;
    let source = source_to_sql(&event.source);
    stmt.execute(
        &[
            &[&event.id as &dyn ToSql][..],
            &EventRow::of(event).fields(),
            &[&source, &import_id, &now],
        ]
        .concat()[..],
    )?;
    let rowid = conn.last_insert_rowid();
    insert_tags(conn, rowid, &event.tags)
}

fn insert_tags(conn: &Connection, rowid: i64, tags: &[String]) -> Result<()> {
    if tags.is_empty() {
        return Ok(());
    }
    let mut stmt =
        conn.prepare_cached("INSERT OR IGNORE INTO event_tags (event_rowid, tag) VALUES (?1, ?2)")?;
    for t in tags {
        stmt.execute(params![rowid, t])?;
    }
    Ok(())
}

fn select_event(conn: &Connection, id: &str) -> Result<Option<Event>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"))?;
    match stmt.query_row([id], event_from_row).optional()? {
        Some(e) => Ok(Some(e?)),
        None => Ok(None),
    }
}

/// Reads an event row. The outer result is SQLite's; the inner one reports a row whose stored
/// text no longer parses (only possible if the file was edited by hand).
pub(crate) fn event_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Event>> {
    let id: String = r.get(0)?;
    let at: String = r.get(1)?;
    let kind: i64 = r.get(2)?;
    let planned: Option<String> = r.get(5)?;
    let corrupt = |field: &str, value: &str| StoreError::Corrupt {
        path: std::path::PathBuf::from("journal"),
        detail: format!("event {id} has an unreadable {field} {value:?}"),
    };
    let Ok(at) = parse_instant(&at) else {
        return Ok(Err(corrupt("at", &at)));
    };
    let Some(kind) = Kind::from_code(kind) else {
        return Ok(Err(corrupt("kind", &kind.to_string())));
    };
    let planned_at = match planned {
        Some(p) => match parse_instant(&p) {
            Ok(p) => Some(p),
            Err(_) => return Ok(Err(corrupt("planned_at", &p))),
        },
        None => None,
    };
    Ok(Ok(Event {
        id,
        at,
        kind,
        task: r.get(3)?,
        domain: r.get(4)?,
        planned_at,
        delay_minutes: r.get(6)?,
        progress: r.get(7)?,
        thought: r.get(8)?,
        emotion: r.get(9)?,
        friction: r.get(10)?,
        tags: tags_from_sql(&r.get::<_, String>(11)?),
        note: r.get(12)?,
        source: source_from_sql(r.get(13)?),
    }))
}

pub(crate) fn all_events(conn: &Connection) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {EVENT_COLUMNS} FROM events ORDER BY at_utc, id"
    ))?;
    let rows = stmt.query_map([], event_from_row)?;
    rows.map(|r| r?).collect()
}

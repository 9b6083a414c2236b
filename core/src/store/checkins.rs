//! Daily check-ins: one per local date.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::imports::{import_of, rejoin_import};
use super::vectors::embed_written;
use super::{
    day_number, day_range, limit_of, source_from_sql, source_to_sql, stamp, tags_from_sql,
    tags_to_sql, Query, Result, Store, StoreError,
};
use crate::clock::Clock;
use crate::domain::{parse_date, Checkin};

const CHECKIN_COLUMNS: &str = "date, alignment, energy, mood, note, tags, source";

impl Store {
    /// Adds the day's check-in or replaces it.
    pub fn save_checkin(&mut self, checkin: Checkin, clock: &dyn Clock) -> Result<Checkin> {
        let checkin = checkin.normalized()?;
        let now = stamp(&clock.now());
        let embedder = self.embedder.clone();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO checkins (date, day, alignment, energy, mood, note, tags, source,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
             ON CONFLICT (date) DO UPDATE SET alignment = excluded.alignment,
                 energy = excluded.energy, mood = excluded.mood, note = excluded.note,
                 tags = excluded.tags, updated_at = excluded.updated_at",
            params![
                checkin.date.to_string(),
                day_number(checkin.date),
                checkin.alignment,
                checkin.energy,
                checkin.mood,
                checkin.note,
                tags_to_sql(&checkin.tags),
                source_to_sql(&checkin.source),
                now,
            ],
        )?;
        let saved = select_checkin(&tx, checkin.date)?.ok_or_else(|| StoreError::NotFound {
            what: "check-in",
            id: checkin.date.to_string(),
        })?;
        embed_written(&tx, embedder.as_deref(), saved.note.as_deref())?;
        tx.commit()?;
        Ok(saved)
    }

    /// The check-in of one date.
    pub fn checkin(&self, date: NaiveDate) -> Result<Option<Checkin>> {
        select_checkin(self.conn(), date)
    }

    /// Check-ins in a date range, oldest first.
    pub fn checkins(&self, q: &Query) -> Result<Vec<Checkin>> {
        let (from, to) = day_range(q);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {CHECKIN_COLUMNS} FROM checkins WHERE day BETWEEN ?1 AND ?2
             ORDER BY day LIMIT ?3"
        ))?;
        let rows = stmt.query_map(params![from, to, limit_of(q)], checkin_from_row)?;
        rows.map(|r| r?).collect()
    }

    /// Deletes the check-in of one date and returns it.
    pub fn delete_checkin(&mut self, date: NaiveDate) -> Result<Checkin> {
        let tx = self.conn_mut().transaction()?;
        let c = select_checkin(&tx, date)?.ok_or_else(|| StoreError::NotFound {
            what: "check-in",
            id: date.to_string(),
        })?;
        let key = date.to_string();
        let from_import = import_of(&tx, "checkins", "date", &key)?;
        tx.execute("DELETE FROM checkins WHERE date = ?1", [&key])?;
        tx.commit()?;
        self.deleted_from_imports
            .remember("checkins", &key, from_import);
        Ok(c)
    }

    /// Puts back a check-in removed by [`Store::delete_checkin`] (undo), exactly as it was.
    /// Refused, changing nothing, when the date has a check-in again (saved since).
    pub fn restore_checkin(&mut self, checkin: &Checkin, clock: &dyn Clock) -> Result<Checkin> {
        checkin.validate()?;
        let now = stamp(&clock.now());
        let embedder = self.embedder.clone();
        let key = checkin.date.to_string();
        let from_import = self.deleted_from_imports.recall("checkins", &key);
        let tx = self.conn_mut().transaction()?;
        if select_checkin(&tx, checkin.date)?.is_some() {
            return Err(StoreError::Taken {
                what: "a check-in for",
                id: checkin.date.to_string(),
            });
        }
        insert_checkin(&tx, checkin, None, now)?;
        if let Some(membership) = &from_import {
            rejoin_import(&tx, "checkins", "date", &key, membership)?;
        }
        embed_written(&tx, embedder.as_deref(), checkin.note.as_deref())?;
        tx.commit()?;
        self.deleted_from_imports.forget("checkins", &key);
        Ok(checkin.clone())
    }
}

pub(crate) fn insert_checkin(
    conn: &Connection,
    c: &Checkin,
    import_id: Option<&str>,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO checkins (date, day, alignment, energy, mood, note, tags, source, import_id,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        c.date.to_string(),
        day_number(c.date),
        c.alignment,
        c.energy,
        c.mood,
        c.note,
        tags_to_sql(&c.tags),
        source_to_sql(&c.source),
        import_id,
        now,
    ])?;
    Ok(())
}

fn select_checkin(conn: &Connection, date: NaiveDate) -> Result<Option<Checkin>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CHECKIN_COLUMNS} FROM checkins WHERE date = ?1"
    ))?;
    match stmt
        .query_row([date.to_string()], checkin_from_row)
        .optional()?
    {
        Some(c) => Ok(Some(c?)),
        None => Ok(None),
    }
}

pub(crate) fn checkin_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Checkin>> {
    let date: String = r.get(0)?;
    let Ok(date) = parse_date(&date) else {
        return Ok(Err(StoreError::Corrupt {
            path: std::path::PathBuf::from("journal"),
            detail: format!("a check-in has an unreadable date {date:?}"),
        }));
    };
    Ok(Ok(Checkin {
        date,
        alignment: r.get(1)?,
        energy: r.get(2)?,
        mood: r.get(3)?,
        note: r.get(4)?,
        tags: tags_from_sql(&r.get::<_, String>(5)?),
        source: source_from_sql(r.get(6)?),
    }))
}

pub(crate) fn all_checkins(conn: &Connection) -> Result<Vec<Checkin>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CHECKIN_COLUMNS} FROM checkins ORDER BY day"
    ))?;
    let rows = stmt.query_map([], checkin_from_row)?;
    rows.map(|r| r?).collect()
}

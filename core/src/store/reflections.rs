//! Reflections: free journal entries and answers to prompts.

use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};

use super::imports::{import_of, rejoin_import};
use super::vectors::embed_written;
use super::{
    day_number, day_range, limit_of, new_id, source_from_sql, source_to_sql, stamp, tags_from_sql,
    tags_to_sql, Query, Result, Store, StoreError,
};
use crate::clock::Clock;
use crate::domain::{format_instant, parse_instant, Reflection, ReflectionInput};

const REFLECTION_COLUMNS: &str = "id, at, prompt_id, title, text, mood, tags, starred, source";

impl Store {
    /// Validates and adds a reflection; returns it with its new id.
    pub fn add_reflection(
        &mut self,
        input: ReflectionInput,
        clock: &dyn Clock,
    ) -> Result<Reflection> {
        let input = input.normalized()?;
        let r = input.into_reflection(new_id(), None);
        let now = stamp(&clock.now());
        let embedder = self.embedder.clone();
        let tx = self.conn_mut().transaction()?;
        insert_reflection(&tx, &r, None, now)?;
        embed_written(&tx, embedder.as_deref(), Some(&r.text))?;
        tx.commit()?;
        Ok(r)
    }

    /// Replaces the person's fields of a reflection.
    pub fn edit_reflection(
        &mut self,
        id: &str,
        input: ReflectionInput,
        clock: &dyn Clock,
    ) -> Result<Reflection> {
        let input = input.normalized()?;
        let now = stamp(&clock.now());
        let embedder = self.embedder.clone();
        let tx = self.conn_mut().transaction()?;
        let old = select_reflection(&tx, id)?.ok_or_else(|| StoreError::NotFound {
            what: "reflection",
            id: id.to_string(),
        })?;
        let r = input.into_reflection(id.to_string(), old.source);
        tx.execute(
            "UPDATE reflections SET at = ?2, at_utc = ?3, day = ?4, prompt_id = ?5, title = ?6,
                 text = ?7, mood = ?8, tags = ?9, starred = ?10, updated_at = ?11
             WHERE id = ?1",
            &[
                &[&id as &dyn ToSql][..],
                &ReflectionRow::of(&r).fields(),
                &[&now],
            ]
            .concat()[..],
        )?;
        embed_written(&tx, embedder.as_deref(), Some(&r.text))?;
        tx.commit()?;
        Ok(r)
    }

    /// Deletes a reflection and returns it.
    pub fn delete_reflection(&mut self, id: &str) -> Result<Reflection> {
        let tx = self.conn_mut().transaction()?;
        let r = select_reflection(&tx, id)?.ok_or_else(|| StoreError::NotFound {
            what: "reflection",
            id: id.to_string(),
        })?;
        let from_import = import_of(&tx, "reflections", "id", id)?;
        tx.execute("DELETE FROM reflections WHERE id = ?1", [id])?;
        tx.commit()?;
        self.deleted_from_imports
            .remember("reflections", id, from_import);
        Ok(r)
    }

    /// Puts back a reflection removed by [`Store::delete_reflection`] (undo), with its id and
    /// every field. Refused, changing nothing, when a reflection with that id exists.
    pub fn restore_reflection(&mut self, r: &Reflection, clock: &dyn Clock) -> Result<Reflection> {
        r.input().validate()?;
        let now = stamp(&clock.now());
        let embedder = self.embedder.clone();
        let from_import = self.deleted_from_imports.recall("reflections", &r.id);
        let tx = self.conn_mut().transaction()?;
        if select_reflection(&tx, &r.id)?.is_some() {
            return Err(StoreError::Taken {
                what: "a reflection",
                id: r.id.clone(),
            });
        }
        insert_reflection(&tx, r, None, now)?;
        if let Some(membership) = &from_import {
            rejoin_import(&tx, "reflections", "id", &r.id, membership)?;
        }
        embed_written(&tx, embedder.as_deref(), Some(&r.text))?;
        tx.commit()?;
        self.deleted_from_imports.forget("reflections", &r.id);
        Ok(r.clone())
    }

    /// One reflection by id.
    pub fn reflection(&self, id: &str) -> Result<Option<Reflection>> {
        select_reflection(self.conn(), id)
    }

    /// Reflections in a date range, oldest first.
    pub fn reflections(&self, q: &Query) -> Result<Vec<Reflection>> {
        let (from, to) = day_range(q);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {REFLECTION_COLUMNS} FROM reflections WHERE day BETWEEN ?1 AND ?2
             ORDER BY at_utc, id LIMIT ?3"
        ))?;
        let rows = stmt.query_map(params![from, to, limit_of(q)], reflection_from_row)?;
        rows.map(|r| r?).collect()
    }
}

pub(crate) fn insert_reflection(
    conn: &Connection,
    r: &Reflection,
    import_id: Option<&str>,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO reflections (id, at, at_utc, day, prompt_id, title, text, mood, tags, starred,
             source, import_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(
        &[
            &[&r.id as &dyn ToSql][..],
            &ReflectionRow::of(r).fields(),
            &[&source_to_sql(&r.source), &import_id, &now],
        ]
        .concat()[..],
    )?;
    Ok(())
}

/// A reflection's columns from `at` to `starred`, in the order both INSERT and UPDATE list
/// them (`?2` … `?10`), with the values the store derives (UTC instant, local day).
struct ReflectionRow<'a> {
    r: &'a Reflection,
    at: String,
    at_utc: i64,
    day: i64,
    tags: String,
}

impl<'a> ReflectionRow<'a> {
    fn of(r: &'a Reflection) -> Self {
        ReflectionRow {
            r,
            at: format_instant(&r.at),
            at_utc: r.at.timestamp(),
            day: day_number(r.at.date_naive()),
            tags: tags_to_sql(&r.tags),
        }
    }

    fn fields(&self) -> [&dyn ToSql; 9] {
        let r = self.r;
        [
            &self.at,
            &self.at_utc,
            &self.day,
            &r.prompt_id,
            &r.title,
            &r.text,
            &r.mood,
            &self.tags,
            &r.starred,
        ]
    }
}

fn select_reflection(conn: &Connection, id: &str) -> Result<Option<Reflection>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {REFLECTION_COLUMNS} FROM reflections WHERE id = ?1"
    ))?;
    match stmt.query_row([id], reflection_from_row).optional()? {
        Some(r) => Ok(Some(r?)),
        None => Ok(None),
    }
}

pub(crate) fn reflection_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Reflection>> {
    let id: String = r.get(0)?;
    let at: String = r.get(1)?;
    let Ok(at) = parse_instant(&at) else {
        return Ok(Err(StoreError::Corrupt {
            path: std::path::PathBuf::from("journal"),
            detail: format!("reflection {id} has an unreadable at {at:?}"),
        }));
    };
    Ok(Ok(Reflection {
        id,
        at,
        prompt_id: r.get(2)?,
        title: r.get(3)?,
        text: r.get(4)?,
        mood: r.get(5)?,
        tags: tags_from_sql(&r.get::<_, String>(6)?),
        starred: r.get(7)?,
        source: source_from_sql(r.get(8)?),
    }))
}

pub(crate) fn all_reflections(conn: &Connection) -> Result<Vec<Reflection>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {REFLECTION_COLUMNS} FROM reflections ORDER BY at_utc, id"
    ))?;
    let rows = stmt.query_map([], reflection_from_row)?;
    rows.map(|r| r?).collect()
}

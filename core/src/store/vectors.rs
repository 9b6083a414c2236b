//! Sentence vectors of the journal's texts (`text_vectors`, migration 3).
//!
//! The texts are events' thoughts, reflection texts and check-in notes, keyed by the exact
//! text and the model that embedded it. The store lists the texts that lack one, stores what
//! it is given and reads them back. Given a model ([`Store::set_embedder`]), it also embeds
//! the text of each event, reflection and check-in this connection writes, in that write's
//! transaction, so a new thought never waits for the next analysis to get its vector.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::types::{FromSqlError, Type};
use rusqlite::{params, Connection};

use super::{Result, Store};
use crate::embed::Embedder;

/// Every distinct non-empty text that may carry a vector.
const TEXTS: &str = "SELECT thought AS t FROM events WHERE thought IS NOT NULL AND thought <> ''
     UNION SELECT text FROM reflections WHERE text <> ''
     UNION SELECT note FROM checkins WHERE note IS NOT NULL AND note <> ''";

/// Stores `embedder`'s vector of `text` (when both are there and the text has none yet) on
/// `conn`, normally inside the transaction that writes the text.
pub(crate) fn embed_written(
    conn: &Connection,
    embedder: Option<&Embedder>,
    text: Option<&str>,
) -> Result<()> {
    let (Some(model), Some(text)) = (embedder, text.filter(|t| !t.is_empty())) else {
        return Ok(());
    };
    let known: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM text_vectors WHERE model = ?1 AND text = ?2)",
        )?
        .query_row(params![model.id(), text], |r| r.get(0))?;
    if !known {
        let mut blob = Vec::new();
        write_vector(&model.embed(text), &mut blob);
        conn.prepare_cached("INSERT INTO text_vectors (model, text, vector) VALUES (?1, ?2, ?3)")?
            .execute(params![model.id(), text, blob])?;
    }
    Ok(())
}

impl Store {
    /// Gives this connection the sentence model that embeds the texts it writes from now on
    /// (`None`: write texts without vectors, for a later backfill).
    pub fn set_embedder(&mut self, embedder: Option<Arc<Embedder>>) {
        self.embedder = embedder;
    }

    /// The model this connection embeds what it writes with, if any.
    pub fn embedder(&self) -> Option<&Arc<Embedder>> {
        self.embedder.as_ref()
    }

    /// Up to `limit` distinct texts of the journal that have no vector for `model`.
    pub fn texts_without_vector(&self, model: &str, limit: usize) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT t FROM ({TEXTS})
             WHERE NOT EXISTS (SELECT 1 FROM text_vectors v WHERE v.model = ?1 AND v.text = t)
             LIMIT ?2"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![model, limit], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many distinct texts of the journal have no vector for `model`.
    pub fn count_texts_without_vector(&self, model: &str) -> Result<usize> {
        let n: i64 = self.conn().query_row(
            &format!(
                "SELECT count(*) FROM ({TEXTS})
                 WHERE NOT EXISTS (SELECT 1 FROM text_vectors v WHERE v.model = ?1 AND v.text = t)"
            ),
            [model],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Stores the vectors of `model` for these texts (replacing any it had); one transaction.
    pub fn put_text_vectors(&mut self, model: &str, vectors: &[(String, Vec<f32>)]) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO text_vectors (model, text, vector) VALUES (?1, ?2, ?3)
                 ON CONFLICT (model, text) DO UPDATE SET vector = excluded.vector",
            )?;
            let mut blob = Vec::new();
            for (text, vector) in vectors {
                write_vector(vector, &mut blob);
                stmt.execute(params![model, text, blob])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Calls `f` with every stored text of `model` and its vector, without holding them all.
    pub fn each_text_vector(&self, model: &str, f: impl FnMut(&str, &[f32])) -> Result<()> {
        // Row ids start at 1, so every row comes after row 0.
        self.each_text_vector_after(model, 0, f)
    }

    /// Calls `f` with every text of `model` stored after row `after` (see
    /// [`Store::text_vectors_top`]) and its vector.
    pub fn each_text_vector_after(
        &self,
        model: &str,
        after: i64,
        mut f: impl FnMut(&str, &[f32]),
    ) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(
            // `+model`: by row id, never through the (model, text) key, which would read every
            // vector of the model to find the few new ones.
            "SELECT text, vector FROM text_vectors WHERE rowid > ?2 AND +model = ?1
             ORDER BY rowid",
        )?;
        let mut rows = stmt.query(params![model, after])?;
        let mut vector = Vec::new();
        while let Some(row) = rows.next()? {
            let text = row
                .get_ref(0)?
                .as_str()
                .map_err(|e| conversion(0, Type::Text, e))?;
            read_vector_at(row, 1, &mut vector)?;
            f(text, &vector);
        }
        Ok(())
    }

    /// The stored vector of one text, if it has one for `model`.
    pub fn text_vector(&self, model: &str, text: &str) -> Result<Option<Vec<f32>>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT vector FROM text_vectors WHERE model = ?1 AND text = ?2")?;
        let mut rows = stmt.query(params![model, text])?;
        match rows.next()? {
            Some(row) => {
                let mut v = Vec::new();
                read_vector_at(row, 0, &mut v)?;
                Ok(Some(v))
            }
            None => Ok(None),
        }
    }

    /// The newest row of `text_vectors` (0 when empty): vectors stored later have a larger one.
    pub fn text_vectors_top(&self) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(max(rowid), 0) FROM text_vectors",
            [],
            |r| r.get(0),
        )?)
    }

    /// All stored vectors of `model`, by text.
    pub fn text_vectors(&self, model: &str) -> Result<HashMap<String, Vec<f32>>> {
        let mut out = HashMap::new();
        self.each_text_vector(model, |t, v| {
            out.insert(t.to_string(), v.to_vec());
        })?;
        Ok(out)
    }

    /// Deletes vectors of other models and of texts the journal no longer holds; one
    /// transaction. Returns how many rows went.
    pub fn prune_text_vectors(&mut self, keep_model: &str) -> Result<usize> {
        let tx = self.conn_mut().transaction()?;
        let n = tx.execute(
            &format!("DELETE FROM text_vectors WHERE model <> ?1 OR text NOT IN ({TEXTS})"),
            [keep_model],
        )?;
        tx.commit()?;
        Ok(n)
    }
}

/// Writes `vector` as the little-endian f32 blob the `vector` column holds into `out`
/// (the inverse of [`read_vector_at`]).
fn write_vector(vector: &[f32], out: &mut Vec<u8>) {
    out.clear();
    out.extend(vector.iter().flat_map(|x| x.to_le_bytes()));
}

/// Reads column `column` of `row` (a vector's little-endian f32 blob) into `out`.
fn read_vector_at(
    row: &rusqlite::Row<'_>,
    column: usize,
    out: &mut Vec<f32>,
) -> rusqlite::Result<()> {
    let blob = row
        .get_ref(column)?
        .as_blob()
        .map_err(|e| conversion(column, Type::Blob, e))?;
    out.clear();
    out.extend(
        blob.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])),
    );
    Ok(())
}

fn conversion(column: usize, kind: Type, e: FromSqlError) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, kind, Box::new(e))
}

//! Import batches and their reports, applying a batch, the import history, and undo.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::catalog::{
    custom_belief_exists, merge_verdict, pathway_exists, upsert_custom_belief, upsert_pathway,
};
use super::checkins::insert_checkin;
use super::events::insert_event;
use super::reflections::insert_reflection;
use super::{new_id, stamp, Result, Store, StoreError};
use crate::clock::Clock;
use crate::domain::{
    format_instant, Checkin, CustomBelief, Event, Invalid, Pathway, Reflection, Source, Verdict,
};

/// A set of the journal's records: those parsed from one file, ready for the store, or every
/// record of the journal ([`Snapshot`], with nothing rejected).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportBatch {
    pub events: Vec<Event>,
    pub checkins: Vec<Checkin>,
    pub reflections: Vec<Reflection>,
    pub beliefs: Vec<CustomBelief>,
    pub verdicts: Vec<Verdict>,
    pub pathways: Vec<Pathway>,
    /// Records that could not be read (kept only with `--skip-invalid`; otherwise the first
    /// one fails the whole import).
    pub rejected: Vec<Rejected>,
}

/// One record that was refused, and why. `record` names it as in the file: `events[57]`,
/// `line 12`, `Checkmarks.csv line 4`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub record: String,
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.record, self.reason)
        } else {
            write!(f, "{}.{}: {}", self.record, self.field, self.reason)
        }
    }
}

/// How many records of each type an import added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Added {
    pub events: usize,
    pub checkins: usize,
    pub reflections: usize,
}

/// What an import did (or, for a dry run, would do). Serialises as CONTRACTS §1 `import --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// `null` for a dry run: nothing was recorded.
    pub import_id: Option<String>,
    pub format: String,
    pub added: Added,
    pub duplicates: usize,
    pub rejected: Vec<Rejected>,
}

/// Describes the file an import came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportMeta {
    /// `plumbline`, `daylio`, `loop`, `jrnl`.
    pub format: String,
    /// The file's name as given by the person (for provenance and `imports`).
    pub file: Option<String>,
    pub dry_run: bool,
}

/// One past import, as `plumbline imports` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRecord {
    pub import_id: String,
    pub format: String,
    pub file: Option<String>,
    pub at: String,
    pub added: Added,
    pub duplicates: usize,
    pub rejected: usize,
}

impl Store {
    /// Applies a parsed batch in one transaction: records whose id (events, reflections) or date
    /// (check-ins) is already in the journal are counted as duplicates and skipped. With
    /// `meta.dry_run` the same work is done and rolled back, so the report is exact.
    pub fn apply_import(
        &mut self,
        batch: &ImportBatch,
        meta: &ImportMeta,
        clock: &dyn Clock,
    ) -> Result<ImportReport> {
        let now = clock.now();
        let ms = stamp(&now);
        let import_id = new_id();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO imports (id, format, file, at, rejected) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                import_id,
                meta.format,
                meta.file,
                format_instant(&now),
                batch.rejected.len()
            ],
        )?;
        let fill = |s: &Option<Source>| -> Option<Source> {
            s.as_ref().map(|s| Source {
                import_id: s.import_id.clone().or_else(|| Some(import_id.clone())),
                ..s.clone()
            })
        };
        let mut added = Added::default();
        let mut duplicates = 0usize;

        // Custom beliefs first: verdicts and pathways may refer to them.
        for (i, b) in batch.beliefs.iter().enumerate() {
            b.validate().map_err(|e| prefixed("beliefs", i, e))?;
            if custom_belief_exists(&tx, &b.id)? {
                duplicates += 1;
            } else {
                upsert_custom_belief(&tx, b)?;
            }
        }
        for (i, e) in batch.events.iter().enumerate() {
            e.input()
                .validate()
                .map_err(|err| prefixed("events", i, err))?;
            if id_exists(&tx, "SELECT 1 FROM events WHERE id = ?1", &e.id)? {
                duplicates += 1;
                continue;
            }
            let mut e = e.clone();
            e.source = fill(&e.source);
            insert_event(&tx, &e, Some(&import_id), ms)?;
            added.events += 1;
        }
        for (i, c) in batch.checkins.iter().enumerate() {
            c.validate().map_err(|err| prefixed("checkins", i, err))?;
            if id_exists(
                &tx,
                "SELECT 1 FROM checkins WHERE date = ?1",
                &c.date.to_string(),
            )? {
                duplicates += 1;
                continue;
            }
            let mut c = c.clone();
            c.source = fill(&c.source);
            insert_checkin(&tx, &c, Some(&import_id), ms)?;
            added.checkins += 1;
        }
        for (i, r) in batch.reflections.iter().enumerate() {
            r.input()
                .validate()
                .map_err(|err| prefixed("reflections", i, err))?;
            if id_exists(&tx, "SELECT 1 FROM reflections WHERE id = ?1", &r.id)? {
                duplicates += 1;
                continue;
            }
            let mut r = r.clone();
            r.source = fill(&r.source);
            insert_reflection(&tx, &r, Some(&import_id), ms)?;
            added.reflections += 1;
        }
        let known = |conn: &Connection, id: &str| -> Result<bool> {
            Ok(crate::catalog::builtin_beliefs().iter().any(|b| b.id == id)
                || custom_belief_exists(conn, id)?)
        };
        for (i, v) in batch.verdicts.iter().enumerate() {
            if !known(&tx, &v.belief_id)? {
                return Err(prefixed(
                    "verdicts",
                    i,
                    Invalid::new(
                        "belief_id",
                        format!("{:?} is not a known belief", v.belief_id),
                    ),
                ));
            }
            if !merge_verdict(&tx, v)? {
                duplicates += 1;
            }
        }
        for (i, p) in batch.pathways.iter().enumerate() {
            p.validate().map_err(|err| prefixed("pathways", i, err))?;
            if !known(&tx, &p.belief_id)? {
                return Err(prefixed(
                    "pathways",
                    i,
                    Invalid::new(
                        "belief_id",
                        format!("{:?} is not a known belief", p.belief_id),
                    ),
                ));
            }
            if pathway_exists(&tx, &p.id)? {
                duplicates += 1;
            } else {
                upsert_pathway(&tx, p)?;
            }
        }
        tx.execute(
            "UPDATE imports SET events = ?2, checkins = ?3, reflections = ?4, duplicates = ?5
             WHERE id = ?1",
            params![
                import_id,
                added.events,
                added.checkins,
                added.reflections,
                duplicates
            ],
        )?;
        if meta.dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(ImportReport {
            import_id: (!meta.dry_run).then_some(import_id),
            format: meta.format.clone(),
            added,
            duplicates,
            rejected: batch.rejected.clone(),
        })
    }

    /// Past imports, oldest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, format, file, at, events, checkins, reflections, duplicates, rejected
             FROM imports ORDER BY at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImportRecord {
                import_id: r.get(0)?,
                format: r.get(1)?,
                file: r.get(2)?,
                at: r.get(3)?,
                added: Added {
                    events: r.get(4)?,
                    checkins: r.get(5)?,
                    reflections: r.get(6)?,
                },
                duplicates: r.get(7)?,
                rejected: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Removes exactly the records one import added, in one transaction, and forgets the import.
    pub fn undo_import(&mut self, import_id: &str) -> Result<Added> {
        let tx = self.conn_mut().transaction()?;
        if !id_exists(&tx, "SELECT 1 FROM imports WHERE id = ?1", import_id)? {
            return Err(StoreError::NotFound {
                what: "import",
                id: import_id.to_string(),
            });
        }
        let removed = Added {
            events: tx.execute("DELETE FROM events WHERE import_id = ?1", [import_id])?,
            checkins: tx.execute("DELETE FROM checkins WHERE import_id = ?1", [import_id])?,
            reflections: tx.execute("DELETE FROM reflections WHERE import_id = ?1", [import_id])?,
        };
        tx.execute("DELETE FROM imports WHERE id = ?1", [import_id])?;
        tx.commit()?;
        Ok(removed)
    }
}

fn id_exists(conn: &Connection, sql: &str, key: &str) -> Result<bool> {
    Ok(super::exists(conn, sql, key)?)
}

fn prefixed(collection: &str, index: usize, e: Invalid) -> StoreError {
    StoreError::Invalid(Invalid::new(
        format!("{collection}[{index}].{}", e.field),
        e.reason,
    ))
}

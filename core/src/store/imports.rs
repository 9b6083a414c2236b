//! Import batches and their reports, applying a batch, the import history, and undo.

use rusqlite::{params, Connection, OptionalExtension};
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

/// What an import did (or, for a dry run, would do). Serialises as docs/contracts.md §2 `import --json`.
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
            let old = verdict_row(&tx, &v.belief_id)?;
            if merge_verdict(&tx, v)? {
                tx.execute(
                    "INSERT OR REPLACE INTO import_verdicts (import_id, belief_id, old_verdict,
                         old_at, old_evidence, new_verdict, new_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        import_id,
                        v.belief_id,
                        old.as_ref().map(|o| &o.0),
                        old.as_ref().map(|o| &o.1),
                        old.as_ref().and_then(|o| o.2),
                        v.verdict.as_str(),
                        format_instant(&v.at)
                    ],
                )?;
            } else {
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

    /// Undoes one import in one transaction: removes the events, check-ins and reflections it
    /// added that the person has not changed since (changed ones are kept, and counted), puts
    /// back the verdicts it replaced unless the person has given another since, and forgets
    /// the import.
    pub fn undo_import(&mut self, import_id: &str) -> Result<Undone> {
        let tx = self.conn_mut().transaction()?;
        if !id_exists(&tx, "SELECT 1 FROM imports WHERE id = ?1", import_id)? {
            return Err(StoreError::NotFound {
                what: "import",
                id: import_id.to_string(),
            });
        }
        let count = |table: &str| -> Result<usize> {
            Ok(tx.query_row(
                &format!("SELECT count(*) FROM {table} WHERE import_id = ?1 AND edited = 1"),
                [import_id],
                |r| r.get(0),
            )?)
        };
        let kept = Added {
            events: count("events")?,
            checkins: count("checkins")?,
            reflections: count("reflections")?,
        };
        let delete = |table: &str| -> Result<usize> {
            Ok(tx.execute(
                &format!("DELETE FROM {table} WHERE import_id = ?1 AND edited = 0"),
                [import_id],
            )?)
        };
        let removed = Added {
            events: delete("events")?,
            checkins: delete("checkins")?,
            reflections: delete("reflections")?,
        };
        let mut verdicts_restored = 0;
        let mut verdicts_kept = 0;
        let set: Vec<VerdictChange> = {
            let mut stmt = tx.prepare(
                "SELECT belief_id, old_verdict, old_at, old_evidence, new_verdict, new_at
                 FROM import_verdicts WHERE import_id = ?1 ORDER BY belief_id",
            )?;
            let rows = stmt.query_map([import_id], |r| {
                Ok(VerdictChange {
                    belief_id: r.get(0)?,
                    old: match (
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ) {
                        (Some(v), Some(at)) => Some((v, at, r.get(3)?)),
                        _ => None,
                    },
                    new: (r.get(4)?, r.get(5)?),
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for c in set {
            let now = verdict_row(&tx, &c.belief_id)?;
            if now.as_ref().map(|n| (&n.0, &n.1)) != Some((&c.new.0, &c.new.1)) {
                verdicts_kept += 1;
                continue;
            }
            match c.old {
                Some((verdict, at, evidence)) => tx.execute(
                    "UPDATE verdicts SET verdict = ?2, at = ?3, evidence = ?4
                     WHERE belief_id = ?1",
                    params![c.belief_id, verdict, at, evidence],
                )?,
                None => tx.execute("DELETE FROM verdicts WHERE belief_id = ?1", [&c.belief_id])?,
            };
            verdicts_restored += 1;
        }
        tx.execute("DELETE FROM imports WHERE id = ?1", [import_id])?;
        tx.commit()?;
        Ok(Undone {
            removed,
            kept,
            verdicts_restored,
            verdicts_kept,
        })
    }
}

/// What undoing an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undone {
    /// Records the import added, removed.
    pub removed: Added,
    /// Records the import added that the person has changed since: kept.
    pub kept: Added,
    /// Verdicts the import replaced, put back.
    pub verdicts_restored: usize,
    /// Verdicts the import set that the person has changed since: kept.
    pub verdicts_kept: usize,
}

struct VerdictChange {
    belief_id: String,
    old: Option<(String, String, Option<i64>)>,
    new: (String, String),
}

/// A belief's stored verdict: (verdict, at, evidence).
fn verdict_row(
    conn: &Connection,
    belief_id: &str,
) -> Result<Option<(String, String, Option<i64>)>> {
    Ok(conn
        .query_row(
            "SELECT verdict, at, evidence FROM verdicts WHERE belief_id = ?1",
            [belief_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
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

/// The import the record of `table` whose `key` column is `value` came from, and whether the
/// person had changed it since; read before the record is deleted.
pub(crate) fn import_of(
    conn: &Connection,
    table: &str,
    key: &str,
    value: &str,
) -> Result<Option<(String, bool)>> {
    let found = conn
        .query_row(
            &format!("SELECT import_id, edited FROM {table} WHERE {key} = ?1"),
            [value],
            |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, bool>(1)?)),
        )
        .optional()?;
    Ok(found.and_then(|(id, edited)| id.map(|id| (id, edited))))
}

/// Puts a restored record back in the import it came from, with its `edited` mark, unless that
/// import has been undone meanwhile.
pub(crate) fn rejoin_import(
    conn: &Connection,
    table: &str,
    key: &str,
    value: &str,
    (import_id, edited): &(String, bool),
) -> Result<()> {
    conn.execute(
        &format!(
            "UPDATE {table} SET import_id = ?1, edited = ?2
             WHERE {key} = ?3 AND EXISTS (SELECT 1 FROM imports WHERE id = ?1)"
        ),
        params![import_id, edited, value],
    )?;
    Ok(())
}

/// The imports that records deleted on this connection came from, with their `edited` mark
/// ([`import_of`]), by table and key, until the delete is undone.
#[derive(Debug, Default)]
pub(crate) struct DeletedFromImports(std::collections::HashMap<String, (String, bool)>);

impl DeletedFromImports {
    fn key(table: &str, value: &str) -> String {
        format!("{table}:{value}")
    }

    /// Keeps what [`import_of`] found for a record of `table` just deleted.
    pub(crate) fn remember(&mut self, table: &str, value: &str, found: Option<(String, bool)>) {
        if let Some(membership) = found {
            self.0.insert(Self::key(table, value), membership);
        }
    }

    /// The import a deleted record of `table` came from, if it came from one.
    pub(crate) fn recall(&self, table: &str, value: &str) -> Option<(String, bool)> {
        self.0.get(&Self::key(table, value)).cloned()
    }

    /// Forgets a record whose delete was undone.
    pub(crate) fn forget(&mut self, table: &str, value: &str) {
        self.0.remove(&Self::key(table, value));
    }
}

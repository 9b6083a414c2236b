//! Whole-journal operations: snapshot for export, online backup, checked restore.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::files;

/// Automatic daily backups kept unless the person changes it.
pub const DEFAULT_BACKUP_KEEP: usize = 14;

/// The `settings` key of how many daily backups to keep.
const BACKUP_KEEP_KEY: &str = "backup.keep";

use super::catalog::{all_pathways, all_verdicts, custom_beliefs};
use super::checkins::all_checkins;
use super::events::all_events;
use super::reflections::all_reflections;
use super::{
    inspect_keyed, integrity_problems, latest_version, FileState, Result, Store, StoreError,
};
use crate::clock::Clock;
use crate::keys::DataKey;

/// Every record of the journal, in export order (by time, then id): a batch with nothing
/// rejected.
pub type Snapshot = super::ImportBatch;

impl Store {
    /// Reads every record in one read transaction, so the snapshot is consistent.
    pub fn snapshot(&self) -> Result<Snapshot> {
        let tx = self.conn().unchecked_transaction()?;
        let snap = Snapshot {
            events: all_events(&tx)?,
            checkins: all_checkins(&tx)?,
            reflections: all_reflections(&tx)?,
            beliefs: custom_beliefs(&tx)?,
            verdicts: all_verdicts(&tx)?.into_iter().map(|(v, _)| v).collect(),
            pathways: all_pathways(&tx)?,
            rejected: Vec::new(),
        };
        tx.commit()?;
        Ok(snap)
    }

    /// Writes a consistent copy of the journal to `dest` while it stays in use (SQLite online
    /// backup into a temporary file beside `dest`, then an atomic rename).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if let Some(own) = self.path() {
            if same_file(own, dest) {
                return Err(StoreError::Io {
                    path: dest.to_path_buf(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        "that is the journal itself; choose another file",
                    ),
                });
            }
        }
        copy_consistent(self.conn(), dest, self.key())
    }

    /// Replaces the journal's content with the journal in `from`, after checking it (SQLite,
    /// Plumbline application id, a schema this program knows, integrity check). The replaced
    /// journal is kept as `<name>.before-restore-<timestamp>.bak` (the clock's UTC time), whose
    /// path is returned.
    pub fn restore_from(&mut self, from: &Path, clock: &dyn Clock) -> Result<Option<PathBuf>> {
        check_restorable(from, self.key())?;
        if let Some(own) = self.path() {
            if same_file(own, from) {
                return Err(StoreError::Io {
                    path: from.to_path_buf(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        "that is the journal itself",
                    ),
                });
            }
        }
        let kept = match self.path() {
            Some(own) => {
                let stamp = clock
                    .now()
                    .with_timezone(&chrono::Utc)
                    .format("%Y%m%dT%H%M%S%.3f");
                let mut name = own
                    .file_name()
                    .map(|n| n.to_os_string())
                    .unwrap_or_default();
                name.push(format!(".before-restore-{stamp}.bak"));
                let kept = own.with_file_name(name);
                copy_consistent(self.conn(), &kept, self.key())?;
                Some(kept)
            }
            None => None,
        };
        self.replace_with(from)?;
        Ok(kept)
    }

    /// Replaces the journal's pages with those of the checked backup `from`, then brings it
    /// to the current schema.
    fn replace_with(&mut self, from: &Path) -> Result<()> {
        let path = self.path().map(Path::to_path_buf).unwrap_or_default();
        {
            // The backup is a copy made with the journal's key (or none): read it with that key.
            let key = if super::looks_encrypted(from) {
                self.key().cloned()
            } else {
                None
            };
            let src = super::connect(
                from,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                key.as_ref(),
            )?;
            copy_pages(&src, self.conn_mut())?;
        }
        let version = self.schema_version()?;
        super::migrate(self.conn_mut(), &path, version, super::MIGRATIONS)?;
        if self.path().is_some() {
            let _mode: String = self
                .conn()
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        }
        Ok(())
    }

    /// The automatic daily backup through a connection of its own (so a window's connection
    /// is never held while it runs): [`Store::daily_backup`] on a read-only connection to the
    /// journal at `journal`, with its key.
    pub fn daily_backup_at(
        journal: &Path,
        key: Option<&DataKey>,
        dir: &Path,
        today: chrono::NaiveDate,
        keep: usize,
    ) -> Result<Option<PathBuf>> {
        Store::open_reader_keyed(journal, key)?.daily_backup(dir, today, keep)
    }

    /// The automatic daily backup: unless one was already written for `today`, writes a
    /// consistent copy to `<dir>/<name>-<YYYY-MM-DD>.bak`, then deletes the oldest automatic
    /// backups beyond the newest `keep`, and likewise the oldest `<name>.before-*.bak` copies
    /// (written before upgrades and restores) beside the journal beyond the newest `keep`.
    /// Returns the new file, if one was written.
    pub fn daily_backup(
        &self,
        dir: &Path,
        today: chrono::NaiveDate,
        keep: usize,
    ) -> Result<Option<PathBuf>> {
        let stem = self.path().and_then(|p| p.file_name()).map_or_else(
            || "journal".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let prefix = format!("{stem}-");
        let dest = dir.join(format!("{prefix}{today}.bak"));
        let written = if dest.exists() {
            None
        } else {
            copy_consistent(self.conn(), &dest, self.key())?;
            Some(dest)
        };
        let io = |source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut existing: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.strip_prefix(&prefix)
                        .and_then(|rest| rest.strip_suffix(".bak"))
                        .is_some_and(|d| crate::domain::parse_date(d).is_ok())
                })
            })
            .collect();
        existing.sort();
        let excess = existing.len().saturating_sub(keep.max(1));
        for old in &existing[..excess] {
            std::fs::remove_file(old).map_err(io)?;
        }
        if let Some(own) = self.path() {
            // `.before-*` copies, oldest first by when they were written.
            let mut before: Vec<(std::time::SystemTime, PathBuf)> =
                super::crypt::backup_copies(own, None)
                    .into_iter()
                    .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
                    .collect();
            before.sort();
            let excess = before.len().saturating_sub(keep.max(1));
            for (_, old) in &before[..excess] {
                std::fs::remove_file(old).map_err(io)?;
            }
        }
        Ok(written)
    }

    /// How many automatic daily backups to keep (a setting; 14 unless changed; a value that
    /// does not read as a number counts as unset).
    pub fn backup_keep(&self) -> Result<usize> {
        Ok(self
            .setting(BACKUP_KEEP_KEY)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_BACKUP_KEEP))
    }

    /// Changes how many automatic daily backups are kept (1–365).
    pub fn set_backup_keep(&mut self, keep: usize) -> Result<()> {
        if !(1..=365).contains(&keep) {
            return Err(crate::domain::Invalid::new(
                "backup_keep",
                format!("{keep} is out of range 1–365"),
            )
            .into());
        }
        self.set_setting(BACKUP_KEEP_KEY, Some(&keep.to_string()))
    }

    /// Opens the journal at `journal` and restores `from` into it.
    pub fn restore(journal: &Path, from: &Path, clock: &dyn Clock) -> Result<Option<PathBuf>> {
        Store::restore_keyed(journal, from, None, clock)
    }

    /// [`Store::restore`] for an encrypted journal, whose backups carry the same key. A journal
    /// that no longer opens (damaged, or not a journal at all) is moved aside whole — as
    /// `<name>.unopenable-<timestamp>.bak`, with its `-wal`/`-shm` — and the backup takes its
    /// place; that path is returned. A journal that is only locked (a wrong or missing
    /// passphrase) or written by a newer Plumbline is never moved.
    pub fn restore_keyed(
        journal: &Path,
        from: &Path,
        key: Option<&DataKey>,
        clock: &dyn Clock,
    ) -> Result<Option<PathBuf>> {
        check_restorable(from, key)?;
        match Store::open_keyed(journal, key) {
            Ok(mut store) => store.restore_from(from, clock),
            Err(StoreError::NotAJournal { .. } | StoreError::Corrupt { .. }) => {
                move_aside_and_restore(journal, from, key, clock)
            }
            Err(e) => Err(e),
        }
    }
}

fn move_aside_and_restore(
    journal: &Path,
    from: &Path,
    key: Option<&DataKey>,
    clock: &dyn Clock,
) -> Result<Option<PathBuf>> {
    let stamp = clock
        .now()
        .with_timezone(&chrono::Utc)
        .format("%Y%m%dT%H%M%S%.3f");
    let mut name = journal.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".unopenable-{stamp}.bak"));
    let aside = journal.with_file_name(name);
    let io = |source| StoreError::Io {
        path: journal.to_path_buf(),
        source,
    };
    for suffix in ["-wal", "-shm"] {
        let side = super::sidecar(journal, suffix);
        if side.exists() {
            files::rename_durable(&side, &super::sidecar(&aside, suffix)).map_err(io)?;
        }
    }
    files::rename_durable(journal, &aside).map_err(io)?;
    let mut store = Store::open_keyed(journal, key)?;
    store.replace_with(from)?;
    Ok(Some(aside))
}

/// Refuses anything but a sound Plumbline journal of a known schema, without modifying it.
fn check_restorable(from: &Path, key: Option<&DataKey>) -> Result<()> {
    let (state, encrypted) = inspect_keyed(from, latest_version(), key)?;
    match state {
        FileState::Journal(_) => {}
        FileState::Missing => {
            return Err(StoreError::Io {
                path: from.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            })
        }
        FileState::Empty | FileState::BlankSqlite => {
            return Err(StoreError::NotAJournal {
                path: from.to_path_buf(),
                reason: "it is empty".into(),
            })
        }
    }
    let conn = super::connect(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        if encrypted { key } else { None },
    )?;
    let problems = integrity_problems(&conn)?;
    if !problems.is_empty() {
        return Err(StoreError::Corrupt {
            path: from.to_path_buf(),
            detail: problems.join("; "),
        });
    }
    Ok(())
}

/// A consistent copy of the database behind `conn`, written atomically to `dest` (private,
/// and encrypted with `key` when the journal is).
pub(crate) fn copy_consistent(conn: &Connection, dest: &Path, key: Option<&DataKey>) -> Result<()> {
    super::plain_path(dest)?;
    let io = |source| StoreError::Io {
        path: dest.to_path_buf(),
        source,
    };
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        files::create_private_dir(parent).map_err(io)?;
    }
    let tmp = files::temp_beside(dest, "partial");
    let _ = std::fs::remove_file(&tmp);
    // Created empty and private first: SQLite writes into it and keeps its mode.
    files::create_private_file(&tmp).map_err(io)?;
    let result = super::connect(
        &tmp,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
    .map_err(StoreError::from)
    .and_then(|mut c| {
        copy_pages(conn, &mut c)?;
        // The copy is a plain rollback-journal file: one self-contained file to keep.
        let _mode: String = c.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        drop(c);
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        files::rename_durable(&tmp, dest).map_err(io)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Copies every page of `src` into `dst` with SQLite's online backup (both open with the same
/// key, or none), in steps so the source is not locked for long.
pub(crate) fn copy_pages(src: &Connection, dst: &mut Connection) -> Result<()> {
    let backup = rusqlite::backup::Backup::new(src, dst)?;
    backup.run_to_completion(256, std::time::Duration::from_millis(0), None)?;
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    files::same_file(a, b)
}

//! "Your data": importing a file (checked first as a dry run, then applied all-or-nothing),
//! undoing a past import, and exporting the journal, each with its report.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::domain::Instant;
use crate::interchange::export::{self, ExportError, ExportFormat};
use crate::interchange::formats::{self, ImportError, ParseOptions};
use crate::interchange::{ImportBatch, ImportMeta, ImportReport};
use crate::store::{Snapshot, Store, StoreError, Undone};

/// Why an import, an undo or an export did not happen.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be read as anything Plumbline imports.
    #[error(transparent)]
    Read(#[from] ImportError),
    /// A record of the file is not valid (with `file: record.field: reason`).
    #[error("{file}: {invalid}")]
    Record {
        file: String,
        invalid: crate::domain::Invalid,
    },
    /// The import to undo is not in the journal.
    #[error("import {id} is no longer in the journal; it may have been undone already")]
    NoSuchImport { id: String },
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Store(StoreError),
}

/// What reading and applying a file did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// The file's name.
    pub file: String,
    /// What it was read as, e.g. "a Daylio CSV export".
    pub what: String,
    /// What importing it did (in a dry run nothing was written: `import_id` is null).
    pub report: ImportReport,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exported {
    pub files: Vec<String>,
    pub events: usize,
    pub checkins: usize,
    pub reflections: usize,
}

/// A file read and checked, not yet applied.
#[derive(Debug)]
pub struct ReadFile {
    /// The file's name.
    pub file: String,
    /// What it was read as, e.g. "a Daylio CSV export".
    pub what: String,
    /// The format's name as imports record it (`daylio`, `plumbline`, …).
    pub format: String,
    pub batch: ImportBatch,
}

/// Reads `path`, its format recognised from its content. Touches no journal, so the caller
/// need not hold one meanwhile.
pub fn read(path: &Path, opts: &ParseOptions) -> Result<ReadFile, DataError> {
    let (detected, batch) = formats::read_auto(path, opts)?;
    Ok(ReadFile {
        file: formats::file_name(path),
        what: detected.layout.describe().to_string(),
        format: detected.format.as_str().to_string(),
        batch,
    })
}

/// Applies a file read by [`read`] in one transaction; with `dry_run` reports exactly what
/// applying would do and writes nothing.
pub fn apply(
    store: &mut Store,
    read: ReadFile,
    dry_run: bool,
    clock: &dyn Clock,
) -> Result<Imported, DataError> {
    let meta = ImportMeta {
        format: read.format,
        file: Some(read.file.clone()),
        dry_run,
    };
    let report = store
        .apply_import(&read.batch, &meta, clock)
        .map_err(|e| match e {
            StoreError::Invalid(invalid) => DataError::Record {
                file: read.file.clone(),
                invalid,
            },
            other => DataError::Store(other),
        })?;
    Ok(Imported {
        file: read.file,
        what: read.what,
        report,
    })
}

/// Removes what import `id` added and the person has not changed since, and puts back the
/// verdicts it replaced; says what it kept.
pub fn undo_import(store: &mut Store, id: &str) -> Result<Undone, DataError> {
    store.undo_import(id).map_err(|e| match e {
        StoreError::NotFound { .. } => DataError::NoSuchImport { id: id.to_string() },
        other => DataError::Store(other),
    })
}

/// Writes a snapshot of the journal to `path` in `format` (CSV also writes its companion
/// files), each file under a temporary name first, readable by the owner only. `target` says
/// whether existing files may be replaced; the journal, its own files and any SQLite database
/// never are.
pub fn export(
    snap: &Snapshot,
    path: &Path,
    format: ExportFormat,
    now: &Instant,
    target: export::Target<'_>,
) -> Result<Exported, DataError> {
    let files: Vec<PathBuf> = export::write_files(snap, format, path, now, target)?;
    Ok(Exported {
        files: files.iter().map(|p| p.display().to_string()).collect(),
        events: snap.events.len(),
        checkins: snap.checkins.len(),
        reflections: snap.reflections.len(),
    })
}

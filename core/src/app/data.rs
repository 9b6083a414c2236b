//! "Your data": importing a file (checked first as a dry run, then applied all-or-nothing),
//! undoing a past import, and exporting the journal, each with its report.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::refusal::Refusal;
use super::session::Session;
use super::vectors;
use crate::clock::Clock;
use crate::domain::Instant;
use crate::embed::Embedder;
use crate::interchange::export::{self, ExportError, ExportFormat};
use crate::interchange::formats::{self, ImportError, LocalZone, ParseOptions};
use crate::interchange::{Added, ImportBatch, ImportMeta, ImportReport};
use crate::store::{ImportRecord, Snapshot, Store, StoreError, Undone};

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

/// How far reading an import's words has come: `done` of `total` texts embedded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    pub done: usize,
    pub total: usize,
}

/// What an import did, and the imports now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportDone {
    pub report: ImportReport,
    pub imports: Vec<ImportRecord>,
}

/// What undoing an import removed, what it kept because the person changed it since, and the
/// imports now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportUndone {
    pub removed: Added,
    pub kept: Added,
    pub verdicts_restored: usize,
    pub imports: Vec<ImportRecord>,
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

/// Reads `path` (times without an offset placed in the person's time zone) and applies it to
/// the session's journal, which is locked only while applying; with `dry_run` it reports what
/// applying would do and writes nothing.
pub fn import_into(
    session: &Session,
    path: &Path,
    skip_invalid: bool,
    dry_run: bool,
) -> Result<Imported, Refusal> {
    let opts = ParseOptions {
        skip_invalid,
        zone: LocalZone::detect(),
        ..ParseOptions::default()
    };
    let read = read(path, &opts)?;
    let mut store = session.store()?;
    Ok(apply(&mut store, read, dry_run, session.clock())?)
}

/// Imports `path` into the session's journal ([`import_into`]), then gives the texts it brought
/// their sentence vectors with `model` (when there is one), reporting `progress(done, total)`
/// after each batch; lists the imports now.
///
/// The vectors are embedded here, in batches that hold the journal only to store them, rather
/// than a few thousand per later analysis: the first Insights after a large import then reads
/// the person's words, not only the markers. Vectors are derived data: if storing them fails,
/// the import stands and the next analysis embeds what is missing.
pub fn import_done(
    session: &Session,
    model: Option<&Embedder>,
    path: &Path,
    skip_invalid: bool,
    progress: impl FnMut(usize, usize),
) -> Result<ImportDone, Refusal> {
    let report = import_into(session, path, skip_invalid, false)?.report;
    if let Some(model) = model {
        // A failure here leaves texts without a vector, which the next analysis embeds (and
        // where a journal that cannot be written is reported).
        let _ = vectors::backfill_in(
            |step| -> Result<(), Refusal> { Ok(step(&mut *session.store()?)?) },
            model,
            progress,
        );
    }
    Ok(ImportDone {
        report,
        imports: session.store()?.imports()?,
    })
}

/// Undoes import `id` ([`undo_import`]) and lists the imports now.
pub fn undo(store: &mut Store, id: &str) -> Result<ImportUndone, DataError> {
    let undone = undo_import(store, id)?;
    Ok(ImportUndone {
        removed: undone.removed,
        kept: undone.kept,
        verdicts_restored: undone.verdicts_restored,
        imports: store.imports().map_err(DataError::Store)?,
    })
}

/// Exports the session's journal to `path`, chosen in a save dialog that already asked before
/// replacing a file; never the journal, its own files or any SQLite file.
pub fn export_to(
    session: &Session,
    format: ExportFormat,
    path: &Path,
) -> Result<Exported, Refusal> {
    let store = session.store()?;
    let snap = store.snapshot()?;
    let target = export::Target {
        force: true,
        journal: store.path(),
    };
    Ok(export(&snap, path, format, &session.now(), target)?)
}

/// The export format the window names (`json`, `csv` or `markdown`); anything else is refused
/// at the field `format`.
pub fn export_format(name: &str) -> Result<ExportFormat, crate::domain::Invalid> {
    name.parse()
        .map_err(|reason: String| crate::domain::Invalid::new("format", reason))
}

/// What a file chooser asks: the app's import and export choosers, for whichever front end
/// opens them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileQuestion {
    /// The chooser's title.
    pub title: String,
    /// The filter's name and the file name extensions it shows.
    pub filter: (String, Vec<String>),
    /// `Some(name)` for a save dialog offering that file name; `None` to open an existing file.
    pub save_as: Option<String>,
}

impl FileQuestion {
    /// The import chooser: every kind of file an importer reads (Plumbline's own exports,
    /// jrnl, Daylio, Loop; a folder's zip).
    pub fn import() -> Self {
        let extensions = ["json", "csv", "daylio", "zip", "txt"];
        FileQuestion {
            title: "Import into Plumbline".into(),
            filter: (
                "Journals and exports".into(),
                extensions.map(String::from).into(),
            ),
            save_as: None,
        }
    }

    /// The save dialog of an export in `format` on `today`: a dated file name, and the format's
    /// own filter.
    pub fn export(format: ExportFormat, today: chrono::NaiveDate) -> Self {
        let (ext, label) = match format {
            ExportFormat::Csv => ("csv", "CSV tables"),
            ExportFormat::Markdown => ("md", "Markdown"),
            ExportFormat::Json => ("json", "Plumbline journal file"),
        };
        FileQuestion {
            title: "Export the journal (not encrypted)".into(),
            filter: (label.into(), vec![ext.into()]),
            save_as: Some(format!("plumbline-{today}.{ext}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{parse_instant, EventInput, Kind};

    fn session(path: &Path) -> Session {
        let now = parse_instant("2026-11-20T21:30:00+01:00").expect("instant");
        Session::fixed(Store::open(path).expect("journal"), FixedClock(now))
    }

    #[test]
    fn an_export_imports_back_checked_first_and_undoes() {
        let dir = tempfile::tempdir().expect("dir");
        let from = session(&dir.path().join("a.plumbline"));
        let at = parse_instant("2026-11-20T09:40:00+01:00").expect("instant");
        let input = EventInput::new(at, Kind::DelayedStart, "Write the newsletter");
        from.store()
            .expect("open")
            .log_event(input, from.clock())
            .expect("logged");
        let file = dir.path().join("out.json");
        let out = export_to(&from, ExportFormat::Json, &file).expect("exported");
        assert_eq!((out.events, out.files.len()), (1, 1));
        let journal = from.store().expect("open").path().map(Path::to_path_buf);
        let err = export_to(&from, ExportFormat::Json, &journal.expect("a file"))
            .expect_err("never the journal");
        assert!(err.message.contains("journal"), "{}", err.message);

        let to = session(&dir.path().join("b.plumbline"));
        let preview = import_into(&to, &file, false, true).expect("checked");
        assert_eq!(preview.what, "a Plumbline journal file");
        assert_eq!(preview.report.import_id, None, "a dry run writes nothing");
        assert!(to
            .store()
            .expect("open")
            .imports()
            .expect("imports")
            .is_empty());
        let done = import_done(&to, None, &file, false, |_, _| {}).expect("imported");
        assert_eq!(done.imports.len(), 1);
        let id = done.imports[0].import_id.clone();
        let undone = undo(&mut to.store().expect("open"), &id).expect("undone");
        assert!(undone.imports.is_empty());
        assert_eq!(undone.removed.events, 1);
        let again = undo(&mut to.store().expect("open"), &id).expect_err("gone");
        assert!(matches!(again, DataError::NoSuchImport { .. }), "{again}");
    }

    #[test]
    fn an_import_gives_its_texts_their_vectors_in_batches_with_progress() {
        use crate::embed::{repository_model, Embedder};
        let model = Embedder::load(&repository_model()).expect("the committed model loads");
        let dir = tempfile::tempdir().expect("dir");
        let from = session(&dir.path().join("a.plumbline"));
        let at = parse_instant("2026-11-20T09:40:00+01:00").expect("instant");
        // More distinct thoughts than one batch holds, and one repeated.
        let n = vectors::BATCH + 3;
        {
            let mut store = from.store().expect("open");
            for i in 0..n {
                let mut e = EventInput::new(at, Kind::DelayedStart, "Write the newsletter");
                e.thought = Some(format!("not ready to send draft {}", i.min(n - 2)));
                store.log_event(e, from.clock()).expect("logged");
            }
        }
        let file = dir.path().join("out.json");
        export_to(&from, ExportFormat::Json, &file).expect("exported");

        let to = session(&dir.path().join("b.plumbline"));
        let mut calls = Vec::new();
        let done = import_done(&to, Some(&model), &file, false, |d, t| calls.push((d, t)))
            .expect("imported");
        assert_eq!(done.report.added.events, n);
        let distinct = n - 1;
        assert_eq!(
            calls,
            [(vectors::BATCH, distinct), (distinct, distinct)],
            "one report per batch, against one total"
        );
        let store = to.store().expect("open");
        assert_eq!(
            store.count_texts_without_vector(model.id()).expect("count"),
            0
        );
        assert_eq!(
            store.text_vectors(model.id()).expect("read")["not ready to send draft 7"],
            model.embed("not ready to send draft 7")
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_is_refused_at_the_path_field() {
        let dir = tempfile::tempdir().expect("dir");
        let to = session(&dir.path().join("b.plumbline"));
        let err = import_into(&to, &dir.path().join("missing.csv"), false, true)
            .expect_err("no such file");
        assert_eq!(err.field.as_deref(), Some("path"));
    }

    #[test]
    fn the_window_names_a_format_or_is_refused_at_its_field() {
        assert_eq!(export_format("csv").expect("csv"), ExportFormat::Csv);
        assert_eq!(
            export_format("markdown").expect("md"),
            ExportFormat::Markdown
        );
        assert_eq!(export_format("pdf").expect_err("refused").field, "format");
    }

    #[test]
    fn the_save_dialog_suggests_a_dated_name_per_format() {
        let today = "2026-11-20".parse().expect("date");
        let csv = FileQuestion::export(ExportFormat::Csv, today);
        assert_eq!(csv.save_as.as_deref(), Some("plumbline-2026-11-20.csv"));
        assert_eq!(csv.filter, ("CSV tables".into(), vec!["csv".into()]));
        assert_eq!(
            FileQuestion::export(ExportFormat::Markdown, today).save_as,
            Some("plumbline-2026-11-20.md".into())
        );
        let json = FileQuestion::export(ExportFormat::Json, today);
        assert_eq!(json.filter.1, vec!["json".to_string()]);
        assert!(json.title.contains("not encrypted"));
    }

    #[test]
    fn the_import_chooser_opens_every_kind_of_file_an_importer_reads() {
        let q = FileQuestion::import();
        assert_eq!(q.save_as, None);
        for ext in ["json", "csv", "daylio", "zip", "txt"] {
            assert!(q.filter.1.iter().any(|e| e == ext), "{ext}");
        }
    }
}

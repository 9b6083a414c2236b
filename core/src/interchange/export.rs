//! Writing the journal out: the lossless journal file (JSON), spreadsheet tables (CSV, with the
//! check-ins and reflections in two files beside the events') or a readable journal by day
//! (Markdown). Files are written atomically: a temporary file beside each, then a rename, so a
//! failed export never leaves a half-written file where a good one was.

use std::path::{Path, PathBuf};

use crate::domain::Instant;
use crate::files;
use crate::store::Snapshot;

use super::{csv_export, journal, markdown};

/// The formats an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The Plumbline journal file, lossless (format version 1).
    Json,
    /// Spreadsheet tables.
    Csv,
    /// A readable journal by day.
    Markdown,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            "markdown" => Ok(ExportFormat::Markdown),
            other => Err(format!("{other:?} is not json, csv or markdown")),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}: name a file, not a folder", path.display())]
    NotAFile { path: PathBuf },
    #[error("{} already exists; choose another name, or add --force to replace it", path.display())]
    Exists { path: PathBuf },
    #[error("{} is {what}; an export never replaces it — choose another name", path.display())]
    Protected { path: PathBuf, what: &'static str },
    #[error("cannot write {}: {}", path.display(), crate::paths::io_reason(source))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where an export may go.
#[derive(Debug, Clone, Copy, Default)]
pub struct Target<'a> {
    /// Replace existing files (never the journal, its sidecars or an SQLite file).
    pub force: bool,
    /// The open journal, which an export must never replace.
    pub journal: Option<&'a Path>,
}

/// The main text of an export (for CSV, the events table).
pub fn render(snap: &Snapshot, format: ExportFormat, exported_at: &Instant) -> String {
    match format {
        ExportFormat::Json => journal::write(snap, exported_at),
        ExportFormat::Csv => csv_export::events_csv(&snap.events),
        ExportFormat::Markdown => markdown::write(snap, exported_at),
    }
}

/// Every file an export to `path` writes, `path` first (for CSV, its two companion files).
pub fn files_for(format: ExportFormat, path: &Path) -> Vec<PathBuf> {
    let mut files = vec![path.to_path_buf()];
    if format == ExportFormat::Csv {
        let (c, r) = csv_export::sidecar_paths(path);
        files.extend([c, r]);
    }
    files
}

/// Writes the export to `path` (and, for CSV, its two companion files); returns every file
/// written, `path` first. Every file is checked before any is written (see [`check_target`]).
/// Files are created readable by the owner only.
pub fn write_files(
    snap: &Snapshot,
    format: ExportFormat,
    path: &Path,
    exported_at: &Instant,
    target: Target<'_>,
) -> Result<Vec<PathBuf>, ExportError> {
    let written = files_for(format, path);
    for f in &written {
        check_target(f, target)?;
    }
    if format == ExportFormat::Csv {
        write_atomic(&written[1], &csv_export::checkins_csv(&snap.checkins))?;
        write_atomic(&written[2], &csv_export::reflections_csv(&snap.reflections))?;
    }
    write_atomic(path, &render(snap, format, exported_at))?;
    Ok(written)
}

/// Refuses a file an export must not write: a folder; the journal itself, its `-wal`, `-shm`,
/// `-journal` or `.keys` (by identity, through links, and by name when they do not exist yet); any
/// SQLite database (by its first bytes, whatever its name); and, without `force`, any file
/// that already exists.
pub fn check_target(path: &Path, target: Target<'_>) -> Result<(), ExportError> {
    if path.file_name().is_none() || path.is_dir() {
        return Err(ExportError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let protected = |what| ExportError::Protected {
        path: path.to_path_buf(),
        what,
    };
    if let Some(journal) = target.journal {
        if files::same_file(path, journal)
            || files::resolve_lenient(path) == files::resolve_lenient(journal)
        {
            return Err(protected("the journal itself"));
        }
        let resolved = files::resolve_lenient(path);
        let journal = files::resolve_lenient(journal);
        for suffix in ["-wal", "-shm", "-journal", ".keys"] {
            let mut name = journal.as_os_str().to_os_string();
            name.push(suffix);
            let sidecar = PathBuf::from(name);
            if resolved == sidecar || files::same_file(path, &sidecar) {
                return Err(protected("one of the journal's own files"));
            }
        }
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(ExportError::Write {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    if meta.is_file() && starts_like_sqlite(path) {
        return Err(protected("an SQLite database"));
    }
    if !target.force {
        return Err(ExportError::Exists {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

fn starts_like_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// Writes a file atomically and privately: a new 0600 temporary file beside it, then a rename
/// and a fsync of the folder.
fn write_atomic(path: &Path, text: &str) -> Result<(), ExportError> {
    files::write_atomic(path, text.as_bytes()).map_err(|source| ExportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_write_whole_files_or_say_why_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let snap = Snapshot::default();
        let now = crate::domain::parse_instant("2026-11-24T21:00:00+01:00").expect("instant");
        let csv = dir.path().join("journal.csv");
        let written =
            write_files(&snap, ExportFormat::Csv, &csv, &now, Target::default()).expect("written");
        assert_eq!(written.len(), 3);
        assert!(written.iter().all(|p| p.is_file()));
        let json = dir.path().join("journal.json");
        write_files(&snap, ExportFormat::Json, &json, &now, Target::default()).expect("written");
        assert!(std::fs::read_to_string(&json)
            .expect("read")
            .contains("plumbline-journal"));
        let err = write_files(
            &snap,
            ExportFormat::Markdown,
            dir.path(),
            &now,
            Target::default(),
        )
        .expect_err("dir");
        assert!(err.to_string().contains("name a file"), "{err}");
        let missing = dir.path().join("no-such-folder").join("j.md");
        let err = write_files(
            &snap,
            ExportFormat::Markdown,
            &missing,
            &now,
            Target::default(),
        )
        .expect_err("no dir");
        assert!(err.to_string().starts_with("cannot write"), "{err}");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 4, "no temporary file is left: {names:?}");
        assert_eq!(
            "markdown".parse::<ExportFormat>(),
            Ok(ExportFormat::Markdown)
        );
        assert!("pdf".parse::<ExportFormat>().is_err());
    }

    #[test]
    fn exports_never_replace_the_journal_its_files_or_any_database() {
        let dir = tempfile::tempdir().expect("temp dir");
        let snap = Snapshot::default();
        let now = crate::domain::parse_instant("2026-11-24T21:00:00+01:00").expect("instant");
        let db = dir.path().join("journal.plumbline");
        let store = crate::store::Store::open(&db).expect("journal");
        let before = std::fs::read(&db).expect("read");
        let guard = |force| Target {
            force,
            journal: Some(&db),
        };
        let wal = dir.path().join("journal.plumbline-wal");
        let link = dir.path().join("link.json");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&db, &link).expect("symlink");
        let other_db = dir.path().join("notes.txt");
        std::fs::copy(&db, &other_db).expect("copy");
        let dotted = dir.path().join(".").join("journal.plumbline");
        for (path, what) in [
            (&db, "the journal itself"),
            (&dotted, "the journal itself"),
            (&wal, "one of the journal's own files"),
            (
                &dir.path().join("journal.plumbline-shm"),
                "one of the journal's own files",
            ),
            (&other_db, "an SQLite database"),
        ] {
            for force in [false, true] {
                let err = write_files(&snap, ExportFormat::Json, path, &now, guard(force))
                    .expect_err("refused");
                assert!(err.to_string().contains(what), "{}: {err}", path.display());
            }
        }
        #[cfg(unix)]
        {
            let err = write_files(&snap, ExportFormat::Json, &link, &now, guard(true))
                .expect_err("a link to the journal");
            assert!(err.to_string().contains("the journal itself"), "{err}");
        }
        // A CSV export whose companion file would land on a database writes nothing.
        let csv = dir.path().join("t.csv");
        std::fs::copy(&db, dir.path().join("t.checkins.csv")).expect("copy");
        write_files(&snap, ExportFormat::Csv, &csv, &now, guard(true)).expect_err("sidecar");
        assert!(!csv.exists());
        drop(store);
        assert_eq!(std::fs::read(&db).expect("read"), before);
    }

    #[test]
    fn an_existing_file_needs_force_and_is_replaced_privately() {
        let dir = tempfile::tempdir().expect("temp dir");
        let snap = Snapshot::default();
        let now = crate::domain::parse_instant("2026-11-24T21:00:00+01:00").expect("instant");
        let out = dir.path().join("out.md");
        std::fs::write(&out, "mine").expect("write");
        let err = write_files(&snap, ExportFormat::Markdown, &out, &now, Target::default())
            .expect_err("exists");
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "mine");
        let target = Target {
            force: true,
            journal: None,
        };
        write_files(&snap, ExportFormat::Markdown, &out, &now, target).expect("forced");
        assert_ne!(std::fs::read_to_string(&out).expect("read"), "mine");
        #[cfg(unix)]
        assert_eq!(crate::files::mode_of(&out).expect("mode"), 0o600);
        let csv = dir.path().join("t.csv");
        let written =
            write_files(&snap, ExportFormat::Csv, &csv, &now, Target::default()).expect("csv");
        #[cfg(unix)]
        for f in &written {
            assert_eq!(crate::files::mode_of(f).expect("mode"), 0o600);
        }
    }
}

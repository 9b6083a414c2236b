//! Writing the journal out: the lossless journal file (JSON), spreadsheet tables (CSV, with the
//! check-ins and reflections in two files beside the events') or a readable journal by day
//! (Markdown). Files are written atomically: a temporary file beside each, then a rename, so a
//! failed export never leaves a half-written file where a good one was.

use std::path::{Path, PathBuf};

use crate::domain::Instant;
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
    #[error("{} already exists; add --force to replace it", path.display())]
    Exists { path: PathBuf },
    #[error("{} is the journal or one of its files; export to another file", path.display())]
    Journal { path: PathBuf },
    #[error("{} is an SQLite database; export never replaces one", path.display())]
    Database { path: PathBuf },
    #[error("cannot write {}: {}", path.display(), crate::paths::io_reason(source))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The main text of an export (for CSV, the events table).
pub fn render(snap: &Snapshot, format: ExportFormat, exported_at: &Instant) -> String {
    match format {
        ExportFormat::Json => journal::write(snap, exported_at),
        ExportFormat::Csv => csv_export::events_csv(&snap.events),
        ExportFormat::Markdown => markdown::write(snap, exported_at),
    }
}

/// Writes the export to `path` (and, for CSV, its two companion files); returns every file
/// written, `path` first.
pub fn write_files(
    snap: &Snapshot,
    format: ExportFormat,
    path: &Path,
    exported_at: &Instant,
) -> Result<Vec<PathBuf>, ExportError> {
    if path.file_name().is_none() || path.is_dir() {
        return Err(ExportError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let mut written = vec![path.to_path_buf()];
    if format == ExportFormat::Csv {
        let (c, r) = csv_export::sidecar_paths(path);
        write_atomic(&c, &csv_export::checkins_csv(&snap.checkins))?;
        write_atomic(&r, &csv_export::reflections_csv(&snap.reflections))?;
        written.extend([c, r]);
    }
    write_atomic(path, &render(snap, format, exported_at))?;
    Ok(written)
}

/// The files an export to `path` writes: the file itself and, for CSV, its two companions.
pub fn target_paths(format: ExportFormat, path: &Path) -> Vec<PathBuf> {
    let mut paths = vec![path.to_path_buf()];
    if format == ExportFormat::Csv {
        let (c, r) = csv_export::sidecar_paths(path);
        paths.extend([c, r]);
    }
    paths
}

/// Refuses targets an export must not write: the journal (`journal`, when it is a file) and its
/// `-wal`/`-shm`, any SQLite database, and — unless `force` — any file that already exists.
/// Checked for every target before anything is written.
pub fn check_targets(
    targets: &[PathBuf],
    journal: Option<&Path>,
    force: bool,
) -> Result<(), ExportError> {
    let journal_files: Vec<PathBuf> = journal
        .map(|j| {
            ["", "-wal", "-shm"]
                .iter()
                .map(|suffix| {
                    let mut name = j.as_os_str().to_os_string();
                    name.push(suffix);
                    PathBuf::from(name)
                })
                .collect()
        })
        .unwrap_or_default();
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => absolute(a) == absolute(b),
    };
    for t in targets {
        if journal_files.iter().any(|j| same(t, j)) {
            return Err(ExportError::Journal { path: t.clone() });
        }
        if !t.exists() {
            continue;
        }
        let mut head = [0u8; 16];
        let is_db = std::fs::File::open(t)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
            .is_ok()
            && &head == b"SQLite format 3\0";
        if is_db {
            return Err(ExportError::Database { path: t.clone() });
        }
        if !force {
            return Err(ExportError::Exists { path: t.clone() });
        }
    }
    Ok(())
}

/// `path` made absolute against the current folder (for comparing paths that do not exist).
fn absolute(path: &Path) -> PathBuf {
    std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path))
}

/// Writes a file atomically: a temporary file beside it, then a rename.
fn write_atomic(path: &Path, text: &str) -> Result<(), ExportError> {
    let mut tmp_name =
        path.file_name()
            .map(|n| n.to_os_string())
            .ok_or_else(|| ExportError::NotAFile {
                path: path.to_path_buf(),
            })?;
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|source| {
            let _ = std::fs::remove_file(&tmp);
            ExportError::Write {
                path: path.to_path_buf(),
                source,
            }
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
        let written = write_files(&snap, ExportFormat::Csv, &csv, &now).expect("written");
        assert_eq!(written.len(), 3);
        assert!(written.iter().all(|p| p.is_file()));
        let json = dir.path().join("journal.json");
        write_files(&snap, ExportFormat::Json, &json, &now).expect("written");
        assert!(std::fs::read_to_string(&json)
            .expect("read")
            .contains("plumbline-journal"));
        let err = write_files(&snap, ExportFormat::Markdown, dir.path(), &now).expect_err("dir");
        assert!(err.to_string().contains("name a file"), "{err}");
        let missing = dir.path().join("no-such-folder").join("j.md");
        let err = write_files(&snap, ExportFormat::Markdown, &missing, &now).expect_err("no dir");
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
}

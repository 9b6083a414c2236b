//! Where the journal lives: `--db`, else `PLUMBLINE_DB`, else the platform data dir.

use std::path::PathBuf;

/// The environment variable that overrides the journal's path.
pub const DB_ENV: &str = "PLUMBLINE_DB";
/// The journal's file name inside the data dir.
pub const DB_FILE: &str = "journal.plumbline";

/// The platform data directory for Plumbline (`~/.local/share/plumbline` on Linux,
/// `~/Library/Application Support/plumbline` on macOS, `%APPDATA%\plumbline` on Windows).
pub fn data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("plumbline"))
}

/// Resolves the journal path: explicit, else `PLUMBLINE_DB`, else the default in the data dir.
pub fn resolve_db(explicit: Option<PathBuf>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p);
    }
    match std::env::var_os(DB_ENV) {
        Some(v) if !v.is_empty() => Some(PathBuf::from(v)),
        _ => data_dir().map(|d| d.join(DB_FILE)),
    }
}

/// The folder of a journal's automatic daily backups: `backups` beside it.
pub fn backups_dir(journal: &std::path::Path) -> PathBuf {
    journal
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."))
        .join("backups")
}

/// The environment variable naming a file that holds the journal's passphrase.
pub const PASSPHRASE_FILE_ENV: &str = "PLUMBLINE_PASSPHRASE_FILE";

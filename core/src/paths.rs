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

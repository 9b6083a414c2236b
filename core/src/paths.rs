//! Where the journal lives: `--db`, else `PLUMBLINE_DB`, else the platform data dir.

use std::path::PathBuf;

/// Why a file could not be used, in plain words: "there is no such file" rather than the
/// system's "No such file or directory (os error 2)".
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "there is no such file or folder".into(),
        ErrorKind::PermissionDenied => "permission to use it was refused".into(),
        ErrorKind::AlreadyExists => "a file of that name already exists".into(),
        ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        ErrorKind::NotADirectory => "a part of the path is a file, not a folder".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        ErrorKind::InvalidData => "it is not readable text".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

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

/// The file `PLUMBLINE_PASSPHRASE_FILE` names, when it is set and not empty.
pub fn passphrase_file_from_env() -> Option<PathBuf> {
    std::env::var_os(PASSPHRASE_FILE_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

#[cfg(test)]
mod io_reason_tests {
    use super::io_reason;

    #[test]
    fn system_error_codes_do_not_reach_the_person() {
        let missing = std::fs::File::open("/definitely/not/here.csv").unwrap_err();
        assert_eq!(io_reason(&missing), "there is no such file or folder");
        let other = std::io::Error::from_raw_os_error(5);
        assert!(
            !io_reason(&other).contains("os error"),
            "{}",
            io_reason(&other)
        );
    }
}

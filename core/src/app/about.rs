//! What Settings' About section shows: the version and licence, where the journal and its
//! backups live, and every kind of data the app keeps, with how much there is of each; and
//! which folder "Open folder" may show.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::keys::key_file_path;
use crate::paths::backups_dir;
use crate::store::{Store, StoreError};

use super::AppError;

/// The program's version (the workspace's, which `plumbline --version` prints too).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The licence, as an SPDX identifier.
pub const LICENSE: &str = "MIT";
/// The About section's contents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct About {
    pub version: String,
    pub license: String,
    /// The journal file, or `None` for a journal in memory.
    pub journal: Option<PathBuf>,
    pub backups_dir: Option<PathBuf>,
    /// What is kept, one entry per kind of data.
    pub kept: Vec<Kept>,
}

/// One kind of data the app keeps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kept {
    /// A short name: "Your journal", "Daily backups", …
    pub what: String,
    /// What it holds and when it is written, in a sentence.
    pub detail: String,
    /// Where it is (a file or folder), when it is in one place.
    pub place: Option<PathBuf>,
    /// Its size on disk, when it exists.
    pub bytes: Option<u64>,
}

/// The folders "Open folder" may show, by the name the window sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    /// The folder the journal file is in.
    Journal,
    /// The daily backups' folder beside it.
    Backups,
}

impl std::str::FromStr for Folder {
    type Err = AppError;

    fn from_str(s: &str) -> Result<Self, AppError> {
        match s {
            "journal" => Ok(Folder::Journal),
            "backups" => Ok(Folder::Backups),
            other => Err(AppError::NoSuchFolder(other.to_string())),
        }
    }
}

/// The existing folder `which` of the open journal, to show in the file manager. The path
/// always comes from the journal, never from the window.
pub fn folder(store: &Store, which: Folder) -> Result<PathBuf, AppError> {
    let journal = store.path().ok_or(AppError::InMemory)?;
    let dir = match which {
        Folder::Journal => journal
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        Folder::Backups => backups_dir(journal),
    };
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(AppError::NotYet(dir))
    }
}

/// Gathers the About section for the open journal. `keep` is how many daily backups are kept;
/// `webview_dir` is where the window's web view keeps its own data, if the shell has one.
pub fn about(store: &Store, webview_dir: Option<&Path>) -> Result<About, StoreError> {
    let journal = store.path().map(Path::to_path_buf);
    let keep = store.backup_keep()?;
    let counts = store.counts()?;
    let backups = journal.as_deref().map(backups_dir);
    let mut kept = vec![Kept {
        what: "Your journal".into(),
        detail: format!(
            "{} events, {} check-ins and {} reflections, with your beliefs, verdicts, pathways, \
             reminders and settings, in one SQLite file{}. It also holds the sentence vectors \
             the analyzer reads your texts by, worked out from them on this computer.",
            counts.events,
            counts.checkins,
            counts.reflections,
            if store.key().is_some() {
                ", encrypted"
            } else {
                ""
            }
        ),
        place: journal.clone(),
        bytes: journal.as_deref().and_then(journal_bytes),
    }];
    if let Some(dir) = &backups {
        let (files, bytes) = folder_usage(dir, |_| true);
        kept.push(Kept {
            what: "Daily backups".into(),
            detail: format!(
                "A copy of the journal each day the app is running; the newest {keep} are kept \
                 ({files} now)."
            ),
            place: Some(dir.clone()),
            bytes: (files > 0).then_some(bytes),
        });
    }
    if let Some(path) = &journal {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!("{name}.before-");
        let dir = path.parent().unwrap_or_else(|| Path::new(""));
        let (files, bytes) = folder_usage(dir, |n| n.starts_with(&prefix) && n.ends_with(".bak"));
        kept.push(Kept {
            what: "Copies before upgrades and restores".into(),
            detail: format!(
                "Before a new version changes the journal's format, or a backup replaces it, a \
                 copy whose name starts with {name}.before- is written beside it; they are \
                 rotated with the daily backups ({files} now)."
            ),
            place: None,
            bytes: (files > 0).then_some(bytes),
        });
        let keys = key_file_path(path);
        if let Ok(m) = std::fs::metadata(&keys) {
            kept.push(Kept {
                what: "The journal's key file".into(),
                detail: "The key that opens the encrypted journal, locked by your passphrase and \
                         by your recovery key; without one of those it opens nothing."
                    .into(),
                place: Some(keys.clone()),
                bytes: Some(m.len()),
            });
        }
    }
    if let Some(dir) = webview_dir {
        let (files, bytes) = folder_usage_deep(dir);
        kept.push(Kept {
            what: "The window's own data".into(),
            detail: "The web view that draws the window keeps a small cache of its own; none \
                     of your journal is in it."
                .into(),
            place: Some(dir.to_path_buf()),
            bytes: (files > 0).then_some(bytes),
        });
    }
    kept.push(Kept {
        what: "Nothing else".into(),
        detail: "Exports and backups you make go only where you choose. Plumbline makes no \
                 network connections and sends nothing anywhere."
            .into(),
        place: None,
        bytes: None,
    });
    Ok(About {
        version: VERSION.into(),
        license: LICENSE.into(),
        journal,
        backups_dir: backups,
        kept,
    })
}

/// The journal's size with its write-ahead log.
fn journal_bytes(path: &Path) -> Option<u64> {
    let main = std::fs::metadata(path).ok()?.len();
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    Some(main + std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len()))
}

/// How many files directly in `dir` match, and their total size.
fn folder_usage(dir: &Path, matches: impl Fn(&str) -> bool) -> (usize, u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (0, 0);
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(&matches))
        .filter_map(|e| e.metadata().ok().filter(|m| m.is_file()))
        .fold((0, 0), |(n, b), m| (n + 1, b + m.len()))
}

/// Files and total size of everything under `dir` (a few levels; a web view's cache is shallow).
fn folder_usage_deep(dir: &Path) -> (usize, u64) {
    fn walk(dir: &Path, depth: u32, acc: &mut (usize, u64)) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() && depth < 8 {
                walk(&e.path(), depth + 1, acc);
            } else if m.is_file() {
                acc.0 += 1;
                acc.1 += m.len();
            }
        }
    }
    let mut acc = (0, 0);
    walk(dir, 0, &mut acc);
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{parse_instant, EventInput, Kind};

    #[test]
    fn about_names_the_version_licence_and_every_place_with_sizes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.plumbline");
        let mut store = Store::open(&path).expect("journal");
        let at = parse_instant("2026-11-20T09:00:00+01:00").expect("instant");
        let clock = FixedClock(at);
        store
            .log_event(EventInput::new(at, Kind::Completed, "Write"), &clock)
            .expect("event");
        let today = at.date_naive();
        store
            .daily_backup(&backups_dir(&path), today, 14)
            .expect("backup");
        std::fs::write(dir.path().join("journal.plumbline.before-v3.bak"), b"x").expect("w");
        std::fs::write(
            dir.path().join("journal.plumbline.before-restore-2.bak"),
            b"yz",
        )
        .expect("w");
        std::fs::write(dir.path().join("journal.plumbline.keys"), b"{}").expect("w");
        let web = dir.path().join("web");
        std::fs::create_dir_all(web.join("cache")).expect("dir");
        std::fs::write(web.join("cache").join("a"), b"abc").expect("w");

        let a = about(&store, Some(&web)).expect("about");
        assert_eq!(a.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(a.license, "MIT");
        assert_eq!(a.journal.as_deref(), Some(path.as_path()));
        assert_eq!(a.backups_dir, Some(dir.path().join("backups")));
        let by = |what: &str| {
            a.kept
                .iter()
                .find(|k| k.what == what)
                .unwrap_or_else(|| panic!("{what} listed"))
        };
        let journal = by("Your journal");
        assert!(journal.detail.starts_with("1 events, 0 check-ins"));
        assert!(journal.bytes.is_some_and(|b| b > 0));
        let backups = by("Daily backups");
        assert!(backups.detail.contains("newest 14") && backups.detail.contains("(1 now)"));
        assert!(backups.bytes.is_some_and(|b| b > 0));
        assert_eq!(by("Copies before upgrades and restores").bytes, Some(3));
        assert_eq!(by("The journal's key file").bytes, Some(2));
        assert_eq!(by("The window's own data").bytes, Some(3));
        assert!(by("Nothing else").detail.contains("no network"));
    }

    #[test]
    fn about_an_in_memory_journal_has_no_places() {
        let store = Store::open_in_memory().expect("journal");
        let a = about(&store, None).expect("about");
        assert_eq!(a.journal, None);
        assert_eq!(a.backups_dir, None);
        let names: Vec<&str> = a.kept.iter().map(|k| k.what.as_str()).collect();
        assert_eq!(names, ["Your journal", "Nothing else"]);
    }

    #[test]
    fn only_the_two_folders_are_named_and_a_missing_one_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("journal.plumbline");
        let store = Store::open(&path).expect("journal");
        assert!(matches!(
            "/etc".parse::<Folder>(),
            Err(AppError::NoSuchFolder(n)) if n == "/etc"
        ));
        let journal: Folder = "journal".parse().expect("known");
        assert_eq!(folder(&store, journal).expect("exists"), dir.path());
        let backups: Folder = "backups".parse().expect("known");
        let err = folder(&store, backups).expect_err("no backup yet");
        assert!(err.to_string().contains("does not exist yet"), "{err}");
        std::fs::create_dir(dir.path().join("backups")).expect("dir");
        assert_eq!(
            folder(&store, backups).expect("exists"),
            dir.path().join("backups")
        );
        let memory = Store::open_in_memory().expect("journal");
        assert!(matches!(folder(&memory, journal), Err(AppError::InMemory)));
    }

    #[test]
    fn backups_sit_beside_the_journal() {
        assert_eq!(
            backups_dir(Path::new(
                "/home/a/.local/share/plumbline/journal.plumbline"
            )),
            Path::new("/home/a/.local/share/plumbline/backups")
        );
    }
}

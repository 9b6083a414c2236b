//! What the desktop app tells the person when the journal cannot be opened at launch.
//!
//! Launched from the menu or at login there is no terminal to print to, so the app shows a
//! native dialog built from [`OpenProblem`]: it names the journal file and the backups folder,
//! says what is wrong in plain words, and offers to restore the newest backup when that makes
//! sense (the journal is damaged or not a journal — never when it is only locked, or written
//! by a newer Plumbline, where restoring would throw away what the person has).

use std::path::{Path, PathBuf};

use crate::store::StoreError;

/// A journal that could not be opened, said for a dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenProblem {
    pub title: String,
    pub message: String,
    pub journal: PathBuf,
    pub backups: PathBuf,
    /// The newest automatic backup, when restoring it is offered.
    pub restore: Option<PathBuf>,
}

/// The dialog for a journal at `journal` that failed to open with `error`.
pub fn open_problem(journal: &Path, error: &StoreError) -> OpenProblem {
    let backups = crate::paths::backups_dir(journal);
    let newest = newest_backup(journal, &backups);
    let (what, restorable) = match error {
        StoreError::TooNew { .. } => (
            "It was written by a newer version of Plumbline. Update Plumbline to open it.",
            false,
        ),
        StoreError::Encrypted { .. } | StoreError::WrongKey { .. } => (
            "It is encrypted and could not be unlocked: name a file holding its passphrase in PLUMBLINE_PASSPHRASE_FILE, or run `plumbline --passphrase-file FILE decrypt`.",
            false,
        ),
        StoreError::NotAJournal { .. } | StoreError::Corrupt { .. } => {
            ("It is damaged, or it is not a Plumbline journal.", true)
        }
        StoreError::Io { .. } => (
            "It could not be read; check that the file and its folder belong to you.",
            false,
        ),
        _ => (
            "It is locked or unreadable right now; close other programs using it and try again.",
            false,
        ),
    };
    let restore = newest.filter(|_| restorable);
    let mut message = format!(
        "Plumbline could not open your journal.\n\n{what}\n\nJournal: {}\nBackups: {}\n\nDetails: {error}",
        journal.display(),
        backups.display()
    );
    match &restore {
        Some(b) => message.push_str(&format!(
            "\n\nRestore the newest backup ({})? The journal as it is now is kept beside it.",
            b.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        )),
        None if restorable => message.push_str("\n\nThere is no backup to restore."),
        None => {}
    }
    OpenProblem {
        title: "Plumbline cannot open your journal".to_string(),
        message,
        journal: journal.to_path_buf(),
        backups,
        restore,
    }
}

/// The newest automatic backup of `journal` in `backups` (`<name>-<YYYY-MM-DD>.bak`).
pub fn newest_backup(journal: &Path, backups: &Path) -> Option<PathBuf> {
    let prefix = format!("{}-", journal.file_name()?.to_str()?);
    std::fs::read_dir(backups)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.strip_prefix(&prefix)
                    .and_then(|rest| rest.strip_suffix(".bak"))
                    .is_some_and(|d| crate::domain::parse_date(d).is_ok())
            })
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_damaged_journal_names_its_file_and_backups_and_offers_the_newest() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = dir.path().join("journal.plumbline");
        let store = Store::open(&journal).expect("journal");
        let backups = dir.path().join("backups");
        for d in ["2026-11-19", "2026-11-20"] {
            store
                .daily_backup(&backups, d.parse().expect("date"), 5)
                .expect("backup");
        }
        drop(store);
        std::fs::write(&journal, b"garbage, not a journal").expect("damage");
        let err = Store::open(&journal).expect_err("damaged");
        let p = open_problem(&journal, &err);
        assert!(
            p.message.contains(&journal.display().to_string()),
            "{}",
            p.message
        );
        assert!(
            p.message.contains(&backups.display().to_string()),
            "{}",
            p.message
        );
        assert_eq!(
            p.restore.as_deref(),
            Some(backups.join("journal.plumbline-2026-11-20.bak").as_path())
        );
        // Restoring it, as the dialog offers, keeps the damaged file aside.
        let clock = crate::clock::FixedClock(
            crate::domain::parse_instant("2026-11-24T09:00:00+01:00").expect("instant"),
        );
        let kept = Store::restore(&journal, p.restore.as_deref().expect("offered"), &clock)
            .expect("restored")
            .expect("kept");
        assert_eq!(
            std::fs::read(kept).expect("read"),
            b"garbage, not a journal"
        );
        Store::open(&journal).expect("opens again");
    }

    #[test]
    fn a_newer_journal_is_never_offered_a_restore() {
        let journal = Path::new("/nowhere/journal.plumbline");
        let err = StoreError::TooNew {
            path: journal.to_path_buf(),
            found: 99,
            supported: 5,
        };
        let p = open_problem(journal, &err);
        assert!(p.restore.is_none());
        assert!(p.message.contains("newer version"), "{}", p.message);
    }
}

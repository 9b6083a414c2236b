//! What the desktop app tells the person when the journal cannot be opened at launch.
//!
//! Launched from the menu or at login there is no terminal to print to, so the app shows a
//! native dialog built from [`OpenProblem`]: it names the journal file and the backups folder,
//! says what is wrong in plain words, and offers to restore the newest backup when that makes
//! sense (the journal is damaged or not a journal — never when it is only locked, or written
//! by a newer Plumbline, where restoring would throw away what the person has).

use std::path::{Path, PathBuf};

use super::lock::{Held, LockError};
use crate::clock::Clock;
use crate::keys::{DataKey, Secret};
use crate::store::{Store, StoreError};

/// Opens (or creates) the journal at `path`, creating its folder first (owner-only).
pub fn open_journal(path: &Path) -> Result<Store, StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::files::create_private_dir(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    Store::open(path)
}

/// The journal at launch: an encrypted one starts locked, and is unlocked at once with the
/// passphrase in `passphrase_file` when one is named, else with the key `remembered` gives (a
/// key kept on this device; `forget` is called when it no longer opens the journal). Any
/// other journal is opened ([`open_journal`]).
pub fn open_held(
    path: &Path,
    passphrase_file: Option<&Path>,
    remembered: impl FnOnce() -> Option<DataKey>,
    forget: impl FnOnce(),
) -> Result<Held, StoreError> {
    if !Held::needs_unlock(path) {
        return open_journal(path).map(Held::Open);
    }
    let mut held = Held::locked_at(path).map_err(lock_to_store)?;
    let Some(file) = passphrase_file else {
        if let Some(key) = remembered() {
            if held.unlock_with_key(&key).is_err() {
                forget();
            }
        }
        return Ok(held);
    };
    let secret = Secret::from_file(file).map_err(|_| StoreError::WrongKey {
        path: path.to_path_buf(),
    })?;
    held.unlock(&secret).map_err(lock_to_store)?;
    Ok(held)
}

/// [`open_held`] as a front end launches: with the passphrase in the file
/// `PLUMBLINE_PASSPHRASE_FILE` names, else with a key "Remember on this device" kept in the
/// system keyring (forgotten there when it no longer opens the journal).
pub fn open_at_launch(path: &Path) -> Result<Held, StoreError> {
    use crate::remember::{forget, recall};
    let file = crate::paths::passphrase_file_from_env();
    open_held(path, file.as_deref(), || recall(path), || forget(path))
}

/// A failure to unlock at launch as the store's error, which [`open_problem`] explains.
fn lock_to_store(e: LockError) -> StoreError {
    match e {
        LockError::Store(s) => s,
        LockError::WrongSecret { journal } => StoreError::WrongKey { path: journal },
        other => StoreError::Io {
            path: PathBuf::new(),
            source: std::io::Error::other(other.to_string()),
        },
    }
}

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

/// A native dialog the launch shows: a title, the words, and whether it asks yes or no
/// (restore the newest backup?) rather than only telling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialog {
    pub title: String,
    pub message: String,
    pub asks: bool,
}

impl Dialog {
    fn telling(title: &str, message: impl std::fmt::Display) -> Dialog {
        Dialog {
            title: title.to_string(),
            message: message.to_string(),
            asks: false,
        }
    }
}

/// The journal at launch, from where it is to a journal a window can use. `journal` is its
/// path (`None` when the system names no data directory); `open` opens it (the front end's
/// [`open_held`]). When it cannot be opened the person is told with `show`, which returns
/// whether they answered yes; when they accept restoring the newest backup it is restored (the
/// unopenable file kept aside, see [`Store::restore`]) and opened again, and a failure of that
/// is shown too. `None` when the app cannot start.
pub fn launch(
    journal: Option<&Path>,
    open: impl Fn(&Path) -> Result<Held, StoreError>,
    clock: &dyn Clock,
    mut show: impl FnMut(&Dialog) -> bool,
) -> Option<Held> {
    let Some(path) = journal else {
        show(&Dialog::telling(
            "Plumbline cannot find where to keep your journal",
            "No data directory is known on this system; set PLUMBLINE_DB to the journal's path.",
        ));
        return None;
    };
    let error = match open(path) {
        Ok(held) => return Some(held),
        Err(e) => e,
    };
    let problem = open_problem(path, &error);
    let yes = show(&Dialog {
        asks: problem.restore.is_some(),
        ..Dialog::telling(&problem.title, &problem.message)
    });
    let backup = problem.restore.filter(|_| yes)?;
    match Store::restore(path, &backup, clock).and_then(|_| open(path)) {
        Ok(held) => Some(held),
        Err(e) => {
            show(&Dialog::telling(
                "Plumbline could not restore the backup",
                e,
            ));
            None
        }
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

    fn clock() -> crate::clock::FixedClock {
        crate::clock::FixedClock(
            crate::domain::parse_instant("2026-11-24T09:00:00+01:00").expect("instant"),
        )
    }

    /// Runs [`launch`] on `journal`, answering every question `yes`; the dialogs shown.
    fn launched(journal: Option<&Path>, yes: bool) -> (Option<Held>, Vec<Dialog>) {
        let mut shown = Vec::new();
        let open = |p: &Path| open_held(p, None, || None, || {});
        let held = launch(journal, open, &clock(), |d| {
            shown.push(d.clone());
            yes
        });
        (held, shown)
    }

    /// A journal file that no longer opens, with daily backups of `days` (written whole, or
    /// as garbage when `garbage`).
    fn damaged(dir: &Path, days: &[&str], garbage: bool) -> PathBuf {
        let journal = dir.join("journal.plumbline");
        let store = Store::open(&journal).expect("journal");
        let backups = dir.join("backups");
        for d in days {
            let b = store
                .daily_backup(&backups, d.parse().expect("date"), 5)
                .expect("backup")
                .expect("written");
            if garbage {
                std::fs::write(b, b"not a backup either").expect("damage the backup");
            }
        }
        drop(store);
        std::fs::write(&journal, b"garbage, not a journal").expect("damage");
        journal
    }

    #[test]
    fn a_launch_without_a_data_directory_says_so_and_stops() {
        let (held, shown) = launched(None, true);
        assert!(held.is_none());
        assert_eq!(shown.len(), 1);
        assert!(!shown[0].asks);
        assert!(shown[0].message.contains("PLUMBLINE_DB"), "{:?}", shown[0]);
    }

    #[test]
    fn a_journal_that_opens_shows_no_dialog() {
        let dir = tempfile::tempdir().expect("dir");
        let (held, shown) = launched(Some(&dir.path().join("journal.plumbline")), true);
        assert!(held.is_some_and(|h| !h.is_locked()));
        assert!(shown.is_empty());
    }

    #[test]
    fn a_damaged_journal_is_restored_only_when_the_person_says_yes() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = damaged(dir.path(), &["2026-11-20"], false);
        let (held, shown) = launched(Some(&journal), false);
        assert!(held.is_none());
        assert_eq!(shown.len(), 1);
        assert!(shown[0].asks && shown[0].message.contains("Restore the newest backup"));
        assert_eq!(
            std::fs::read(&journal).expect("read"),
            b"garbage, not a journal",
            "no means the file stays as it is"
        );

        let (held, shown) = launched(Some(&journal), true);
        assert!(
            held.is_some_and(|h| h.store().is_ok()),
            "restored and opened"
        );
        assert_eq!(shown.len(), 1);
        let kept = std::fs::read_dir(dir.path())
            .expect("folder")
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".unopenable-"));
        assert!(kept, "the damaged file is kept aside");
    }

    #[test]
    fn a_damaged_journal_without_backups_is_only_explained() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = damaged(dir.path(), &[], false);
        let (held, shown) = launched(Some(&journal), true);
        assert!(held.is_none());
        assert_eq!(shown.len(), 1);
        assert!(!shown[0].asks);
        assert!(shown[0].message.contains("There is no backup to restore"));
    }

    #[test]
    fn a_backup_that_cannot_be_restored_is_said_and_the_journal_left_alone() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = damaged(dir.path(), &["2026-11-20"], true);
        let (held, shown) = launched(Some(&journal), true);
        assert!(held.is_none());
        let titles: Vec<&str> = shown.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Plumbline cannot open your journal",
                "Plumbline could not restore the backup"
            ]
        );
        assert_eq!(
            std::fs::read(&journal).expect("read"),
            b"garbage, not a journal"
        );
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

    #[test]
    fn at_launch_a_plaintext_journal_opens_and_an_encrypted_one_without_its_key_waits_locked() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let mut held = open_at_launch(&path).expect("opened");
        assert!(!held.is_locked() && !held.is_encrypted());
        held.encrypt_with(&Secret::new("pw"), crate::keys::KdfParams::TEST)
            .expect("encrypted");
        drop(held);
        // No passphrase file is named and no key was kept for this new file.
        let again = open_at_launch(&path).expect("opened locked");
        assert!(again.is_locked() && again.is_encrypted());
    }

    #[test]
    fn a_journal_opens_in_a_new_private_folder() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("new").join("journal.plumbline");
        let held = open_held(&path, None, || None, || {}).expect("opened");
        assert!(!held.is_locked() && path.is_file());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("new")).expect("folder");
            assert_eq!(mode.permissions().mode() & 0o777, 0o700);
        }
    }

    #[test]
    fn an_encrypted_journal_starts_locked_unless_a_passphrase_or_a_kept_key_opens_it() {
        use crate::clock::FixedClock;
        use crate::domain::parse_instant;
        use crate::keys::KdfParams;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let mut held = Held::Open(Store::open(&path).expect("journal"));
        held.encrypt_with(&Secret::new("pw"), KdfParams::TEST)
            .expect("encrypted");
        let key = held.store().expect("open").key().cloned().expect("a key");
        let now = parse_instant("2026-11-24T09:00:00+01:00").expect("instant");
        held.lock(&FixedClock(now)).expect("locked");
        drop(held);

        let forgot = std::cell::Cell::new(false);
        let locked = open_held(&path, None, || None, || forgot.set(true)).expect("locked");
        assert!(locked.is_locked() && !forgot.get());
        let kept = open_held(&path, None, || Some(key.clone()), || forgot.set(true)).expect("kept");
        assert!(!kept.is_locked() && !forgot.get());
        drop(kept);
        let stale = DataKey::from_hex(&"00".repeat(32)).expect("a key");
        let stale = open_held(&path, None, || Some(stale), || forgot.set(true)).expect("stale");
        assert!(
            stale.is_locked() && forgot.get(),
            "a key that no longer opens it is forgotten"
        );

        let file = dir.path().join("passphrase");
        std::fs::write(&file, "pw\n").expect("written");
        let opened = open_held(&path, Some(&file), || None, || {}).expect("unlocked");
        assert!(!opened.is_locked());
        drop(opened);
        std::fs::write(&file, "wrong\n").expect("written");
        let err = open_held(&path, Some(&file), || None, || {})
            .err()
            .expect("refused");
        assert!(matches!(err, StoreError::WrongKey { .. }), "{err}");
    }
}

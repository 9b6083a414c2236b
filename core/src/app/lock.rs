//! The journal a long-running front end holds, and locking it: an encrypted journal is either
//! open (its connection holds the data key) or locked (the connection is closed and the key
//! wiped — [`DataKey`] zeroizes itself when dropped). While locked the front end can still
//! keep the reminder timer going: it holds an in-memory copy of the reminders' schedule (times,
//! days, quiet hours, the last look), never any text the person wrote, and delivers the
//! firings with neutral words.
//!
//! Turning encryption on and changing the passphrase happen here too, so the desktop's
//! commands stay adapters.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::AppError;
use crate::clock::Clock;
use crate::keys::{key_file_path, DataKey, KdfParams, KeyError, KeyFile, RecoveryKey, Secret};
use crate::paths;
use crate::reminders::Purpose;
use crate::store::{looks_encrypted, Converted, Store, StoreError};

/// Why the journal could not be locked, unlocked or (re)keyed.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// The journal is locked: nothing can be read or written until it is unlocked.
    #[error("the journal is locked; unlock it first")]
    Locked,
    /// The passphrase (or recovery key) given does not open the journal.
    #[error("that passphrase does not open {}", journal.display())]
    WrongSecret { journal: PathBuf },
    /// A passphrase must not be empty.
    #[error("the passphrase is empty; choose one with at least one character")]
    EmptyPassphrase,
    /// The journal is not encrypted (there is nothing to lock or rekey).
    #[error("{} is not encrypted", journal.display())]
    NotEncrypted { journal: PathBuf },
    /// The journal is already encrypted.
    #[error("{} is already encrypted", journal.display())]
    AlreadyEncrypted { journal: PathBuf },
    /// An in-memory journal has no file to encrypt.
    #[error("an in-memory journal cannot be encrypted")]
    InMemory,
    /// The new passphrase and its confirmation differ.
    #[error("the two passphrases differ; type the same one twice")]
    Mismatch,
    #[error(transparent)]
    Key(KeyError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<KeyError> for LockError {
    fn from(e: KeyError) -> Self {
        match e {
            KeyError::WrongSecret { journal } => LockError::WrongSecret { journal },
            other => LockError::Key(other),
        }
    }
}

impl From<LockError> for AppError {
    fn from(e: LockError) -> Self {
        match e {
            LockError::Store(s) => AppError::Store(s),
            other => AppError::Lock(other),
        }
    }
}

/// The journal of a long-running front end: open, or locked.
pub enum Held {
    Open(Store),
    Locked {
        /// The journal's file.
        path: PathBuf,
        /// The reminders' schedule, in memory, for the timer while locked.
        schedule: Store,
    },
}

impl Held {
    /// A journal at `path` that is encrypted and not unlocked yet (as at launch): locked, with
    /// an empty schedule until the first unlock.
    pub fn locked_at(path: &Path) -> Result<Held, LockError> {
        Ok(Held::Locked {
            path: path.to_path_buf(),
            schedule: Store::open_in_memory()?,
        })
    }

    /// Whether the journal at `path` is encrypted (it has a key file and does not read as
    /// plaintext SQLite), so it needs unlocking before it can be opened.
    pub fn needs_unlock(path: &Path) -> bool {
        key_file_path(path).is_file() && looks_encrypted(path)
    }

    /// The journal's file (`None` for an open in-memory journal).
    pub fn path(&self) -> Option<&Path> {
        match self {
            Held::Open(s) => s.path(),
            Held::Locked { path, .. } => Some(path),
        }
    }

    pub fn is_locked(&self) -> bool {
        matches!(self, Held::Locked { .. })
    }

    /// Whether the journal is encrypted (a locked journal always is).
    pub fn is_encrypted(&self) -> bool {
        match self {
            Held::Open(s) => s.is_encrypted(),
            Held::Locked { .. } => true,
        }
    }

    /// The open journal, or [`LockError::Locked`].
    pub fn store(&self) -> Result<&Store, LockError> {
        match self {
            Held::Open(s) => Ok(s),
            Held::Locked { .. } => Err(LockError::Locked),
        }
    }

    /// The open journal to write to, or [`LockError::Locked`].
    pub fn store_mut(&mut self) -> Result<&mut Store, LockError> {
        match self {
            Held::Open(s) => Ok(s),
            Held::Locked { .. } => Err(LockError::Locked),
        }
    }

    /// What the reminder timer looks at: the journal when open, else the schedule copy; and
    /// whether it is locked (then the firings carry neutral words only).
    pub fn for_timer(&mut self) -> (&mut Store, bool) {
        match self {
            Held::Open(s) => (s, false),
            Held::Locked { schedule, .. } => (schedule, true),
        }
    }

    /// Locks an open encrypted journal: copies the reminders' schedule into memory, then closes
    /// the connection, which drops (and wipes) the key. Returns false when there was nothing
    /// to lock (already locked, or not encrypted).
    pub fn lock(&mut self, clock: &dyn Clock) -> Result<bool, LockError> {
        let Held::Open(store) = self else {
            return Ok(false);
        };
        if !store.is_encrypted() {
            return Ok(false);
        }
        let Some(path) = store.path().map(Path::to_path_buf) else {
            return Ok(false);
        };
        let schedule = schedule_of(store, clock)?;
        // Replacing the open journal drops it: its connection closes and the key is wiped.
        *self = Held::Locked { path, schedule };
        Ok(true)
    }

    /// Unlocks a locked journal with a passphrase or the recovery key. A wrong one changes
    /// nothing (the journal's file is not even opened). The timer's last look while locked is
    /// carried into the journal, so a reminder delivered while locked is not delivered again.
    pub fn unlock(&mut self, secret: &Secret) -> Result<(), LockError> {
        let Held::Locked { path, .. } = self else {
            return Ok(());
        };
        let keys = KeyFile::load(&key_file_path(path))?;
        let key = keys.unlock(secret, path)?;
        self.unlock_with_key(&key)
    }

    /// Unlocks a locked journal with its data key itself (as remembered in the system keyring).
    /// A key that does not open it changes nothing.
    pub fn unlock_with_key(&mut self, key: &DataKey) -> Result<(), LockError> {
        let Held::Locked { path, schedule } = self else {
            return Ok(());
        };
        let mut store = Store::open_keyed(path, Some(key))?;
        if let Some(looked) = schedule.reminders_last_run()? {
            let newer = store.reminders_last_run()?.is_none_or(|l| l < looked);
            if newer {
                store.set_reminders_last_run(looked)?;
            }
        }
        *self = Held::Open(store);
        Ok(())
    }

    /// Turns encryption on for the open plaintext journal: a new data key sealed under
    /// `passphrase` and a new recovery key, returned to be shown once; the journal and its
    /// plaintext backups are rewritten encrypted (see `Store::encrypt`). Nothing changes if it
    /// fails.
    pub fn encrypt(&mut self, passphrase: &Secret) -> Result<RecoveryKey, LockError> {
        self.encrypt_with(passphrase, KdfParams::for_passphrase())
    }

    /// [`Held::encrypt`] with chosen key-derivation parameters (tests use cheap ones).
    pub fn encrypt_with(
        &mut self,
        passphrase: &Secret,
        params: KdfParams,
    ) -> Result<RecoveryKey, LockError> {
        if passphrase.is_empty() {
            return Err(LockError::EmptyPassphrase);
        }
        let store = self.store()?;
        let path = store
            .path()
            .map(Path::to_path_buf)
            .ok_or(LockError::InMemory)?;
        if store.is_encrypted() {
            return Err(LockError::AlreadyEncrypted { journal: path });
        }
        let (keys, key, recovery) = KeyFile::create(passphrase, params)?;
        self.convert(&path, None, |store, backups| {
            store.encrypt(&key, &keys, Some(backups))
        })?;
        Ok(recovery)
    }

    /// Converts the open journal at `path` (encrypting or decrypting it and its backups), which
    /// needs it by value: a locked placeholder is held meanwhile. A conversion writes a new file
    /// and renames it over the journal only once complete, so when it fails the journal is
    /// intact and is opened again as it was, with `key`, the key it had before.
    fn convert<T>(
        &mut self,
        path: &Path,
        key: Option<&DataKey>,
        convert: impl FnOnce(Store, &Path) -> Result<(Store, T), StoreError>,
    ) -> Result<T, LockError> {
        let Held::Open(store) = std::mem::replace(self, Held::locked_at(path)?) else {
            return Err(LockError::Locked);
        };
        match convert(store, &paths::backups_dir(path)) {
            Ok((converted, done)) => {
                *self = Held::Open(converted);
                Ok(done)
            }
            Err(e) => {
                *self = Held::Open(Store::open_keyed(path, key)?);
                Err(e.into())
            }
        }
    }

    /// Changes the passphrase of the open encrypted journal, after checking the current one (or
    /// the recovery key): the data key is sealed again, nothing else is rewritten.
    pub fn change_passphrase(&mut self, current: &Secret, new: &Secret) -> Result<(), LockError> {
        self.change_passphrase_with(current, new, KdfParams::for_passphrase())
    }

    /// [`Held::change_passphrase`] with chosen key-derivation parameters (tests).
    pub fn change_passphrase_with(
        &mut self,
        current: &Secret,
        new: &Secret,
        params: KdfParams,
    ) -> Result<(), LockError> {
        if new.is_empty() {
            return Err(LockError::EmptyPassphrase);
        }
        let store = self.store()?;
        let path = store
            .path()
            .map(Path::to_path_buf)
            .ok_or(LockError::InMemory)?;
        let Some(key) = store.key() else {
            return Err(LockError::NotEncrypted { journal: path });
        };
        let keys = KeyFile::load(&key_file_path(&path))?;
        keys.unlock(current, &path)?;
        let keys = keys.rewrap(key, new, params)?;
        store.rekey(&keys, Some(&paths::backups_dir(&path)))?;
        Ok(())
    }

    /// Turns encryption off, after checking the passphrase (or the recovery key): the journal
    /// and the encrypted copies in its backups folder become plaintext, and the key file goes.
    /// A wrong passphrase changes nothing; a conversion that fails leaves the encrypted journal
    /// as it was, open again. Returns what became of each backup.
    pub fn decrypt(&mut self, current: &Secret) -> Result<Vec<Converted>, LockError> {
        let store = self.store()?;
        let path = store
            .path()
            .map(Path::to_path_buf)
            .ok_or(LockError::InMemory)?;
        let Some(key) = store.key().cloned() else {
            return Err(LockError::NotEncrypted { journal: path });
        };
        KeyFile::load(&key_file_path(&path))?.unlock(current, &path)?;
        self.convert(&path, Some(&key), |store, backups| {
            store.decrypt(Some(backups))
        })
    }
}

/// Whether the journal is encrypted and locked, and the settings that go with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockStatus {
    pub encrypted: bool,
    pub locked: bool,
    /// The journal's file, to name on the unlock screen.
    pub journal: String,
    /// Minutes without use before an encrypted journal locks; null: never. Null while locked.
    pub lock_after_minutes: Option<u32>,
    /// Whether notifications carry the person's own words. False while locked.
    pub show_words: bool,
    /// Something to tell the person after unlocking, e.g. that no keyring could remember the
    /// key on this device.
    #[serde(default)]
    pub note: Option<String>,
}

/// The recovery key, shown once when encryption is turned on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encrypted {
    pub recovery_key: String,
    pub status: LockStatus,
}

/// Encryption turned off: the new status, and each backup left encrypted with why (the others
/// became plaintext with the journal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decrypted {
    pub status: LockStatus,
    pub left: Vec<String>,
}

impl Decrypted {
    pub fn new(status: LockStatus, backups: &[Converted]) -> Decrypted {
        let left = backups
            .iter()
            .filter_map(|c| {
                let why = c.left.as_ref()?;
                Some(format!("{} stays as it was: {why}.", c.path.display()))
            })
            .collect();
        Decrypted { status, left }
    }
}

/// The lock status of `held`: while locked only the file is named, nothing is read from it.
pub fn status(held: &Held) -> Result<LockStatus, StoreError> {
    let (journal, lock_after_minutes, show_words) = match held.store() {
        Ok(store) => (
            store.path().map(|p| p.display().to_string()),
            store.lock_after_minutes()?,
            store.notifications_show_words()?,
        ),
        Err(_) => (held.path().map(|p| p.display().to_string()), None, false),
    };
    Ok(LockStatus {
        encrypted: held.is_encrypted(),
        locked: held.is_locked(),
        journal: journal.unwrap_or_default(),
        lock_after_minutes,
        show_words,
        note: None,
    })
}

/// A new passphrase typed twice: refused ([`LockError::Mismatch`]) unless both are the same.
pub fn confirm(passphrase: &str, again: &str) -> Result<(), LockError> {
    if passphrase == again {
        return Ok(());
    }
    Err(LockError::Mismatch)
}

/// The reminders' schedule of `store` in a new in-memory journal: each reminder's time, days,
/// whether it is on and its snooze, its quiet hours and the timer's last look. Purposes are kept
/// except pathway reminders, which become plain reflection reminders (the pathway's words stay
/// in the locked journal).
pub fn schedule_of(store: &Store, clock: &dyn Clock) -> Result<Store, StoreError> {
    let mut copy = Store::open_in_memory()?;
    for r in store.reminders()? {
        let mut input = crate::reminders::ReminderInput::new(r.at, r.purpose);
        input.days = r.days;
        if r.purpose == Purpose::Pathway {
            input.purpose = Purpose::Reflection;
        }
        let added = copy.add_reminder(input, clock)?;
        if !r.enabled {
            copy.set_reminder_enabled(&added.id, false)?;
        }
    }
    copy.set_quiet_hours(store.quiet_hours()?)?;
    if let Some(last) = store.reminders_last_run()? {
        copy.set_reminders_last_run(last)?;
    }
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::parse_instant;
    use crate::reminders::{ReminderInput, TimeOfDay};

    fn clock() -> FixedClock {
        FixedClock(parse_instant("2026-11-24T09:00:00+01:00").expect("instant"))
    }

    fn cheap() -> KdfParams {
        KdfParams::TEST
    }

    #[test]
    fn decrypt_needs_the_passphrase_and_leaves_a_plaintext_journal_without_a_key_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let mut store = Store::open(&path).expect("journal");
        store
            .log_event(
                crate::domain::EventInput::new(
                    clock().0,
                    crate::domain::Kind::Completed,
                    "kept 4417",
                ),
                &clock(),
            )
            .expect("event");
        let mut held = Held::Open(store);
        assert!(matches!(
            held.decrypt(&Secret::new("x")),
            Err(LockError::NotEncrypted { .. })
        ));
        let recovery = held
            .encrypt_with(&Secret::new("correct horse"), cheap())
            .expect("encrypted");
        let before = std::fs::read(&path).expect("journal bytes");

        // A wrong passphrase changes nothing, and the journal stays open and encrypted.
        assert!(matches!(
            held.decrypt(&Secret::new("wrong")),
            Err(LockError::WrongSecret { .. })
        ));
        assert_eq!(std::fs::read(&path).expect("journal bytes"), before);
        assert!(held.is_encrypted() && !held.is_locked());

        // The recovery key works wherever the passphrase does.
        let done = held
            .decrypt(&Secret::new(recovery.as_str()))
            .expect("decrypted");
        assert!(done.iter().all(|c| c.left.is_none()), "{done:?}");
        assert!(!held.is_encrypted() && !held.is_locked());
        assert!(!key_file_path(&path).exists(), "the key file is gone");
        assert!(!Held::needs_unlock(&path));
        let reopened = Store::open(&path).expect("opens as plaintext");
        let events = reopened
            .events(&crate::store::Query::default())
            .expect("events");
        assert_eq!(events[0].task, "kept 4417");
        assert!(std::fs::read(&path)
            .expect("journal bytes")
            .windows(9)
            .any(|w| w == b"kept 4417"));
    }

    #[test]
    fn lock_wipes_the_journal_keeps_the_schedule_and_unlock_needs_the_passphrase() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let mut store = Store::open(&path).expect("journal");
        let at: TimeOfDay = "08:30".parse().expect("time");
        store
            .add_reminder(ReminderInput::new(at, Purpose::Checkin), &clock())
            .expect("reminder");
        let mut held = Held::Open(store);
        assert!(!held.lock(&clock()).expect("plaintext"), "nothing to lock");
        assert!(!held.is_locked());

        let recovery = held
            .encrypt_with(&Secret::new("correct horse"), cheap())
            .expect("encrypted");
        assert!(held.is_encrypted() && !held.is_locked());
        assert!(held.lock(&clock()).expect("locked"));
        assert!(held.is_locked());
        assert!(matches!(held.store(), Err(LockError::Locked)));
        let (schedule, locked) = held.for_timer();
        assert!(locked);
        assert_eq!(schedule.reminders().expect("schedule")[0].at, at);
        assert!(schedule.path().is_none(), "the schedule is in memory");

        let before = std::fs::read(&path).expect("read");
        let err = held.unlock(&Secret::new("wrong")).expect_err("wrong");
        assert!(matches!(err, LockError::WrongSecret { .. }), "{err}");
        assert!(held.is_locked());
        assert_eq!(std::fs::read(&path).expect("read"), before);

        held.unlock(&Secret::new("correct horse"))
            .expect("unlocked");
        assert_eq!(held.store().expect("open").reminders().expect("r").len(), 1);
        // The recovery key unlocks too.
        held.lock(&clock()).expect("locked");
        held.unlock(&Secret::new(recovery.as_str()))
            .expect("recovery key");

        // A new passphrase: the old one no longer opens it, the new one does.
        let err = held
            .change_passphrase_with(&Secret::new("nope"), &Secret::new("new one"), cheap())
            .expect_err("current passphrase checked");
        assert!(matches!(err, LockError::WrongSecret { .. }), "{err}");
        held.change_passphrase_with(
            &Secret::new("correct horse"),
            &Secret::new("new one"),
            cheap(),
        )
        .expect("changed");
        held.lock(&clock()).expect("locked");
        assert!(held.unlock(&Secret::new("correct horse")).is_err());
        held.unlock(&Secret::new("new one"))
            .expect("new passphrase");
    }

    #[test]
    fn reminders_fire_from_the_schedule_while_locked_and_not_again_after_unlock() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let mut store = Store::open(&path).expect("journal");
        let at: TimeOfDay = "08:30".parse().expect("time");
        store
            .add_reminder(ReminderInput::new(at, Purpose::Reflection), &clock())
            .expect("reminder");
        store
            .set_reminders_last_run(parse_instant("2026-11-25T08:00:00+01:00").expect("i"))
            .expect("last run");
        let mut held = Held::Open(store);
        held.encrypt_with(&Secret::new("pw"), cheap())
            .expect("encrypted");
        held.lock(&clock()).expect("locked");
        let zone = chrono::FixedOffset::east_opt(3600).expect("offset");
        let now = parse_instant("2026-11-25T08:31:00+01:00").expect("instant");
        let (schedule, locked) = held.for_timer();
        assert!(locked);
        let t = crate::app::tick::tick(schedule, now, &zone).expect("tick");
        assert_eq!(t.deliveries.len(), 1, "{:?}", t.deliveries);
        held.unlock(&Secret::new("pw")).expect("unlocked");
        let (store, locked) = held.for_timer();
        assert!(!locked);
        let later = parse_instant("2026-11-25T08:32:00+01:00").expect("instant");
        let t = crate::app::tick::tick(store, later, &zone).expect("tick");
        assert!(
            t.deliveries.is_empty(),
            "delivered twice: {:?}",
            t.deliveries
        );
    }

    #[test]
    fn a_journal_locked_at_launch_needs_unlocking_and_an_empty_passphrase_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let mut held = Held::Open(Store::open(&path).expect("journal"));
        assert!(matches!(
            held.encrypt_with(&Secret::new(""), cheap()),
            Err(LockError::EmptyPassphrase)
        ));
        held.encrypt_with(&Secret::new("pw"), cheap())
            .expect("encrypted");
        drop(held);
        assert!(Held::needs_unlock(&path));
        let mut held = Held::locked_at(&path).expect("locked");
        assert!(held.is_locked() && held.is_encrypted());
        held.unlock(&Secret::new("pw")).expect("unlocked");
        assert!(held.store().expect("open").is_encrypted());
        let plain = dir.path().join("plain.plumbline");
        drop(Store::open(&plain).expect("plain"));
        assert!(!Held::needs_unlock(&plain));
    }

    #[test]
    fn the_status_names_the_file_and_reads_nothing_while_locked() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let mut held = Held::Open(Store::open(&path).expect("journal"));
        let s = status(&held).expect("status");
        assert!(!s.encrypted && !s.locked && s.show_words);
        assert_eq!(s.journal, path.display().to_string());
        assert_eq!(s.lock_after_minutes, Some(5));
        held.encrypt_with(&Secret::new("pw"), cheap())
            .expect("encrypted");
        let s = status(&held).expect("status");
        assert!(
            s.encrypted && !s.locked && !s.show_words,
            "no words once encrypted"
        );
        held.lock(&clock()).expect("locked");
        let s = status(&held).expect("status");
        assert!(s.encrypted && s.locked);
        assert_eq!((s.lock_after_minutes, s.show_words), (None, false));
        assert_eq!(s.journal, path.display().to_string());
    }

    #[test]
    fn a_new_passphrase_must_be_typed_the_same_twice() {
        assert!(confirm("correct horse", "correct horse").is_ok());
        let err = confirm("correct horse", "correct hose").expect_err("differ");
        assert!(matches!(err, LockError::Mismatch), "{err}");
    }
}

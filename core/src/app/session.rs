//! What a long-running front end shares between its commands ([`Session`]): the journal
//! (open, or locked when it is encrypted) behind one lock, the clock, the zone typed times are
//! placed in, the files chosen for import (named to the window by opaque handles), when the
//! window was last used (for the idle lock), and, while a demo journal is open, the person's own
//! journal, set aside (open when it is plaintext; locked, with its reminders' schedule in
//! memory, when it is encrypted), so their reminders keep coming.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::NaiveDate;

use super::lock::{confirm, status, Decrypted, Encrypted, Held, LockError, LockStatus};
use super::refusal::Refusal;
use super::AppError;
use crate::clock::{Clock, FixedClock};
use crate::domain::Instant;
use crate::keys::{KdfParams, Secret};
use crate::store::Store;
use crate::zone::LocalZone;

/// What every command shares: the journal, the clock and the zone typed times are placed in.
pub struct Session {
    journal: Mutex<Held>,
    clock: Box<dyn Clock>,
    zone: LocalZone,
    /// Files chosen in the system's file chooser for import, by opaque handle: the window
    /// names a chosen file by its handle, never by a path.
    chosen: Mutex<HashMap<String, PathBuf>>,
    /// When the window was last used (for the idle lock).
    last_used: Mutex<std::time::Instant>,
    /// While a demo journal is open: the person's own journal, set aside (never written by
    /// the demo; the reminder timer looks at it). Its lock is taken before the journal's.
    own: Mutex<Option<Held>>,
}

/// The open journal, behind the session's lock (see [`Session::store`]).
pub struct StoreGuard<'a>(MutexGuard<'a, Held>);

impl Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        // Made only by `Session::open_journal`, which checked the journal is open under this
        // lock.
        self.0
            .store()
            .expect("checked open when the guard was made")
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.0
            .store_mut()
            .expect("checked open when the guard was made")
    }
}

impl Session {
    /// The journal with `clock` and the person's `zone` (the running app's is
    /// [`LocalZone::detect`]): typed times are placed in it and "today" is its date.
    pub fn new(journal: Held, clock: Box<dyn Clock>, zone: LocalZone) -> Self {
        Self {
            journal: Mutex::new(journal),
            clock,
            zone,
            chosen: Mutex::default(),
            last_used: Mutex::new(std::time::Instant::now()),
            own: Mutex::new(None),
        }
    }

    /// The open journal (never held across a wait); refused while it is locked.
    pub fn store(&self) -> Result<StoreGuard<'_>, Refusal> {
        Ok(self.open_journal()?)
    }

    /// [`Session::store`] for core's functions, which speak [`AppError`].
    pub fn open_journal(&self) -> Result<StoreGuard<'_>, AppError> {
        let held = self.journal.lock().map_err(|_| AppError::Unavailable)?;
        if held.is_locked() {
            return Err(AppError::Lock(LockError::Locked));
        }
        Ok(StoreGuard(held))
    }

    /// The journal, open or locked (for locking, unlocking and the reminder timer).
    pub fn held(&self) -> Result<MutexGuard<'_, Held>, Refusal> {
        self.journal.lock().map_err(|_| {
            Refusal::plain(
                "The journal is unavailable after an earlier failure; restart Plumbline.",
            )
        })
    }

    /// Unlocks the journal with a passphrase or the recovery key and, with `remember`, keeps
    /// its key in the system keyring for the next launch (without, forgets any kept before);
    /// the window counts as used. The lock status, with a note when the keyring could not keep
    /// the key.
    pub fn unlock(&self, secret: &Secret, remember: bool) -> Result<LockStatus, Refusal> {
        let (path, key) = {
            let mut held = self.held()?;
            held.unlock(secret)?;
            let store = held.store()?;
            (store.path().map(Path::to_path_buf), store.key().cloned())
        };
        self.touch();
        let note = match (path, key, remember) {
            (Some(path), Some(key), true) => crate::remember::remember(&path, &key).err(),
            (Some(path), _, false) => {
                crate::remember::forget(&path);
                None
            }
            _ => None,
        };
        Ok(LockStatus {
            note,
            ..status(&*self.held()?)?
        })
    }

    /// The journal's lock status and the settings that go with it (nothing is read from the
    /// journal while it is locked).
    pub fn lock_status(&self) -> Result<LockStatus, Refusal> {
        Ok(status(&*self.held()?)?)
    }

    /// Turns encryption on with a new passphrase typed twice (`again`, which must be the same);
    /// the recovery key, to be shown once, with the new status.
    pub fn turn_on_encryption(
        &self,
        passphrase: String,
        again: String,
    ) -> Result<Encrypted, Refusal> {
        self.turn_on_encryption_with(passphrase, again, KdfParams::for_passphrase())
    }

    fn turn_on_encryption_with(
        &self,
        passphrase: String,
        again: String,
        params: KdfParams,
    ) -> Result<Encrypted, Refusal> {
        let secret = typed_twice(passphrase, again)?;
        let recovery = self.held()?.encrypt_with(&secret, params)?;
        Ok(Encrypted {
            recovery_key: recovery.as_str().to_string(),
            status: self.lock_status()?,
        })
    }

    /// Changes the passphrase to a new one typed twice, after checking the `current` one (or
    /// the recovery key).
    pub fn change_passphrase(
        &self,
        current: String,
        passphrase: String,
        again: String,
    ) -> Result<LockStatus, Refusal> {
        self.change_passphrase_with(current, passphrase, again, KdfParams::for_passphrase())
    }

    fn change_passphrase_with(
        &self,
        current: String,
        passphrase: String,
        again: String,
        params: KdfParams,
    ) -> Result<LockStatus, Refusal> {
        let current = Secret::new(current);
        let new = typed_twice(passphrase, again)?;
        self.held()?
            .change_passphrase_with(&current, &new, params)?;
        self.lock_status()
    }

    /// Turns encryption off after checking the `current` passphrase (or the recovery key); a
    /// key kept by "Remember on this device" is forgotten, as there is nothing left for it to
    /// open. The new status, with each backup left encrypted and why.
    pub fn turn_off_encryption(&self, current: String) -> Result<Decrypted, Refusal> {
        let current = Secret::new(current);
        let mut held = self.held()?;
        let backups = held.decrypt(&current)?;
        if let Some(path) = held.path() {
            crate::remember::forget(path);
        }
        drop(held);
        Ok(Decrypted::new(self.lock_status()?, &backups))
    }

    /// Minutes without use before the encrypted journal locks (`None`: never); the new status.
    pub fn set_lock_after(&self, minutes: Option<u32>) -> Result<LockStatus, Refusal> {
        self.store()?.set_lock_after_minutes(minutes)?;
        self.lock_status()
    }

    /// Whether notifications carry the person's own words; the new status.
    pub fn set_notification_words(&self, show: bool) -> Result<LockStatus, Refusal> {
        self.store()?.set_notifications_show_words(show)?;
        self.lock_status()
    }

    /// Whether the journal is locked now.
    pub fn is_locked(&self) -> bool {
        self.held().is_ok_and(|h| h.is_locked())
    }

    /// Remembers a file chosen for import and gives the opaque handle the window uses for it.
    pub fn remember_chosen(&self, path: PathBuf) -> String {
        let handle = uuid::Uuid::new_v4().to_string();
        if let Ok(mut chosen) = self.chosen.lock() {
            chosen.insert(handle.clone(), path);
        }
        handle
    }

    /// The file a handle from [`Session::remember_chosen`] stands for.
    pub fn chosen(&self, handle: &str) -> Option<PathBuf> {
        self.chosen.lock().ok()?.get(handle).cloned()
    }

    /// The file an import reads: the one chosen under `handle`, else the `path` the person
    /// typed (a typed path is only ever read).
    pub fn import_source(
        &self,
        handle: Option<&str>,
        path: Option<&str>,
    ) -> Result<PathBuf, Refusal> {
        if let Some(h) = handle.filter(|h| !h.is_empty()) {
            return self.chosen(h).ok_or_else(|| {
                Refusal::of("path", "That file is no longer chosen; choose it again.")
            });
        }
        let p = path.unwrap_or_default().trim();
        if p.is_empty() {
            return Err(Refusal::of("path", "Choose a file to import first."));
        }
        Ok(PathBuf::from(p))
    }

    /// The window was used just now.
    pub fn touch(&self) {
        if let Ok(mut t) = self.last_used.lock() {
            *t = std::time::Instant::now();
        }
    }

    /// How long since the window was last used.
    pub fn idle_for(&self) -> Duration {
        self.last_used
            .lock()
            .map_or(Duration::ZERO, |t| t.elapsed())
    }

    /// The person's own journal file while a demo journal is open.
    pub fn own_journal(&self) -> Option<PathBuf> {
        let own = self.own.lock().ok()?;
        own.as_ref()?.path().map(Path::to_path_buf)
    }

    /// The person's own journal while a demo journal is open (`None` otherwise), for the
    /// reminder timer. Taken before [`Session::held`] when both are needed.
    pub fn own_held(&self) -> Result<MutexGuard<'_, Option<Held>>, Refusal> {
        self.own.lock().map_err(|_| {
            Refusal::plain(
                "The journal is unavailable after an earlier failure; restart Plumbline.",
            )
        })
    }

    /// Sets the person's open journal aside and opens `demo` in its place; an encrypted journal
    /// is locked first (its key is not kept for the demo's sake; its reminders' schedule is).
    /// Nothing changes when it fails.
    pub fn set_aside_for(&self, demo: Store) -> Result<(), AppError> {
        let mut own = self.own.lock().map_err(|_| AppError::Unavailable)?;
        if own.is_some() {
            return Ok(());
        }
        let mut held = self.journal.lock().map_err(|_| AppError::Unavailable)?;
        if held.is_locked() {
            return Err(AppError::Lock(LockError::Locked));
        }
        held.lock(self.clock())?;
        *own = Some(std::mem::replace(&mut *held, Held::Open(demo)));
        Ok(())
    }

    /// Puts the person's own journal back in place of the demo, as it was set aside (a locked
    /// one stays locked, for the lock screen); false when no demo was open.
    pub fn take_back_own(&self) -> Result<bool, AppError> {
        let mut own = self.own.lock().map_err(|_| AppError::Unavailable)?;
        let Some(back) = own.take() else {
            return Ok(false);
        };
        *self.journal.lock().map_err(|_| AppError::Unavailable)? = back;
        Ok(true)
    }

    /// The person's own journal file: the one set aside while the demo is open, else the one
    /// open or locked (`None` for a journal in memory).
    pub fn own_journal_path(&self) -> Option<PathBuf> {
        self.own_journal()
            .or_else(|| self.held().ok()?.path().map(Path::to_path_buf))
    }

    /// Now, from the session's clock.
    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    /// The session's clock.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// A fixed clock whose offset is also the zone (tests).
    pub fn fixed(store: Store, clock: FixedClock) -> Self {
        let offset = *clock.0.offset();
        Self::new(Held::Open(store), Box::new(clock), LocalZone::Fixed(offset))
    }

    /// The person's zone: wall-clock times typed in the window are placed in it, and the
    /// reminder timer looks and pauses by its dates.
    pub fn zone(&self) -> &LocalZone {
        &self.zone
    }

    /// Today's date in the session's zone.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&self.zone).date_naive()
    }
}

/// A new passphrase typed twice, as a secret; refused unless `again` is the same. Both are
/// wiped from memory either way.
fn typed_twice(passphrase: String, again: String) -> Result<Secret, LockError> {
    let same = confirm(&passphrase, &again);
    let (secret, again) = (Secret::new(passphrase), Secret::new(again));
    drop(again);
    same.map(|()| secret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parse_instant;
    use crate::keys::{KdfParams, Secret};

    fn clock() -> FixedClock {
        FixedClock(parse_instant("2026-11-24T09:00:00+01:00").expect("instant"))
    }

    #[test]
    fn a_locked_journal_is_refused_and_an_open_one_is_handed_out() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let session = Session::fixed(Store::open(&path).expect("journal"), clock());
        assert!(session.store().is_ok() && !session.is_locked());
        assert_eq!(session.zone(), &LocalZone::Fixed(*clock().0.offset()));
        assert_eq!(session.now(), clock().0);
        {
            let mut held = session.held().expect("held");
            held.encrypt_with(&Secret::new("pw"), KdfParams::TEST)
                .expect("encrypted");
            assert!(held.lock(&clock()).expect("locked"));
        }
        assert!(session.is_locked());
        let refused = session.store().err().expect("refused while locked");
        assert_eq!(refused.message, "The journal is locked; unlock it first.");
        assert!(matches!(
            session.open_journal().err(),
            Some(AppError::Lock(LockError::Locked))
        ));
    }

    #[test]
    fn unlocking_checks_the_passphrase_and_starts_the_idle_time_over() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let session = Session::fixed(Store::open(&path).expect("journal"), clock());
        {
            let mut held = session.held().expect("held");
            held.encrypt_with(&Secret::new("pw"), KdfParams::TEST)
                .expect("encrypted");
            assert!(held.lock(&clock()).expect("locked"));
        }
        let wrong = session.unlock(&Secret::new("nope"), false);
        assert_eq!(
            wrong.expect_err("refused").field.as_deref(),
            Some("passphrase")
        );
        assert!(session.is_locked(), "a wrong passphrase opens nothing");
        let status = session.unlock(&Secret::new("pw"), false).expect("unlocked");
        assert!(!status.locked && status.encrypted);
        assert_eq!(status.note, None);
        assert!(session.store().is_ok());
        assert!(session.idle_for() < Duration::from_secs(60));
    }

    #[test]
    fn encryption_is_turned_on_rekeyed_set_and_turned_off_through_the_session() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("journal.plumbline");
        let session = Session::fixed(Store::open(&path).expect("journal"), clock());
        let s = |t: &str| t.to_string();
        let mismatch = session.turn_on_encryption_with(s("pw"), s("pv"), KdfParams::TEST);
        let mismatch = mismatch.expect_err("typed differently");
        assert_eq!(mismatch.field.as_deref(), Some("confirm_passphrase"));
        assert!(
            !session.lock_status().expect("status").encrypted,
            "nothing changed"
        );

        let on = session.turn_on_encryption_with(s("pw"), s("pw"), KdfParams::TEST);
        let on = on.expect("encrypted");
        let digits = on
            .recovery_key
            .chars()
            .filter(char::is_ascii_hexdigit)
            .count();
        assert_eq!(digits, 64, "{}", on.recovery_key);
        assert!(on.status.encrypted && !on.status.locked);

        let status = session.set_lock_after(Some(9)).expect("idle time");
        assert_eq!(status.lock_after_minutes, Some(9));
        assert!(
            session
                .set_notification_words(true)
                .expect("words")
                .show_words
        );
        assert!(
            !session
                .set_notification_words(false)
                .expect("no words")
                .show_words
        );

        let wrong = session.change_passphrase_with(s("nope"), s("new"), s("new"), KdfParams::TEST);
        assert_eq!(
            wrong.expect_err("wrong").field.as_deref(),
            Some("passphrase")
        );
        let changed = session.change_passphrase_with(s("pw"), s("new"), s("new"), KdfParams::TEST);
        assert!(changed.expect("changed").encrypted);
        assert!(session
            .held()
            .expect("held")
            .lock(&clock())
            .expect("locked"));
        let old = session.unlock(&Secret::new("pw"), false);
        assert!(old.is_err(), "the old passphrase no longer opens it");
        session
            .unlock(&Secret::new("new"), false)
            .expect("the new one does");

        let refused = session
            .turn_off_encryption(s("pw"))
            .expect_err("old passphrase");
        assert_eq!(refused.field.as_deref(), Some("passphrase"));
        let off = session.turn_off_encryption(s("new")).expect("decrypted");
        assert!(!off.status.encrypted && off.left.is_empty());
    }

    #[test]
    fn a_chosen_file_is_named_by_a_handle_and_a_typed_path_is_taken_as_is() {
        let session = Session::fixed(Store::open_in_memory().expect("journal"), clock());
        let handle = session.remember_chosen(PathBuf::from("/somewhere/daylio.csv"));
        assert_ne!(handle, "/somewhere/daylio.csv");
        let chosen = session.import_source(Some(&handle), Some("/typed/other.csv"));
        assert_eq!(chosen, Ok(PathBuf::from("/somewhere/daylio.csv")));
        let gone = session.import_source(Some("no-such-handle"), None);
        assert_eq!(gone.expect_err("unknown").field.as_deref(), Some("path"));
        let typed = session.import_source(Some(""), Some("  /typed/other.csv "));
        assert_eq!(typed, Ok(PathBuf::from("/typed/other.csv")));
        let none = session.import_source(None, Some("  "));
        assert_eq!(
            none.expect_err("nothing chosen").message,
            "Choose a file to import first."
        );
    }

    #[test]
    fn the_demo_sets_the_person_s_journal_aside_and_gives_it_back() {
        let dir = tempfile::tempdir().expect("dir");
        let own = dir.path().join("journal.plumbline");
        let session = Session::fixed(Store::open(&own).expect("journal"), clock());
        assert_eq!(session.own_journal(), None);
        assert_eq!(session.own_journal_path(), Some(own.clone()));
        let demo = Store::open_in_memory().expect("demo");
        session.set_aside_for(demo).expect("set aside");
        assert_eq!(session.own_journal(), Some(own.clone()));
        assert_eq!(session.own_journal_path(), Some(own.clone()));
        assert_eq!(session.store().expect("demo").path(), None);
        // A plaintext journal stays open while it is set aside.
        assert!(session
            .own_held()
            .expect("own")
            .as_ref()
            .is_some_and(|h| !h.is_locked()));
        assert!(session.take_back_own().expect("back"));
        assert_eq!(session.own_journal(), None);
        assert_eq!(session.store().expect("own").path(), Some(own.as_path()));
        assert!(!session.take_back_own().expect("nothing to give back"));
    }

    #[test]
    fn today_is_the_date_in_the_session_s_zone() {
        let zone = |name: &str| LocalZone::named(name).expect("zone");
        let at = parse_instant("2026-11-24T11:00:00Z").expect("instant");
        let in_zone = |z: LocalZone| {
            let held = Held::Open(Store::open_in_memory().expect("journal"));
            Session::new(held, Box::new(FixedClock(at)), z).today()
        };
        let date = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert_eq!(in_zone(zone("Pacific/Kiritimati")), date("2026-11-25"));
        assert_eq!(in_zone(zone("Etc/GMT+12")), date("2026-11-23"));
        assert_eq!(in_zone(LocalZone::default()), date("2026-11-24"));
    }

    #[test]
    fn use_starts_the_idle_time_over() {
        let session = Session::fixed(Store::open_in_memory().expect("journal"), clock());
        session.touch();
        assert!(session.idle_for() < Duration::from_secs(60));
    }
}

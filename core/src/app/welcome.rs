//! The first run and the demo journal: whether the window should explain what Plumbline is for
//! (an empty journal of the person's own, not yet started), and opening a demo journal — a
//! separate file beside the person's, made afresh — and going back.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::analysis::AnalysisState;
use super::lock::Held;
use super::session::Session;
use super::AppError;
use crate::clock::Clock;
use crate::demo;
use crate::store::Store;

/// Which journal is open and whether it holds anything yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalState {
    /// Nothing logged, checked in or reflected yet.
    pub empty: bool,
    /// A demo journal is open (the person's own is set aside, untouched).
    pub demo: bool,
    /// The first-run screen is due: an empty journal of the person's own, not yet started.
    pub welcome: bool,
    /// The journal is encrypted and locked: nothing else about it is known until it is
    /// unlocked (the other fields are then false).
    #[serde(default)]
    pub locked: bool,
    /// While the demo is open: the person's own journal is encrypted, so it is locked while set
    /// aside and its reminders say only that it is time.
    #[serde(default)]
    pub own_locked: bool,
}

/// The state of `store`; `demo` says whether it is the demo journal.
pub fn journal_state(store: &Store, demo: bool) -> Result<JournalState, AppError> {
    let empty = store.is_empty()?;
    Ok(JournalState {
        empty,
        demo,
        welcome: empty && !demo && !store.welcomed()?,
        locked: false,
        own_locked: false,
    })
}

/// "Start my journal": the first-run screen is not shown again for this journal.
pub fn start_journal(store: &mut Store) -> Result<JournalState, AppError> {
    store.set_welcomed()?;
    journal_state(store, false)
}

/// A fresh demo journal beside `own` (the person's journal file, which is not touched).
pub fn open_demo(own: &Path, clock: &dyn Clock) -> Result<Store, AppError> {
    Ok(demo::open_fresh_demo(own, clock)?)
}

/// The person's journal file behind an open store, needed to put the demo beside it.
pub fn own_path(store: &Store) -> Result<PathBuf, AppError> {
    store.path().map(Path::to_path_buf).ok_or_else(|| {
        crate::domain::Invalid::new("journal", "is not in a file, so no demo can sit beside it")
            .into()
    })
}

/// Which journal `session` has open, and whether the first-run screen is due.
pub fn state_in(session: &Session) -> Result<JournalState, AppError> {
    let own = session.own_held().map_err(|_| AppError::Unavailable)?;
    let own_locked = own.as_ref().map(Held::is_locked);
    drop(own);
    Ok(JournalState {
        own_locked: own_locked == Some(true),
        ..journal_state(&*session.open_journal()?, own_locked.is_some())?
    })
}

/// Switches `session` to a fresh demo journal beside the person's (their own stays as it is;
/// nothing changes when a demo is open already), and the analyzer forgets what it knew.
///
/// The person's journal is set aside, not closed, so their reminders keep coming from its
/// schedule while they explore: a plaintext one stays open for the reminder timer; an encrypted
/// one is locked (its key is let go and wiped, as no key is kept while it is not open) and its
/// reminders come from the schedule kept in memory, saying only that it is time.
pub fn open_demo_in(session: &Session, analysis: &AnalysisState) -> Result<JournalState, AppError> {
    if session.own_journal().is_none() {
        let own = own_path(&*session.open_journal()?)?;
        let demo = open_demo(&own, session.clock())?;
        session.set_aside_for(demo)?;
        analysis.reset();
    }
    state_in(session)
}

/// Switches `session` back to the person's own journal, and the analyzer forgets the demo.
///
/// An encrypted journal comes back locked: its key was let go (and wiped) when the demo took
/// its place, so the lock screen asks for it again; the reminders' schedule it was locked with
/// comes back with it, so nothing delivered meanwhile is delivered again.
pub fn close_demo_in(
    session: &Session,
    analysis: &AnalysisState,
) -> Result<JournalState, AppError> {
    if session.take_back_own()? {
        analysis.reset();
    }
    if session.is_locked() {
        return Ok(JournalState {
            empty: false,
            demo: false,
            welcome: false,
            locked: true,
            own_locked: false,
        });
    }
    state_in(session)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{parse_instant, EventInput, Kind};

    #[test]
    fn the_first_run_is_due_once_for_an_empty_journal_of_ones_own() {
        let dir = tempfile::tempdir().expect("tempdir");
        let own = dir.path().join("journal.plumbline");
        let clock = FixedClock(parse_instant("2026-11-24T09:00:00+01:00").expect("now"));
        let mut store = Store::open(&own).expect("journal");
        let s = journal_state(&store, false).expect("state");
        assert!(s.empty && s.welcome && !s.demo);
        let s = start_journal(&mut store).expect("start");
        assert!(s.empty && !s.welcome, "not again once started");

        let mut fresh = Store::open(&dir.path().join("other.plumbline")).expect("journal");
        fresh
            .log_event(
                EventInput::new(clock.0, Kind::Completed, "Send the invoice"),
                &clock,
            )
            .expect("event");
        assert!(!journal_state(&fresh, false).expect("state").welcome);

        let demo = open_demo(&own_path(&store).expect("path"), &clock).expect("demo");
        let s = journal_state(&demo, true).expect("state");
        assert!(s.demo && !s.empty && !s.welcome);
        assert_ne!(demo.path(), store.path());
        assert!(store.is_empty().expect("own journal untouched"));
    }

    #[test]
    fn a_session_goes_to_the_demo_beside_the_person_s_journal_and_back() {
        let dir = tempfile::tempdir().expect("dir");
        let own = dir.path().join("journal.plumbline");
        let now = parse_instant("2026-11-20T21:30:00+01:00").expect("instant");
        let session = Session::fixed(Store::open(&own).expect("journal"), FixedClock(now));
        let analysis = AnalysisState::new();
        let before = std::fs::read(&own).expect("own journal");
        let s = open_demo_in(&session, &analysis).expect("demo");
        assert!(s.demo && !s.empty && !s.welcome && !s.own_locked);
        assert_eq!(session.own_journal(), Some(own.clone()));
        let demo_file = session.store().expect("open").path().map(Path::to_path_buf);
        assert_ne!(demo_file, Some(own.clone()));
        let again = open_demo_in(&session, &analysis).expect("still the demo");
        assert!(again.demo);
        assert_eq!(
            session.store().expect("open").path().map(Path::to_path_buf),
            demo_file
        );
        let s = close_demo_in(&session, &analysis).expect("own again");
        assert!(!s.demo && s.empty && s.welcome);
        assert_eq!(session.store().expect("open").path(), Some(own.as_path()));
        assert_eq!(
            std::fs::read(&own).expect("own journal"),
            before,
            "untouched"
        );
    }

    #[test]
    fn an_encrypted_journal_comes_back_from_the_demo_locked_and_unlocks() {
        use crate::keys::{KdfParams, Secret};
        let dir = tempfile::tempdir().expect("dir");
        let own = dir.path().join("journal.plumbline");
        let now = parse_instant("2026-11-20T21:30:00+01:00").expect("instant");
        let session = Session::fixed(Store::open(&own).expect("journal"), FixedClock(now));
        session
            .held()
            .expect("held")
            .encrypt_with(&Secret::new("pw"), KdfParams::TEST)
            .expect("encrypted");
        let analysis = AnalysisState::new();
        let s = open_demo_in(&session, &analysis).expect("demo");
        assert!(
            s.demo && s.own_locked,
            "its reminders say only that it is time"
        );
        let before = std::fs::read(&own).expect("own journal");

        let back = close_demo_in(&session, &analysis).expect("back, locked");
        assert!(back.locked && !back.demo && !back.welcome);
        assert!(session.is_locked());
        assert_eq!(session.own_journal(), None);
        assert_eq!(
            session.held().expect("held").path(),
            Some(own.as_path()),
            "the lock screen names the person's own journal"
        );
        // A wrong passphrase changes nothing; the right one opens their journal again.
        assert!(session
            .held()
            .expect("held")
            .unlock(&Secret::new("wrong"))
            .is_err());
        session
            .held()
            .expect("held")
            .unlock(&Secret::new("pw"))
            .expect("unlocked");
        let s = state_in(&session).expect("state");
        assert!(!s.locked && !s.demo && s.empty);
        assert_eq!(session.store().expect("open").path(), Some(own.as_path()));
        assert_eq!(std::fs::read(&own).expect("own journal"), before);
    }
}

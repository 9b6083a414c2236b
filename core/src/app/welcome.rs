//! The first run and the demo journal: whether the window should explain what Plumbline is for
//! (an empty journal of the person's own, not yet started), and opening a demo journal — a
//! separate file beside the person's, made afresh — and going back.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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
}

/// The state of `store`; `demo` says whether it is the demo journal.
pub fn journal_state(store: &Store, demo: bool) -> Result<JournalState, AppError> {
    let empty = store.is_empty()?;
    Ok(JournalState {
        empty,
        demo,
        welcome: empty && !demo && !store.welcomed()?,
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
}

//! The application layer: what both front ends — the `plumbline` command line and the desktop
//! shell — show and do, built from the store and the analysis, so the two cannot drift apart.
//!
//! One module per view or use case. Each view model is a plain struct (serialised as the
//! desktop window reads it) made by a plain function from a [`Store`](crate::Store) and, where
//! it needs one, an [`Analysis`](crate::analyze::Analysis); nothing here knows about windows
//! or starts a thread (what a long-running front end shares between threads sits behind plain
//! mutexes in [`session`] and [`analysis`]), and everything is tested without a window.
//!
//! - [`today`]: the Today view (a day's events, check-in, prompt, running pathways);
//! - [`journal_page`]: past days a page at a time, and search;
//! - [`entries`]: the Journal's changes to any day's check-in or reflection, with undo;
//! - [`analysis`]: the analyzer a long-running front end keeps and shares between its
//!   commands, brought up to date;
//! - [`insights`], [`trends`], [`realign`]: the views over the analysis;
//! - [`verdict`]: recording a verdict on a belief link with its evidence;
//! - [`settings`]: reminders with their next firing, the reminder settings and the daily
//!   backup;
//! - [`about`]: Settings' About section (version, licence, where everything is kept);
//! - [`reminders`]: reminders against the journal (what is due, with which prompt);
//! - [`tick`]: one look of the reminder timer (what is due, recorded, and when to look again);
//! - [`timer`]: the reminder timer of a long-running front end without its thread: today's
//!   pause, the prompt waiting in Today, the daily backup and the idle lock;
//! - [`forms`]: the forms the desktop window sends, read into the domain's inputs;
//! - [`data`]: importing a file and exporting the journal, with their reports;
//! - [`lock`]: the journal a long-running front end holds, locked and unlocked, and turning
//!   encryption on or changing the passphrase;
//! - [`preferences`]: the app's own preferences (the theme), kept beside the person's journal;
//! - [`screen`]: locking when the screen locks or the machine goes to sleep (D-Bus on Linux);
//! - [`notifications`]: the desktop's notifications and their click (D-Bus on Linux);
//! - [`instance`]: one desktop app per journal, a later launch handing over (D-Bus on Linux);
//! - [`session`]: what a long-running front end's commands share: the journal behind one lock,
//!   the clock, the zone, the files chosen for import, the idle time, the demo journal;
//! - [`refusal`]: every error above as the sentence and form field a window shows;
//! - [`startup`]: what to tell the person when the journal cannot be opened at launch.
//! - [`vectors`]: embedding the texts that have no stored sentence vector yet;
//! - [`welcome`]: the first run, and the demo journal beside the person's.

pub mod about;
pub mod analysis;
pub mod data;
pub mod entries;
pub mod forms;
pub mod insights;
pub mod instance;
pub mod journal_page;
pub mod lock;
pub mod notifications;
pub mod preferences;
pub mod realign;
pub mod refusal;
pub mod reminders;
pub mod screen;
pub mod session;
pub mod settings;
pub mod startup;
pub mod tick;
pub mod timer;
pub mod today;
pub mod trends;
pub mod vectors;
pub mod verdict;
pub mod welcome;

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::analyze::AnalyzeError;
use crate::domain::{Belief, Invalid};
use crate::store::StoreError;

/// Why a use case could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// What the person supplied is not valid (names the field).
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The analysis could not run (an empty window).
    #[error(transparent)]
    Analyze(AnalyzeError),
    /// A folder Plumbline needs could not be made.
    #[error("could not create {}: {}", path.display(), crate::paths::io_reason(source))]
    Folder {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// The journal is locked, or could not be unlocked or rekeyed.
    #[error(transparent)]
    Lock(lock::LockError),
    /// "Open folder" named a folder that is not one of the journal's.
    #[error("there is no folder called {0:?}")]
    NoSuchFolder(String),
    /// The journal is in memory, so it has no folder.
    #[error("this journal is not in a folder")]
    InMemory,
    /// The folder is not there (yet).
    #[error("{} does not exist yet; it is made with the first daily backup", .0.display())]
    NotYet(std::path::PathBuf),
    /// The app's preferences could not be kept.
    #[error("could not keep your preferences in {}: {}", path.display(), crate::paths::io_reason(source))]
    Preferences {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// The journal was left unusable by an earlier failure in this process.
    #[error("the journal is unavailable after an earlier failure; restart Plumbline")]
    Unavailable,
}

impl From<AnalyzeError> for AppError {
    fn from(e: AnalyzeError) -> Self {
        match e {
            AnalyzeError::Store(s) => AppError::Store(s),
            other => AppError::Analyze(other),
        }
    }
}

/// A belief's statement for the person to read; its id when the journal no longer knows it.
pub fn statement_of(beliefs: &[Belief], id: &str) -> String {
    beliefs
        .iter()
        .find(|b| b.id == id)
        .map_or_else(|| id.to_string(), |b| b.statement.clone())
}

/// `m`'s guard, also when a holder panicked: for state that stays sound whatever a panic
/// interrupted (the reminder timer's memory, the notification and single-instance threads').
pub(crate) fn unpoisoned<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

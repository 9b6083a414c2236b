//! Interchange: reading other files into the journal and writing the journal out.
//!
//! Every importer parses a whole file into an [`ImportBatch`] first (validated records, or
//! rejections naming record and field); only then does the store apply the batch in one
//! transaction. Parsing never touches the database, so a bad file cannot half-import.

use serde::{Deserialize, Serialize};

pub mod daylio;
pub mod detect;
pub mod export;
pub mod formats;
pub mod jrnl;
pub mod loop_habit;

use crate::domain::{Checkin, CustomBelief, Event, Pathway, Reflection, Verdict};

/// The records parsed from one file, ready for the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportBatch {
    pub events: Vec<Event>,
    pub checkins: Vec<Checkin>,
    pub reflections: Vec<Reflection>,
    pub beliefs: Vec<CustomBelief>,
    pub verdicts: Vec<Verdict>,
    pub pathways: Vec<Pathway>,
    /// Records that could not be read (kept only with `--skip-invalid`; otherwise the first
    /// one fails the whole import).
    pub rejected: Vec<Rejected>,
}

/// One record that was refused, and why. `record` names it as in the file: `events[57]`,
/// `line 12`, `Checkmarks.csv line 4`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub record: String,
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.record, self.reason)
        } else {
            write!(f, "{}.{}: {}", self.record, self.field, self.reason)
        }
    }
}

/// How many records of each type an import added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Added {
    pub events: usize,
    pub checkins: usize,
    pub reflections: usize,
}

/// What an import did (or, for a dry run, would do). Serialises as CONTRACTS §1 `import --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// `null` for a dry run: nothing was recorded.
    pub import_id: Option<String>,
    pub format: String,
    pub added: Added,
    pub duplicates: usize,
    pub rejected: Vec<Rejected>,
}

/// Describes the file an import came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportMeta {
    /// `plumbline`, `daylio`, `loop`, `jrnl`.
    pub format: String,
    /// The file's name as given by the person (for provenance and `imports`).
    pub file: Option<String>,
    pub dry_run: bool,
}

pub mod csv_export;
pub mod journal;
pub mod markdown;

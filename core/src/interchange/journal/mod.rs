//! The Plumbline journal file, format version 1 (docs/contracts.md §3): reading (`read`, one record at
//! a time in `record`) and writing (`write`).
//!
//! Reading checks every record before anything reaches the store. A bad record fails the whole
//! file with a message naming the collection, the record's 0-based index and the field, e.g.
//! `events[57].friction: 9 is out of range 1–5`; with `skip_invalid` the bad records are set
//! aside in [`ImportBatch::rejected`] and the rest are kept. Records without an `id` get one
//! derived from their content, so importing the same file twice adds nothing.
//!
//! Writing produces pretty-printed JSON with every field of §2 present (null when empty) and
//! collections in a stable order (by time, then id), so export → import → export gives the same
//! document.

mod read;
mod record;
mod write;

pub use read::parse;
pub use record::derived_id;
pub use write::{
    sorted_checkins, sorted_events, sorted_reflections, write, CheckinOut, JournalRef,
};

use crate::interchange::Rejected;

/// The value of the top-level `format` field.
pub const FORMAT: &str = "plumbline-journal";
/// The newest format version this program reads and the one it writes.
pub const VERSION: u64 = 1;

/// Why a journal file could not be read at all (as opposed to one record in it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    #[error("the file is empty; a Plumbline journal is a JSON document")]
    Empty,
    #[error("the file ends too early at line {line}, column {column} (truncated JSON)")]
    Truncated { line: usize, column: usize },
    #[error("the file is not valid JSON at line {line}, column {column}: {reason}")]
    Malformed {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("the file is not a Plumbline journal: {0}")]
    NotAJournal(String),
    #[error(
        "the journal is format version {version}, newer than this Plumbline reads (up to {VERSION}); update Plumbline to import it"
    )]
    TooNew { version: u64 },
    /// The first invalid record (without `skip_invalid`).
    #[error("{0}")]
    Invalid(Rejected),
}

#[cfg(test)]
mod tests;

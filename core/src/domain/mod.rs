//! The journal's domain: execution events, daily check-ins, reflections, prompts, beliefs,
//! verdicts and pathways, with the validation every write goes through. One file per entity
//! (`event`, `checkin`, `reflection`, `prompt`, `belief`, `pathway`, `reminder`), with `time`
//! (instants and typed dates and times), `validation` ([`Invalid`] and the shared checks) and
//! `grouping` (the keys the analysis and reminders share); everything is re-exported here, so
//! its path is `crate::domain::…`.
//!
//! Types here are plain data. They serialise exactly as the journal format (docs/contracts.md §3), so
//! the interchange module, the CLI's `--json` output and the desktop commands share one shape.

mod belief;
mod checkin;
mod event;
mod grouping;
mod pathway;
mod prompt;
mod reflection;
pub mod reminder;
mod time;
mod validation;

pub use belief::{Belief, CustomBelief, Verdict, VerdictKind};
pub use checkin::Checkin;
pub use event::{Event, EventInput, Kind, Source};
pub use grouping::{block_of, normalise, BLOCKS};
pub use pathway::{Pathway, PathwayInput};
pub use prompt::{Layer, Prompt};
pub use reflection::{Reflection, ReflectionInput};
pub use time::{
    format_instant, instant_serde, opt_instant_serde, parse_date, parse_instant, parse_time_of_day,
    Instant,
};
pub use validation::{
    clean_tags, split_tags, validate_custom_id, validate_required_text, validate_scale, Invalid,
    MAX_DELAY_MINUTES, MAX_LONG_TEXT, MAX_REFLECTION_TEXT, MAX_SHORT_TEXT, MAX_TAGS, MAX_YEAR,
    MIN_YEAR,
};

//! The analyzer: from the journal to the analysis (docs/contracts.md §4).
//!
//! It runs in stages over *narrow rows* (one compact record per event, strings interned):
//!
//! 1. **Window and sufficiency** ([`analyze_journal`]): events between `--since`/`--until`
//!    (default: the first logged day to today) are counted; below [`MIN_DAYS`] logged days,
//!    [`MIN_EVENTS`] events, [`MIN_COMPLETIONS`] completions or [`MIN_BREAKS`] breaks nothing is
//!    claimed and `missing` says what to log next. Days without entries are *not logged*: they
//!    count as neither break nor completion; `skipped` events are neither either.
//! 2. **Patterns** ([`patterns`]): break rate per slice, one-sided Fisher exact vs the rest,
//!    Benjamini–Hochberg across every slice tested, Wilson intervals, Beta shrinkage.
//! 3. **Belief links** ([`beliefs`]): behavioural signature tests plus text evidence, combined
//!    into a calibrated confidence.
//! 4. **Trends and shifts** ([`trends`]): weekly series, a habit-style score, PELT change points.
//! 5. **Layers** ([`layers`]) and **pathway effects** ([`pathways`]).
//!
//! Each stage is a *tally* of sums fed one event at a time in time order and a *finish* that
//! turns the sums into the analysis ([`tally`]). Text is scanned once: [`cache::Cache`] keeps,
//! per interned task/domain/tag, which signature components it matches and, per distinct
//! thought, which beliefs' markers it uses. The [`Analyzer`] keeps rows, cache and the last
//! window's tally between analyses and, after new events, reads only those rows and adds only
//! them to the sums (edits, deletes and writes by other processes reload everything).
//!
//! The output types are in `output`, the narrow rows in `rows`, the entry points, the kept
//! [`Analyzer`] and the finish in `analyzer`; all three are re-exported here.
//!
//! Language: links are *probable* and breaks *co-occur with* a belief; nothing here diagnoses.
//! The output is deterministic for the same journal, window and `now`.

mod analyzer;
pub mod beliefs;
pub mod cache;
pub mod costs;
pub mod days;
pub mod exemplars;
pub mod head;
pub mod layers;
mod output;
pub mod pathways;
pub mod patterns;
mod rows;
pub mod semantic;
pub mod stats;
pub(crate) mod tally;
pub mod text;
pub mod trends;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::domain::{format_instant, Event, Instant, Kind, Layer, Pathway, Verdict, VerdictKind};
use crate::store::{EventRows, SideRecords, Store, StoreError};

pub use analyzer::*;
pub use output::*;
pub use rows::*;

pub use costs::{Cost, CostKind, CostLevels, Costs, Leakage, PathwayCosts, WeekLevel};

/// Fewest distinct logged days before anything is claimed.
pub const MIN_DAYS: usize = 14;
/// Fewest events (breaks + completions + skips) before anything is claimed.
pub const MIN_EVENTS: usize = 30;
/// Fewest completions: without them break rates mean nothing.
pub const MIN_COMPLETIONS: usize = 5;
/// Fewest breaks.
pub const MIN_BREAKS: usize = 5;
/// From this many events in the window, patterns, belief scores and the weekly series are
/// computed on threads of their own (below it, starting threads costs more than it saves).
pub const PARALLEL_MIN_EVENTS: usize = 20_000;

// ---------------------------------------------------------------------------------------------
// Options and errors

/// What to analyse. `now` comes from the clock (`--now` is a fixed clock).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnalyzeOptions {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    #[error("the analysis window is empty: --since {since} is after --until {until}")]
    EmptyWindow { since: NaiveDate, until: NaiveDate },
    #[error(transparent)]
    Store(#[from] StoreError),
}

// ---------------------------------------------------------------------------------------------
// Prepared view: the window's events with derived features

/// Derived per-event features shared by the stages.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Feat {
    /// The previous logged day was a win day (≥ 2 completions, no breaks).
    pub after_win: bool,
    /// The event before it (same or previous day) was a switch.
    pub after_switch: bool,
    /// Delay bucket (1..=3) of a delayed start right before it (same or previous day), 0 = none.
    pub after_delay: u8,
    /// The previous day's check-in alignment was 1 or 2.
    pub after_low_alignment: bool,
    /// Bitmask of break kinds logged on the previous logged day (bit i = Kind::BREAKS[i]).
    pub prev_day_kinds: u8,
}

/// The analysis window as the finishing stages read it: the journal, its text cache and the
/// window's tally (events in time order with their features, check-ins, days and sums).
pub(crate) struct View<'a> {
    pub j: &'a Dataset,
    pub cache: &'a cache::Cache,
    pub t: &'a tally::Tally,
}

/// Delay bucket of a delay in minutes: 1 = 1–15, 2 = 16–59, 3 = 60+.
pub(crate) fn delay_bucket(d: u32) -> u8 {
    match d {
        0 => 0,
        1..=15 => 1,
        16..=59 => 2,
        _ => 3,
    }
}

pub(crate) const DELAY_LABELS: [&str; 4] = ["", "1-15", "15-60", "60+"];

pub(crate) fn break_index(k: Kind) -> Option<usize> {
    Kind::BREAKS.iter().position(|b| *b == k)
}

impl<'a> View<'a> {
    fn new(j: &'a Dataset, cache: &'a cache::Cache, t: &'a tally::Tally) -> View<'a> {
        View { j, cache, t }
    }

    /// The window's `i`-th event.
    pub fn ev(&self, i: usize) -> &'a Ev {
        &self.j.events[self.t.idx[i] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parse_instant;

    fn row(day: i32, minute: u16, kind: Kind, task: &str) -> RowIn<'_> {
        RowIn {
            at_utc: i64::from(day) * 86_400 + i64::from(minute) * 60,
            day,
            minute,
            kind,
            task,
            domain: None,
            emotion: None,
            friction: None,
            progress: None,
            delay: None,
            thought: None,
        }
    }

    fn now(s: &str) -> Instant {
        parse_instant(s).expect("instant")
    }

    #[test]
    fn days_weeks_and_normalising() {
        assert_eq!(
            day_date(0),
            NaiveDate::from_ymd_opt(1970, 1, 1).expect("date")
        );
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"); // a Monday
        assert_eq!(weekday_of(day_number(d)), 0);
        assert_eq!(week_of(day_number(d)), week_of(day_number(d) + 6));
        assert_ne!(week_of(day_number(d)), week_of(day_number(d) - 1));
        assert_eq!(iso_week_label(day_number(d)), "2026-W48");
        assert_eq!(normalise("  Publish   The Post. "), "publish the post");
    }

    #[test]
    fn features_follow_wins_switches_and_delays() {
        let mut j = Dataset::new();
        let d = 20_000;
        j.push_event(row(d, 600, Kind::Completed, "a"));
        j.push_event(row(d, 700, Kind::Completed, "b"));
        j.push_event(row(d + 1, 600, Kind::Switched, "c"));
        let mut late = row(d + 1, 700, Kind::DelayedStart, "d");
        late.delay = Some(90);
        j.push_event(late);
        j.push_event(row(d + 1, 800, Kind::Completed, "e"));
        j.push_event(row(d + 5, 800, Kind::Completed, "f"));
        j.checkins.push((d, 1));
        let c = cache::Cache::new();
        let mut t = tally::Tally::new(&j, &c, d, d + 10);
        t.extend(&j, &c);
        let v = &t;
        assert!(!v.feat[0].after_win);
        assert!(
            v.feat[2].after_win,
            "the day after two completions and no breaks"
        );
        assert!(v.feat[2].after_low_alignment);
        assert!(v.feat[3].after_switch);
        assert_eq!(v.feat[4].after_delay, 3);
        assert!(
            !v.feat[5].after_win,
            "a gap of more than three days breaks the chain"
        );
        assert_eq!(v.feat[5].prev_day_kinds, 0);
        assert_eq!(v.feat[4].prev_day_kinds, 0);
    }

    #[test]
    fn interning_shares_strings_and_thoughts() {
        let mut j = Dataset::new();
        let mut r = row(1, 1, Kind::Avoided, "Post it");
        r.thought = Some("  same words ");
        j.push_event(r);
        j.push_tag("#x");
        j.push_tag("X");
        let mut r = row(2, 1, Kind::Avoided, "post it");
        r.thought = Some("same words");
        j.push_event(r);
        assert_eq!(j.events[0].task, j.events[1].task);
        assert_eq!(j.events[0].thought, j.events[1].thought);
        assert_eq!(j.thoughts.len(), 1);
        assert_eq!(
            j.tags(&j.events[0]).len(),
            2,
            "'#x' and 'x' stay distinct tags"
        );
        assert!(j.tags(&j.events[1]).is_empty());
    }

    #[test]
    fn thoughts_are_kept_once_even_when_hashes_collide() {
        let mut t = Thoughts::default();
        assert_eq!(t.intern("a"), 0);
        assert_eq!(t.intern("ü 🙈"), 1);
        assert_eq!(t.intern("a"), 0);
        assert_eq!((t.get(0), t.get(1), t.get(7)), ("a", "ü 🙈", ""));
        // Make "b" collide with "a": it still gets an id of its own, once.
        t.by_hash.insert(Thoughts::hash("b"), 0);
        assert_eq!(t.intern("b"), 2);
        assert_eq!(t.intern("b"), 2);
        assert_eq!(t.intern("a"), 0);
        assert_eq!(t.get(2), "b");
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn empty_journal_is_valid_and_claims_nothing() {
        let a = analyze_journal(
            &Dataset::new(),
            &AnalyzeOptions::default(),
            now("2026-11-24T09:00:00+01:00"),
        )
        .expect("analysis");
        assert!(!a.enough_data);
        assert_eq!(a.window.days_logged, 0);
        assert_eq!(a.totals.break_rate, None);
        assert_eq!(a.generated_at, "2026-11-24T09:00:00+01:00");
        assert_eq!(a.missing.len(), 4);
        assert_eq!(
            a.missing[0],
            "log 14 more days (you have 0 of the 14 logged days needed)"
        );
    }

    #[test]
    fn an_inverted_window_is_an_error() {
        let opts = AnalyzeOptions {
            since: NaiveDate::from_ymd_opt(2026, 2, 1),
            until: NaiveDate::from_ymd_opt(2026, 1, 1),
        };
        let err = analyze_journal(&Dataset::new(), &opts, now("2026-11-24T09:00:00Z"))
            .expect_err("empty window");
        assert_eq!(
            err.to_string(),
            "the analysis window is empty: --since 2026-02-01 is after --until 2026-01-01"
        );
    }
}

//! The analyzer: from the journal to the analysis (CONTRACTS §3).
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
//! Language: links are *probable* and breaks *co-occur with* a belief; nothing here diagnoses.
//! The output is deterministic for the same journal, window and `now`.

pub mod beliefs;
pub mod cache;
pub mod costs;
pub mod days;
pub mod exemplars;
pub mod layers;
pub mod pathways;
pub mod patterns;
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
// The analysis (CONTRACTS §3)

/// The analysis document, format version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub format: String,
    pub version: u32,
    pub generated_at: String,
    pub window: Window,
    pub enough_data: bool,
    pub missing: Vec<String>,
    pub totals: Totals,
    pub patterns: Vec<Pattern>,
    pub beliefs: Vec<BeliefLink>,
    pub layers: Layers,
    /// The three costs of misalignment (see [`costs`]).
    pub costs: Costs,
    pub trend: Vec<WeekTrend>,
    pub shifts: Vec<Shift>,
    pub pathways: Vec<PathwayEffect>,
    /// Which text model read the thoughts (beyond the contract's first shape).
    pub text_model: TextModel,
    /// Richer series for the app (not part of the JSON contract).
    #[serde(skip)]
    pub detail: Detail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days_logged: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub events: usize,
    pub breaks: usize,
    pub completed: usize,
    pub skipped: usize,
    /// breaks ÷ (breaks + completed); `null` when there is neither.
    pub break_rate: Option<f64>,
    pub by_kind: ByKind,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByKind {
    pub delayed_start: usize,
    pub unfinished: usize,
    pub avoided: usize,
    pub switched: usize,
}

impl ByKind {
    fn add(&mut self, k: Kind) {
        match k {
            Kind::DelayedStart => self.delayed_start += 1,
            Kind::Unfinished => self.unfinished += 1,
            Kind::Avoided => self.avoided += 1,
            Kind::Switched => self.switched += 1,
            Kind::Completed | Kind::Skipped => {}
        }
    }
}

/// A pattern's tier: `confirmed` = found on the earlier part of the journal and it also held
/// on the later part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatternTier {
    Emerging,
    Likely,
    Confirmed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pattern {
    pub id: String,
    pub dimension: String,
    pub value: String,
    pub description: String,
    pub break_rate: f64,
    pub baseline_rate: f64,
    pub ci: [f64; 2],
    pub support: usize,
    pub weeks: usize,
    pub q_value: f64,
    pub tier: PatternTier,
    /// The breaks behind `break_rate` (not part of the JSON contract).
    #[serde(skip)]
    pub breaks: usize,
    /// `description` without its trailing "(breaks of support)", for a view that shows the
    /// counts itself (not part of the JSON contract).
    #[serde(skip)]
    pub sentence: String,
    /// The ids of the events in the slice (beyond the contract's first shape). Filled by
    /// [`Analysis::fill_event_ids`] (what `analyze --json` prints); empty otherwise.
    #[serde(default)]
    pub event_ids: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BeliefTier {
    Emerging,
    Likely,
    Strong,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeliefLink {
    pub belief_id: String,
    pub confidence: f64,
    pub tier: BeliefTier,
    /// The person's verdict: `null`, or `confirmed` (rejected links are not listed unless their
    /// evidence grew well beyond what it was at the verdict; then the verdict is `null` again).
    pub verdict: Option<VerdictKind>,
    pub evidence: BeliefEvidence,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeliefEvidence {
    pub patterns: Vec<String>,
    pub quotes: Vec<String>,
    pub breaks_matched: usize,
    /// The ids of the breaks matched (filled as a pattern's `event_ids` are).
    #[serde(default)]
    pub event_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layers {
    pub belief: f64,
    pub thinking: f64,
    pub execution: f64,
    pub weakest: Layer,
    /// What each reading is made of, on what data, in plain words.
    #[serde(default)]
    pub basis: LayerBasis,
}

/// The plain-words basis of each layer reading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerBasis {
    pub belief: String,
    pub thinking: String,
    pub execution: String,
}

/// Which text model read the thoughts: the sentence-embedding model, or the markers alone
/// (when the model or the thoughts' vectors are not available), with why in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextModel {
    pub kind: TextModelKind,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextModelKind {
    Embedding,
    Markers,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekTrend {
    pub week: String,
    pub events: usize,
    pub breaks: usize,
    pub break_rate: Option<f64>,
    pub alignment: Option<f64>,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shift {
    pub date: NaiveDate,
    pub series: String,
    pub before: f64,
    pub after: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathwayStatus {
    TooEarly,
    Improved,
    NoChange,
    Worse,
}

/// A break rate on a pathway's slice over one period, with its Wilson interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodRate {
    pub break_rate: f64,
    pub ci: [f64; 2],
    pub support: usize,
    /// The breaks behind `break_rate` (not part of the JSON contract).
    #[serde(skip)]
    pub breaks: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathwayEffect {
    pub pathway_id: String,
    pub status: PathwayStatus,
    pub before: Option<PeriodRate>,
    pub after: Option<PeriodRate>,
    /// The costs on the pathway's work before it began and since (beyond the contract).
    pub costs: PathwayCosts,
}

/// Series the app can show beyond the contract: per-week layers and breakdowns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detail {
    pub weeks: Vec<WeekDetail>,
    /// Breaks each belief's signature matches now, listed or not (what `verdict` stores as the
    /// evidence at the verdict). Empty when there is not enough data.
    pub breaks_matched: Vec<(String, usize)>,
    /// The store rows of the events in each reported pattern's slice, in the order of
    /// `patterns`, and of each listed link's matched breaks, in the order of `beliefs`.
    pub pattern_rows: Vec<Vec<i64>>,
    pub link_rows: Vec<Vec<i64>>,
    /// Work whose friction stayed high over the last weeks, highest first (for prompts).
    pub friction_hints: Vec<costs::FrictionHint>,
    /// Change points in the costs' weekly levels (`series` is the cost's key), oldest first.
    pub cost_shifts: Vec<Shift>,
}

impl Analysis {
    /// Fills the `event_ids` of the patterns and links from the store rows the analysis names
    /// (`detail.pattern_rows`, `detail.link_rows`), in one read: what `analyze --json` prints.
    pub fn fill_event_ids(&mut self, store: &Store) -> Result<(), StoreError> {
        let mut rows: Vec<i64> = self
            .detail
            .pattern_rows
            .iter()
            .chain(&self.detail.link_rows)
            .flatten()
            .copied()
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let ids = store.event_ids_at_rows(&rows)?;
        let names = |rows: &[i64]| -> Vec<String> {
            rows.iter().filter_map(|r| ids.get(r).cloned()).collect()
        };
        for (p, rows) in self.patterns.iter_mut().zip(&self.detail.pattern_rows) {
            p.event_ids = names(rows);
        }
        for (l, rows) in self.beliefs.iter_mut().zip(&self.detail.link_rows) {
            l.evidence.event_ids = names(rows);
        }
        Ok(())
    }
}

impl Detail {
    /// The breaks a belief matches now, if the analysis had enough data to say.
    pub fn breaks_matched(&self, belief_id: &str) -> Option<usize> {
        self.breaks_matched
            .iter()
            .find(|(id, _)| id == belief_id)
            .map(|(_, n)| *n)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct WeekDetail {
    pub week: String,
    /// The week's Monday.
    pub start: NaiveDate,
    /// Breaks of each kind, in the order of [`Kind::BREAKS`].
    pub breaks_by_kind: [usize; 4],
    pub completed: usize,
    /// (domain, breaks, completed), domains with events that week, sorted by name.
    pub by_domain: Vec<(String, usize, usize)>,
    pub layers: Layers,
}

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
// Narrow rows

/// Marker for "no value" in interned fields.
pub const NONE: u32 = u32::MAX;

/// One event as the analyzer sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ev {
    pub at_utc: i64,
    /// Local calendar day, days since 1970-01-01.
    pub day: i32,
    /// Local minute of the day, 0–1439.
    pub minute: u16,
    pub kind: Kind,
    /// Interned normalised task.
    pub task: u32,
    pub domain: u32,
    pub emotion: u32,
    /// 1–5, 0 = not given.
    pub friction: u8,
    /// 0.0–1.0, negative = not given.
    pub progress: f32,
    /// Minutes, [`NONE`] = not given.
    pub delay: u32,
    tags_start: u32,
    tags_len: u16,
    /// Index into [`Dataset::thoughts`], [`NONE`] = no thought.
    pub thought: u32,
    /// The event's row in the store (its position, for journals built in memory).
    pub row: i64,
}

/// Interned strings (tasks, domains, emotions and tags share one table).
#[derive(Debug, Clone, Default)]
pub struct Interner {
    ids: HashMap<String, u32>,
    strings: Vec<String>,
    /// Text as written → id of its normalised form, so repeated spellings skip normalising.
    raw: HashMap<String, u32>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.strings.len()).unwrap_or(NONE - 1);
        self.strings.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        id
    }
    /// Interns the normalised form of `s` (see [`normalise`]).
    pub fn intern_normalised(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.raw.get(s) {
            return id;
        }
        let id = self.intern(&normalise(s));
        self.raw.insert(s.to_string(), id);
        id
    }

    pub fn get(&self, id: u32) -> &str {
        self.strings.get(id as usize).map_or("", String::as_str)
    }
    pub fn len(&self) -> usize {
        self.strings.len()
    }
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}

/// Distinct texts, each kept once: one arena of text, and a map from a text's hash to its id
/// (the text itself is compared on a hit, and the rare texts whose hash another text already
/// has go to an exact map).
#[derive(Debug, Clone, Default)]
pub struct Thoughts {
    text: String,
    /// End of each text in `text` (its start is the previous one's end).
    ends: Vec<u32>,
    by_hash: HashMap<u64, u32>,
    collided: HashMap<String, u32>,
}

impl Thoughts {
    fn hash(t: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        t.hash(&mut h);
        h.finish()
    }

    /// The id of `t`, added if new.
    pub fn intern(&mut self, t: &str) -> u32 {
        let h = Self::hash(t);
        match self.by_hash.get(&h) {
            Some(&id) if self.get(id) == t => return id,
            Some(_) => {
                if let Some(&id) = self.collided.get(t) {
                    return id;
                }
            }
            None => {}
        }
        let id = u32::try_from(self.ends.len()).unwrap_or(NONE - 1);
        self.text.push_str(t);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        match self.by_hash.entry(h) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(id);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert(t.to_string(), id);
            }
        }
        id
    }

    /// The id of `t`, if it was interned.
    pub fn find(&self, t: &str) -> Option<u32> {
        match self.by_hash.get(&Self::hash(t)) {
            Some(&id) if self.get(id) == t => Some(id),
            Some(_) => self.collided.get(t).copied(),
            None => None,
        }
    }

    /// The text of an id ("" for an unknown one).
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start as usize..end as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// What the behavioural signature of a belief points at (owned copy of the catalog's).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignatureSpec {
    pub task_keywords: Vec<String>,
    pub kinds: Vec<Kind>,
    pub after_wins: bool,
    pub high_progress_unfinished: bool,
    pub recurring: bool,
    pub set_by_others: bool,
    pub high_stakes: bool,
}

/// A belief as the analyzer uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct BeliefSpec {
    pub id: String,
    pub markers: Vec<String>,
    pub signature: SignatureSpec,
    /// The belief's statement and description (prototypes of the text model).
    pub statement: String,
    pub description: String,
}

pub use crate::store::RowIn;

/// Everything the analyzer reads — its dataset, built from the rows the store hands out, not
/// the journal file or the store itself: narrow event rows, check-ins, reflections, beliefs,
/// verdicts and pathways.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub events: Vec<Ev>,
    pub strings: Interner,
    tag_ids: Vec<u32>,
    /// Distinct thoughts (events share an index when they share the words).
    pub thoughts: Thoughts,
    /// (day, alignment), any order.
    pub checkins: Vec<(i32, u8)>,
    /// (day, mood, energy) of the same check-ins, 0 = not given, any order.
    pub moods: Vec<(i32, u8, u8)>,
    /// (day, text).
    pub reflections: Vec<(i32, String)>,
    pub beliefs: Vec<BeliefSpec>,
    /// Verdicts with the breaks matched when they were given.
    pub verdicts: Vec<(Verdict, Option<u32>)>,
    pub pathways: Vec<Pathway>,
    /// Sentence vectors of thoughts and reflections and the prototypes to read them against,
    /// when the text model is available.
    pub vectors: semantic::Vectors,
}

pub use crate::domain::normalise;

/// Days since 1970-01-01 of a date.
pub fn day_number(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch");
    i32::try_from((d - epoch).num_days()).unwrap_or(0)
}

/// The date of a day number.
pub fn day_date(day: i32) -> NaiveDate {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch");
    epoch + chrono::Duration::days(i64::from(day))
}

/// Monday-based week index (weeks since the Monday before 1970-01-01).
pub fn week_of(day: i32) -> i32 {
    (day + 3).div_euclid(7)
}

/// 0 = Monday … 6 = Sunday.
pub fn weekday_of(day: i32) -> usize {
    (day + 3).rem_euclid(7) as usize
}

impl EventRows for Dataset {
    fn push_event(&mut self, row: RowIn<'_>) {
        Dataset::push_event(self, row);
    }
    fn push_tag(&mut self, tag: &str) {
        Dataset::push_tag(self, tag);
    }
    fn set_last_row(&mut self, row: i64) {
        Dataset::set_last_row(self, row);
    }
}

impl Dataset {
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything the analyzer needs for events dated `since..=until` (local days; `None` =
    /// unbounded), read from the store, in time order.
    pub fn read(
        store: &Store,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Dataset, StoreError> {
        let mut j = Dataset::new();
        store.analysis_events(since, until, &mut j)?;
        j.sort();
        j.set_side(store.analysis_side(since, until)?);
        Ok(j)
    }

    /// Everything the analyzer needs, for event rows up to `max_rowid` (later rows are read
    /// as appends), in time order.
    pub fn read_upto(store: &Store, max_rowid: i64) -> Result<Dataset, StoreError> {
        let mut j = Dataset::new();
        store.analysis_events_upto(max_rowid, &mut j)?;
        j.sort();
        j.set_side(store.analysis_side(None, None)?);
        Ok(j)
    }

    /// Appends the events inserted after row `after_rowid` (kept in time order). Returns true
    /// when they all came at or after the last event held, so every earlier event kept its
    /// position.
    pub fn append_from(&mut self, store: &Store, after_rowid: i64) -> Result<bool, StoreError> {
        let (held, last) = (self.events.len(), self.events.last().map(|e| e.at_utc));
        store.analysis_events_after(after_rowid, self)?;
        let in_order = last.is_none_or(|at| self.events[held..].iter().all(|e| e.at_utc >= at));
        // The events held are in order: only the new ones need looking at.
        if !in_order || !sorted(&self.events[held..]) {
            self.sort();
        }
        Ok(in_order)
    }

    /// Replaces the check-ins, reflections, beliefs, verdicts and pathways with the journal's
    /// current ones (all dates).
    pub fn refresh_side(&mut self, store: &Store) -> Result<(), StoreError> {
        self.set_side(store.analysis_side(None, None)?);
        Ok(())
    }

    fn set_side(&mut self, side: SideRecords) {
        self.checkins = side.checkins;
        self.moods = side.moods;
        self.reflections = side.reflections;
        self.beliefs = belief_specs(&side.beliefs);
        self.verdicts = side.verdicts;
        self.pathways = side.pathways;
    }

    /// Adds one event row; tags are added with [`Dataset::push_tag`] right after.
    pub fn push_event(&mut self, r: RowIn<'_>) {
        let task = self.strings.intern(&normalise(r.task));
        let domain = r
            .domain
            .map_or(NONE, |d| self.strings.intern(&normalise(d)));
        let emotion = r
            .emotion
            .map_or(NONE, |e| self.strings.intern(&normalise(e)));
        let thought = match r.thought.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => self.thoughts.intern(t),
            None => NONE,
        };
        self.events.push(Ev {
            at_utc: r.at_utc,
            day: r.day,
            minute: r.minute.min(1439),
            kind: r.kind,
            task,
            domain,
            emotion,
            friction: r.friction.filter(|f| (1..=5).contains(f)).unwrap_or(0),
            progress: r.progress.map_or(-1.0, |p| p.clamp(0.0, 1.0) as f32),
            delay: r.delay.unwrap_or(NONE),
            tags_start: u32::try_from(self.tag_ids.len()).unwrap_or(0),
            tags_len: 0,
            thought,
            row: self.events.len() as i64 + 1,
        });
    }

    /// Sets the store row of the event pushed last.
    pub fn set_last_row(&mut self, row: i64) {
        if let Some(last) = self.events.last_mut() {
            last.row = row;
        }
    }

    /// Adds a tag to the event pushed last.
    pub fn push_tag(&mut self, tag: &str) {
        if tag.trim().is_empty() {
            return;
        }
        let id = self.strings.intern_normalised(tag);
        if let Some(last) = self.events.last_mut() {
            let start = last.tags_start as usize;
            if self.tag_ids[start..].contains(&id) {
                return;
            }
            self.tag_ids.push(id);
            last.tags_len = last.tags_len.saturating_add(1);
        }
    }

    /// Adds a domain event (tests, the demo and imports build journals this way).
    pub fn push(&mut self, e: &Event) {
        let at = e.at;
        let delay = e.input().effective_delay();
        self.push_event(RowIn {
            at_utc: at.timestamp(),
            day: day_number(at.date_naive()),
            minute: u16::try_from(at.hour() * 60 + at.minute()).unwrap_or(0),
            kind: e.kind,
            task: &e.task,
            domain: e.domain.as_deref(),
            emotion: e.emotion.as_deref(),
            friction: e.friction,
            progress: e.progress,
            delay,
            thought: e.thought.as_deref(),
        });
        for t in &e.tags {
            self.push_tag(t);
        }
    }

    /// The event's tags (interned ids).
    pub fn tags(&self, e: &Ev) -> &[u32] {
        let s = e.tags_start as usize;
        &self.tag_ids[s..s + e.tags_len as usize]
    }

    pub fn thought(&self, e: &Ev) -> Option<&str> {
        (e.thought != NONE).then(|| self.thoughts.get(e.thought))
    }

    /// Sorts events by time (stable), as the sequence slices need.
    pub fn sort(&mut self) {
        if !sorted(&self.events) {
            self.events.sort_by_key(|e| e.at_utc);
        }
    }
}

/// Whether `events` are in time order.
fn sorted(events: &[Ev]) -> bool {
    events.windows(2).all(|w| w[0].at_utc <= w[1].at_utc)
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

// ---------------------------------------------------------------------------------------------
// The entry points

/// Reads the journal from the store and analyses it, with thoughts read by markers alone.
pub fn analyze(
    store: &Store,
    opts: &AnalyzeOptions,
    clock: &dyn Clock,
) -> Result<Analysis, AnalyzeError> {
    analyze_with(store, opts, clock, Err(NO_MODEL.into()))
}

/// Reads the journal from the store, with the vectors stored for `model`'s when it is given
/// (or why not), and analyses it.
pub fn analyze_with(
    store: &Store,
    opts: &AnalyzeOptions,
    clock: &dyn Clock,
    model: Result<&crate::embed::Embedder, String>,
) -> Result<Analysis, AnalyzeError> {
    let now = clock.now();
    let (from, to) = bounds(opts, now)?;
    let mut journal = Dataset::read(store, from, Some(to))?;
    match model {
        Ok(m) => {
            semantic::attach_stored(&mut journal, m, store)?;
        }
        Err(why) => journal.vectors.unavailable = Some(why),
    }
    analyze_journal(&journal, opts, now)
}

/// The analyzer with its memory: keeps the narrow rows, the text-derived features and the
/// last window's tally between analyses, so after new events only those rows are read, only
/// their new strings and thoughts are scanned and only they are added to the sums. Edits and
/// deletes, and any write by another connection (another process), reload everything; an
/// event dated before the last one, a new day or a change to check-ins, reflections, beliefs
/// or pathways starts a new tally.
#[derive(Debug, Default)]
pub struct Analyzer {
    journal: Dataset,
    cache: cache::Cache,
    /// Where the store stood at the last refresh.
    marks: Option<Marks>,
    /// The last window's tally, what it was built for, and whether its events were all read
    /// in time order since.
    tally: Option<Kept>,
    /// How many times a tally was started from the first event.
    tallies_started: u64,
    /// The sentence model, when the front end has loaded it, or why not.
    model: TextModelState,
    /// How far the journal's vectors follow the store.
    synced: semantic::Synced,
    /// The thoughts last found without a vector.
    waiting: semantic::Waiting,
}

/// The `text_model` note of an analysis that was given no sentence model.
pub const NO_MODEL: &str = "no text model was given";

/// The analyzer's sentence model: loaded, or why the thoughts are read by markers alone.
#[derive(Debug, Clone)]
enum TextModelState {
    Loaded(std::sync::Arc<crate::embed::Embedder>),
    Missing(String),
}

impl Default for TextModelState {
    fn default() -> Self {
        TextModelState::Missing(NO_MODEL.into())
    }
}

/// Where the store stood at a refresh: the largest event row read, the counts of event edits
/// and of side-record changes made through this connection, its total changes, and the data
/// version (which moves when another connection commits).
#[derive(Debug, Clone, Copy)]
struct Marks {
    rowid: i64,
    edits: i64,
    side: i64,
    changes: u64,
    version: i64,
}

/// A whole-journal read that [`Analyzer::catch_up`] found necessary, with the store's marks at
/// that moment.
#[derive(Debug)]
#[must_use = "the journal must be read with Analyzer::reload"]
pub struct Reload {
    marks: Marks,
}

/// A tally and what it holds for: `--since` (as a day) and the beliefs, reflections and
/// pathways it was built with.
#[derive(Debug)]
struct Kept {
    since: Option<i32>,
    beliefs: Vec<BeliefSpec>,
    reflections: Vec<(i32, String)>,
    pathways: Vec<Pathway>,
    tally: tally::Tally,
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// Gives the analyzer the sentence model (or says why there is none: the reason appears in
    /// the analysis' `text_model` note). A different model reads the whole journal again.
    pub fn set_model(&mut self, model: Result<std::sync::Arc<crate::embed::Embedder>, String>) {
        let same = match (&self.model, &model) {
            (TextModelState::Loaded(a), Ok(b)) => a.id() == b.id(),
            (TextModelState::Missing(a), Err(b)) => a == b,
            _ => false,
        };
        if !same {
            self.model = match model {
                Ok(m) => TextModelState::Loaded(m),
                Err(why) => TextModelState::Missing(why),
            };
            self.marks = None;
        }
    }

    /// The loaded sentence model, if any.
    pub fn model(&self) -> Option<&std::sync::Arc<crate::embed::Embedder>> {
        match &self.model {
            TextModelState::Loaded(m) => Some(m),
            TextModelState::Missing(_) => None,
        }
    }

    /// The texts of the remembered journal (thoughts and reflections) that have no stored
    /// vector yet: what the front end embeds and stores before the next refresh.
    pub fn texts_without_vectors(&mut self) -> Vec<String> {
        if self.model().is_none() {
            return Vec::new();
        }
        semantic::texts_without_vectors(&self.journal, &mut self.waiting)
    }

    /// Brings the remembered journal up to date with the store: reads only the new event rows,
    /// and the check-ins, reflections, beliefs, verdicts and pathways only when they changed.
    /// What follows from them is worked out by the next analysis, which needs no store.
    pub fn refresh(&mut self, store: &Store) -> Result<(), StoreError> {
        match self.catch_up(store)? {
            Some(reload) => self.reload(store, reload),
            None => Ok(()),
        }
    }

    /// The cheap part of [`Analyzer::refresh`]: appends new rows and reads changed side
    /// records, or, when the journal must be read whole (the first time, after an edit or
    /// delete, or after another process wrote), says so. [`Analyzer::reload`] then reads it,
    /// and may be given another connection to the same journal, so that whoever holds `store`
    /// need not hold it meanwhile.
    pub fn catch_up(&mut self, store: &Store) -> Result<Option<Reload>, StoreError> {
        let (edits, side) = store.analysis_edit_count()?;
        let (changes, version) = store.analysis_change_counter()?;
        let now = Marks {
            rowid: 0,
            edits,
            side,
            changes,
            version,
        };
        match self.marks {
            Some(m)
                if (m.edits, m.side, m.changes, m.version) == (edits, side, changes, version) =>
            {
                Ok(None)
            }
            // Only this connection wrote, and it edited no event: new rows are appends.
            Some(m) if m.edits == edits && m.version == version => {
                let max = store.analysis_max_event_rowid()?;
                if max > m.rowid && !self.journal.append_from(store, m.rowid)? {
                    // Rows before the last one moved: the tally's positions no longer hold.
                    self.tally = None;
                }
                if m.side != side {
                    self.journal.refresh_side(store)?;
                }
                if let TextModelState::Loaded(model) = &self.model {
                    semantic::sync_stored(
                        &mut self.journal,
                        model,
                        store,
                        &mut self.synced,
                        m.side != side,
                    )?;
                }
                self.marks = Some(Marks { rowid: max, ..now });
                Ok(None)
            }
            _ => {
                let max = store.analysis_max_event_rowid()?;
                // Until the reload is done, nothing remembered is trusted.
                self.marks = None;
                Ok(Some(Reload {
                    marks: Marks { rowid: max, ..now },
                }))
            }
        }
    }

    /// Reads the whole journal as [`Analyzer::catch_up`] asked, from `store` or from another
    /// connection to the same journal: the event rows it had then (later ones are appends for
    /// the next catch-up) and every side record. A change made meanwhile through the first
    /// connection moves its counters past the marks taken then, so the next catch-up sees it.
    pub fn reload(&mut self, store: &Store, reload: Reload) -> Result<(), StoreError> {
        self.journal = Dataset::read_upto(store, reload.marks.rowid)?;
        self.waiting = semantic::Waiting::default();
        match &self.model {
            TextModelState::Loaded(model) => {
                self.synced = semantic::attach_stored(&mut self.journal, model, store)?;
            }
            TextModelState::Missing(why) => self.journal.vectors.unavailable = Some(why.clone()),
        }
        self.cache = cache::Cache::new();
        self.tally = None;
        self.marks = Some(reload.marks);
        Ok(())
    }

    /// How many times an analysis summed the window from its first event (rather than adding
    /// only the new events to the sums it kept).
    pub fn tallies_started(&self) -> u64 {
        self.tallies_started
    }

    /// Drops the kept sums, so the next analysis sums the window from its first event again
    /// (what the benchmarks time as the full analysis).
    pub fn forget_sums(&mut self) {
        self.tally = None;
    }

    /// Refreshes, then analyses the remembered journal.
    pub fn analyze(
        &mut self,
        store: &Store,
        opts: &AnalyzeOptions,
        clock: &dyn Clock,
    ) -> Result<Analysis, AnalyzeError> {
        self.refresh(store)?;
        self.analyze_warm(opts, clock.now())
    }

    /// Analyses the remembered journal as of the last refresh, carrying on the last window's
    /// tally when it still holds.
    pub fn analyze_warm(
        &mut self,
        opts: &AnalyzeOptions,
        now: Instant,
    ) -> Result<Analysis, AnalyzeError> {
        let (since, until) = bounds(opts, now)?;
        // The text of new strings and thoughts is read here, not in `refresh`: the caller
        // need not hold the journal for it.
        if !self.cache.update(&self.journal) {
            self.tally = None;
        }
        let to_day = day_number(until);
        let since_day = since.map(day_number);
        let j = &self.journal;
        let kept = self.tally.take().filter(|k| {
            k.since == since_day
                && k.tally.to_day == to_day
                && k.beliefs == j.beliefs
                && k.reflections == j.reflections
                && k.pathways == j.pathways
                && k.tally.continues(j)
        });
        let mut kept = match kept {
            Some(k) => k,
            None => {
                self.tallies_started += 1;
                Kept {
                    since: since_day,
                    beliefs: j.beliefs.clone(),
                    reflections: j.reflections.clone(),
                    pathways: j.pathways.clone(),
                    tally: tally::Tally::new(
                        j,
                        &self.cache,
                        window_start(j, since_day, to_day),
                        to_day,
                    ),
                }
            }
        };
        kept.tally.extend(j, &self.cache);
        let a = finish(j, &self.cache, &kept.tally, until, now);
        self.tally = Some(kept);
        Ok(a)
    }
}

fn bounds(
    opts: &AnalyzeOptions,
    now: Instant,
) -> Result<(Option<NaiveDate>, NaiveDate), AnalyzeError> {
    if let (Some(s), Some(u)) = (opts.since, opts.until) {
        if s > u {
            return Err(AnalyzeError::EmptyWindow { since: s, until: u });
        }
    }
    Ok((opts.since, opts.until.unwrap_or_else(|| now.date_naive())))
}

/// The window's first day: `--since`, else the first logged day up to its end.
fn window_start(j: &Dataset, since: Option<i32>, to_day: i32) -> i32 {
    since.unwrap_or_else(|| {
        j.events
            .iter()
            .map(|e| e.day)
            .filter(|d| *d <= to_day)
            .min()
            .unwrap_or(to_day)
    })
}

/// Analyses an in-memory journal. `now` sets `generated_at` and "today" (the default end of the
/// window).
pub fn analyze_journal(
    j: &Dataset,
    opts: &AnalyzeOptions,
    now: Instant,
) -> Result<Analysis, AnalyzeError> {
    let mut c = cache::Cache::new();
    c.update(j);
    let (since, until) = bounds(opts, now)?;
    let to_day = day_number(until);
    let mut t = tally::Tally::new(
        j,
        &c,
        window_start(j, since.map(day_number), to_day),
        to_day,
    );
    t.extend(j, &c);
    Ok(finish(j, &c, &t, until, now))
}

/// The confidence model's features of every belief for an in-memory journal over its whole
/// window, with the belief ids: what the model's weights are fitted on (empty below the
/// minimum of data). Not part of the analysis.
#[doc(hidden)]
pub fn link_features(j: &Dataset, now: Instant) -> Vec<(String, beliefs::Features)> {
    let mut c = cache::Cache::new();
    c.update(j);
    let to_day = day_number(now.date_naive());
    let mut t = tally::Tally::new(j, &c, window_start(j, None, to_day), to_day);
    t.extend(j, &c);
    let view = View::new(j, &c, &t);
    let mut totals = t.totals.clone();
    totals.break_rate = None;
    if !missing(t.days.len(), &totals).is_empty() {
        return Vec::new();
    }
    let scores = beliefs::score_all(&view, &t.beliefs, None);
    let f = beliefs::Features::all(&scores, c.semantic());
    j.beliefs.iter().map(|b| b.id.clone()).zip(f).collect()
}

/// The analysis from a window's tally: the tests, intervals, rankings and change points.
fn finish(
    j: &Dataset,
    c: &cache::Cache,
    t: &tally::Tally,
    until: NaiveDate,
    now: Instant,
) -> Analysis {
    let view = View::new(j, c, t);
    let mut totals = t.totals.clone();
    totals.break_rate = stats::rate(
        totals.breaks as u64,
        (totals.breaks + totals.completed) as u64,
    )
    .map(stats::r3);
    let days = t.days.len();
    let missing = missing(days, &totals);
    let enough = missing.is_empty();

    let found = if enough {
        patterns::find(&view, &t.patterns)
    } else {
        Vec::new()
    };
    let scores = if enough {
        beliefs::score_all(&view, &t.beliefs, None)
    } else {
        Vec::new()
    };
    let weekly = trends::weekly(&view, &t.weeks);
    let (links, top) = if enough {
        beliefs::link(&view, &t.beliefs, &found, &scores)
    } else {
        (Vec::new(), 0.0)
    };
    let mut shifts = trends::shifts(&weekly, &mut t.shift_memo().break_rate);
    shifts.extend(t.alignment_shifts().iter().cloned());
    shifts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.series.cmp(&b.series)));
    let (layers_now, week_layers) = layers::read(&weekly, top);
    let pathway_effects = pathways::effects(&view, &t.pathways, t.swings());
    let mondays: Vec<i32> = weekly.iter().map(|w| w.monday).collect();
    let (costs, friction_hints) = costs::finish(&t.costs, t.swings(), &mondays, days, &j.strings);
    let cost_shifts = costs::shifts(&costs, &mut t.shift_memo().costs);

    let detail = Detail {
        weeks: weekly
            .iter()
            .zip(week_layers)
            .map(|(w, l)| WeekDetail {
                week: w.label.clone(),
                start: day_date(w.monday),
                breaks_by_kind: w.by_kind,
                completed: w.completed,
                by_domain: w.by_domain.clone(),
                layers: l,
            })
            .collect(),
        breaks_matched: j
            .beliefs
            .iter()
            .zip(&scores)
            .map(|(b, s)| (b.id.clone(), s.matched.len()))
            .collect(),
        pattern_rows: found
            .iter()
            .map(|f| f.events.iter().map(|&i| view.ev(i as usize).row).collect())
            .collect(),
        link_rows: links
            .iter()
            .map(|l| {
                j.beliefs
                    .iter()
                    .position(|b| b.id == l.belief_id)
                    .map(|b| scores[b].matched.iter().map(|&i| view.ev(i).row).collect())
                    .unwrap_or_default()
            })
            .collect(),
        friction_hints,
        cost_shifts,
    };

    Analysis {
        format: "plumbline-analysis".to_string(),
        version: 1,
        generated_at: format_instant(&now),
        window: Window {
            from: day_date(t.from_day.min(t.to_day)),
            to: until,
            days_logged: days,
        },
        enough_data: enough,
        missing,
        totals,
        patterns: found.into_iter().map(|f| f.pattern).collect(),
        beliefs: links,
        layers: layers_now,
        costs,
        trend: weekly.iter().map(trends::Week::public).collect(),
        shifts,
        pathways: pathway_effects,
        text_model: text_model(j, c),
        detail,
    }
}

/// Which text model read the thoughts, and why not the sentence model when it did not.
fn text_model(j: &Dataset, c: &cache::Cache) -> TextModel {
    if c.semantic() {
        let (with, all) = (j.vectors.thoughts_with_vectors(), j.thoughts.len());
        let model = j
            .vectors
            .prototypes
            .as_ref()
            .map_or("", |p| p.model.as_str());
        let note = if with >= all {
            format!("thoughts read by the sentence model {model}")
        } else {
            format!(
                "thoughts read by the sentence model {model}; {} of {all} not read yet, so markers stand in for them",
                all - with
            )
        };
        TextModel {
            kind: TextModelKind::Embedding,
            note,
        }
    } else {
        TextModel {
            kind: TextModelKind::Markers,
            note: j.vectors.unavailable.clone().unwrap_or_else(|| {
                "the sentence model is not available, so thoughts are read by the belief markers alone".to_string()
            }),
        }
    }
}

/// A scoped thread's result; its panic (only a bug can get there) goes on in the caller.
fn joined<T>(r: std::thread::Result<T>) -> T {
    r.unwrap_or_else(|p| std::panic::resume_unwind(p))
}

fn unit(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// What is lacking before anything can be claimed, in plain words.
fn missing(days: usize, t: &Totals) -> Vec<String> {
    let mut out = Vec::new();
    if days < MIN_DAYS {
        let n = MIN_DAYS - days;
        out.push(format!(
            "log {n} more {} (you have {days} of the {MIN_DAYS} logged days needed)",
            unit(n, "day", "days")
        ));
    }
    if t.events < MIN_EVENTS {
        let n = MIN_EVENTS - t.events;
        out.push(format!(
            "log {n} more {} (you have {} of the {MIN_EVENTS} needed)",
            unit(n, "event", "events"),
            t.events
        ));
    }
    if t.completed == 0 {
        out.push(
            "no completed tasks yet: log what went well too, so break rates mean something"
                .to_string(),
        );
    } else if t.completed < MIN_COMPLETIONS {
        let n = MIN_COMPLETIONS - t.completed;
        out.push(format!(
            "log {n} more completed {}: what went well counts as much as what broke",
            unit(n, "task", "tasks")
        ));
    }
    if t.breaks == 0 {
        out.push(
            "no breaks logged yet: log delayed starts, unfinished, avoided or switched work when it happens"
                .to_string(),
        );
    } else if t.breaks < MIN_BREAKS {
        let n = MIN_BREAKS - t.breaks;
        out.push(format!(
            "log {n} more {} (delayed starts, unfinished, avoided or switched work) when they happen",
            unit(n, "break", "breaks")
        ));
    }
    out
}

/// The belief specs for the store's beliefs: catalog signatures, custom markers.
pub fn belief_specs(beliefs: &[crate::domain::Belief]) -> Vec<BeliefSpec> {
    beliefs
        .iter()
        .map(|b| {
            let signature = match crate::catalog::signature(&b.id) {
                Some(s) => SignatureSpec {
                    task_keywords: s.task_keywords.iter().map(|k| (*k).to_string()).collect(),
                    kinds: s.kinds.to_vec(),
                    after_wins: s.after_wins,
                    high_progress_unfinished: s.high_progress_unfinished,
                    recurring: s.recurring,
                    set_by_others: s.set_by_others,
                    high_stakes: s.high_stakes,
                },
                // A custom belief's markers also name the work it shows up on.
                None => SignatureSpec {
                    task_keywords: b.markers.clone(),
                    ..SignatureSpec::default()
                },
            };
            BeliefSpec {
                id: b.id.clone(),
                markers: b.markers.clone(),
                signature,
                statement: b.statement.clone(),
                description: b.description.clone(),
            }
        })
        .collect()
}

/// The ISO week label ("2026-W47") of a day number.
pub fn iso_week_label(day: i32) -> String {
    let w = day_date(day).iso_week();
    format!("{}-W{:02}", w.year(), w.week())
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

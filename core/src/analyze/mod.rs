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
//! Text is scanned once: [`cache::Cache`] keeps, per interned task/domain/tag, which signature
//! components it matches and, per distinct thought, which beliefs' markers it uses. The
//! [`Analyzer`] keeps rows and cache between analyses and, after new events, reads only those
//! rows (edits, deletes and writes by other processes reload everything).
//!
//! Language: links are *probable* and breaks *co-occur with* a belief; nothing here diagnoses.
//! The output is deterministic for the same journal, window and `now`.

pub mod beliefs;
pub mod cache;
pub mod layers;
pub mod pathways;
pub mod patterns;
pub mod stats;
pub mod text;
pub mod trends;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::domain::{format_instant, Event, Instant, Kind, Layer, Pathway, Verdict, VerdictKind};
use crate::store::{Store, StoreError};

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
    pub trend: Vec<WeekTrend>,
    pub shifts: Vec<Shift>,
    pub pathways: Vec<PathwayEffect>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Layers {
    pub belief: f64,
    pub thinking: f64,
    pub execution: f64,
    pub weakest: Layer,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathwayEffect {
    pub pathway_id: String,
    pub status: PathwayStatus,
    pub before: Option<PeriodRate>,
    pub after: Option<PeriodRate>,
}

/// Series the app can show beyond the contract: per-week layers and breakdowns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detail {
    pub weeks: Vec<WeekDetail>,
    /// Breaks each belief's signature matches now, listed or not (what `verdict` stores as the
    /// evidence at the verdict). Empty when there is not enough data.
    pub breaks_matched: Vec<(String, usize)>,
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
    /// Index into [`Journal::thoughts`], [`NONE`] = no thought.
    pub thought: u32,
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
}

/// One event's fields, as read from the store or built in tests.
#[derive(Debug, Clone, Copy)]
pub struct RowIn<'a> {
    pub at_utc: i64,
    pub day: i32,
    pub minute: u16,
    pub kind: Kind,
    pub task: &'a str,
    pub domain: Option<&'a str>,
    pub emotion: Option<&'a str>,
    pub friction: Option<u8>,
    pub progress: Option<f64>,
    pub delay: Option<u32>,
    pub thought: Option<&'a str>,
}

/// Everything the analyzer reads: narrow event rows, check-ins, reflections, beliefs,
/// verdicts and pathways.
#[derive(Debug, Clone, Default)]
pub struct Journal {
    pub events: Vec<Ev>,
    pub strings: Interner,
    tag_ids: Vec<u32>,
    /// Distinct thoughts (events share an index when they share the words).
    pub thoughts: Vec<String>,
    thought_ids: HashMap<String, u32>,
    /// (day, alignment), any order.
    pub checkins: Vec<(i32, u8)>,
    /// (day, text).
    pub reflections: Vec<(i32, String)>,
    pub beliefs: Vec<BeliefSpec>,
    /// Verdicts with the breaks matched when they were given.
    pub verdicts: Vec<(Verdict, Option<u32>)>,
    pub pathways: Vec<Pathway>,
}

/// Lowercases and collapses whitespace: the key used for task, tag, domain and emotion slices.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out.trim_end_matches(['.', '!', '?', ',', ';', ':'])
        .to_string()
}

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

impl Journal {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one event row; tags are added with [`Journal::push_tag`] right after.
    pub fn push_event(&mut self, r: RowIn<'_>) {
        let task = self.strings.intern(&normalise(r.task));
        let domain = r
            .domain
            .map_or(NONE, |d| self.strings.intern(&normalise(d)));
        let emotion = r
            .emotion
            .map_or(NONE, |e| self.strings.intern(&normalise(e)));
        let thought = match r.thought.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => match self.thought_ids.get(t) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(self.thoughts.len()).unwrap_or(NONE);
                    self.thoughts.push(t.to_string());
                    self.thought_ids.insert(t.to_string(), id);
                    id
                }
            },
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
        });
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
        (e.thought != NONE).then(|| self.thoughts[e.thought as usize].as_str())
    }

    /// Sorts events by time (stable), as the sequence slices need.
    pub fn sort(&mut self) {
        if !self.events.windows(2).all(|w| w[0].at_utc <= w[1].at_utc) {
            self.events.sort_by_key(|e| e.at_utc);
        }
    }
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

/// The events of the analysis window, with features, in time order.
pub(crate) struct View<'a> {
    pub j: &'a Journal,
    pub cache: &'a cache::Cache,
    pub ev: Vec<&'a Ev>,
    pub feat: Vec<Feat>,
    /// (day, alignment) in the window, sorted by day.
    pub checkins: Vec<(i32, u8)>,
    pub from_day: i32,
    pub to_day: i32,
    /// Index into `ev` where the later part (for confirmation) starts.
    pub split: usize,
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
    fn new(j: &'a Journal, cache: &'a cache::Cache, from_day: i32, to_day: i32) -> View<'a> {
        let ev: Vec<&Ev> = j
            .events
            .iter()
            .filter(|e| e.day >= from_day && e.day <= to_day)
            .collect();
        let mut checkins: Vec<(i32, u8)> = j
            .checkins
            .iter()
            .copied()
            .filter(|(d, _)| *d >= from_day && *d <= to_day)
            .collect();
        checkins.sort_unstable();
        checkins.dedup_by_key(|c| c.0);
        let feat = features(&ev, &checkins);
        // The later part starts at the middle counted (non-skipped) event.
        let counted = ev.iter().filter(|e| e.kind != Kind::Skipped).count();
        let split = ev
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind != Kind::Skipped)
            .nth(counted / 2)
            .map_or(ev.len(), |(i, _)| i);
        View {
            j,
            cache,
            ev,
            feat,
            checkins,
            from_day,
            to_day,
            split,
        }
    }
}

fn features(ev: &[&Ev], checkins: &[(i32, u8)]) -> Vec<Feat> {
    let mut out = vec![Feat::default(); ev.len()];
    // Per-day summaries for the previous-day features.
    let mut i = 0;
    let mut prev_day: Option<(i32, bool, u8)> = None; // (day, win, kinds)
    let mut last_event: Option<&Ev> = None;
    while i < ev.len() {
        let day = ev[i].day;
        let mut j = i;
        let (mut comp, mut brk, mut kinds) = (0u32, 0u32, 0u8);
        while j < ev.len() && ev[j].day == day {
            match ev[j].kind {
                Kind::Completed => comp += 1,
                Kind::Skipped => {}
                k => {
                    brk += 1;
                    if let Some(b) = break_index(k) {
                        kinds |= 1 << b;
                    }
                }
            }
            j += 1;
        }
        let low_alignment = checkins
            .binary_search_by_key(&(day - 1), |c| c.0)
            .ok()
            .is_some_and(|k| checkins[k].1 <= 2);
        let (after_win, prev_kinds) = match prev_day {
            Some((d, win, k)) if day - d <= 3 && day > d => (win, k),
            _ => (false, 0),
        };
        for k in i..j {
            let e = ev[k];
            let mut f = Feat {
                after_win,
                after_low_alignment: low_alignment,
                prev_day_kinds: prev_kinds,
                ..Feat::default()
            };
            if let Some(p) = last_event {
                if e.day - p.day <= 1 {
                    f.after_switch = p.kind == Kind::Switched;
                    if p.kind == Kind::DelayedStart && p.delay != NONE {
                        f.after_delay = delay_bucket(p.delay);
                    }
                }
            }
            out[k] = f;
            if e.kind != Kind::Skipped {
                last_event = Some(e);
            }
        }
        if comp + brk > 0 {
            prev_day = Some((day, comp >= 2 && brk == 0, kinds));
        }
        i = j;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The entry points

/// Reads the journal from the store and analyses it.
pub fn analyze(
    store: &Store,
    opts: &AnalyzeOptions,
    clock: &dyn Clock,
) -> Result<Analysis, AnalyzeError> {
    let now = clock.now();
    let (from, to) = bounds(opts, now)?;
    let journal = store.analysis_journal(from, Some(to))?;
    analyze_journal(&journal, opts, now)
}

/// The analyzer with its memory: keeps the narrow rows and the text-derived features between
/// analyses, so after new events only those rows are read and only their new strings and
/// thoughts are scanned. Edits and deletes, and any write by another connection (another
/// process), reload everything.
#[derive(Debug, Default)]
pub struct Analyzer {
    journal: Journal,
    cache: cache::Cache,
    /// (max event rowid loaded, edit count, total changes, data version) at the last refresh.
    marks: Option<(i64, i64, u64, i64)>,
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// Brings the remembered journal up to date with the store.
    pub fn refresh(&mut self, store: &Store) -> Result<(), StoreError> {
        let edits = store.analysis_edit_count()?;
        let (changes, version) = store.analysis_change_counter()?;
        match self.marks {
            Some((_, e, c, v)) if (e, c, v) == (edits, changes, version) => return Ok(()),
            Some((rowid, e, _, v)) if e == edits && v == version => {
                let max = store.analysis_max_event_rowid()?;
                if max > rowid {
                    store.analysis_append_events(&mut self.journal, rowid)?;
                }
                store.analysis_refresh_side(&mut self.journal)?;
                self.marks = Some((max, edits, changes, version));
            }
            _ => {
                let max = store.analysis_max_event_rowid()?;
                self.journal = store.analysis_journal(None, None)?;
                self.cache = cache::Cache::new();
                self.marks = Some((max, edits, changes, version));
            }
        }
        self.cache.update(&self.journal);
        Ok(())
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

    /// Analyses the remembered journal as of the last refresh.
    pub fn analyze_warm(
        &self,
        opts: &AnalyzeOptions,
        now: Instant,
    ) -> Result<Analysis, AnalyzeError> {
        analyze_cached(&self.journal, &self.cache, opts, now)
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

/// Analyses an in-memory journal. `now` sets `generated_at` and "today" (the default end of the
/// window).
pub fn analyze_journal(
    j: &Journal,
    opts: &AnalyzeOptions,
    now: Instant,
) -> Result<Analysis, AnalyzeError> {
    let mut c = cache::Cache::new();
    c.update(j);
    analyze_cached(j, &c, opts, now)
}

/// Analyses a journal whose text-derived features are already in `c` (brought up to date
/// with [`cache::Cache::update`]).
pub fn analyze_cached(
    j: &Journal,
    c: &cache::Cache,
    opts: &AnalyzeOptions,
    now: Instant,
) -> Result<Analysis, AnalyzeError> {
    let (since, until) = bounds(opts, now)?;
    let to_day = day_number(until);
    let first_day = j
        .events
        .iter()
        .map(|e| e.day)
        .filter(|d| *d <= to_day)
        .min()
        .unwrap_or(to_day);
    let from_day = since.map_or(first_day, day_number);
    let view = View::new(j, c, from_day, to_day);

    let mut totals = Totals {
        events: view.ev.len(),
        breaks: 0,
        completed: 0,
        skipped: 0,
        break_rate: None,
        by_kind: ByKind::default(),
    };
    let mut days: Vec<i32> = Vec::new();
    for e in &view.ev {
        match e.kind {
            Kind::Completed => totals.completed += 1,
            Kind::Skipped => totals.skipped += 1,
            k => {
                totals.breaks += 1;
                totals.by_kind.add(k);
            }
        }
        if days.last() != Some(&e.day) {
            days.push(e.day);
        }
    }
    days.sort_unstable();
    days.dedup();
    totals.break_rate = stats::rate(
        totals.breaks as u64,
        (totals.breaks + totals.completed) as u64,
    )
    .map(stats::r3);

    let missing = missing(days.len(), &totals);
    let enough = missing.is_empty();

    // Patterns, belief scores and the weekly series each read the whole view and nothing of
    // each other: on a large window they run side by side.
    let find = || {
        if enough {
            patterns::find(&view)
        } else {
            Vec::new()
        }
    };
    let score = || {
        if enough || !j.pathways.is_empty() {
            beliefs::score_all(&view, None)
        } else {
            Vec::new()
        }
    };
    let (found, scores, weekly) = if view.ev.len() >= PARALLEL_MIN_EVENTS {
        std::thread::scope(|s| {
            let found = s.spawn(find);
            let weekly = s.spawn(|| trends::weekly(&view));
            let scores = score();
            (joined(found.join()), scores, joined(weekly.join()))
        })
    } else {
        (find(), score(), trends::weekly(&view))
    };
    let links = if enough {
        beliefs::link(&view, &found, &scores)
    } else {
        Vec::new()
    };
    let mut shifts = trends::shifts(&weekly);
    shifts.extend(trends::alignment_shifts(&view.checkins));
    shifts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.series.cmp(&b.series)));
    let top = links
        .iter()
        .filter(|l| l.verdict.is_some() || l.tier != BeliefTier::Emerging)
        .map(|l| l.confidence)
        .fold(0.0_f64, f64::max);
    let (layers_now, week_layers) = layers::read(&weekly, top);
    let pathway_effects = pathways::effects(&view, &scores);

    let detail = Detail {
        weeks: weekly
            .iter()
            .zip(week_layers)
            .map(|(w, l)| WeekDetail {
                week: w.label.clone(),
                breaks_by_kind: w.by_kind,
                completed: w.completed,
                by_domain: w.by_domain.clone(),
                layers: l,
            })
            .collect(),
        breaks_matched: if enough {
            j.beliefs
                .iter()
                .zip(&scores)
                .map(|(b, s)| (b.id.clone(), s.matched.len()))
                .collect()
        } else {
            Vec::new()
        },
    };

    Ok(Analysis {
        format: "plumbline-analysis".to_string(),
        version: 1,
        generated_at: format_instant(&now),
        window: Window {
            from: day_date(from_day.min(to_day)),
            to: until,
            days_logged: days.len(),
        },
        enough_data: enough,
        missing,
        totals,
        patterns: found.into_iter().map(|f| f.pattern).collect(),
        beliefs: links,
        layers: layers_now,
        trend: weekly.iter().map(trends::Week::public).collect(),
        shifts,
        pathways: pathway_effects,
        detail,
    })
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
        let mut j = Journal::new();
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
        let v = View::new(&j, &c, d, d + 10);
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
        let mut j = Journal::new();
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
    fn empty_journal_is_valid_and_claims_nothing() {
        let a = analyze_journal(
            &Journal::new(),
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
        let err = analyze_journal(&Journal::new(), &opts, now("2026-11-24T09:00:00Z"))
            .expect_err("empty window");
        assert_eq!(
            err.to_string(),
            "the analysis window is empty: --since 2026-02-01 is after --until 2026-01-01"
        );
    }
}

//! The analysis document (docs/contracts.md §4) and the detail beyond it that the views show: the
//! output types, with nothing computed here.

use super::*;

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
    pub(super) fn add(&mut self, k: Kind) {
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

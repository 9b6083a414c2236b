//! The three costs of misalignment: cognitive friction, emotional volatility and behavioural
//! leakage (docs/contracts.md §4 `costs`).
//!
//! Each level is in [0, 1], higher = costlier, and is worked out from sums ([`Sums`]) that are
//! fed one event at a time (friction, emotion and kind of each counted event) and, for the
//! day-to-day swings, from the window's check-ins once per tally. Every mean is shrunk toward
//! a neutral prior by a few imagined observations, so a handful of entries cannot make a cost
//! extreme; below a minimum of data a level is `null` and its `basis` says what to log.
//!
//! - **Cognitive friction.** From the friction (1–5) rated on counted events (breaks and
//!   completions; skips are not planned work done or broken). `base` = (mean friction − 1) / 4;
//!   `excess` = max(0, mean on breaks − mean on completions) / 4; level = min(1, base +
//!   excess / 2). Each mean is shrunk toward 3, the scale's middle, by
//!   [`PRIOR_RATINGS`] imagined ratings. Needs [`MIN_RATED`] ratings.
//! - **Emotional volatility.** The mean of two parts, each in [0, 1], of those available.
//!   *Swings*: the mean absolute change of mood and of energy from one check-in to the next
//!   (only check-ins at most [`MAX_GAP_DAYS`] days apart make a pair: a day not logged is not
//!   a zero), shrunk toward half a point by [`PRIOR_PAIRS`] imagined pairs, divided by 2 and
//!   capped at 1 (a two-point swing every day is the most volatile). Needs [`MIN_PAIRS`]
//!   changes. *Emotions*: the total-variation distance between the emotion words named on
//!   breaks and those named on completions (0 = the same words in the same shares, 1 = no
//!   word in common), each side's shares shrunk toward the pooled shares by
//!   [`PRIOR_EMOTIONS`] imagined events. Needs [`MIN_EMOTIONS`] named on each side.
//! - **Behavioural leakage.** Among counted events, the shares of delayed starts
//!   (`delayed_starts`), unfinished work (`incomplete_finishes`) and switches
//!   (`strategic_inconsistency`), as they are. The level is the share that leaked in one of
//!   these three ways, shrunk toward none by [`PRIOR_EVENTS`] imagined events that did not leak.
//!   Avoided work is a break but not a leak (nothing was started). Needs [`MIN_COUNTED`] counted
//!   events.
//!
//! Overall levels also need [`MIN_DAYS`] logged days. Weekly levels use the same formulas on
//! the week's sums with smaller minimums (two ratings, two changes or two named emotions a
//! side, three counted events).

use serde::{Deserialize, Serialize};

use super::stats::r3;
use super::trends::PeltMemo;
use super::{iso_week_label, week_of, Ev, NONE};
use crate::domain::{Belief, Kind, Layer};

/// Fewest logged days before any overall cost is given.
pub const MIN_DAYS: usize = 7;
/// Fewest friction ratings on counted events.
pub const MIN_RATED: u32 = 5;
/// Fewest day-to-day changes of mood or energy for the swing part of volatility.
pub const MIN_PAIRS: u32 = 5;
/// Fewest breaks and fewest completions with an emotion for the emotion part of volatility.
pub const MIN_EMOTIONS: u32 = 3;
/// Fewest counted events (breaks and completions) for leakage.
pub const MIN_COUNTED: u32 = 10;
/// Imagined friction ratings of 3 that every friction mean starts with.
pub const PRIOR_RATINGS: f64 = 4.0;
/// Imagined day-to-day changes of half a point that the swing mean starts with.
pub const PRIOR_PAIRS: f64 = 4.0;
/// Imagined events carrying the pooled emotion shares on each side.
pub const PRIOR_EMOTIONS: f64 = 4.0;
/// Imagined counted events that did not leak.
pub const PRIOR_EVENTS: f64 = 5.0;
/// Check-ins further apart than this are not a day-to-day change.
pub const MAX_GAP_DAYS: i32 = 3;

// ---------------------------------------------------------------------------------------------
// The contract's block

/// The three costs (docs/contracts.md §4 `costs`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Costs {
    pub cognitive_friction: Cost,
    pub emotional_volatility: Cost,
    pub behavioural_leakage: Leakage,
}

/// One cost: its level (`null` without enough data), what it rests on, and its weekly series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    pub level: Option<f64>,
    pub basis: String,
    pub weekly: Vec<WeekLevel>,
}

/// Behavioural leakage with its three shares of counted events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Leakage {
    pub level: Option<f64>,
    pub basis: String,
    pub delayed_starts: Option<f64>,
    pub incomplete_finishes: Option<f64>,
    pub strategic_inconsistency: Option<f64>,
    pub weekly: Vec<WeekLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekLevel {
    pub week: String,
    pub level: Option<f64>,
}

/// The three levels over one period (a pathway's before or after).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct CostLevels {
    pub cognitive_friction: Option<f64>,
    pub emotional_volatility: Option<f64>,
    pub behavioural_leakage: Option<f64>,
}

impl CostLevels {
    fn of(s: &Sums, m: &Mins) -> CostLevels {
        CostLevels {
            cognitive_friction: friction(s, m).map(|f| r3(f.level)),
            emotional_volatility: volatility(s, m).map(|v| r3(v.level)),
            behavioural_leakage: leakage(s, m).map(|l| r3(l.level)),
        }
    }

    fn get(&self, k: CostKind) -> Option<f64> {
        match k {
            CostKind::Friction => self.cognitive_friction,
            CostKind::Volatility => self.emotional_volatility,
            CostKind::Leakage => self.behavioural_leakage,
        }
    }
}

/// The costs on a pathway's work before it began and since (volatility's swings are the
/// person's days, not one piece of work: they are split at the start date too).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathwayCosts {
    pub before: CostLevels,
    pub after: CostLevels,
}

/// Which of the three costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    #[serde(rename = "cognitive_friction")]
    Friction,
    #[serde(rename = "emotional_volatility")]
    Volatility,
    #[serde(rename = "behavioural_leakage")]
    Leakage,
}

impl CostKind {
    pub const ALL: [CostKind; 3] = [CostKind::Friction, CostKind::Volatility, CostKind::Leakage];

    /// The key in the analysis (`cognitive_friction`, …).
    pub fn key(self) -> &'static str {
        match self {
            CostKind::Friction => "cognitive_friction",
            CostKind::Volatility => "emotional_volatility",
            CostKind::Leakage => "behavioural_leakage",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CostKind::Friction => "Cognitive friction",
            CostKind::Volatility => "Emotional volatility",
            CostKind::Leakage => "Behavioural leakage",
        }
    }

    /// What it means, in a few words.
    pub fn about(self) -> &'static str {
        match self {
            CostKind::Friction => "how much negotiation simple actions take",
            CostKind::Volatility => "how much mood, energy and feeling swing",
            CostKind::Leakage => "delayed starts, unfinished work and switching away",
        }
    }
}

impl Costs {
    pub fn level(&self, k: CostKind) -> Option<f64> {
        match k {
            CostKind::Friction => self.cognitive_friction.level,
            CostKind::Volatility => self.emotional_volatility.level,
            CostKind::Leakage => self.behavioural_leakage.level,
        }
    }

    pub fn basis(&self, k: CostKind) -> &str {
        match k {
            CostKind::Friction => &self.cognitive_friction.basis,
            CostKind::Volatility => &self.emotional_volatility.basis,
            CostKind::Leakage => &self.behavioural_leakage.basis,
        }
    }

    pub fn weekly(&self, k: CostKind) -> &[WeekLevel] {
        match k {
            CostKind::Friction => &self.cognitive_friction.weekly,
            CostKind::Volatility => &self.emotional_volatility.weekly,
            CostKind::Leakage => &self.behavioural_leakage.weekly,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sums

/// What the levels are made of, over a window, a week or a pathway's side.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Sums {
    /// Friction (sum, ratings) on breaks and on completions.
    fric: [(u32, u32); 2],
    /// Breaks and completions.
    counted: u32,
    /// Delayed starts, unfinished, switched.
    leaks: [u32; 3],
    /// (emotion, named on breaks, named on completions), in the order first met.
    emotions: Vec<(u32, u32, u32)>,
    /// Day-to-day changes of mood and energy: (sum of absolute changes, changes).
    swings: (u32, u32),
}

impl Sums {
    /// Adds one event of the window.
    pub fn add(&mut self, e: &Ev) {
        let side = match e.kind {
            Kind::Skipped => return,
            Kind::Completed => 1,
            _ => 0,
        };
        self.counted += 1;
        match e.kind {
            Kind::DelayedStart => self.leaks[0] += 1,
            Kind::Unfinished => self.leaks[1] += 1,
            Kind::Switched => self.leaks[2] += 1,
            _ => {}
        }
        if e.friction > 0 {
            self.fric[side].0 += u32::from(e.friction);
            self.fric[side].1 += 1;
        }
        if e.emotion != NONE {
            let slot = match self.emotions.iter().position(|x| x.0 == e.emotion) {
                Some(at) => at,
                None => {
                    self.emotions.push((e.emotion, 0, 0));
                    self.emotions.len() - 1
                }
            };
            if side == 0 {
                self.emotions[slot].1 += 1;
            } else {
                self.emotions[slot].2 += 1;
            }
        }
    }

    fn add_swing(&mut self, change: u32, n: u32) {
        self.swings.0 += change;
        self.swings.1 += n;
    }
}

/// Minimums for a level.
struct Mins {
    rated: u32,
    pairs: u32,
    emotions: u32,
    counted: u32,
}

const OVERALL: Mins = Mins {
    rated: MIN_RATED,
    pairs: MIN_PAIRS,
    emotions: MIN_EMOTIONS,
    counted: MIN_COUNTED,
};

const WEEKLY: Mins = Mins {
    rated: 2,
    pairs: 2,
    emotions: 2,
    counted: 3,
};

/// A mean shrunk toward `prior` by `weight` imagined observations.
fn shrunk(sum: f64, n: f64, prior: f64, weight: f64) -> f64 {
    (sum + prior * weight) / (n + weight)
}

struct FrictionReading {
    level: f64,
    rated: u32,
    mean: f64,
    on_breaks: Option<f64>,
    on_completions: Option<f64>,
}

fn friction(s: &Sums, m: &Mins) -> Option<FrictionReading> {
    let [(sb, nb), (sc, nc)] = s.fric;
    let rated = nb + nc;
    if rated < m.rated {
        return None;
    }
    let mean_of = |sum: u32, n: u32| shrunk(f64::from(sum), f64::from(n), 3.0, PRIOR_RATINGS);
    let base = (mean_of(sb + sc, rated) - 1.0) / 4.0;
    let excess = (mean_of(sb, nb) - mean_of(sc, nc)).max(0.0) / 4.0;
    let raw = |sum: u32, n: u32| (n > 0).then(|| f64::from(sum) / f64::from(n));
    Some(FrictionReading {
        level: (base + excess / 2.0).clamp(0.0, 1.0),
        rated,
        mean: f64::from(sb + sc) / f64::from(rated),
        on_breaks: raw(sb, nb),
        on_completions: raw(sc, nc),
    })
}

struct VolatilityReading {
    level: f64,
    /// (mean change in points, changes) when the swing part is there.
    swings: Option<(f64, u32)>,
    /// (distance, breaks named, completions named) when the emotion part is there.
    emotions: Option<(f64, u32, u32)>,
}

fn volatility(s: &Sums, m: &Mins) -> Option<VolatilityReading> {
    let swings = (s.swings.1 >= m.pairs).then(|| {
        let (sum, n) = s.swings;
        (f64::from(sum) / f64::from(n), n)
    });
    let swing_part = (s.swings.1 >= m.pairs).then(|| {
        let mean = shrunk(
            f64::from(s.swings.0),
            f64::from(s.swings.1),
            0.5,
            PRIOR_PAIRS,
        );
        (mean / 2.0).min(1.0)
    });
    let nb: u32 = s.emotions.iter().map(|x| x.1).sum();
    let nc: u32 = s.emotions.iter().map(|x| x.2).sum();
    let emotions = (nb >= m.emotions && nc >= m.emotions).then(|| {
        let total = f64::from(nb + nc);
        let (fb, fc) = (f64::from(nb), f64::from(nc));
        let tv: f64 = s
            .emotions
            .iter()
            .map(|&(_, b, c)| {
                let pooled = f64::from(b + c) / total;
                let pb = shrunk(f64::from(b), fb, pooled, PRIOR_EMOTIONS);
                let pc = shrunk(f64::from(c), fc, pooled, PRIOR_EMOTIONS);
                (pb - pc).abs()
            })
            .sum::<f64>()
            / 2.0;
        (tv.clamp(0.0, 1.0), nb, nc)
    });
    let parts: Vec<f64> = swing_part
        .into_iter()
        .chain(emotions.map(|e| e.0))
        .collect();
    if parts.is_empty() {
        return None;
    }
    Some(VolatilityReading {
        level: parts.iter().sum::<f64>() / parts.len() as f64,
        swings,
        emotions,
    })
}

struct LeakageReading {
    level: f64,
    shares: [f64; 3],
}

fn shares(s: &Sums) -> Option<[f64; 3]> {
    (s.counted > 0).then(|| s.leaks.map(|l| f64::from(l) / f64::from(s.counted)))
}

fn leakage(s: &Sums, m: &Mins) -> Option<LeakageReading> {
    if s.counted < m.counted {
        return None;
    }
    let leaked: u32 = s.leaks.iter().sum();
    Some(LeakageReading {
        level: (f64::from(leaked) / (f64::from(s.counted) + PRIOR_EVENTS)).clamp(0.0, 1.0),
        shares: shares(s).unwrap_or([0.0; 3]),
    })
}

// ---------------------------------------------------------------------------------------------
// Tally and finish

/// The window's cost sums, fed in time order: overall, per week, and per week and domain
/// (friction only, for the prompts that name the work).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    all: Sums,
    /// (week index, sums), by week.
    weeks: Vec<(i32, Sums)>,
    /// (week index, domain, friction sum, ratings), in the order met.
    domain_friction: Vec<(i32, u32, u32, u32)>,
}

impl Tally {
    pub fn add(&mut self, e: &Ev) {
        self.all.add(e);
        let wk = week_of(e.day);
        let at = match self.weeks.binary_search_by_key(&wk, |w| w.0) {
            Ok(at) => at,
            Err(at) => {
                self.weeks.insert(at, (wk, Sums::default()));
                at
            }
        };
        self.weeks[at].1.add(e);
        if e.friction > 0 && e.domain != NONE && e.kind != Kind::Skipped {
            // Entries come in week order (events are fed in time order): only this week's
            // tail is searched.
            match self
                .domain_friction
                .iter_mut()
                .rev()
                .take_while(|d| d.0 >= wk)
                .find(|d| d.0 == wk && d.1 == e.domain)
            {
                Some(d) => {
                    d.2 += u32::from(e.friction);
                    d.3 += 1;
                }
                None => {
                    self.domain_friction
                        .push((wk, e.domain, u32::from(e.friction), 1));
                }
            }
        }
    }
}

/// Day-to-day changes of mood and energy from check-ins `(day, mood, energy)` (sorted by day,
/// 0 = not given): each as (later day, sum of absolute changes, changes).
pub(crate) fn swings(moods: &[(i32, u8, u8)]) -> Vec<(i32, u32, u32)> {
    moods
        .windows(2)
        .filter(|w| w[1].0 - w[0].0 <= MAX_GAP_DAYS)
        .filter_map(|w| {
            let (a, b) = (w[0], w[1]);
            let mut sum = 0;
            let mut n = 0;
            for (x, y) in [(a.1, b.1), (a.2, b.2)] {
                if x > 0 && y > 0 {
                    sum += u32::from(x.abs_diff(y));
                    n += 1;
                }
            }
            (n > 0).then_some((b.0, sum, n))
        })
        .collect()
}

/// The costs of the window: `weeks` are the Mondays (day numbers) of the trend's weeks,
/// `swings` the check-ins' day-to-day changes in the window and `days` the logged days.
pub(crate) fn finish(
    t: &Tally,
    swings: &[(i32, u32, u32)],
    weeks: &[i32],
    days: usize,
    strings: &super::Interner,
) -> (Costs, Vec<FrictionHint>) {
    let mut all = t.all.clone();
    for &(_, s, n) in swings {
        all.add_swing(s, n);
    }
    let mut week_sums: Vec<Sums> = weeks
        .iter()
        .map(|&monday| {
            let wk = week_of(monday);
            t.weeks
                .binary_search_by_key(&wk, |w| w.0)
                .map_or_else(|_| Sums::default(), |at| t.weeks[at].1.clone())
        })
        .collect();
    // The trend's weeks are in order: each change finds its week by bisection.
    for &(day, s, n) in swings {
        let wk = week_of(day);
        if let Ok(at) = weeks.binary_search_by_key(&wk, |&m| week_of(m)) {
            week_sums[at].add_swing(s, n);
        }
    }
    let series = |f: &dyn Fn(&Sums) -> Option<f64>| -> Vec<WeekLevel> {
        weeks
            .iter()
            .zip(&week_sums)
            .map(|(&monday, s)| WeekLevel {
                week: iso_week_label(monday),
                level: f(s).map(r3),
            })
            .collect()
    };
    let few_days = (days < MIN_DAYS).then(|| {
        let n = MIN_DAYS - days;
        format!(
            "Log on {n} more {} first ({days} of the {MIN_DAYS} logged days needed)",
            if n == 1 { "day" } else { "days" }
        )
    });
    let with_days = |hint: String| match &few_days {
        Some(d) => format!("{d}; {}", lower_first(&hint)),
        None => hint,
    };

    let fr = friction(&all, &OVERALL).filter(|_| few_days.is_none());
    let cognitive_friction = Cost {
        level: fr.as_ref().map(|f| r3(f.level)),
        basis: match &fr {
            Some(f) => friction_basis(f, all.counted),
            None => with_days(friction_hint(&all)),
        },
        weekly: series(&|s| friction(s, &WEEKLY).map(|f| f.level)),
    };
    let vo = volatility(&all, &OVERALL).filter(|_| few_days.is_none());
    let emotional_volatility = Cost {
        level: vo.as_ref().map(|v| r3(v.level)),
        basis: match &vo {
            Some(v) => volatility_basis(v),
            None => with_days(volatility_hint(&all)),
        },
        weekly: series(&|s| volatility(s, &WEEKLY).map(|v| v.level)),
    };
    let le = leakage(&all, &OVERALL).filter(|_| few_days.is_none());
    let raw_shares = shares(&all).filter(|_| few_days.is_none());
    let behavioural_leakage = Leakage {
        level: le.as_ref().map(|l| r3(l.level)),
        basis: match &le {
            Some(l) => leakage_basis(l, all.counted),
            None => with_days(leakage_hint(&all)),
        },
        delayed_starts: raw_shares.map(|s| r3(s[0])),
        incomplete_finishes: raw_shares.map(|s| r3(s[1])),
        strategic_inconsistency: raw_shares.map(|s| r3(s[2])),
        weekly: series(&|s| leakage(s, &WEEKLY).map(|l| l.level)),
    };
    let hints = friction_hints(t, weeks, strings);
    (
        Costs {
            cognitive_friction,
            emotional_volatility,
            behavioural_leakage,
        },
        hints,
    )
}

/// The costs on one pathway's work before and since its start: the slice's sums on each side
/// plus the check-ins' changes split at `start`.
pub(crate) fn pathway_costs(
    before: &Sums,
    after: &Sums,
    swings: &[(i32, u32, u32)],
    start: i32,
) -> PathwayCosts {
    let (mut b, mut a) = (before.clone(), after.clone());
    for &(day, s, n) in swings {
        if day < start {
            b.add_swing(s, n);
        } else {
            a.add_swing(s, n);
        }
    }
    PathwayCosts {
        before: CostLevels::of(&b, &OVERALL),
        after: CostLevels::of(&a, &OVERALL),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn one(x: f64) -> String {
    format!("{x:.1}")
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn friction_basis(f: &FrictionReading, counted: u32) -> String {
    let mut s = format!(
        "Friction rated on {} of {counted} planned tasks: {} of 5 on average",
        f.rated,
        one(f.mean)
    );
    match (f.on_breaks, f.on_completions) {
        (Some(b), Some(c)) => s.push_str(&format!(
            "; {} on breaks vs {} on completions",
            one(b),
            one(c)
        )),
        (Some(b), None) => s.push_str(&format!(
            "; {} on breaks, none rated on completions",
            one(b)
        )),
        (None, Some(c)) => s.push_str(&format!(
            "; {} on completions, none rated on breaks",
            one(c)
        )),
        (None, None) => {}
    }
    s.push_str(
        ". Level: mean friction on a 0–1 scale plus half its excess on breaks, each mean \
         shrunk toward 3 by 4 imagined ratings",
    );
    s
}

fn friction_hint(s: &Sums) -> String {
    let rated = s.fric[0].1 + s.fric[1].1;
    let n = MIN_RATED.saturating_sub(rated).max(1);
    format!(
        "Rate friction (1–5) when you log a task: {n} more {} needed ({rated} of {MIN_RATED})",
        if n == 1 { "rating" } else { "ratings" }
    )
}

fn volatility_basis(v: &VolatilityReading) -> String {
    let mut parts = Vec::new();
    if let Some((mean, n)) = v.swings {
        parts.push(format!(
            "mood and energy changed {} points a day on average over {n} day-to-day changes",
            format_args!("{mean:.2}")
        ));
    }
    if let Some((tv, nb, nc)) = v.emotions {
        parts.push(format!(
            "the emotions named on breaks and on completions differ by {} ({nb} breaks, {nc} completions named one)",
            pct(tv)
        ));
    }
    let missing = match (v.swings.is_some(), v.emotions.is_some()) {
        (false, _) => "; add mood and energy to check-ins on days in a row to include swings",
        (_, false) => "; name an emotion on breaks and completions to include them",
        _ => "",
    };
    format!(
        "{}{missing}. Level: the mean of the parts on a 0–1 scale, shrunk toward half a point a day and toward no difference",
        upper_first(&parts.join("; "))
    )
}

fn volatility_hint(s: &Sums) -> String {
    let nb: u32 = s.emotions.iter().map(|x| x.1).sum();
    let nc: u32 = s.emotions.iter().map(|x| x.2).sum();
    format!(
        "Add mood and energy to your check-ins on days in a row ({} of {MIN_PAIRS} day-to-day changes), or name an emotion when you log breaks and completions ({nb} and {nc} of {MIN_EMOTIONS} each)",
        s.swings.1
    )
}

fn leakage_basis(l: &LeakageReading, counted: u32) -> String {
    let [d, u, w] = l.shares;
    format!(
        "Of {counted} breaks and completions, {} started late, {} were left unfinished and {} switched away: {} leaked. Level: that share, shrunk toward none by {} imagined events",
        pct(d),
        pct(u),
        pct(w),
        pct(d + u + w),
        PRIOR_EVENTS
    )
}

fn leakage_hint(s: &Sums) -> String {
    let n = MIN_COUNTED.saturating_sub(s.counted).max(1);
    format!(
        "Log {n} more completed or broken {} ({} of {MIN_COUNTED})",
        if n == 1 { "task" } else { "tasks" },
        s.counted
    )
}

/// Smallest change of a weekly cost level reported as a shift.
pub const MIN_SHIFT: f64 = 0.15;

/// Change points in each cost's weekly levels (weeks without a level are left out): PELT with
/// a Gaussian mean cost, segments of at least [`super::trends::MIN_SEGMENT_WEEKS`] weeks, the
/// noise scale from successive differences, and only changes of at least [`MIN_SHIFT`] with
/// |t| ≥ 4. `series` is the cost's key; `date` the Monday of the first week after the change.
pub(crate) fn shifts(c: &Costs, memo: &mut [PeltMemo; 3]) -> Vec<super::Shift> {
    let min_len = super::trends::MIN_SEGMENT_WEEKS;
    let mut out = Vec::new();
    for (k, memo) in CostKind::ALL.into_iter().zip(memo) {
        let pts: Vec<(&str, f64)> = c
            .weekly(k)
            .iter()
            .filter_map(|w| w.level.map(|l| (w.week.as_str(), l)))
            .collect();
        let n = pts.len();
        if n < 2 * min_len {
            continue;
        }
        let x: Vec<f64> = pts.iter().map(|p| p.1).collect();
        let mut d: Vec<f64> = x.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
        d.sort_by(f64::total_cmp);
        let sd = (d[d.len() / 2] / 0.6745 / std::f64::consts::SQRT_2).max(0.05);
        let var = sd * sd;
        let mut s1 = vec![0.0; n + 1];
        let mut s2 = vec![0.0; n + 1];
        for i in 0..n {
            s1[i + 1] = s1[i] + x[i];
            s2[i + 1] = s2[i] + x[i] * x[i];
        }
        let cost = |s: usize, t: usize| {
            let m = (t - s) as f64;
            let sum = s1[t] - s1[s];
            ((s2[t] - s2[s]) - sum * sum / m) / var
        };
        let points = x.iter().map(|v| v.to_bits());
        let cps = memo.pelt(
            &[var.to_bits()],
            points,
            cost,
            3.0 * (n as f64).ln(),
            min_len,
        );
        let mut bounds = vec![0];
        bounds.extend(cps.iter().copied());
        bounds.push(n);
        for i in 1..bounds.len() - 1 {
            let (s, m, t) = (bounds[i - 1], bounds[i], bounds[i + 1]);
            let (n1, n2) = ((m - s) as f64, (t - m) as f64);
            let (a1, a2) = ((s1[m] - s1[s]) / n1, (s1[t] - s1[m]) / n2);
            let se = (var / n1 + var / n2).sqrt();
            let date = monday_of(pts[m].0);
            if let Some(date) =
                date.filter(|_| (a2 - a1).abs() >= MIN_SHIFT && ((a2 - a1) / se).abs() >= 4.0)
            {
                out.push(super::Shift {
                    date,
                    series: k.key().to_string(),
                    before: r3(a1),
                    after: r3(a2),
                });
            }
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.series.cmp(&b.series)));
    out
}

/// The Monday of an ISO week label such as `2026-W47`.
fn monday_of(label: &str) -> Option<chrono::NaiveDate> {
    let (year, week) = label.split_once("-W")?;
    chrono::NaiveDate::from_isoywd_opt(year.parse().ok()?, week.parse().ok()?, chrono::Weekday::Mon)
}

// ---------------------------------------------------------------------------------------------
// Hints for prompts

/// Work whose friction stayed high week after week, for a prompt that names it.
#[derive(Debug, Clone, PartialEq)]
pub struct FrictionHint {
    pub domain: String,
    /// Mean friction (1–5) over those weeks.
    pub mean: f64,
    /// How many weeks in a row, up to the window's last.
    pub weeks: usize,
}

/// Friction at least this high (of 5) in each of the weeks counts as "stayed high".
pub const HIGH_FRICTION: f64 = 3.5;
/// Weeks in a row a cost must stay high before a prompt cites it.
pub const HIGH_WEEKS: usize = 3;

/// Domains whose mean friction was at least [`HIGH_FRICTION`] in each of the last
/// [`HIGH_WEEKS`] weeks of the series, highest first.
fn friction_hints(t: &Tally, weeks: &[i32], strings: &super::Interner) -> Vec<FrictionHint> {
    if weeks.len() < HIGH_WEEKS {
        return Vec::new();
    }
    let last: Vec<i32> = weeks[weeks.len() - HIGH_WEEKS..]
        .iter()
        .map(|&m| week_of(m))
        .collect();
    let tail = &t.domain_friction[t.domain_friction.partition_point(|d| d.0 < last[0])..];
    let mut domains: Vec<u32> = tail
        .iter()
        .filter(|d| last.contains(&d.0))
        .map(|d| d.1)
        .collect();
    domains.sort_unstable();
    domains.dedup();
    let mut out: Vec<FrictionHint> = domains
        .into_iter()
        .filter_map(|dom| {
            let mut total = (0u32, 0u32);
            for wk in &last {
                let (s, n) = tail
                    .iter()
                    .filter(|d| d.0 == *wk && d.1 == dom)
                    .fold((0, 0), |acc, d| (acc.0 + d.2, acc.1 + d.3));
                if n == 0 || f64::from(s) / f64::from(n) < HIGH_FRICTION {
                    return None;
                }
                total = (total.0 + s, total.1 + n);
            }
            Some(FrictionHint {
                domain: strings.get(dom).to_string(),
                mean: f64::from(total.0) / f64::from(total.1),
                weeks: HIGH_WEEKS,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.mean
            .total_cmp(&a.mean)
            .then_with(|| a.domain.cmp(&b.domain))
    });
    out
}

/// A cost a reflection prompt may cite: the costliest one that stayed high (at least 0.5)
/// over each of the last [`HIGH_WEEKS`] weeks, with the prompt's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostHint {
    pub cost: CostKind,
    /// The prompt id (`cost:<key>`), for the no-repeat rule.
    pub id: String,
    pub layer: Layer,
    pub text: String,
}

/// The cost a prompt may cite now, if one has stayed high for [`HIGH_WEEKS`] weeks.
pub fn prompt_hint(a: &super::Analysis) -> Option<CostHint> {
    let high = |k: CostKind| -> Option<f64> {
        let w = a.costs.weekly(k);
        if w.len() < HIGH_WEEKS {
            return None;
        }
        let last = &w[w.len() - HIGH_WEEKS..];
        let levels: Vec<f64> = last.iter().filter_map(|x| x.level).collect();
        (levels.len() == HIGH_WEEKS && levels.iter().all(|l| *l >= 0.5))
            .then(|| levels.iter().sum::<f64>() / levels.len() as f64)
    };
    let weeks = number_word(HIGH_WEEKS);
    let best = CostKind::ALL
        .into_iter()
        .filter(|k| a.costs.level(*k).is_some())
        .filter_map(|k| high(k).map(|l| (k, l)))
        .max_by(|x, y| x.1.total_cmp(&y.1).then_with(|| y.0.key().cmp(x.0.key())))?;
    let (cost, level) = best;
    let (layer, text) = match cost {
        CostKind::Friction => (
            Layer::Thinking,
            match a.detail.friction_hints.first() {
                Some(h) => format!(
                    "Friction on {} work has been {} of 5 for {weeks} weeks — what is the negotiation about?",
                    h.domain,
                    h.mean.round()
                ),
                None => format!(
                    "Friction has been high for {weeks} weeks — what is the negotiation about?"
                ),
            },
        ),
        CostKind::Volatility => (
            Layer::Belief,
            format!(
                "Your mood and feelings have swung more than usual for {weeks} weeks — what is the part of you that doubts during the pauses saying?"
            ),
        ),
        CostKind::Leakage => (
            Layer::Execution,
            format!(
                "About {} of your planned work has leaked — started late, left unfinished or switched away from — for {weeks} weeks. Where does it slip first?",
                pct(level)
            ),
        ),
    };
    Some(CostHint {
        cost,
        id: format!("cost:{}", cost.key()),
        layer,
        text,
    })
}

fn number_word(n: usize) -> String {
    match n {
        2 => "two".into(),
        3 => "three".into(),
        4 => "four".into(),
        n => n.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// The answer in words: where it is misaligned, and what it is costing

/// How a cost moved over the last weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Rising,
    Falling,
    Steady,
    Unknown,
}

/// Weeks compared for a trend: the last [`TREND_WEEKS`] against the ones before.
pub const TREND_WEEKS: usize = 4;

/// One cost in words, for the app and the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostSummary {
    pub key: CostKind,
    pub name: String,
    pub about: String,
    pub level: Option<f64>,
    /// `low`, `moderate`, `high`, `very high`, or `not enough data yet`.
    pub words: String,
    pub direction: Direction,
    /// The trend over the last weeks in words.
    pub trend: String,
    /// The numbers behind the level (the analysis's basis).
    pub numbers: String,
    /// The weekly levels the trend reads.
    pub weekly: Vec<WeekLevel>,
    /// One sentence: name, level in words, trend.
    pub sentence: String,
}

/// The level in words.
pub fn level_words(level: Option<f64>) -> &'static str {
    match level {
        None => "not enough data yet",
        Some(l) if l < 0.25 => "low",
        Some(l) if l < 0.5 => "moderate",
        Some(l) if l < 0.75 => "high",
        Some(_) => "very high",
    }
}

/// The last [`TREND_WEEKS`] weeks' mean level against the [`TREND_WEEKS`] before (each needs
/// at least two weeks with a level); a change under 0.05 is steady.
pub fn trend(weekly: &[WeekLevel]) -> (Direction, Option<(f64, f64)>) {
    let mean = |w: &[WeekLevel]| -> Option<f64> {
        let v: Vec<f64> = w.iter().filter_map(|x| x.level).collect();
        (v.len() >= 2).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    let n = weekly.len();
    let recent = &weekly[n.saturating_sub(TREND_WEEKS)..];
    let earlier = &weekly[n.saturating_sub(2 * TREND_WEEKS)..n.saturating_sub(TREND_WEEKS)];
    match (mean(earlier), mean(recent)) {
        (Some(b), Some(a)) => {
            let d = if a >= b + 0.05 {
                Direction::Rising
            } else if a + 0.05 <= b {
                Direction::Falling
            } else {
                Direction::Steady
            };
            (d, Some((b, a)))
        }
        _ => (Direction::Unknown, None),
    }
}

impl CostSummary {
    pub fn of(c: &Costs, k: CostKind) -> CostSummary {
        let level = c.level(k);
        let weekly = c.weekly(k).to_vec();
        let (direction, means) = trend(&weekly);
        let trend = match (direction, means) {
            (Direction::Unknown, _) | (_, None) => {
                "too few weeks with data to tell a trend".to_string()
            }
            (d, Some((b, a))) => format!(
                "{} over the last {TREND_WEEKS} weeks ({b:.2} → {a:.2} on average)",
                match d {
                    Direction::Rising => "rising",
                    Direction::Falling => "falling",
                    _ => "steady",
                }
            ),
        };
        let words = level_words(level);
        let sentence = match level {
            Some(l) => format!("{} is {words} ({l:.2}), {trend}.", k.name()),
            None => format!("{}: not enough data yet.", k.name()),
        };
        CostSummary {
            key: k,
            name: k.name().to_string(),
            about: k.about().to_string(),
            level,
            words: words.to_string(),
            direction,
            trend,
            numbers: c.basis(k).to_string(),
            weekly,
            sentence,
        }
    }

    /// The three costs in order.
    pub fn all(c: &Costs) -> Vec<CostSummary> {
        CostKind::ALL.into_iter().map(|k| Self::of(c, k)).collect()
    }
}

/// Where the system reads most misaligned: the weakest layer and the top probable belief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Where {
    pub layer: Layer,
    pub reading: f64,
    pub belief_id: Option<String>,
    pub statement: Option<String>,
    pub confidence: Option<f64>,
    pub sentence: String,
}

/// The two-part answer: where it is misaligned (with enough data), and what it is costing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    #[serde(rename = "where")]
    pub place: Option<Where>,
    pub costs: Vec<CostSummary>,
}

fn layer_name(l: Layer) -> &'static str {
    match l {
        Layer::Belief => "belief",
        Layer::Thinking => "thinking",
        Layer::Execution => "execution",
    }
}

impl Answer {
    /// The answer for an analysis; `beliefs` give the statements of belief ids.
    pub fn of(a: &super::Analysis, beliefs: &[Belief]) -> Answer {
        let place = a.enough_data.then(|| {
            let layer = a.layers.weakest;
            let reading = match layer {
                Layer::Belief => a.layers.belief,
                Layer::Thinking => a.layers.thinking,
                Layer::Execution => a.layers.execution,
            };
            let top = a.beliefs.first();
            let statement = top.map(|l| {
                beliefs
                    .iter()
                    .find(|b| b.id == l.belief_id)
                    .map_or_else(|| l.belief_id.clone(), |b| b.statement.clone())
            });
            let mut sentence = format!(
                "The {} layer reads weakest ({reading:.2} of 1)",
                layer_name(layer)
            );
            match (top, &statement) {
                (Some(l), Some(s)) => sentence.push_str(&format!(
                    "; the top probable belief is \u{201c}{}\u{201d} ({} about {}%).",
                    s.trim_end_matches(['.', '!', '?']),
                    match l.tier {
                        super::BeliefTier::Emerging => "emerging,",
                        super::BeliefTier::Likely => "likely,",
                        super::BeliefTier::Strong => "strong,",
                    },
                    // Words and a rounded percentage, never "1.00": rounded to 5 and kept
                    // within 5–95, as Insights shows it.
                    ((l.confidence * 20.0).round() * 5.0).clamp(5.0, 95.0)
                )),
                _ => sentence.push_str("; no belief stands out from the breaks yet."),
            }
            Where {
                layer,
                reading,
                belief_id: top.map(|l| l.belief_id.clone()),
                statement,
                confidence: top.map(|l| l.confidence),
                sentence,
            }
        });
        Answer {
            place,
            costs: CostSummary::all(&a.costs),
        }
    }

    /// The answer as lines of text (the CLI's ending).
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec!["Where is it misaligned?".to_string()];
        out.push(match &self.place {
            Some(w) => format!("  {}", w.sentence),
            None => "  Not enough data yet to say (see above).".to_string(),
        });
        out.push("What is it costing?".to_string());
        for c in &self.costs {
            out.push(format!("  {}", c.sentence));
            out.push(format!("    {}.", c.numbers.trim_end_matches('.')));
        }
        out
    }
}

/// Whether the costs on a pathway's work fell since it began, in words.
pub fn pathway_words(c: &PathwayCosts) -> String {
    let mut fell = Vec::new();
    let mut rose = Vec::new();
    let mut same = Vec::new();
    for k in CostKind::ALL {
        if let (Some(b), Some(a)) = (c.before.get(k), c.after.get(k)) {
            let name = lower_first(k.name());
            if a + 0.05 <= b {
                fell.push(format!("{name} {b:.2} → {a:.2}"));
            } else if a >= b + 0.05 {
                rose.push(format!("{name} {b:.2} → {a:.2}"));
            } else {
                same.push(format!("{name} {a:.2}"));
            }
        }
    }
    if fell.is_empty() && rose.is_empty() && same.is_empty() {
        return "Too early to compare its costs: log friction, emotions and check-ins on both sides of its start.".to_string();
    }
    let mut parts = Vec::new();
    if !fell.is_empty() {
        parts.push(format!("fell: {}", fell.join(", ")));
    }
    if !rose.is_empty() {
        parts.push(format!("rose: {}", rose.join(", ")));
    }
    if !same.is_empty() {
        parts.push(format!("about the same: {}", same.join(", ")));
    }
    format!("Costs on its work since it began — {}.", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::super::{analyze_journal, AnalyzeOptions, Analyzer, Dataset, RowIn};
    use super::*;
    use crate::domain::parse_instant;
    use proptest::prelude::*;

    /// 2026-06-01, a Monday.
    const D0: i32 = 20_605;

    fn row(day: i32, minute: u16, kind: Kind) -> RowIn<'static> {
        RowIn {
            at_utc: i64::from(day) * 86_400 + i64::from(minute) * 60,
            day,
            minute,
            kind,
            task: "write the post",
            domain: Some("content"),
            emotion: None,
            friction: None,
            progress: None,
            delay: None,
            thought: None,
        }
    }

    fn analysed(j: &Dataset, last_day: i32) -> super::super::Analysis {
        let now = parse_instant(&format!("{}T22:00:00Z", super::super::day_date(last_day)))
            .expect("instant");
        analyze_journal(j, &AnalyzeOptions::default(), now).expect("analysis")
    }

    /// `days` days, each with a break and a completion rated by `fric`(kind) and named by
    /// `emo`(kind).
    fn journal(
        days: i32,
        fric: impl Fn(Kind) -> Option<u8>,
        emo: impl Fn(Kind, i32) -> Option<&'static str>,
    ) -> Dataset {
        let mut j = Dataset::new();
        for d in 0..days {
            for (minute, kind) in [(540, Kind::DelayedStart), (600, Kind::Completed)] {
                let mut r = row(D0 + d, minute, kind);
                r.friction = fric(kind);
                r.emotion = emo(kind, d);
                j.push_event(r);
            }
        }
        j
    }

    #[test]
    fn friction_only_on_breaks_is_a_high_friction_cost() {
        let only_breaks = journal(20, |k| k.is_break().then_some(5), |_, _| None);
        let a = analysed(&only_breaks, D0 + 19);
        let high = a.costs.cognitive_friction.level.expect("a level");
        assert!(high >= 0.75, "{high}");
        assert!(
            a.costs.cognitive_friction.basis.contains("20 of 40"),
            "{}",
            a.costs.cognitive_friction.basis
        );
        // Breaks at 5, completions at 1: the excess on breaks keeps it high.
        let split = journal(20, |k| Some(if k.is_break() { 5 } else { 1 }), |_, _| None);
        let s = analysed(&split, D0 + 19).costs.cognitive_friction.level;
        assert!(s.expect("a level") >= 0.75, "{s:?}");
        // Little friction anywhere is a low cost.
        let easy = journal(20, |_| Some(1), |_, _| None);
        let e = analysed(&easy, D0 + 19).costs.cognitive_friction.level;
        assert!(e.expect("a level") <= 0.1, "{e:?}");
        // The same friction on breaks and completions costs less than its excess on breaks.
        let even = journal(20, |_| Some(3), |_, _| None);
        let v = analysed(&even, D0 + 19).costs.cognitive_friction.level;
        assert!(v.expect("a level") < s.expect("a level"));
    }

    fn with_moods(mut j: Dataset, days: i32, mood: impl Fn(i32) -> (u8, u8)) -> Dataset {
        for d in 0..days {
            let (m, e) = mood(d);
            j.checkins.push((D0 + d, 3));
            j.moods.push((D0 + d, m, e));
        }
        j
    }

    #[test]
    fn flat_mood_is_low_volatility_and_swinging_mood_high() {
        let base = || journal(20, |_| None, |_, _| None);
        let flat = with_moods(base(), 20, |_| (3, 4));
        let f = analysed(&flat, D0 + 19).costs.emotional_volatility;
        assert!(f.level.expect("a level") < 0.1, "{f:?}");
        let swinging = with_moods(base(), 20, |d| if d % 2 == 0 { (1, 2) } else { (5, 5) });
        let s = analysed(&swinging, D0 + 19).costs.emotional_volatility;
        assert!(s.level.expect("a level") > 0.75, "{s:?}");
        assert!(s.basis.contains("day-to-day"), "{}", s.basis);
        // Weekly levels follow the same reading.
        assert!(s.weekly.iter().filter_map(|w| w.level).all(|l| l > 0.75));
    }

    #[test]
    fn days_not_logged_are_not_zero_mood() {
        // Check-ins every fourth day, alternating 2 and 4: no two are close enough to make a
        // day-to-day change, so the swings say nothing (and nothing else does either).
        let mut j = journal(20, |_| None, |_, _| None);
        for d in (0..20).step_by(4) {
            let v = if d % 8 == 0 { 2 } else { 4 };
            j.checkins.push((D0 + d, 3));
            j.moods.push((D0 + d, v, v));
        }
        let v = analysed(&j, D0 + 19).costs.emotional_volatility;
        assert_eq!(v.level, None, "{v:?}");
        assert!(v.basis.contains("days in a row"), "{}", v.basis);
        assert!(swings(&[(1, 3, 0), (2, 5, 0), (9, 1, 0)]) == vec![(2, 2, 1)]);
    }

    #[test]
    fn emotions_that_differ_between_breaks_and_completions_are_volatile() {
        let apart = journal(
            20,
            |_| None,
            |k, _| Some(if k.is_break() { "anxious" } else { "confident" }),
        );
        let a = analysed(&apart, D0 + 19).costs.emotional_volatility;
        assert!(a.level.expect("a level") > 0.7, "{a:?}");
        let alike = journal(
            20,
            |_| None,
            |_, d| Some(if d % 2 == 0 { "calm" } else { "tired" }),
        );
        let b = analysed(&alike, D0 + 19).costs.emotional_volatility;
        assert!(b.level.expect("a level") < 0.1, "{b:?}");
    }

    #[test]
    fn only_completions_is_zero_leakage() {
        let mut j = Dataset::new();
        for d in 0..20 {
            j.push_event(row(D0 + d, 600, Kind::Completed));
        }
        let l = analysed(&j, D0 + 19).costs.behavioural_leakage;
        assert_eq!(l.level, Some(0.0));
        assert_eq!(
            (
                l.delayed_starts,
                l.incomplete_finishes,
                l.strategic_inconsistency
            ),
            (Some(0.0), Some(0.0), Some(0.0))
        );
        // Every kind of leak shows in its own share; avoided work is no leak.
        let mut j = Dataset::new();
        for d in 0..20 {
            let kind = [
                Kind::DelayedStart,
                Kind::Unfinished,
                Kind::Switched,
                Kind::Avoided,
            ][(d % 4) as usize];
            j.push_event(row(D0 + d, 600, kind));
            j.push_event(row(D0 + d, 700, Kind::Completed));
        }
        let l = analysed(&j, D0 + 19).costs.behavioural_leakage;
        assert_eq!(l.delayed_starts, Some(0.125));
        assert_eq!(l.incomplete_finishes, Some(0.125));
        assert_eq!(l.strategic_inconsistency, Some(0.125));
        // 15 of 40 leaked, shrunk by 5 events that did not: 15 / 45.
        assert_eq!(l.level, Some(0.333));
    }

    #[test]
    fn too_few_days_gives_null_with_what_to_log() {
        let j = with_moods(
            journal(
                3,
                |_| Some(5),
                |k, _| Some(if k.is_break() { "a" } else { "b" }),
            ),
            3,
            |d| (1 + 2 * (d % 2) as u8, 3),
        );
        let c = analysed(&j, D0 + 2).costs;
        for k in CostKind::ALL {
            assert_eq!(c.level(k), None, "{k:?}");
            assert!(
                c.basis(k)
                    .starts_with("Log on 4 more days first (3 of the 7"),
                "{}",
                c.basis(k)
            );
        }
        assert_eq!(c.behavioural_leakage.delayed_starts, None);
        // Enough days but nothing rated: the basis says what to rate.
        let j = journal(10, |_| None, |_, _| None);
        let c = analysed(&j, D0 + 9).costs;
        assert_eq!(c.cognitive_friction.level, None);
        assert!(
            c.cognitive_friction.basis.starts_with("Rate friction"),
            "{}",
            c.cognitive_friction.basis
        );
        assert_eq!(c.emotional_volatility.level, None);
        assert!(c.behavioural_leakage.level.is_some());
    }

    #[test]
    fn a_few_entries_are_shrunk_toward_the_middle() {
        // Five ratings of 5 on breaks read lower than fifty.
        let few = analysed(
            &journal(7, |k| k.is_break().then_some(5), |_, _| None),
            D0 + 6,
        );
        let many = analysed(
            &journal(50, |k| k.is_break().then_some(5), |_, _| None),
            D0 + 49,
        );
        let (f, m) = (
            few.costs.cognitive_friction.level.expect("few"),
            many.costs.cognitive_friction.level.expect("many"),
        );
        assert!(f < m, "{f} < {m}");
    }

    #[test]
    fn the_answer_and_the_pathway_words_read_the_costs() {
        let j = with_moods(
            journal(40, |k| Some(if k.is_break() { 5 } else { 2 }), |_, _| None),
            40,
            |d| ((d % 3) as u8 + 2, 3),
        );
        let a = analysed(&j, D0 + 39);
        let ans = Answer::of(&a, &[]);
        assert_eq!(ans.costs.len(), 3);
        assert_eq!(
            ans.costs[0].words,
            level_words(a.costs.cognitive_friction.level)
        );
        assert_eq!(ans.costs[0].direction, Direction::Steady);
        let lines = ans.lines();
        assert_eq!(lines[0], "Where is it misaligned?");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("  Cognitive friction is")),
            "{lines:?}"
        );
        let words = pathway_words(&PathwayCosts {
            before: CostLevels {
                cognitive_friction: Some(0.7),
                emotional_volatility: Some(0.3),
                behavioural_leakage: None,
            },
            after: CostLevels {
                cognitive_friction: Some(0.4),
                emotional_volatility: Some(0.31),
                behavioural_leakage: Some(0.2),
            },
        });
        assert_eq!(
            words,
            "Costs on its work since it began — fell: cognitive friction 0.70 → 0.40; about the same: emotional volatility 0.31."
        );
        let (d, _) = trend(
            &[0.2, 0.2, 0.2, 0.2, 0.5, 0.6, 0.5, 0.6].map(|l| WeekLevel {
                week: String::new(),
                level: Some(l),
            }),
        );
        assert_eq!(d, Direction::Rising);
    }

    /// Events as (day, minute, kind, friction, emotion) and check-ins as (day, mood, energy).
    type Generated = (Vec<(i32, u16, u8, u8, u8)>, Vec<(i32, u8, u8)>);

    fn arb_journal() -> impl Strategy<Value = Generated> {
        (
            prop::collection::vec((0..30i32, 0..1440u16, 0..6u8, 0..6u8, 0..4u8), 0..40),
            prop::collection::vec((0..30i32, 0..6u8, 0..6u8), 0..30),
        )
    }

    fn build(events: &[(i32, u16, u8, u8, u8)], moods: &[(i32, u8, u8)]) -> Dataset {
        const EMOTIONS: [Option<&str>; 4] = [None, Some("calm"), Some("anxious"), Some("proud")];
        let mut evs = events.to_vec();
        evs.sort();
        let mut j = Dataset::new();
        for &(d, m, k, f, e) in &evs {
            let mut r = row(D0 + d, m, Kind::ALL[usize::from(k) % Kind::ALL.len()]);
            r.friction = (f > 0).then_some(f);
            r.emotion = EMOTIONS[usize::from(e)];
            j.push_event(r);
        }
        for &(d, m, e) in moods {
            j.checkins.push((D0 + d, 3));
            j.moods.push((D0 + d, m, e));
        }
        j
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn levels_stay_in_range_and_are_deterministic((events, moods) in arb_journal()) {
            let j = build(&events, &moods);
            let a = analysed(&j, D0 + 30);
            let b = analysed(&j, D0 + 30);
            prop_assert_eq!(&a, &b);
            let in_range = |x: Option<f64>| x.is_none_or(|l| (0.0..=1.0).contains(&l));
            for k in CostKind::ALL {
                prop_assert!(in_range(a.costs.level(k)), "{:?}", a.costs);
                prop_assert!(a.costs.weekly(k).iter().all(|w| in_range(w.level)));
                prop_assert!(!a.costs.basis(k).is_empty());
            }
            let l = &a.costs.behavioural_leakage;
            for s in [l.delayed_starts, l.incomplete_finishes, l.strategic_inconsistency] {
                prop_assert!(in_range(s));
            }
        }

        #[test]
        fn the_kept_analyzer_equals_a_fresh_analysis_after_every_append(
            (events, moods) in arb_journal()
        ) {
            let all = build(&events, &moods);
            let now = parse_instant("2026-07-01T22:00:00Z").expect("instant");
            let mut warm = Analyzer::new();
            warm.journal.checkins = all.checkins.clone();
            warm.journal.moods = all.moods.clone();
            let opts = AnalyzeOptions::default();
            for e in &all.events {
                let r = RowIn {
                    at_utc: e.at_utc,
                    day: e.day,
                    minute: e.minute,
                    kind: e.kind,
                    task: "write the post",
                    domain: Some("content"),
                    emotion: (e.emotion != NONE).then(|| all.strings.get(e.emotion)),
                    friction: (e.friction > 0).then_some(e.friction),
                    progress: None,
                    delay: None,
                    thought: None,
                };
                warm.journal.push_event(r);
                let kept = warm.analyze_warm(&opts, now).expect("kept");
                let fresh = analyze_journal(&warm.journal, &opts, now).expect("fresh");
                prop_assert_eq!(kept, fresh);
            }
            prop_assert!(warm.tallies_started() <= 1);
        }
    }
}

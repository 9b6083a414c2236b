//! Held-out evaluation journals for the belief analyzer.
//!
//! The wording comes from twelve phrase banks in `tests/heldout/`: `tune`, `report`, `fresh` and
//! `fresh2` to `fresh10`, each written independently of the catalog's markers, exemplars and
//! thresholds, and of one another, each in other voices. The belief head is fitted on the banks
//! in `plumbline_core::analyze::head::TRAINING_BANKS`; the analyzer's choices are judged on the
//! other tuning banks (`fresh6` to `fresh9`); figures are reported on `fresh10`, which nobody
//! tunes on (each bank before it was the reporting bank until its figures had been read while
//! choosing between changes). No two banks share a sentence.
//!
//! [`journal`] turns a bank, a scenario ([`Spec`]) and a seed into a Plumbline journal file
//! (docs/contracts.md §3) plus the truth it was planted with ([`Labels`]). The same inputs always give
//! the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Weekday};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;
use serde_json::{json, Value};

/// The catalog's belief ids (DESIGN §2), in the catalog's order.
pub const BELIEF_IDS: [&str; 10] = [
    "identity_ceiling",
    "scale_control",
    "visibility_risk",
    "consistency_trap",
    "perfection_standard",
    "failure_exposure",
    "success_burden",
    "belonging_loss",
    "undeserving",
    "autonomy_resistance",
];

/// The last day of every generated journal.
pub const END_DATE: (i32, u32, u32) = (2026, 3, 31);

/// One task as a person names it, with its area of life and tags.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct TaskDef {
    pub task: String,
    pub domain: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// What a bank holds for one belief.
#[derive(Debug, Clone, Deserialize)]
pub struct BeliefBank {
    /// First-person "what I told myself" thoughts in which the belief shows.
    pub thoughts: Vec<String>,
    /// Reflection texts in which the belief shows.
    pub reflections: Vec<String>,
    /// Tasks where the belief's behavioural signature would show.
    pub tasks: Vec<TaskDef>,
}

/// A phrase bank: everything a generated journal says.
#[derive(Debug, Clone, Deserialize)]
pub struct Bank {
    pub name: String,
    pub beliefs: BTreeMap<String, BeliefBank>,
    /// Ordinary reasons and circumstances, shared by all beliefs.
    pub neutral_thoughts: Vec<String>,
    /// Thoughts on completed work; a few are mildly belief-flavoured.
    pub completion_thoughts: Vec<String>,
    pub neutral_tasks: Vec<TaskDef>,
    /// Tasks whose words look like a belief's area but on which no belief concentrates.
    pub decoy_tasks: Vec<TaskDef>,
    /// Completed wins (a signed contract, a passed exam); tagged `win`.
    pub win_tasks: Vec<TaskDef>,
    pub break_emotions: Vec<String>,
    pub completion_emotions: Vec<String>,
    pub checkin_notes: Vec<String>,
    pub neutral_reflections: Vec<String>,
}

impl Bank {
    fn belief(&self, id: &str) -> &BeliefBank {
        self.beliefs
            .get(id)
            .unwrap_or_else(|| panic!("bank {} has no belief {id}", self.name))
    }

    /// Every sentence in the bank (thoughts, reflections, notes), for disjointness checks.
    pub fn sentences(&self) -> Vec<&str> {
        let mut all: Vec<&str> = Vec::new();
        for b in self.beliefs.values() {
            all.extend(b.thoughts.iter().map(String::as_str));
            all.extend(b.reflections.iter().map(String::as_str));
        }
        for list in [
            &self.neutral_thoughts,
            &self.completion_thoughts,
            &self.checkin_notes,
            &self.neutral_reflections,
        ] {
            all.extend(list.iter().map(String::as_str));
        }
        all
    }
}

/// Every phrase bank: the eleven the analyzer may be tuned on, then [`REPORTING`].
pub const BANKS: [&str; 12] = [
    "tune", "report", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
    "fresh8", "fresh9", REPORTING,
];

/// The bank figures are reported on, which nothing is tuned on.
pub const REPORTING: &str = "fresh10";

/// The tuning banks the belief head was not fitted on
/// (`plumbline_core::analyze::head::TRAINING_BANKS`): the ones that judge a change.
pub fn judging_banks() -> impl Iterator<Item = &'static str> {
    use plumbline_core::analyze::head::TRAINING_BANKS;
    BANKS
        .into_iter()
        .filter(|b| *b != REPORTING && !TRAINING_BANKS.contains(b))
}

/// Reads `tests/heldout/<name>.json` (one of [`BANKS`]).
pub fn load_bank(name: &str) -> Bank {
    let path = format!("{}/heldout/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let bank: Bank = serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"));
    for id in BELIEF_IDS {
        let b = bank.belief(id);
        assert!(
            !b.thoughts.is_empty() && !b.reflections.is_empty() && !b.tasks.is_empty(),
            "{path}: belief {id} lacks thoughts, reflections or tasks"
        );
    }
    bank
}

/// How strongly a single belief is planted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Normal,
    Subtle,
}

/// A real pattern that is no belief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confound {
    /// Breaks much more likely on Mondays, whatever the task.
    Monday,
    /// Breaks much more likely after 18:00, whatever the task.
    LateDay,
}

impl Confound {
    /// The analysis pattern id that should find it.
    pub fn pattern_id(self) -> &'static str {
        match self {
            Confound::Monday => "weekday:mon",
            Confound::LateDay => "block:evening",
        }
    }
}

/// A scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    Single { belief: String, strength: Strength },
    Two { primary: String, secondary: String },
    Null,
    Confounded { kind: Confound },
}

/// The truth a journal was generated with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// `single`, `two`, `null` or `confounded`.
    pub scenario: String,
    pub primary: Option<String>,
    pub secondary: Option<String>,
    pub subtle: bool,
    /// The expected non-belief pattern id of a confounded journal.
    pub confound: Option<String>,
}

/// A generated journal file and its labels.
#[derive(Debug, Clone)]
pub struct Generated {
    pub json: String,
    pub labels: Labels,
}

/// A standard evaluation set: for each belief `n` normal and `n` subtle plants, `n` two-belief
/// journals with it as primary (secondary chosen by seed), plus `5 * n` null and `5 * n`
/// confounded journals (half Monday, half late-day). Seeds are distinct within the set.
pub fn evaluation_set(n: usize) -> Vec<(Spec, u64)> {
    let mut out = Vec::new();
    let mut seed = 1_000u64;
    let mut next = || {
        seed += 1;
        seed
    };
    for (i, b) in BELIEF_IDS.iter().enumerate() {
        for k in 0..n {
            out.push((
                Spec::Single {
                    belief: (*b).to_string(),
                    strength: Strength::Normal,
                },
                next(),
            ));
            out.push((
                Spec::Single {
                    belief: (*b).to_string(),
                    strength: Strength::Subtle,
                },
                next(),
            ));
            let j = (i + 1 + (k * 3 + i) % 9) % BELIEF_IDS.len();
            out.push((
                Spec::Two {
                    primary: (*b).to_string(),
                    secondary: BELIEF_IDS[j].to_string(),
                },
                next(),
            ));
        }
    }
    for k in 0..5 * n {
        out.push((Spec::Null, next()));
        let kind = if k % 2 == 0 {
            Confound::Monday
        } else {
            Confound::LateDay
        };
        out.push((Spec::Confounded { kind }, next()));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Scenario knobs. Every rate is a probability per event.

/// Break rate of ordinary work.
const BASE_BREAK: f64 = 0.27;
/// Break rate on the planted belief's signature tasks.
const SIG_BREAK_NORMAL: f64 = 0.72;
const SIG_BREAK_SUBTLE: f64 = 0.50;
/// Break rate on the secondary belief's signature tasks (two-belief journals).
const SIG_BREAK_SECONDARY: f64 = 0.50;
/// Share of events on the planted belief's signature tasks.
const SIG_SHARE_NORMAL: f64 = 0.18;
const SIG_SHARE_SUBTLE: f64 = 0.14;
const SIG_SHARE_SECONDARY: f64 = 0.11;
/// Chance that a break on a signature task carries one of the belief's thoughts.
const SIG_THOUGHT_NORMAL: f64 = 0.62;
const SIG_THOUGHT_SUBTLE: f64 = 0.36;
const SIG_THOUGHT_SECONDARY: f64 = 0.34;
/// Chance that a break elsewhere carries one of the planted belief's thoughts (it leaks).
const LEAK_THOUGHT_NORMAL: f64 = 0.08;
const LEAK_THOUGHT_SUBTLE: f64 = 0.05;
const LEAK_THOUGHT_SECONDARY: f64 = 0.03;
/// Chance that a completion of a signature task carries one of the belief's thoughts.
const COMPLETION_BELIEF_THOUGHT: f64 = 0.12;
/// Chance that any event (break or completion alike) carries a thought of a random belief.
const NOISE_THOUGHT: f64 = 0.035;
/// Chance that a completion's thought is an ordinary circumstance rather than a completion thought.
const NEUTRAL_ON_COMPLETION: f64 = 0.08;
/// Chance that an event has no thought at all.
const MISSING_THOUGHT: f64 = 0.18;
/// Extra break rate, on every task, in the three days from a win (for beliefs whose signature
/// is a fall after wins), for a normal plant; halved when subtle or secondary.
const AFTER_WIN_BOOST: f64 = 0.16;
/// Chance that a logged day has a win.
const WIN_DAY: f64 = 0.07;
/// Confounded journals: break rate inside and outside the confound.
const CONFOUND_IN: f64 = 0.64;
const CONFOUND_OUT: f64 = 0.23;
/// Share of events after 18:00.
const EVENING_SHARE: f64 = 0.25;

/// Break kinds' weights (delayed_start, unfinished, avoided, switched) on a belief's
/// signature breaks, from the signatures of DESIGN §2.
fn kind_weights(belief: Option<&str>) -> [f64; 4] {
    match belief {
        Some("identity_ceiling") => [0.35, 0.25, 0.25, 0.15],
        Some("scale_control") => [0.45, 0.10, 0.35, 0.10],
        Some("visibility_risk") => [0.40, 0.15, 0.40, 0.05],
        Some("consistency_trap") => [0.25, 0.10, 0.25, 0.40],
        Some("perfection_standard") => [0.35, 0.50, 0.10, 0.05],
        Some("failure_exposure") => [0.60, 0.15, 0.20, 0.05],
        Some("success_burden") => [0.35, 0.15, 0.35, 0.15],
        Some("belonging_loss") => [0.35, 0.10, 0.45, 0.10],
        Some("undeserving") => [0.35, 0.10, 0.50, 0.05],
        Some("autonomy_resistance") => [0.55, 0.10, 0.25, 0.10],
        _ => [0.45, 0.20, 0.20, 0.15],
    }
}

fn after_win_belief(b: &str) -> f64 {
    match b {
        "identity_ceiling" | "success_burden" => 1.0,
        "belonging_loss" => 0.4,
        _ => 0.0,
    }
}

/// Tasks that naturally follow a win (they appear more often in the days after one).
fn follows_win(b: &str) -> bool {
    matches!(b, "identity_ceiling" | "success_burden")
}

// ---------------------------------------------------------------------------------------------

/// Draws from a list without repeating until the list is used up.
struct Deck<'a> {
    items: &'a [String],
    order: Vec<usize>,
    pos: usize,
}

impl<'a> Deck<'a> {
    fn new(items: &'a [String]) -> Self {
        Deck {
            items,
            order: (0..items.len()).collect(),
            pos: items.len(),
        }
    }

    fn draw(&mut self, rng: &mut ChaCha8Rng) -> &'a str {
        if self.pos >= self.order.len() {
            self.order.shuffle(rng);
            self.pos = 0;
        }
        let s = &self.items[self.order[self.pos]];
        self.pos += 1;
        s
    }
}

/// Who a task in the journal's pool belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Ordinary,
    /// A signature task of the belief with this index in [`BELIEF_IDS`].
    Signature(usize),
}

struct PoolTask<'a> {
    def: &'a TaskDef,
    role: Role,
    weight: f64,
}

/// The planted side of a scenario.
struct Plan {
    primary: Option<(usize, Strength)>,
    secondary: Option<usize>,
    confound: Option<Confound>,
}

fn belief_index(id: &str) -> usize {
    BELIEF_IDS
        .iter()
        .position(|b| *b == id)
        .unwrap_or_else(|| panic!("{id} is not a catalog belief id"))
}

fn spec_salt(spec: &Spec) -> u64 {
    let text = format!("{spec:?}");
    // FNV-1a: a stable salt so two scenarios with one seed differ.
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn offset_on(date: NaiveDate) -> FixedOffset {
    // Central European time: summer time from the last Sunday of March 2026.
    let switch = NaiveDate::from_ymd_opt(2026, 3, 29).expect("valid date");
    let hours = if date >= switch { 2 } else { 1 };
    FixedOffset::east_opt(hours * 3600).expect("valid offset")
}

fn at(date: NaiveDate, minute: u32) -> String {
    let off = offset_on(date);
    let naive = date
        .and_hms_opt(minute / 60, minute % 60, 0)
        .expect("valid time");
    let t = off
        .from_local_datetime(&naive)
        .single()
        .expect("fixed offset");
    t.to_rfc3339()
}

fn pick_weighted(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// Light, person-like variation of a sentence: sometimes all lowercase, sometimes without its
/// final full stop, sometimes trailing off.
fn vary(rng: &mut ChaCha8Rng, s: &str) -> String {
    let mut out = s.to_string();
    let r = rng.random::<f64>();
    if r < 0.10 {
        out = out.to_lowercase();
    } else if r < 0.16 && out.ends_with('.') {
        out.pop();
    } else if r < 0.19 && !out.ends_with('.') && !out.ends_with(')') {
        out.push_str("...");
    }
    out
}

/// Generates one journal. Deterministic in (`bank`, `spec`, `seed`).
pub fn journal(bank: &Bank, spec: &Spec, seed: u64) -> Generated {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ spec_salt(spec));
    let (plan, labels) = match spec {
        Spec::Single { belief, strength } => (
            Plan {
                primary: Some((belief_index(belief), *strength)),
                secondary: None,
                confound: None,
            },
            Labels {
                scenario: "single".into(),
                primary: Some(belief.clone()),
                secondary: None,
                subtle: *strength == Strength::Subtle,
                confound: None,
            },
        ),
        Spec::Two { primary, secondary } => {
            assert_ne!(primary, secondary, "a two-belief journal needs two beliefs");
            (
                Plan {
                    primary: Some((belief_index(primary), Strength::Normal)),
                    secondary: Some(belief_index(secondary)),
                    confound: None,
                },
                Labels {
                    scenario: "two".into(),
                    primary: Some(primary.clone()),
                    secondary: Some(secondary.clone()),
                    subtle: false,
                    confound: None,
                },
            )
        }
        Spec::Null => (
            Plan {
                primary: None,
                secondary: None,
                confound: None,
            },
            Labels {
                scenario: "null".into(),
                primary: None,
                secondary: None,
                subtle: false,
                confound: None,
            },
        ),
        Spec::Confounded { kind } => (
            Plan {
                primary: None,
                secondary: None,
                confound: Some(*kind),
            },
            Labels {
                scenario: "confounded".into(),
                primary: None,
                secondary: None,
                subtle: false,
                confound: Some(kind.pattern_id().into()),
            },
        ),
    };
    let json = build(bank, &plan, seed, &mut rng);
    Generated { json, labels }
}

fn sample_tasks<'a>(rng: &mut ChaCha8Rng, from: &'a [TaskDef], n: usize) -> Vec<&'a TaskDef> {
    let mut v: Vec<&TaskDef> = from.iter().collect();
    v.shuffle(rng);
    v.truncate(n);
    v
}

fn build(bank: &Bank, plan: &Plan, seed: u64, rng: &mut ChaCha8Rng) -> String {
    let end = NaiveDate::from_ymd_opt(END_DATE.0, END_DATE.1, END_DATE.2).expect("valid date");
    let days: i64 = rng.random_range(70..=120);
    let start = end - Duration::days(days - 1);
    let primary = plan.primary.map(|(i, _)| i);
    let subtle = matches!(plan.primary, Some((_, Strength::Subtle)));

    // The person's own set of tasks: ordinary ones, decoys, and a couple of signature tasks of
    // every belief (at the ordinary rate unless planted).
    let mut pool: Vec<PoolTask> = Vec::new();
    for def in sample_tasks(rng, &bank.neutral_tasks, 16) {
        pool.push(PoolTask {
            def,
            role: Role::Ordinary,
            weight: 1.0,
        });
    }
    for def in sample_tasks(rng, &bank.decoy_tasks, 5) {
        pool.push(PoolTask {
            def,
            role: Role::Ordinary,
            weight: 1.0,
        });
    }
    for (bi, id) in BELIEF_IDS.iter().enumerate() {
        let n = if Some(bi) == primary {
            5
        } else if Some(bi) == plan.secondary {
            4
        } else {
            2
        };
        for def in sample_tasks(rng, &bank.belief(id).tasks, n) {
            pool.push(PoolTask {
                def,
                role: Role::Signature(bi),
                weight: 0.5,
            });
        }
    }
    // Give the planted beliefs' tasks their share of events.
    let share_of = |bi: usize| -> Option<f64> {
        if Some(bi) == primary {
            Some(if subtle {
                SIG_SHARE_SUBTLE
            } else {
                SIG_SHARE_NORMAL
            })
        } else if Some(bi) == plan.secondary {
            Some(SIG_SHARE_SECONDARY)
        } else {
            None
        }
    };
    let planted_share: f64 = (0..BELIEF_IDS.len()).filter_map(share_of).sum();
    let rest: f64 = pool
        .iter()
        .filter(|t| match t.role {
            Role::Signature(bi) => share_of(bi).is_none(),
            Role::Ordinary => true,
        })
        .map(|t| t.weight)
        .sum();
    let counts: Vec<usize> = (0..BELIEF_IDS.len())
        .map(|bi| {
            pool.iter()
                .filter(|t| t.role == Role::Signature(bi))
                .count()
        })
        .collect();
    for t in pool.iter_mut() {
        if let Role::Signature(bi) = t.role {
            if let Some(s) = share_of(bi) {
                t.weight = s / (1.0 - planted_share) * rest / counts[bi] as f64;
            }
        }
    }

    let mut decks: Vec<Deck> = BELIEF_IDS
        .iter()
        .map(|id| Deck::new(&bank.belief(id).thoughts))
        .collect();
    let mut neutral = Deck::new(&bank.neutral_thoughts);
    let mut completion = Deck::new(&bank.completion_thoughts);
    let mut notes = Deck::new(&bank.checkin_notes);

    let mut events: Vec<Value> = Vec::new();
    let mut checkins: Vec<Value> = Vec::new();
    let mut logged_days: Vec<NaiveDate> = Vec::new();
    let mut last_win: Option<NaiveDate> = None;
    let mut ev_n = 0usize;

    for d in 0..days {
        let date = start + Duration::days(d);
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let logged_p = if weekend { 0.70 } else { 0.88 };
        if !rng.random_bool(logged_p) {
            continue;
        }
        logged_days.push(date);
        let n: usize = rng.random_range(3..=8);
        let mut minutes: Vec<u32> = (0..n)
            .map(|_| {
                if rng.random_bool(EVENING_SHARE) {
                    rng.random_range(18 * 60 + 10..21 * 60 + 50)
                } else {
                    rng.random_range(7 * 60 + 40..17 * 60 + 50)
                }
            })
            .collect();
        minutes.sort_unstable();
        let win_today = rng.random_bool(WIN_DAY);
        let win_slot = if win_today {
            Some(rng.random_range(0..n))
        } else {
            None
        };
        let in_win_window = |date: NaiveDate, last: Option<NaiveDate>| {
            last.is_some_and(|w| date >= w && (date - w).num_days() <= 2)
        };
        let mut day_breaks = 0usize;
        let mut day_counted = 0usize;

        for (slot, minute) in minutes.into_iter().enumerate() {
            ev_n += 1;
            let id = format!("h{seed:x}-e{ev_n:04}");
            if win_slot == Some(slot) {
                let def = bank.win_tasks.choose(rng).expect("bank has win tasks");
                let thought = if rng.random_bool(0.7) {
                    {
                        let s = completion.draw(rng);
                        Some(vary(rng, s))
                    }
                } else {
                    None
                };
                events.push(json!({
                    "id": id, "at": at(date, minute), "kind": "completed",
                    "task": def.task, "domain": def.domain, "planned_at": null,
                    "delay_minutes": null, "progress": null, "thought": thought,
                    "emotion": bank.completion_emotions.choose(rng),
                    "friction": rng.random_range(1..=2), "tags": def.tags, "note": null,
                    "source": null
                }));
                last_win = Some(date);
                day_counted += 1;
                continue;
            }
            let after_win = in_win_window(date, last_win);
            let weights: Vec<f64> = pool
                .iter()
                .map(|t| match t.role {
                    Role::Signature(bi) if after_win && follows_win(BELIEF_IDS[bi]) => {
                        t.weight * 3.0
                    }
                    _ => t.weight,
                })
                .collect();
            let task = &pool[pick_weighted(rng, &weights)];
            let sig = match task.role {
                Role::Signature(bi) => Some(bi),
                Role::Ordinary => None,
            };
            let on_primary = sig.is_some() && sig == primary;
            let on_secondary = sig.is_some() && sig == plan.secondary;

            // Break probability.
            let mut p = match plan.confound {
                Some(Confound::Monday) => {
                    if date.weekday() == Weekday::Mon {
                        CONFOUND_IN
                    } else {
                        CONFOUND_OUT
                    }
                }
                Some(Confound::LateDay) => {
                    if minute >= 18 * 60 {
                        CONFOUND_IN
                    } else {
                        CONFOUND_OUT
                    }
                }
                None => BASE_BREAK,
            };
            if on_primary {
                p = if subtle {
                    SIG_BREAK_SUBTLE
                } else {
                    SIG_BREAK_NORMAL
                };
            } else if on_secondary {
                p = SIG_BREAK_SECONDARY;
            }
            if after_win {
                if let Some(bi) = primary {
                    let scale = if subtle { 0.5 } else { 1.0 };
                    p += AFTER_WIN_BOOST * scale * after_win_belief(BELIEF_IDS[bi]);
                }
                if let Some(bi) = plan.secondary {
                    p += AFTER_WIN_BOOST * 0.5 * after_win_belief(BELIEF_IDS[bi]);
                }
            }
            let p = p.min(0.9);

            let skipped = rng.random_bool(0.04);
            let is_break = !skipped && rng.random_bool(p);
            let driver = if on_primary {
                primary
            } else if on_secondary {
                plan.secondary
            } else {
                None
            };
            let kind = if skipped {
                "skipped"
            } else if is_break {
                let w = kind_weights(driver.map(|bi| BELIEF_IDS[bi]));
                ["delayed_start", "unfinished", "avoided", "switched"][pick_weighted(rng, &w)]
            } else {
                "completed"
            };

            // The thought.
            let belief_thought_p = |bi: Option<usize>| -> f64 {
                match bi {
                    Some(b) if Some(b) == primary => {
                        if !is_break {
                            if on_primary {
                                COMPLETION_BELIEF_THOUGHT
                            } else {
                                0.0
                            }
                        } else if on_primary {
                            if subtle {
                                SIG_THOUGHT_SUBTLE
                            } else {
                                SIG_THOUGHT_NORMAL
                            }
                        } else if subtle {
                            LEAK_THOUGHT_SUBTLE
                        } else {
                            LEAK_THOUGHT_NORMAL
                        }
                    }
                    Some(b) if Some(b) == plan.secondary => {
                        if !is_break {
                            if on_secondary {
                                COMPLETION_BELIEF_THOUGHT * 0.5
                            } else {
                                0.0
                            }
                        } else if on_secondary {
                            SIG_THOUGHT_SECONDARY
                        } else {
                            LEAK_THOUGHT_SECONDARY
                        }
                    }
                    _ => 0.0,
                }
            };
            let thought: Option<String> = if rng.random_bool(MISSING_THOUGHT) {
                None
            } else {
                let prim_p = belief_thought_p(primary);
                let sec_p = belief_thought_p(plan.secondary);
                let r = rng.random::<f64>();
                let raw = if skipped {
                    neutral.draw(rng)
                } else if r < prim_p {
                    decks[primary.expect("primary present")].draw(rng)
                } else if r < prim_p + sec_p {
                    decks[plan.secondary.expect("secondary present")].draw(rng)
                } else if rng.random_bool(NOISE_THOUGHT) {
                    let bi = rng.random_range(0..BELIEF_IDS.len());
                    decks[bi].draw(rng)
                } else if is_break || rng.random_bool(NEUTRAL_ON_COMPLETION) {
                    neutral.draw(rng)
                } else {
                    completion.draw(rng)
                };
                Some(vary(rng, raw))
            };

            let emotion = if rng.random_bool(0.7) {
                let list = if is_break != rng.random_bool(0.1) {
                    &bank.break_emotions
                } else {
                    &bank.completion_emotions
                };
                list.choose(rng).cloned()
            } else {
                None
            };
            let friction: Option<u8> = if rng.random_bool(0.75) {
                Some(if is_break {
                    if on_primary || on_secondary {
                        rng.random_range(3..=5)
                    } else {
                        rng.random_range(2..=5)
                    }
                } else if kind == "skipped" {
                    rng.random_range(1..=3)
                } else {
                    [1, 1, 2, 2, 2, 3, 3, 4][rng.random_range(0..8)]
                })
            } else {
                None
            };

            let mut planned_at: Option<String> = None;
            let mut delay: Option<u32> = None;
            let mut progress: Option<f64> = None;
            match kind {
                "delayed_start" => {
                    let d = if driver.map(|b| BELIEF_IDS[b]) == Some("failure_exposure") {
                        rng.random_range(60..=300)
                    } else {
                        rng.random_range(10..=180)
                    };
                    let planned = minute.saturating_sub(d).max(6 * 60);
                    let d = minute - planned;
                    if d == 0 {
                        delay = Some(5);
                    } else {
                        delay = Some(d);
                        if rng.random_bool(0.7) {
                            planned_at = Some(at(date, planned));
                        }
                    }
                }
                "unfinished" => {
                    let (lo, hi) = if driver.map(|b| BELIEF_IDS[b]) == Some("perfection_standard") {
                        (75, 97)
                    } else {
                        (10, 90)
                    };
                    progress = Some(f64::from(rng.random_range(lo..=hi)) / 100.0);
                }
                "switched" => {
                    progress = Some(f64::from(rng.random_range(5..=60)) / 100.0);
                }
                "completed" if rng.random_bool(0.3) => {
                    planned_at = Some(at(date, minute.saturating_sub(rng.random_range(0..15))));
                }
                _ => {}
            }
            let domain = if rng.random_bool(0.9) {
                Some(task.def.domain.clone())
            } else {
                None
            };
            events.push(json!({
                "id": id, "at": at(date, minute), "kind": kind, "task": task.def.task,
                "domain": domain, "planned_at": planned_at, "delay_minutes": delay,
                "progress": progress, "thought": thought, "emotion": emotion,
                "friction": friction, "tags": task.def.tags, "note": null, "source": null
            }));
            if kind != "skipped" {
                day_counted += 1;
                if is_break {
                    day_breaks += 1;
                }
            }
        }

        if rng.random_bool(0.85) {
            let share = if day_counted == 0 {
                0.0
            } else {
                day_breaks as f64 / day_counted as f64
            };
            let noise: f64 = (0..3).map(|_| rng.random::<f64>()).sum::<f64>() - 1.5;
            let alignment = (4.6 - 3.2 * share + noise * 0.8).round().clamp(1.0, 5.0) as u8;
            let energy = rng.random_range(1..=5u8).max(rng.random_range(1..=5u8));
            let mood = ((f64::from(energy) + f64::from(alignment)) / 2.0 + noise * 0.7)
                .round()
                .clamp(1.0, 5.0) as u8;
            let note = if rng.random_bool(0.3) {
                {
                    let s = notes.draw(rng);
                    Some(vary(rng, s))
                }
            } else {
                None
            };
            checkins.push(json!({
                "date": date.format("%Y-%m-%d").to_string(), "alignment": alignment,
                "energy": energy, "mood": mood, "note": note, "tags": []
            }));
        }
    }

    // Reflections: a handful, on logged evenings.
    let mut texts: Vec<String> = Vec::new();
    let refl = |bi: usize, k: usize, rng: &mut ChaCha8Rng, texts: &mut Vec<String>| {
        let pool = &bank.belief(BELIEF_IDS[bi]).reflections;
        for s in pool.choose_multiple(rng, k) {
            texts.push(s.clone());
        }
    };
    if let Some((bi, strength)) = plan.primary {
        let k = match strength {
            Strength::Normal => rng.random_range(2..=3),
            Strength::Subtle => rng.random_range(1..=2),
        };
        refl(bi, k, rng, &mut texts);
    }
    if let Some(bi) = plan.secondary {
        refl(bi, 1, rng, &mut texts);
    }
    if plan.primary.is_none() && rng.random_bool(0.2) {
        let bi = rng.random_range(0..BELIEF_IDS.len());
        refl(bi, 1, rng, &mut texts);
    }
    let neutral_n = rng.random_range(2..=4);
    for s in bank.neutral_reflections.choose_multiple(rng, neutral_n) {
        texts.push(s.clone());
    }
    texts.shuffle(rng);
    let refl_days: Vec<NaiveDate> = logged_days
        .choose_multiple(rng, texts.len())
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let reflections: Vec<Value> = refl_days
        .iter()
        .zip(texts.iter())
        .enumerate()
        .map(|(i, (date, text))| {
            let minute = rng.random_range(21 * 60 + 55..23 * 60 + 30);
            let mood: Option<u8> = if rng.random_bool(0.5) {
                Some(rng.random_range(1..=5))
            } else {
                None
            };
            let starred = rng.random_bool(0.1);
            json!({
                "id": format!("h{seed:x}-r{:02}", i + 1), "at": at(*date, minute),
                "prompt_id": null, "title": null, "text": text,
                "mood": mood, "tags": [], "starred": starred, "source": null
            })
        })
        .collect();

    let exported = format!("{}T09:00:00Z", (end + Duration::days(1)).format("%Y-%m-%d"));
    let doc = json!({
        "format": "plumbline-journal",
        "version": 1,
        "exported_at": exported,
        "events": events,
        "checkins": checkins,
        "reflections": reflections,
    });
    serde_json::to_string_pretty(&doc).expect("a JSON value serialises")
}

#[cfg(test)]
mod tests {
    use super::*;
    use plumbline_core::domain::parse_instant;

    fn parse(g: &Generated) -> Value {
        serde_json::from_str(&g.json).expect("generated journal is JSON")
    }

    fn specs() -> Vec<Spec> {
        vec![
            Spec::Single {
                belief: "visibility_risk".into(),
                strength: Strength::Normal,
            },
            Spec::Single {
                belief: "success_burden".into(),
                strength: Strength::Subtle,
            },
            Spec::Two {
                primary: "perfection_standard".into(),
                secondary: "undeserving".into(),
            },
            Spec::Null,
            Spec::Confounded {
                kind: Confound::Monday,
            },
            Spec::Confounded {
                kind: Confound::LateDay,
            },
        ]
    }

    #[test]
    fn same_seed_same_journal_and_different_seed_different_journal() {
        let bank = load_bank("tune");
        for spec in specs() {
            let a = journal(&bank, &spec, 7);
            let b = journal(&bank, &spec, 7);
            let c = journal(&bank, &spec, 8);
            assert_eq!(a.json, b.json, "{spec:?}");
            assert_eq!(a.labels, b.labels);
            assert_ne!(a.json, c.json, "{spec:?}");
        }
    }

    fn assert_valid(doc: &Value) {
        assert_eq!(doc["format"], "plumbline-journal");
        assert_eq!(doc["version"], 1);
        let in_range = |v: &Value, field: &str| {
            if !v.is_null() {
                let x = v
                    .as_u64()
                    .unwrap_or_else(|| panic!("{field} {v} is not an integer"));
                assert!((1..=5).contains(&x), "{field} {x} out of range");
            }
        };
        let mut ids = BTreeSet::new();
        let events = doc["events"].as_array().expect("events");
        assert!(!events.is_empty());
        for e in events {
            assert!(
                ids.insert(e["id"].as_str().expect("id").to_string()),
                "duplicate id"
            );
            parse_instant(e["at"].as_str().expect("at")).expect("RFC 3339 at");
            if let Some(p) = e["planned_at"].as_str() {
                parse_instant(p).expect("RFC 3339 planned_at");
            }
            let kind = e["kind"].as_str().expect("kind");
            assert!(
                [
                    "completed",
                    "delayed_start",
                    "unfinished",
                    "avoided",
                    "switched",
                    "skipped"
                ]
                .contains(&kind),
                "{kind}"
            );
            assert!(!e["task"].as_str().expect("task").trim().is_empty());
            in_range(&e["friction"], "friction");
            if let Some(p) = e["progress"].as_f64() {
                assert!((0.0..=1.0).contains(&p), "progress {p}");
            }
            if matches!(kind, "unfinished" | "switched") {
                assert!(e["progress"].is_f64(), "{kind} without progress");
            }
            if kind == "delayed_start" {
                assert!(e["delay_minutes"].as_u64().is_some_and(|d| d > 0));
            }
            if let Some(t) = e["thought"].as_str() {
                assert!(!t.trim().is_empty());
            }
        }
        let mut dates = BTreeSet::new();
        for c in doc["checkins"].as_array().expect("checkins") {
            let date = c["date"].as_str().expect("date");
            plumbline_core::domain::parse_date(date).expect("check-in date");
            assert!(dates.insert(date.to_string()), "two check-ins on {date}");
            assert!(c["alignment"].is_u64());
            for f in ["alignment", "energy", "mood"] {
                in_range(&c[f], f);
            }
        }
        for r in doc["reflections"].as_array().expect("reflections") {
            assert!(
                ids.insert(r["id"].as_str().expect("id").to_string()),
                "duplicate id"
            );
            parse_instant(r["at"].as_str().expect("at")).expect("RFC 3339 at");
            assert!(!r["text"].as_str().expect("text").trim().is_empty());
            in_range(&r["mood"], "mood");
        }
    }

    fn counted(doc: &Value) -> (usize, usize) {
        let mut breaks = 0;
        let mut total = 0;
        for e in doc["events"].as_array().expect("events") {
            match e["kind"].as_str() {
                Some("completed") => total += 1,
                Some("skipped") => {}
                _ => {
                    breaks += 1;
                    total += 1;
                }
            }
        }
        (breaks, total)
    }

    #[test]
    fn journals_are_valid_and_realistic() {
        let mut rates = Vec::new();
        for name in BANKS {
            let bank = load_bank(name);
            for spec in specs() {
                for seed in 0..4 {
                    let doc = parse(&journal(&bank, &spec, seed));
                    assert_valid(&doc);
                    let days: BTreeSet<&str> = doc["events"]
                        .as_array()
                        .expect("events")
                        .iter()
                        .map(|e| &e["at"].as_str().expect("at")[..10])
                        .collect();
                    assert!(
                        (50..=120).contains(&days.len()),
                        "{} days logged",
                        days.len()
                    );
                    assert!(days.last().is_some_and(|d| *d <= "2026-03-31"));
                    let (b, t) = counted(&doc);
                    let rate = b as f64 / t as f64;
                    assert!(
                        (0.20..=0.50).contains(&rate),
                        "{name} {spec:?} {seed}: {rate}"
                    );
                    rates.push(rate);
                    assert!(doc["checkins"].as_array().expect("c").len() * 10 >= days.len() * 7);
                    assert!(!doc["reflections"].as_array().expect("r").is_empty());
                }
            }
        }
        let mean = rates.iter().sum::<f64>() / rates.len() as f64;
        assert!((0.25..=0.45).contains(&mean), "mean break rate {mean}");
    }

    #[test]
    fn the_journal_importer_accepts_every_scenario() {
        use plumbline_core::interchange::formats::{parse_bytes, Format, ParseOptions};
        for name in BANKS {
            let bank = load_bank(name);
            for spec in specs() {
                let g = journal(&bank, &spec, 11);
                let batch = parse_bytes(
                    g.json.as_bytes(),
                    "heldout.json",
                    Format::Plumbline,
                    &ParseOptions::default(),
                )
                .unwrap_or_else(|e| panic!("{name} {spec:?}: {e}"));
                let doc = parse(&g);
                assert_eq!(
                    batch.events.len(),
                    doc["events"].as_array().expect("e").len()
                );
                assert_eq!(
                    batch.checkins.len(),
                    doc["checkins"].as_array().expect("c").len()
                );
                assert_eq!(
                    batch.reflections.len(),
                    doc["reflections"].as_array().expect("r").len()
                );
            }
        }
    }

    /// Break rate on the belief's own bank tasks.
    fn signature_rate(bank: &Bank, belief: &str, docs: &[Value]) -> f64 {
        let tasks: BTreeSet<&str> = bank
            .belief(belief)
            .tasks
            .iter()
            .map(|t| t.task.as_str())
            .collect();
        let (mut b, mut t) = (0usize, 0usize);
        for doc in docs {
            for e in doc["events"].as_array().expect("events") {
                if !tasks.contains(e["task"].as_str().expect("task")) {
                    continue;
                }
                match e["kind"].as_str() {
                    Some("completed") => t += 1,
                    Some("skipped") => {}
                    _ => {
                        b += 1;
                        t += 1;
                    }
                }
            }
        }
        b as f64 / t.max(1) as f64
    }

    #[test]
    fn planted_beliefs_concentrate_breaks_on_their_signature_tasks() {
        let bank = load_bank("tune");
        let null: Vec<Value> = (0..12)
            .map(|s| parse(&journal(&bank, &Spec::Null, s)))
            .collect();
        for belief in BELIEF_IDS {
            let planted = |strength| -> Vec<Value> {
                (0..6)
                    .map(|s| {
                        let spec = Spec::Single {
                            belief: belief.into(),
                            strength,
                        };
                        parse(&journal(&bank, &spec, 100 + s))
                    })
                    .collect()
            };
            let base = signature_rate(&bank, belief, &null);
            let normal = signature_rate(&bank, belief, &planted(Strength::Normal));
            let subtle = signature_rate(&bank, belief, &planted(Strength::Subtle));
            assert!(base < 0.40, "{belief}: null rate {base}");
            assert!(normal > base + 0.25, "{belief}: {normal} vs {base}");
            assert!(
                subtle > base + 0.10 && subtle < normal,
                "{belief}: {subtle}"
            );
        }
    }

    #[test]
    fn planted_thoughts_come_from_the_belief_and_null_thoughts_are_spread() {
        let bank = load_bank("tune");
        let own = |b: &str| -> BTreeSet<String> {
            bank.belief(b)
                .thoughts
                .iter()
                .map(|t| t.to_lowercase())
                .collect()
        };
        let count = |doc: &Value, b: &str, want_break: bool| -> usize {
            let set = own(b);
            doc["events"]
                .as_array()
                .expect("events")
                .iter()
                .filter(|e| (e["kind"] != "completed" && e["kind"] != "skipped") == want_break)
                .filter_map(|e| e["thought"].as_str())
                .filter(|t| set.contains(&t.trim_end_matches("...").to_lowercase()))
                .count()
        };
        let spec = Spec::Single {
            belief: "undeserving".into(),
            strength: Strength::Normal,
        };
        let doc = parse(&journal(&bank, &spec, 3));
        assert!(count(&doc, "undeserving", true) >= 8);
        let mut null_break = 0;
        for s in 0..10 {
            let doc = parse(&journal(&bank, &Spec::Null, s));
            for b in BELIEF_IDS {
                let n = count(&doc, b, true);
                assert!(n <= 4, "null journal {s}: {n} {b} thoughts on breaks");
                null_break += n;
            }
        }
        assert!(
            null_break > 0,
            "null journals should carry a few belief-flavoured thoughts"
        );
    }

    #[test]
    fn confounds_are_real_patterns() {
        let bank = load_bank("tune");
        for (kind, inside) in [
            (
                Confound::Monday,
                (|at: &str| parse_instant(at).expect("at").weekday() == Weekday::Mon)
                    as fn(&str) -> bool,
            ),
            (Confound::LateDay, |at: &str| &at[11..13] >= "18"),
        ] {
            let (mut bi, mut ti, mut bo, mut to) = (0, 0, 0, 0);
            for s in 0..5 {
                let doc = parse(&journal(&bank, &Spec::Confounded { kind }, s));
                for e in doc["events"].as_array().expect("events") {
                    let k = e["kind"].as_str().expect("kind");
                    if k == "skipped" {
                        continue;
                    }
                    let is_break = k != "completed";
                    if inside(e["at"].as_str().expect("at")) {
                        ti += 1;
                        bi += usize::from(is_break);
                    } else {
                        to += 1;
                        bo += usize::from(is_break);
                    }
                }
            }
            let (ri, ro) = (bi as f64 / ti as f64, bo as f64 / to as f64);
            assert!(ri > ro + 0.3, "{kind:?}: {ri} vs {ro}");
        }
    }

    #[test]
    fn no_two_banks_share_a_sentence_and_each_covers_every_belief() {
        let banks = BANKS.map(load_bank);
        let norm = |s: &str| s.trim().to_lowercase();
        let tasks = |b: &Bank| -> BTreeSet<String> {
            b.beliefs
                .values()
                .flat_map(|b| b.tasks.iter())
                .chain(b.neutral_tasks.iter())
                .map(|t| norm(&t.task))
                .collect()
        };
        for (i, x) in banks.iter().enumerate() {
            for y in &banks[i + 1..] {
                let a: BTreeSet<String> = x.sentences().into_iter().map(norm).collect();
                let shared: Vec<String> = y
                    .sentences()
                    .into_iter()
                    .map(norm)
                    .filter(|s| a.contains(s))
                    .collect();
                assert!(
                    shared.is_empty(),
                    "sentences in both {} and {}: {shared:?}",
                    x.name,
                    y.name
                );
                let common: Vec<String> = tasks(x).intersection(&tasks(y)).cloned().collect();
                assert!(
                    common.is_empty(),
                    "tasks in both {} and {}: {common:?}",
                    x.name,
                    y.name
                );
            }
        }
        for bank in &banks {
            for id in BELIEF_IDS {
                let b = bank.belief(id);
                assert!(b.thoughts.len() >= 40, "{} {id}", bank.name);
                assert!(b.reflections.len() >= 8, "{} {id}", bank.name);
                assert!(b.tasks.len() >= 6, "{} {id}", bank.name);
            }
            assert!(bank.neutral_thoughts.len() >= 120, "{}", bank.name);
            assert!(bank.completion_thoughts.len() >= 60, "{}", bank.name);
            assert!(bank.neutral_tasks.len() >= 60, "{}", bank.name);
            assert!(!bank.decoy_tasks.is_empty() && !bank.win_tasks.is_empty());
        }
    }

    #[test]
    fn evaluation_set_covers_every_scenario_with_distinct_seeds() {
        let set = evaluation_set(2);
        let seeds: BTreeSet<u64> = set.iter().map(|(_, s)| *s).collect();
        assert_eq!(seeds.len(), set.len());
        assert_eq!(set.len(), 10 * 2 * 3 + 2 * 5 * 2);
        for (spec, _) in &set {
            if let Spec::Two { primary, secondary } = spec {
                assert_ne!(primary, secondary);
            }
        }
    }
}

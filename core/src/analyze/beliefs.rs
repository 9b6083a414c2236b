//! Belief links: which beliefs probably drive the breaks, with a calibrated confidence.
//!
//! For every belief (catalog and custom) two kinds of evidence are gathered:
//!
//! **Behavioural.** The belief's signature names *components*, each a slice of events tested
//! like a pattern (one-sided Fisher exact, breaks in the slice vs the rest):
//! - `task_keywords`: events whose task, tags or domain contain a keyword (stemmed match);
//! - `after_wins`: events after a win day (≥ 2 completions, no breaks);
//! - `recurring`, `set_by_others`, `high_stakes`: events whose task, tags or domain use words of
//!   routine work, work set by others, or high-stakes work ([`RECURRING_WORDS`],
//!   [`OTHERS_WORDS`], [`STAKES_WORDS`]);
//! - `high_progress_unfinished`: among unfinished/switched breaks with a progress, the share that
//!   stopped at ≥ 70 %, tested (exact binomial) against the 30 % expected if work stopped at a
//!   uniformly random point.
//!
//! The behavioural p combines the components' p-values by Fisher's method (χ², 2k degrees of
//! freedom), so a belief whose several components all lean the same way beats one with a single
//! matching component.
//! Breaks *matched* are the breaks in the components that beat the rest.
//!
//! **Text.** The belief's markers (stemmed, negation-aware) are matched in the thoughts on
//! breaks and on completions; the text p is a one-sided Fisher test that marker thoughts fall on
//! breaks more than thoughts in general do. Reflections that use the markers add to it. When
//! the person has given verdicts, a naive Bayes model trained on their labelled thoughts
//! (thoughts on the breaks matched to confirmed beliefs vs completions and rejected links)
//! recognises their own wording for a confirmed belief beyond the markers.
//!
//! **Confidence** is a logistic model of these features, fitted on generated journals with
//! known planted beliefs (seeds disjoint from those the tests measure) so that links at
//! confidence p are right about p of the time. A link is `likely` or `strong` only when the
//! behavioural evidence survives a Bonferroni correction across all beliefs: a journal whose
//! breaks do not concentrate anywhere yields at most `emerging` links.
//!
//! **Verdicts.** A confirmed belief keeps at least [`CONFIRMED_FLOOR`] while its evidence holds
//! (it still matches breaks). A rejected belief is not listed again unless it matches at least
//! twice, and at least 10 more than, the breaks it matched at the verdict.

use std::collections::HashMap;

use super::patterns::{Found, SliceKey};
use statrs::function::gamma::checked_gamma_ur;

use super::stats::{binomial_greater, fisher_greater, r3, sigmoid};
use super::text::{self, Marker, NaiveBayes, Token};
use super::{BeliefEvidence, BeliefLink, BeliefSpec, BeliefTier, View, NONE};
use crate::domain::{Kind, VerdictKind};

/// Words of routine, scheduled work.
pub const RECURRING_WORDS: &[&str] = &[
    "daily",
    "weekly",
    "routine",
    "habit",
    "every",
    "standup",
    "schedule",
    "recurring",
    "monthly",
];
/// Words of work set by others.
pub const OTHERS_WORDS: &[&str] = &[
    "client",
    "boss",
    "manager",
    "deadline",
    "requested",
    "assigned",
    "due",
    "mandatory",
    "required",
    "obligation",
    "compliance",
    "timesheet",
    "paperwork",
];
/// Words of high-stakes work.
pub const STAKES_WORDS: &[&str] = &[
    "important",
    "launch",
    "major",
    "critical",
    "interview",
    "exam",
    "priority",
    "milestone",
    "big",
    "key",
];

/// Confidence at or above which a link is `strong`.
pub const STRONG: f64 = 0.85;
/// Confidence at or above which a link is `likely`.
pub const LIKELY: f64 = 0.6;
/// Confirmed beliefs keep at least this confidence while their evidence holds.
pub const CONFIRMED_FLOOR: f64 = 0.8;
/// Links below this confidence are not listed.
pub const LIST_MIN: f64 = 0.05;

/// Logistic weights: intercept, behavioural −ln p, text −ln p, reflections ln(1 + hits),
/// behavioural evidence surviving Bonferroni across beliefs (0/1), and the lead of this
/// belief's behavioural −ln p over the best other belief's (clipped to ±10). Fitted by maximum
/// likelihood on 300 generated journals (two planted for one null, strong and weak plants;
/// seeds 5000–5299, disjoint from the seeds the tests measure).
const W: [f64; 6] = [-3.5605, 0.2598, 0.5922, 0.4148, -0.4912, 0.8748];

/// Everything computed for one belief.
#[derive(Debug, Clone)]
pub(crate) struct Score {
    pub p_beh: f64,
    pub p_text: f64,
    pub reflection_hits: usize,
    pub matched: Vec<usize>,
    /// Window events in any context component of the signature (empty when it has none).
    pub members: Vec<bool>,
    pub keys: Vec<Vec<Marker>>,
    pub after_wins: bool,
}

/// Memoised marker matches per interned string.
struct StemCache<'a> {
    v: &'a View<'a>,
    tokens: HashMap<u32, Vec<Token>>,
}

impl<'a> StemCache<'a> {
    fn tokens(&mut self, id: u32) -> &[Token] {
        let v = self.v;
        self.tokens
            .entry(id)
            .or_insert_with(|| text::tokenize(v.j.strings.get(id)))
    }
}

fn compile(words: &[&str]) -> Vec<Marker> {
    words.iter().filter_map(|w| Marker::new(w)).collect()
}

/// Per component: (markers, or None for after_wins), evaluated over events.
fn components(spec: &BeliefSpec) -> Vec<Option<Vec<Marker>>> {
    let s = &spec.signature;
    let mut out = Vec::new();
    let kw = text::markers(&s.task_keywords);
    if !kw.is_empty() {
        out.push(Some(kw));
    }
    if s.after_wins {
        out.push(None);
    }
    if s.recurring {
        out.push(Some(compile(RECURRING_WORDS)));
    }
    if s.set_by_others {
        out.push(Some(compile(OTHERS_WORDS)));
    }
    if s.high_stakes {
        out.push(Some(compile(STAKES_WORDS)));
    }
    out
}

/// Per-string match cache for one marker set.
fn string_matches(
    cache: &mut StemCache<'_>,
    memo: &mut HashMap<u32, bool>,
    id: u32,
    m: &[Marker],
) -> bool {
    if id == NONE {
        return false;
    }
    if let Some(&b) = memo.get(&id) {
        return b;
    }
    let toks = cache.tokens(id);
    let hit = m.iter().any(|mk| mk.matches(toks));
    memo.insert(id, hit);
    hit
}

pub(crate) fn score_all(v: &View<'_>, nb: Option<&NaiveBayes>) -> Vec<Score> {
    let mut cache = StemCache {
        v,
        tokens: HashMap::new(),
    };
    // Tokenize each distinct thought once.
    let mut thought_tokens: HashMap<u32, Vec<Token>> = HashMap::new();
    for e in &v.ev {
        if e.thought != NONE && e.kind != Kind::Skipped {
            thought_tokens
                .entry(e.thought)
                .or_insert_with(|| text::tokenize(&v.j.thoughts[e.thought as usize]));
        }
    }
    let reflection_tokens: Vec<Vec<Token>> =
        v.j.reflections
            .iter()
            .filter(|(d, _)| *d >= v.from_day && *d <= v.to_day)
            .map(|(_, t)| text::tokenize(t))
            .collect();
    let total_n = v.ev.iter().filter(|e| e.kind != Kind::Skipped).count() as u64;
    let total_b = v.ev.iter().filter(|e| e.kind.is_break()).count() as u64;

    v.j.beliefs
        .iter()
        .map(|spec| {
            let comps = components(spec);
            let mut comp_p: Vec<f64> = Vec::new();
            let mut in_any: Vec<Vec<bool>> = Vec::new();
            let mut keys: Vec<Vec<Marker>> = Vec::new();
            for c in &comps {
                let mut memo = HashMap::new();
                let mut member = vec![false; v.ev.len()];
                let (mut n, mut b) = (0u64, 0u64);
                for (i, e) in v.ev.iter().enumerate() {
                    if e.kind == Kind::Skipped {
                        continue;
                    }
                    let hit = match c {
                        None => v.feat[i].after_win,
                        Some(m) => {
                            string_matches(&mut cache, &mut memo, e.task, m)
                                || string_matches(&mut cache, &mut memo, e.domain, m)
                                || v.j
                                    .tags(e)
                                    .iter()
                                    .any(|&t| string_matches(&mut cache, &mut memo, t, m))
                        }
                    };
                    if hit {
                        member[i] = true;
                        n += 1;
                        b += u64::from(e.kind.is_break());
                    }
                }
                let p = if n > 0 && n < total_n {
                    let r = b as f64 / n as f64;
                    let base = (total_b - b) as f64 / (total_n - n) as f64;
                    if r > base {
                        fisher_greater(b, n, total_b, total_n)
                    } else {
                        1.0
                    }
                } else {
                    1.0
                };
                comp_p.push(p);
                in_any.push(member);
                if let Some(m) = c {
                    keys.push(m.clone());
                }
            }
            let members: Vec<bool> = if in_any.is_empty() {
                Vec::new()
            } else {
                (0..v.ev.len())
                    .map(|i| in_any.iter().any(|m| m[i]))
                    .collect()
            };
            // High progress at the stop.
            let mut hp_member = vec![false; v.ev.len()];
            if spec.signature.high_progress_unfinished {
                let (mut k, mut m) = (0u64, 0u64);
                for (i, e) in v.ev.iter().enumerate() {
                    if matches!(e.kind, Kind::Unfinished | Kind::Switched) && e.progress >= 0.0 {
                        m += 1;
                        if e.progress >= 0.7 {
                            k += 1;
                            hp_member[i] = true;
                        }
                    }
                }
                comp_p.push(if m >= 3 {
                    binomial_greater(k, m, 0.3)
                } else {
                    1.0
                });
                in_any.push(hp_member);
            }
            let p_beh = fisher_combine(&comp_p);
            // Matched breaks: in components that beat the rest (p ≤ 0.05), else in any that
            // leans that way (p < 0.5).
            let strong: Vec<usize> = (0..comp_p.len()).filter(|&c| comp_p[c] <= 0.05).collect();
            let chosen: Vec<usize> = if strong.is_empty() {
                (0..comp_p.len()).filter(|&c| comp_p[c] < 0.5).collect()
            } else {
                strong
            };
            let matched: Vec<usize> = (0..v.ev.len())
                .filter(|&i| v.ev[i].kind.is_break() && chosen.iter().any(|&c| in_any[c][i]))
                .collect();

            // Text evidence.
            let markers = text::markers(&spec.markers);
            let (mut tb, mut nb_, mut tc, mut nc) = (0u64, 0u64, 0u64, 0u64);
            for e in &v.ev {
                if e.thought == NONE || e.kind == Kind::Skipped {
                    continue;
                }
                let toks = &thought_tokens[&e.thought];
                let mut hit = !markers.is_empty() && text::marker_hits(&markers, toks) > 0;
                if !hit && e.kind.is_break() {
                    if let Some(model) = nb {
                        hit = model
                            .posterior(toks)
                            .iter()
                            .any(|(l, p)| *l == spec.id && *p >= 0.8);
                    }
                }
                if e.kind.is_break() {
                    nb_ += 1;
                    tb += u64::from(hit);
                } else {
                    nc += 1;
                    tc += u64::from(hit);
                }
            }
            let p_text = if tb > 0 {
                fisher_greater(tb, tb + tc, nb_, nb_ + nc)
            } else {
                1.0
            };
            let reflection_hits = if markers.is_empty() {
                0
            } else {
                reflection_tokens
                    .iter()
                    .filter(|t| text::marker_hits(&markers, t) > 0)
                    .count()
            };
            Score {
                p_beh,
                p_text,
                reflection_hits,
                matched,
                members,
                keys,
                after_wins: spec.signature.after_wins,
            }
        })
        .collect()
}

/// Fisher's method: combines the components' p-values into one (χ² with 2k degrees of freedom).
pub(crate) fn fisher_combine(ps: &[f64]) -> f64 {
    if ps.is_empty() {
        return 1.0;
    }
    let x: f64 = ps.iter().map(|p| -2.0 * p.clamp(1e-300, 1.0).ln()).sum();
    if x <= 0.0 {
        return 1.0;
    }
    checked_gamma_ur(ps.len() as f64, x / 2.0)
        .unwrap_or(1.0)
        .clamp(0.0, 1.0)
}

/// −ln p, capped, as the model's features use it.
fn strength(p: f64) -> f64 {
    (-p.max(1e-300).ln()).min(30.0)
}

/// The calibrated confidence of a belief given its scores, how many beliefs compete and the
/// strongest behavioural evidence among the others.
pub(crate) fn confidence(s: &Score, beliefs: usize, best_other: f64) -> f64 {
    let xb = strength(s.p_beh);
    let xt = strength(s.p_text);
    let xr = (1.0 + s.reflection_hits as f64).ln();
    let survives = s.p_beh * beliefs.max(1) as f64 <= 0.05;
    let lead = (xb - best_other).clamp(-10.0, 10.0);
    let c = sigmoid(
        W[0] + W[1] * xb
            + W[2] * xt
            + W[3] * xr
            + W[4] * f64::from(u8::from(survives))
            + W[5] * lead,
    );
    if survives {
        c
    } else {
        c.min(LIKELY - 0.01)
    }
}

fn tier(c: f64) -> BeliefTier {
    if c >= STRONG {
        BeliefTier::Strong
    } else if c >= LIKELY {
        BeliefTier::Likely
    } else {
        BeliefTier::Emerging
    }
}

/// Trains the text model on the person's verdicts, when there are any.
fn train(v: &View<'_>, first_pass: &[Score]) -> Option<NaiveBayes> {
    let confirmed: Vec<usize> =
        v.j.beliefs
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                v.j.verdicts
                    .iter()
                    .any(|(vd, _)| vd.belief_id == b.id && vd.verdict == VerdictKind::Confirmed)
            })
            .map(|(i, _)| i)
            .collect();
    if confirmed.is_empty() {
        return None;
    }
    let mut nb = NaiveBayes::new();
    for &i in &confirmed {
        let id = &v.j.beliefs[i].id;
        for &e in &first_pass[i].matched {
            if let Some(t) = v.j.thought(v.ev[e]) {
                nb.learn(id, &text::tokenize(t));
            }
        }
    }
    for (i, b) in v.j.beliefs.iter().enumerate() {
        let rejected =
            v.j.verdicts
                .iter()
                .any(|(vd, _)| vd.belief_id == b.id && vd.verdict == VerdictKind::Rejected);
        if rejected {
            for &e in &first_pass[i].matched {
                if let Some(t) = v.j.thought(v.ev[e]) {
                    nb.learn("", &text::tokenize(t));
                }
            }
        }
    }
    for e in &v.ev {
        if e.kind == Kind::Completed {
            if let Some(t) = v.j.thought(e) {
                nb.learn("", &text::tokenize(t));
            }
        }
    }
    nb.is_trained().then_some(nb)
}

fn quote(t: &str) -> String {
    const MAX: usize = 200;
    if t.chars().count() <= MAX {
        t.to_string()
    } else {
        let mut s: String = t.chars().take(MAX - 1).collect();
        s.push('\u{2026}');
        s
    }
}

pub(crate) fn link(v: &View<'_>, found: &[Found]) -> Vec<BeliefLink> {
    let first = score_all(v, None);
    let scores = match train(v, &first) {
        Some(nb) => score_all(v, Some(&nb)),
        None => first,
    };
    let n_beliefs = v.j.beliefs.len();
    let xb: Vec<f64> = scores.iter().map(|s| strength(s.p_beh)).collect();
    let mut out: Vec<BeliefLink> = Vec::new();
    for (i, (spec, s)) in v.j.beliefs.iter().zip(&scores).enumerate() {
        let best_other = xb
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != i)
            .map(|(_, x)| *x)
            .fold(0.0_f64, f64::max);
        let verdict =
            v.j.verdicts
                .iter()
                .find(|(vd, _)| vd.belief_id == spec.id)
                .map(|(vd, ev)| (vd.verdict, *ev));
        let matched = s.matched.len();
        let mut conf = confidence(s, n_beliefs, best_other);
        let mut shown_verdict = None;
        match verdict {
            Some((VerdictKind::Rejected, at)) => {
                let at = at.unwrap_or(0) as usize;
                if matched < (2 * at).max(at + 10) {
                    continue;
                }
            }
            Some((VerdictKind::Confirmed, _)) => {
                shown_verdict = Some(VerdictKind::Confirmed);
                if matched > 0 {
                    conf = conf.max(CONFIRMED_FLOOR);
                }
            }
            None => {}
        }
        let has_evidence = matched > 0 || s.p_text < 1.0 || s.reflection_hits > 0;
        if !has_evidence || (conf < LIST_MIN && shown_verdict.is_none()) {
            continue;
        }
        let markers = text::markers(&spec.markers);
        out.push(BeliefLink {
            belief_id: spec.id.clone(),
            confidence: r3(conf),
            tier: tier(conf),
            verdict: shown_verdict,
            evidence: BeliefEvidence {
                patterns: explained(v, s, found),
                quotes: quotes(v, s, &markers),
                breaks_matched: matched,
            },
        });
    }
    out.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| b.evidence.breaks_matched.cmp(&a.evidence.breaks_matched))
            .then_with(|| a.belief_id.cmp(&b.belief_id))
    });
    out
}

/// Reported patterns the belief's signature accounts for.
fn explained(v: &View<'_>, s: &Score, found: &[Found]) -> Vec<String> {
    found
        .iter()
        .filter(|f| match f.key {
            SliceKey::Tag(id) | SliceKey::Domain(id) | SliceKey::Task(id) => {
                let toks = text::tokenize(v.j.strings.get(id));
                s.keys.iter().any(|ms| ms.iter().any(|m| m.matches(&toks)))
            }
            SliceKey::After(0) => s.after_wins,
            _ => false,
        })
        .map(|f| f.pattern.id.clone())
        .collect()
}

/// Up to three of the person's own thoughts on matched breaks: marker thoughts first, most
/// recent first.
fn quotes(v: &View<'_>, s: &Score, markers: &[Marker]) -> Vec<String> {
    let mut with: Vec<(bool, usize)> = s
        .matched
        .iter()
        .filter_map(|&i| {
            let t = v.j.thought(v.ev[i])?;
            let hit = !markers.is_empty() && text::marker_hits(markers, &text::tokenize(t)) > 0;
            Some((hit, i))
        })
        .collect();
    with.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, i) in with {
        let Some(t) = v.j.thought(v.ev[i]) else {
            continue;
        };
        let q = quote(t);
        if !out.contains(&q) {
            out.push(q);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

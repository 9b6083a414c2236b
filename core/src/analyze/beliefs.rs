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
//! **Text.** With the sentence model ([`super::semantic`]) every thought with a stored vector
//! has a share per belief (and a neutral share); those shares are summed on breaks and on
//! completions, and the semantic p is a one-sided Fisher test that the belief's shares fall on
//! breaks more than thoughts in general do. The belief's share of all the belief-attributed
//! mass on breaks, and its mean share on its own matched breaks, are compared with the best
//! other belief's. Reflections whose vector goes mostly to the belief add to it. The belief's
//! markers (stemmed, negation-aware) are matched too, in the same way, and when the person has
//! given verdicts, a naive Bayes model trained on their labelled thoughts (thoughts on the
//! breaks matched to confirmed beliefs vs completions and rejected links) recognises their own
//! wording for a confirmed belief beyond the markers.
//!
//! **Confidence** is a logistic model of these features ([`Features`]), fitted on generated
//! journals with known planted beliefs (seeds disjoint from those the evaluation measures) so
//! that links at confidence p are right about p of the time; one set of weights with the
//! sentence model and one without it. A link is `likely` or `strong` only when the behavioural
//! evidence survives a Bonferroni correction across all beliefs *and* the text points at this
//! belief more than at any other ([`Features::text_points_here`]): a journal whose breaks do
//! not concentrate anywhere, or whose breaks concentrate only where several beliefs agree
//! (after wins), yields at most `emerging` links.
//!
//! **Cost.** One pass over the window's events gives every component's counts and its breaks
//! (so a belief's matched breaks are the union of its chosen components' lists, not another
//! pass per belief); thoughts are counted per distinct thought and each one's marker hits read
//! once from the cache; high progress at the stop is computed once for all beliefs using it.
//!
//! **Verdicts.** A confirmed belief keeps at least [`CONFIRMED_FLOOR`] while its evidence holds
//! (it still matches breaks). A rejected belief is not listed again unless it matches at least
//! twice, and at least 10 more than, the breaks it matched at the verdict (a rejection without
//! that record, as imported verdicts are, stands).

use super::patterns::{Found, SliceKey};

use super::cache::{Cache, Comp};
use super::stats::{binomial_greater, chi2_upper_even, fisher_greater, r3, sigmoid};
use super::tally::Rows;
use super::text::NaiveBayes;
use super::{BeliefEvidence, BeliefLink, BeliefTier, Dataset, View, NONE};
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

/// With the sentence model, a thought whose neutral share is at least this counts for no
/// belief's markers.
pub const NEUTRAL_MARKER_GATE: f32 = 0.5;

/// With the sentence model, a thought's marker counts for a belief only when the model gives
/// that belief at least this fraction of the thought's largest share.
pub const MARKER_AGREEMENT: f32 = 0.5;

/// Confidence at or above which a claimed link is `strong`.
pub const STRONG: f64 = 0.85;
/// Confidence at or above which a claimed link is `likely`.
pub const LIKELY: f64 = 0.6;
/// The confidence of a link the claim gate holds back (see [`confidence`]): the model scores
/// it at least [`LIKELY`], but its behaviour does not survive the correction across beliefs or
/// the text does not point at it more than at its neighbours. By how many links the gate holds
/// in the journal — one, two, three or more — since held links share what evidence there is.
/// On the four tuning banks (`tests/heldout`) such links were the planted belief in 87%, 77%
/// and 57% of cases (one alone: 77–99% by bank), whatever their model score, and a claimed
/// link in 99%; the figures are those, rounded down. Figures rather than the model's score:
/// the gate, not the score, is what the data speaks to, and one figure per journal keeps the
/// order that puts behaviour that survives first.
pub const HELD: [f64; 3] = [0.8, 0.7, 0.55];
/// Confirmed beliefs keep at least this confidence while their evidence holds.
pub const CONFIRMED_FLOOR: f64 = 0.8;
/// Links below this confidence are not listed (they stay honest: about that share are right).
pub const LIST_MIN: f64 = 0.02;

/// Everything computed for one belief.
#[derive(Debug, Clone)]
pub(crate) struct Score {
    pub p_beh: f64,
    pub p_text: f64,
    pub reflection_hits: usize,
    /// Semantic text: the one-sided p that the thoughts' shares for this belief fall on breaks
    /// more than thoughts in general do, the shares on breaks summed, the mean share on the
    /// matched breaks' thoughts, and reflections read as this belief's.
    pub p_sem: f64,
    pub sem_mass: f64,
    pub ctx: f64,
    pub reflection_sem: usize,
    /// Indices (into the window's events) of the breaks matched.
    pub matched: Vec<usize>,
    /// The belief's component bits in the cache.
    pub bits: Vec<usize>,
    pub after_wins: bool,
}

/// The component mask of event `i` of the window into `m` (one bit per cached component):
/// the components its task, domain or tags match, and after-a-win when it follows a win day.
pub(crate) fn event_mask(rows: &Rows<'_>, i: usize, win_mask: &[u64], m: &mut [u64]) {
    let (c, e) = (rows.cache, rows.ev(i));
    if let [only] = m {
        // Up to 64 components (the usual case): one word, no slices.
        let word = |id: u32| c.string_mask(id).first().copied().unwrap_or(0);
        let mut x = word(e.task) | word(e.domain);
        for &t in rows.j.tags(e) {
            x |= word(t);
        }
        if rows.feat[i].after_win {
            x |= win_mask[0];
        }
        *only = x;
        return;
    }
    m.fill(0);
    let mut or = |src: &[u64]| {
        for (d, s) in m.iter_mut().zip(src) {
            *d |= *s;
        }
    };
    or(c.string_mask(e.task));
    or(c.string_mask(e.domain));
    for &t in rows.j.tags(e) {
        or(c.string_mask(t));
    }
    if rows.feat[i].after_win {
        or(win_mask);
    }
}

/// The cached components that are "after a win day", as a mask.
pub(crate) fn win_mask(c: &Cache) -> Vec<u64> {
    let mut m = vec![0u64; c.words];
    for b in (0..c.comps.len()).filter(|&b| matches!(c.comps[b].1, Comp::AfterWin)) {
        m[b / 64] |= 1 << (b % 64);
    }
    m
}

/// The sums the belief scores need over the window's counted events.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    win_mask: Vec<u64>,
    /// Per component: events and breaks in it, and its breaks (window indices, ascending).
    n: Vec<u64>,
    k: Vec<u64>,
    breaks_in: Vec<Vec<u32>>,
    total_n: u64,
    total_b: u64,
    /// Per distinct thought: (on breaks, on completions).
    per_thought: Vec<(u32, u32)>,
    /// Per belief: marker thoughts on breaks and on completions; and thoughts on breaks and on
    /// completions in all.
    tb: Vec<u64>,
    tc: Vec<u64>,
    nbk: u64,
    ncp: u64,
    /// Unfinished or switched breaks with a progress: how many, and those stopped at ≥ 70 %.
    progress_stops: u64,
    high_progress: Vec<u32>,
    /// Per belief: the window's reflections that use its markers.
    reflection_hits: Vec<usize>,
    /// The text model's words of the thoughts on completions, summed: counts by stem id,
    /// total words and thoughts (the model's "none of these" documents).
    completion_words: Vec<u32>,
    completion_total: u32,
    completion_docs: u32,
    /// Per class (beliefs, then neutral): the shares of thoughts with a vector, summed on
    /// breaks and on completions; and how many such thoughts there were on each.
    sb: Vec<f64>,
    sc: Vec<f64>,
    vbk: u64,
    vcp: u64,
    /// Per belief: the window's reflections whose vector goes mostly to it.
    reflection_sem: Vec<usize>,
    /// Per belief: the thoughts on breaks whose share for it is at least one half, with that
    /// share (the candidates for its quotes), added as each thought first comes on a break.
    /// Shares sum to one, so a thought is a candidate of one belief at most.
    quote_candidates: Vec<Vec<(f32, u32)>>,
}

impl Tally {
    pub fn new(j: &Dataset, c: &Cache, from_day: i32, to_day: i32) -> Tally {
        let nbits = c.comps.len();
        // Each reflection in the window read once, through the marker index.
        let mut reflection_hits = vec![0usize; j.beliefs.len()];
        // (The cache read every reflection's text once: see `Cache::reflection_mask`.)
        for (i, _) in j
            .reflections
            .iter()
            .enumerate()
            .filter(|(_, (d, _))| *d >= from_day && *d <= to_day)
        {
            let mask = c.reflection_mask(i);
            for (b, hits) in reflection_hits.iter_mut().enumerate() {
                if mask.get(b / 64).is_some_and(|w| w & (1 << (b % 64)) != 0) {
                    *hits += 1;
                }
            }
        }
        // And read by the sentence model, when it is there.
        let mut reflection_sem = vec![0usize; j.beliefs.len()];
        if c.semantic() {
            for (i, (d, _)) in j.reflections.iter().enumerate() {
                let shares = c.reflection_shares(i);
                if *d < from_day || *d > to_day || shares.is_empty() {
                    continue;
                }
                for (b, n) in reflection_sem.iter_mut().enumerate() {
                    if shares.get(b).is_some_and(|&x| x >= 0.5) {
                        *n += 1;
                    }
                }
            }
        }
        Tally {
            win_mask: win_mask(c),
            n: vec![0; nbits],
            k: vec![0; nbits],
            breaks_in: vec![Vec::new(); nbits],
            tb: vec![0; j.beliefs.len()],
            tc: vec![0; j.beliefs.len()],
            reflection_hits,
            sb: vec![0.0; c.classes],
            sc: vec![0.0; c.classes],
            reflection_sem,
            quote_candidates: vec![Vec::new(); j.beliefs.len()],
            ..Tally::default()
        }
    }

    pub fn extend(&mut self, rows: &Rows<'_>, new: std::ops::Range<usize>) {
        let c = rows.cache;
        let nbel = self.tb.len();
        self.per_thought.resize(rows.j.thoughts.len(), (0, 0));
        let mut m = vec![0u64; c.words];
        for i in new {
            let e = rows.ev(i);
            if matches!(e.kind, Kind::Unfinished | Kind::Switched) && e.progress >= 0.0 {
                self.progress_stops += 1;
                if e.progress >= 0.7 {
                    self.high_progress.push(i as u32);
                }
            }
            if e.kind == Kind::Skipped {
                continue;
            }
            let brk = e.kind.is_break();
            self.total_n += 1;
            self.total_b += u64::from(brk);
            event_mask(rows, i, &self.win_mask, &mut m);
            for (w, word) in m.iter().enumerate() {
                let mut x = *word;
                while x != 0 {
                    let bit = w * 64 + x.trailing_zeros() as usize;
                    self.n[bit] += 1;
                    self.k[bit] += u64::from(brk);
                    if brk {
                        self.breaks_in[bit].push(i as u32);
                    }
                    x &= x - 1;
                }
            }
            if e.thought == NONE {
                continue;
            }
            let shares = c.thought_shares(e.thought);
            if let Some(shares) = shares {
                let (sums, n) = if brk {
                    (&mut self.sb, &mut self.vbk)
                } else {
                    (&mut self.sc, &mut self.vcp)
                };
                *n += 1;
                for (s, &x) in sums.iter_mut().zip(shares) {
                    *s += f64::from(x);
                }
            }
            let slot = &mut self.per_thought[e.thought as usize];
            let (counts, total) = if brk {
                slot.0 += 1;
                if slot.0 == 1 {
                    // Its first break: a quote candidate of the belief it goes mostly to.
                    if let Some((b, &x)) = shares
                        .and_then(|sh| sh.iter().take(nbel).enumerate().find(|(_, &x)| x >= 0.5))
                    {
                        self.quote_candidates[b].push((x, e.thought));
                    }
                }
                (&mut self.tb, &mut self.nbk)
            } else {
                slot.1 += 1;
                let words = c.model_words(e.thought);
                for &s in words {
                    let s = s as usize;
                    if s >= self.completion_words.len() {
                        self.completion_words.resize(s + 1, 0);
                    }
                    self.completion_words[s] += 1;
                }
                self.completion_total += u32::try_from(words.len()).unwrap_or(u32::MAX);
                self.completion_docs += 1;
                (&mut self.tc, &mut self.ncp)
            };
            *total += 1;
            // A marker in a thought the sentence model reads as an everyday circumstance
            // ("had to pick up my sister") is no evidence for a belief: people explain breaks
            // with such words whatever drives them.
            if shares.is_some_and(|sh| sh.get(nbel).is_some_and(|&x| x >= NEUTRAL_MARKER_GATE)) {
                continue;
            }
            // Nor is a marker in a thought the model reads as clearly another belief's ("now I
            // have to match last time" uses autonomy's "have to" but speaks of success).
            // (The top share is found only for thoughts that use some marker.)
            let mut top = None;
            // The beliefs whose markers the thought uses (its set bits).
            for (w, word) in c.thought_mask(e.thought).iter().enumerate() {
                let mut x = *word;
                while x != 0 {
                    let b = w * 64 + x.trailing_zeros() as usize;
                    let agrees = |sh: &[f32]| {
                        let top =
                            *top.get_or_insert_with(|| sh.iter().copied().fold(0.0_f32, f32::max));
                        sh[b] >= MARKER_AGREEMENT * top
                    };
                    if b < nbel && shares.is_none_or(agrees) {
                        counts[b] += 1;
                    }
                    x &= x - 1;
                }
            }
        }
    }
}

pub(crate) fn score_all(v: &View<'_>, t: &Tally, nb: Option<&NaiveBayes>) -> Vec<Score> {
    let c = v.cache;
    let nbits = c.comps.len();
    let (n, k, total_n, total_b) = (&t.n, &t.k, t.total_n, t.total_b);
    let comp_p: Vec<f64> = (0..nbits)
        .map(|bit| {
            let (n, b) = (n[bit], k[bit]);
            if n == 0 || n >= total_n {
                return 1.0;
            }
            let r = b as f64 / n as f64;
            let base = (total_b - b) as f64 / (total_n - n) as f64;
            if r > base {
                fisher_greater(b, n, total_b, total_n)
            } else {
                1.0
            }
        })
        .collect();

    // Text: marker thoughts on breaks vs completions, per belief, summed as events arrived.
    // With the person's model, each distinct thought on breaks is scored once.
    let (nbk, ncp) = (t.nbk, t.ncp);
    let (tb, tc) = match nb {
        None => (t.tb.clone(), t.tc.clone()),
        Some(model) => {
            // Marker thoughts count as they did; a thought on breaks that the model reads as
            // a confirmed belief's (p ≥ 0.8) also counts for it.
            let (mut tb, tc) = (t.tb.clone(), t.tc.clone());
            let labels: Vec<&str> = model.labels().collect();
            let classes: Vec<(usize, usize)> =
                v.j.beliefs
                    .iter()
                    .enumerate()
                    .filter_map(|(b, spec)| Some((b, labels.iter().position(|l| *l == spec.id)?)))
                    .collect();
            let mut posterior = Vec::new();
            for (th, &(on_breaks, _)) in t.per_thought.iter().enumerate() {
                if on_breaks == 0 {
                    continue;
                }
                let th = th as u32;
                model.posterior(c.model_words(th), &mut posterior);
                for &(b, k) in &classes {
                    if !c.thought_hit(th, b) && posterior[k] >= 0.8 {
                        tb[b] += u64::from(on_breaks);
                    }
                }
            }
            (tb, tc)
        }
    };

    // High progress at the stop is the same for every belief that uses it.
    let hp_p = if t.progress_stops >= 3 {
        binomial_greater(t.high_progress.len() as u64, t.progress_stops, 0.3)
    } else {
        1.0
    };

    v.j.beliefs
        .iter()
        .enumerate()
        .map(|(bi, spec)| {
            let bits: Vec<usize> = (0..nbits).filter(|&b| c.comps[b].0 == bi).collect();
            let mut ps: Vec<f64> = bits.iter().map(|&b| comp_p[b]).collect();
            if spec.signature.high_progress_unfinished {
                ps.push(hp_p);
            }
            let p_beh = fisher_combine(&ps);
            // Matched breaks: in components that beat the rest (p ≤ 0.05), else in any that
            // leans that way (p < 0.5).
            let strong: Vec<usize> = (0..ps.len()).filter(|&x| ps[x] <= 0.05).collect();
            let chosen: Vec<usize> = if strong.is_empty() {
                (0..ps.len()).filter(|&x| ps[x] < 0.5).collect()
            } else {
                strong
            };
            let hp_chosen = spec.signature.high_progress_unfinished && chosen.contains(&bits.len());
            // The breaks in any chosen component: the union of their lists.
            let chosen_bits: Vec<usize> = chosen
                .iter()
                .filter(|&&x| x < bits.len())
                .map(|&x| bits[x])
                .collect();
            let mut matched: Vec<usize> = chosen_bits
                .iter()
                .flat_map(|&b| t.breaks_in[b].iter().map(|&i| i as usize))
                .collect();
            if hp_chosen {
                matched.extend(t.high_progress.iter().map(|&i| i as usize));
            }
            if chosen_bits.len() > 1 || hp_chosen {
                matched.sort_unstable();
                matched.dedup();
            }
            let p_text = if tb[bi] > 0 {
                fisher_greater(tb[bi], tb[bi] + tc[bi], nbk, nbk + ncp)
            } else {
                1.0
            };
            let (p_sem, sem_mass) = semantic_p(t, bi);
            let ctx = context_share(v, &matched, bi);
            Score {
                p_beh,
                p_text,
                p_sem,
                sem_mass,
                ctx,
                reflection_sem: t.reflection_sem.get(bi).copied().unwrap_or(0),
                reflection_hits: t.reflection_hits.get(bi).copied().unwrap_or(0),
                matched,
                bits,
                after_wins: spec.signature.after_wins,
            }
        })
        .collect()
}

/// The semantic text test of belief `b`: whether its shares of the thoughts fall on breaks more
/// than thoughts do in general (one-sided Fisher on the shares summed and rounded), and its
/// shares on breaks summed.
fn semantic_p(t: &Tally, b: usize) -> (f64, f64) {
    let (Some(&on_b), Some(&on_c)) = (t.sb.get(b), t.sc.get(b)) else {
        return (1.0, 0.0);
    };
    let (vb, vc) = (t.vbk, t.vcp);
    if vb == 0 || on_b <= 0.0 {
        return (1.0, on_b.max(0.0));
    }
    let k = on_b.round() as u64;
    let n = (on_b + on_c).round() as u64;
    let base = vb as f64 / (vb + vc) as f64;
    if n == 0 || k == 0 || (k as f64) / (n as f64) <= base {
        return (1.0, on_b);
    }
    (fisher_greater(k, n.max(k), vb, vb + vc), on_b)
}

/// The mean share of belief `b` in the thoughts (with a vector) on breaks `matched`.
fn context_share(v: &View<'_>, matched: &[usize], b: usize) -> f64 {
    let (mut sum, mut n) = (0.0, 0u32);
    for &i in matched {
        let th = v.ev(i).thought;
        if th == NONE {
            continue;
        }
        if let Some(sh) = v.cache.thought_shares(th) {
            sum += f64::from(sh[b]);
            n += 1;
        }
    }
    if n == 0 {
        0.0
    } else {
        sum / f64::from(n)
    }
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
    chi2_upper_even(ps.len(), x)
}

/// The contrast of a belief's share mass on breaks, `mine`, with the best other belief's,
/// `other`: −ln p of a one-sided binomial test (even odds) on the two masses rounded.
fn contrast(mine: f64, other: f64) -> f64 {
    let k = mine.max(0.0).round() as u64;
    let n = (mine.max(0.0) + other.max(0.0)).round() as u64;
    if n == 0 || 2 * k <= n {
        return 0.0;
    }
    strength(binomial_greater(k, n, 0.5))
}

/// −ln p, capped, as the model's features use it.
fn strength(p: f64) -> f64 {
    (-p.max(1e-300).ln()).min(30.0)
}

/// What the confidence model reads for one belief. Leads compare the belief with the best of
/// the others, so evidence that several beliefs share does not raise any one of them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Features {
    /// Behavioural −ln p, and its lead over the best other belief's (clipped to ±10).
    pub xb: f64,
    pub lead_b: f64,
    /// Marker (and learned-words) text −ln p, and its lead.
    pub xm: f64,
    pub lead_m: f64,
    /// ln(1 + reflections that speak of it).
    pub xr: f64,
    /// Semantic text −ln p; the belief's share of the belief-attributed thought mass on
    /// breaks minus the best other's; its mean share on its matched breaks' thoughts and that
    /// minus the best other's.
    pub xs: f64,
    pub share_lead: f64,
    pub ctx: f64,
    pub ctx_lead: f64,
    /// Contrast: −ln p of a one-sided binomial test that the sentence model gives this belief
    /// more of the thoughts on breaks than the best other belief (each thought's shares split
    /// between the two, even odds). Unlike [`Features::xs`], it does not compare breaks with
    /// completions, whose thoughts are another genre ("finished it, polished the last bit")
    /// and lean toward some beliefs whatever the person believes.
    pub xc: f64,
    /// The behavioural evidence survives a Bonferroni correction across beliefs.
    pub survives: bool,
    /// The thoughts were read by the sentence model.
    pub semantic: bool,
}

impl Features {
    /// The features of every belief from its scores.
    pub(crate) fn all(scores: &[Score], semantic: bool) -> Vec<Features> {
        let n = scores.len();
        let xb: Vec<f64> = scores.iter().map(|s| strength(s.p_beh)).collect();
        let xm: Vec<f64> = scores.iter().map(|s| strength(s.p_text)).collect();
        let mass: f64 = scores.iter().map(|s| s.sem_mass).sum();
        let share: Vec<f64> = scores
            .iter()
            .map(|s| if mass > 0.0 { s.sem_mass / mass } else { 0.0 })
            .collect();
        let ctx: Vec<f64> = scores.iter().map(|s| s.ctx).collect();
        let mass_of: Vec<f64> = scores.iter().map(|s| s.sem_mass).collect();
        let best_other = |xs: &[f64], i: usize| {
            xs.iter()
                .enumerate()
                .filter(|(k, _)| *k != i)
                .map(|(_, x)| *x)
                .fold(0.0_f64, f64::max)
        };
        scores
            .iter()
            .enumerate()
            .map(|(i, s)| Features {
                xb: xb[i],
                lead_b: (xb[i] - best_other(&xb, i)).clamp(-10.0, 10.0),
                xm: xm[i],
                lead_m: (xm[i] - best_other(&xm, i)).clamp(-10.0, 10.0),
                xr: (1.0 + (s.reflection_hits + s.reflection_sem) as f64).ln(),
                xs: strength(s.p_sem),
                share_lead: share[i] - best_other(&share, i),
                ctx: ctx[i],
                ctx_lead: ctx[i] - best_other(&ctx, i),
                xc: contrast(s.sem_mass, best_other(&mass_of, i)),
                survives: s.p_beh * n.max(1) as f64 <= 0.05,
                semantic,
            })
            .collect()
    }

    /// The model's inputs, in the order of its weights (after the intercept).
    pub fn inputs(&self) -> [f64; 10] {
        [
            self.xb,
            self.lead_b,
            self.xm,
            self.lead_m,
            self.xr,
            self.xs,
            self.share_lead,
            self.ctx,
            self.ctx_lead,
            f64::from(u8::from(self.survives)),
        ]
    }

    /// Whether the text points at this belief more than at any other. With the sentence
    /// model: its share of the thoughts on breaks leads, and either the markers (which skip
    /// thoughts the model reads as everyday circumstances) lead the other beliefs' too — two
    /// readings of the text agree — or the text concentrates here on its own: the shares fall
    /// on breaks (p ≤ 0.05), or clearly outweigh the best other belief's on them (p ≤ 0.05,
    /// see [`Features::xc`]). Without the model: the markers lead and fall on breaks
    /// (p ≤ 0.05).
    pub fn text_points_here(&self) -> bool {
        if self.semantic {
            self.share_lead > 0.0 && (self.lead_m > 0.0 || self.xs >= 3.0 || self.xc >= 3.0)
        } else {
            self.lead_m > 0.0 && self.xm >= 3.0
        }
    }
}

/// Logistic weights with the sentence model: intercept, then [`Features::inputs`]. Fitted by
/// maximum likelihood (see `tests/examples/fit_confidence.rs`) on generated journals whose
/// seeds are disjoint from those the evaluation measures, with the vectors of the distilled
/// table that preceded `plumbline-text-v2`. They are kept with v2: refitted on its vectors,
/// they ranked the planted belief first less often on the tuning banks (1,114 against 1,134
/// of 1,200 ranking hits), with calibration alike. With the belief head ([`super::head`]) as
/// well: refitted on `fresh6` and `fresh7`, they read `fresh8` no better (faint plants first
/// in 97 of 100 against 99, ECE 0.034 against 0.035).
pub const W_SEMANTIC: [f64; 11] = [
    -4.4494, 0.0832, -0.0241, 1.3609, 0.0715, 2.0072, 0.2783, 4.3931, 13.0470, 3.8891, 1.5037,
];
/// Logistic weights without it (markers alone), fitted the same way.
pub const W_MARKERS: [f64; 11] = [
    -3.5480, 0.1325, 0.1129, 0.3950, 0.0154, 2.3997, 0.0, 0.0, 0.0, 0.0, 1.3727,
];

/// The logistic model's probability, before the claim gate of [`confidence`]: what orders
/// links that the gate holds at the same confidence.
pub fn model_score(f: &Features) -> f64 {
    let w = if f.semantic { &W_SEMANTIC } else { &W_MARKERS };
    let z = w[0]
        + w[1..]
            .iter()
            .zip(f.inputs())
            .map(|(w, x)| w * x)
            .sum::<f64>();
    sigmoid(z)
}

/// Whether the evidence carries a claim: the behaviour survives the correction across
/// beliefs *and* the text points at this belief more than at its neighbours. Behaviour alone
/// (breaks after wins, which three beliefs share) never carries one.
pub fn claimed(f: &Features) -> bool {
    f.survives && f.text_points_here()
}

/// Whether the gate holds this link back: the model scores it at least [`LIKELY`], but its
/// evidence does not carry a claim.
pub fn held(f: &Features) -> bool {
    !claimed(f) && model_score(f) >= LIKELY
}

/// The calibrated confidence of a belief from its features, where `held_links` of the
/// journal's beliefs are [`held`]: the model's score below [`LIKELY`]; above it, at least
/// `HELD[0]` for a claimed link (claims were right in 99% of cases on the tuning banks,
/// however low their score) and the [`HELD`] figure for a link the gate holds.
pub fn confidence(f: &Features, held_links: usize) -> f64 {
    let c = model_score(f);
    if c < LIKELY {
        c
    } else if claimed(f) {
        c.max(HELD[0])
    } else {
        HELD[held_links.clamp(1, HELD.len()) - 1]
    }
}

/// A link's tier: `likely` or `strong` only when its evidence carries a claim
/// ([`claimed`]), whatever its confidence; links the gate holds are `emerging`.
fn tier(c: f64, claimed: bool) -> BeliefTier {
    if !claimed || c < LIKELY {
        BeliefTier::Emerging
    } else if c >= STRONG {
        BeliefTier::Strong
    } else {
        BeliefTier::Likely
    }
}

/// Trains the text model on the person's verdicts, when there are any: thoughts on the breaks
/// matched to confirmed beliefs under their label, and thoughts on rejected links' breaks and
/// on completions as "none". Each distinct thought is tokenized once and learned as often as
/// it occurs.
fn train(v: &View<'_>, t: &Tally, first_pass: &[Score]) -> Option<NaiveBayes> {
    let has = |id: &str, kind: VerdictKind| {
        v.j.verdicts
            .iter()
            .any(|(vd, _)| vd.belief_id == id && vd.verdict == kind)
    };
    let confirmed: Vec<usize> = (0..v.j.beliefs.len())
        .filter(|&i| has(&v.j.beliefs[i].id, VerdictKind::Confirmed))
        .collect();
    if confirmed.is_empty() {
        return None;
    }
    let mut nb = NaiveBayes::new();
    // The distinct thoughts on some breaks, with how often each occurs.
    let thoughts_of = |breaks: &[usize]| {
        let mut ids: Vec<u32> = breaks
            .iter()
            .map(|&e| v.ev(e).thought)
            .filter(|&th| th != NONE)
            .collect();
        ids.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::new();
        for id in ids {
            match out.last_mut() {
                Some((last, n)) if *last == id => *n += 1,
                _ => out.push((id, 1)),
            }
        }
        out
    };
    let learn = |nb: &mut NaiveBayes, label: &str, th: u32, times: u32| {
        nb.learn_times(label, v.cache.model_words(th), times);
    };
    for &i in &confirmed {
        let id = &v.j.beliefs[i].id;
        for (th, times) in thoughts_of(&first_pass[i].matched) {
            learn(&mut nb, id, th, times);
        }
    }
    for (i, b) in v.j.beliefs.iter().enumerate() {
        if has(&b.id, VerdictKind::Rejected) {
            for (th, times) in thoughts_of(&first_pass[i].matched) {
                learn(&mut nb, "", th, times);
            }
        }
    }
    if t.completion_docs > 0 {
        nb.learn_sums(
            "",
            &t.completion_words,
            t.completion_total,
            t.completion_docs,
        );
    }
    nb.finish();
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

/// The belief links, from the first-pass scores (rescored with the person's text model when
/// they have given verdicts), and the confidence of the strongest link on behaviour and text
/// alone — before any verdict — which the belief layer reads.
pub(crate) fn link(
    v: &View<'_>,
    t: &Tally,
    found: &[Found],
    first: &[Score],
) -> (Vec<BeliefLink>, f64) {
    let semantic = v.cache.semantic();
    let before_verdicts = Features::all(first, semantic)
        .iter()
        .filter(|f| claimed(f))
        .map(|f| confidence(f, 0))
        .filter(|&c| c >= LIKELY)
        .fold(0.0_f64, f64::max);
    let trained = train(v, t, first).map(|nb| score_all(v, t, Some(&nb)));
    let scores: &[Score] = trained.as_deref().unwrap_or(first);
    let features = Features::all(scores, semantic);
    let held_links = features.iter().filter(|f| held(f)).count();
    let mut out: Vec<(Rank, BeliefLink)> = Vec::new();
    for (i, (spec, s)) in v.j.beliefs.iter().zip(scores).enumerate() {
        let verdict =
            v.j.verdicts
                .iter()
                .find(|(vd, _)| vd.belief_id == spec.id)
                .map(|(vd, ev)| (vd.verdict, *ev));
        let matched = s.matched.len();
        let mut conf = confidence(&features[i], held_links);
        let mut claim = claimed(&features[i]);
        let mut shown_verdict = None;
        match verdict {
            Some((VerdictKind::Rejected, at)) => {
                // Without a record of the evidence at the verdict (e.g. an imported verdict),
                // a rejection stands.
                let Some(at) = at else {
                    continue;
                };
                let at = at as usize;
                if matched < (2 * at).max(at + 10) {
                    continue;
                }
            }
            Some((VerdictKind::Confirmed, _)) => {
                shown_verdict = Some(VerdictKind::Confirmed);
                if matched > 0 {
                    conf = conf.max(CONFIRMED_FLOOR);
                    claim = true;
                }
            }
            None => {}
        }
        let has_evidence = matched > 0
            || s.p_text < 1.0
            || s.p_sem < 1.0
            || s.reflection_hits > 0
            || s.reflection_sem > 0;
        if !has_evidence || (conf < LIST_MIN && shown_verdict.is_none()) {
            continue;
        }
        out.push((
            Rank {
                claimed: claim,
                survives: features[i].survives,
                score: model_score(&features[i]),
            },
            BeliefLink {
                belief_id: spec.id.clone(),
                confidence: r3(conf),
                tier: tier(conf, claim),
                verdict: shown_verdict,
                evidence: BeliefEvidence {
                    patterns: explained(v, s, found),
                    quotes: quotes(v, s, i, &t.quote_candidates),
                    breaks_matched: matched,
                    event_ids: Vec::new(),
                },
            },
        ));
    }
    out.sort_by(by_rank);
    (out.into_iter().map(|(_, l)| l).collect(), before_verdicts)
}

/// What orders links of the same confidence.
#[derive(Debug, Clone, Copy)]
struct Rank {
    /// The evidence carries a claim (or the person confirmed the link).
    claimed: bool,
    /// The behaviour survives the correction across beliefs.
    survives: bool,
    /// The model's score before the claim gate.
    score: f64,
}

/// How links are ordered: by confidence; at the same confidence (the gate holds links at
/// a [`HELD`] figure, and a weak claim is raised to the highest) claims first, then links whose breaks
/// concentrate where the belief predicts (the behaviour survives the correction) before those
/// held for want of that, then the model's score, the breaks matched and the id.
fn by_rank((ra, a): &(Rank, BeliefLink), (rb, b): &(Rank, BeliefLink)) -> std::cmp::Ordering {
    b.confidence
        .total_cmp(&a.confidence)
        .then_with(|| rb.claimed.cmp(&ra.claimed))
        .then_with(|| rb.survives.cmp(&ra.survives))
        .then_with(|| rb.score.total_cmp(&ra.score))
        .then_with(|| b.evidence.breaks_matched.cmp(&a.evidence.breaks_matched))
        .then_with(|| a.belief_id.cmp(&b.belief_id))
}

/// Reported patterns the belief's signature accounts for.
fn explained(v: &View<'_>, s: &Score, found: &[Found]) -> Vec<String> {
    found
        .iter()
        .filter(|f| match f.key {
            SliceKey::Tag(id) | SliceKey::Domain(id) | SliceKey::Task(id) => {
                let m = v.cache.string_mask(id);
                s.bits
                    .iter()
                    .any(|&b| m.get(b / 64).is_some_and(|w| w & (1 << (b % 64)) != 0))
            }
            SliceKey::After(0) => s.after_wins,
            _ => false,
        })
        .map(|f| f.pattern.id.clone())
        .collect()
}

/// Up to three of the person's own thoughts on breaks that support the link, never neutral
/// ones. With the sentence model: the thoughts on breaks that go mostly to this belief
/// (share ≥ 0.5), highest share first (ties: the later thought). Without it: thoughts on the
/// matched breaks that use the belief's markers, most recent first. `candidates` are the
/// tally's, per belief.
fn quotes(v: &View<'_>, s: &Score, belief: usize, candidates: &[Vec<(f32, u32)>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if v.cache.semantic() {
        let mut best: Vec<(f32, u32)> = candidates.get(belief).cloned().unwrap_or_default();
        // The best few first, without sorting every candidate (thousands in a large journal):
        // the rest only if those few repeat one another.
        let order =
            |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then_with(|| b.1.cmp(&a.1));
        let head = best.len().min(8);
        if best.len() > head {
            best.select_nth_unstable_by(head - 1, order);
        }
        let (first, rest) = best.split_at_mut(head);
        first.sort_by(order);
        let take = |part: &[(f32, u32)], out: &mut Vec<String>| {
            for &(_, th) in part {
                let q = quote(v.j.thoughts.get(th));
                if !out.contains(&q) {
                    out.push(q);
                }
                if out.len() == 3 {
                    break;
                }
            }
        };
        take(first, &mut out);
        if out.len() < 3 {
            rest.sort_by(order);
            take(rest, &mut out);
        }
        return out;
    }
    for &i in s.matched.iter().rev() {
        let e = v.ev(i);
        if e.thought == NONE || !v.cache.thought_hit(e.thought, belief) {
            continue;
        }
        let q = quote(v.j.thoughts.get(e.thought));
        if !out.contains(&q) {
            out.push(q);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::cache::Cache;
    use crate::analyze::{BeliefSpec, Dataset, RowIn, SignatureSpec};
    use crate::domain::{parse_instant, Verdict};

    fn spec(id: &str, keyword: &str) -> BeliefSpec {
        BeliefSpec {
            id: id.to_string(),
            markers: vec!["zzz never said".to_string()],
            signature: SignatureSpec {
                task_keywords: vec![keyword.to_string()],
                ..SignatureSpec::default()
            },
            statement: String::new(),
            description: String::new(),
        }
    }

    fn tally(j: &Dataset, c: &Cache) -> crate::analyze::tally::Tally {
        let mut t = crate::analyze::tally::Tally::new(j, c, 20_000, 20_040);
        t.extend(j, c);
        t
    }

    /// 40 days: publishing avoided with words no marker knows, chores done.
    fn journal() -> Dataset {
        let mut j = Dataset::new();
        for d in 0..40 {
            let base = 20_000 + d;
            for (k, (kind, task, thought)) in [
                (Kind::Avoided, "Publish the post", "the crowd stares at me"),
                (Kind::Completed, "Publish the post", "fine"),
                (Kind::Completed, "Clean the house", "fine"),
                (Kind::Completed, "Water plants", "easy"),
            ]
            .into_iter()
            .enumerate()
            {
                if kind == Kind::Completed && task.starts_with("Publish") && d % 4 != 0 {
                    continue;
                }
                j.push_event(RowIn {
                    at_utc: i64::from(base) * 86_400 + k as i64 * 3600,
                    day: base,
                    minute: 600 + k as u16 * 60,
                    kind,
                    task,
                    domain: None,
                    emotion: None,
                    friction: None,
                    progress: None,
                    delay: None,
                    thought: Some(thought),
                });
            }
        }
        j.beliefs = vec![spec("b1", "publish"), spec("b2", "water")];
        j
    }

    #[test]
    fn held_links_with_surviving_behaviour_come_first() {
        let link = |id: &str, confidence: f64, claimed: bool, breaks: usize| BeliefLink {
            belief_id: id.to_string(),
            confidence,
            tier: tier(confidence, claimed),
            verdict: None,
            evidence: BeliefEvidence {
                patterns: Vec::new(),
                quotes: Vec::new(),
                breaks_matched: breaks,
                event_ids: Vec::new(),
            },
        };
        let rank = |claimed, survives, score| Rank {
            claimed,
            survives,
            score,
        };
        let mut links = [
            // Held for its behaviour, though the model scores it highest.
            (
                rank(false, false, 0.999),
                link("text_only", HELD[0], false, 13),
            ),
            (
                rank(false, true, 0.95),
                link("behaviour_b", HELD[0], false, 65),
            ),
            (
                rank(false, true, 0.99),
                link("behaviour_a", HELD[0], false, 20),
            ),
            // A weak claim, raised to the held links' confidence, outranks them all.
            (rank(true, true, 0.7), link("claimed", HELD[0], true, 5)),
            (rank(true, true, 0.97), link("strong", 0.97, true, 9)),
            (rank(false, false, 0.2), link("weak", 0.2, false, 3)),
        ];
        links.sort_by(by_rank);
        let order: Vec<&str> = links.iter().map(|(_, l)| l.belief_id.as_str()).collect();
        assert_eq!(
            order,
            [
                "strong",
                "claimed",
                "behaviour_a",
                "behaviour_b",
                "text_only",
                "weak"
            ]
        );
        let tiers: Vec<BeliefTier> = links.iter().map(|(_, l)| l.tier).collect();
        use BeliefTier::{Emerging, Likely, Strong};
        assert_eq!(
            tiers,
            [Strong, Likely, Emerging, Emerging, Emerging, Emerging]
        );
    }

    #[test]
    fn only_a_claim_raises_a_link_past_the_held_figure() {
        let gated = Features {
            xb: 12.0,
            lead_b: 6.0,
            xs: 0.5,
            share_lead: -0.1,
            ctx: 0.5,
            ctx_lead: 0.1,
            survives: true,
            semantic: true,
            ..Features::default()
        };
        assert!(model_score(&gated) >= LIKELY, "{}", model_score(&gated));
        assert!(!claimed(&gated));
        assert!(held(&gated));
        // Links the gate holds share the journal's evidence: the more of them, the lower.
        assert_eq!(confidence(&gated, 1), HELD[0]);
        assert_eq!(confidence(&gated, 2), HELD[1]);
        assert_eq!(confidence(&gated, 7), HELD[2]);
        assert!(HELD.windows(2).all(|w| w[0] > w[1]));
        let claim = Features {
            share_lead: 0.3,
            lead_m: 1.0,
            ..gated
        };
        assert!(claimed(&claim));
        assert!(!held(&claim));
        for k in [0, 1, 3] {
            assert!(confidence(&claim, k) >= HELD[0]);
        }
        let faint = Features::default();
        assert!(!held(&faint));
        assert!(confidence(&faint, 2) < LIKELY);
        assert_eq!(confidence(&faint, 2), model_score(&faint));
    }

    #[test]
    fn signature_slices_and_text_without_markers() {
        let j = journal();
        let mut c = Cache::new();
        c.update(&j);
        let t = tally(&j, &c);
        let v = View::new(&j, &c, &t);
        let s = score_all(&v, &t.beliefs, None);
        assert!(
            s[0].p_beh < 1e-6,
            "publishing breaks concentrate: {}",
            s[0].p_beh
        );
        assert_eq!(s[0].matched.len(), 40);
        assert_eq!(s[1].p_beh, 1.0, "watering never breaks");
        assert!(s[1].matched.is_empty());
        assert_eq!(s[0].p_text, 1.0, "no marker matches these words");
        assert_eq!(fisher_combine(&[1.0]), 1.0);
        assert!(fisher_combine(&[0.01, 0.01]) < 0.01);
    }

    #[test]
    fn a_verdict_teaches_the_text_model_the_persons_words() {
        let mut j = journal();
        j.verdicts = vec![(
            Verdict {
                belief_id: "b1".into(),
                verdict: VerdictKind::Confirmed,
                at: parse_instant("2026-01-01T00:00:00Z").expect("instant"),
            },
            Some(40),
        )];
        let mut c = Cache::new();
        c.update(&j);
        let t = tally(&j, &c);
        let v = View::new(&j, &c, &t);
        let first = score_all(&v, &t.beliefs, None);
        let nb = train(&v, &t.beliefs, &first).expect("a model from the verdict");
        let second = score_all(&v, &t.beliefs, Some(&nb));
        assert!(
            second[0].p_text < 1e-6,
            "the learned words now count: {}",
            second[0].p_text
        );
        assert_eq!(second[1].p_text, 1.0, "no verdict, nothing learned");
        // Without verdicts there is no model.
        j.verdicts.clear();
        let v = View::new(&j, &c, &t);
        assert!(train(&v, &t.beliefs, &first).is_none());
    }
}

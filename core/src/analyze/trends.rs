//! Trends and shifts.
//!
//! - **Weekly series** (ISO weeks, Monday first) from the window's first logged week to its
//!   end, at most [`MAX_WEEKS`] (the most recent): events, breaks, break rate, breaks per kind,
//!   per domain, mean check-in alignment, mean friction and the share of break thoughts that
//!   justify a delay or catastrophise (for the thinking layer).
//! - **Score**: a habit-tracker style consistency score, an exponentially smoothed daily
//!   completion share (half-life [`HALF_LIFE_DAYS`] logged days). Days that were not logged
//!   leave it unchanged, so one missed day costs nothing; a week's score is its last value
//!   (weeks without a logged day carry the previous week's).
//! - **Shifts**: change points found by PELT (pruned exact linear time) — on weekly break counts
//!   with a binomial cost, and on daily alignment ratings with a Gaussian mean cost (variance
//!   estimated robustly from successive differences). Segments are at least
//!   [`MIN_SEGMENT_WEEKS`] weeks (rates) or [`MIN_SEGMENT_DAYS`] check-ins (alignment), the
//!   penalty is BIC-like, and a change is reported only if it is also material (≥ 10 points of
//!   break rate with a Fisher p ≤ 0.001, or ≥ 0.5 alignment with |t| ≥ 4), so noise is not.

use super::stats::{fisher_greater, r3, rate};
use super::tally::Rows;
use super::{break_index, day_date, iso_week_label, week_of, Shift, View, WeekTrend, NONE};
use crate::domain::Kind;

pub const MAX_WEEKS: i32 = 260;
pub const HALF_LIFE_DAYS: f64 = 7.0;
pub const MIN_SEGMENT_WEEKS: usize = 3;
pub const MIN_SEGMENT_DAYS: usize = 14;

/// One week of the series.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    pub label: String,
    /// Day number of its Monday.
    pub monday: i32,
    pub events: usize,
    pub breaks: usize,
    pub completed: usize,
    pub by_kind: [usize; 4],
    pub by_domain: Vec<(String, usize, usize)>,
    pub alignment: Option<f64>,
    pub score: f64,
    pub friction: Option<f64>,
    /// (break thoughts, of which distorted).
    pub thoughts: (usize, usize),
}

impl Week {
    pub fn break_rate(&self) -> Option<f64> {
        rate(self.breaks as u64, (self.breaks + self.completed) as u64)
    }

    pub fn public(&self) -> WeekTrend {
        WeekTrend {
            week: self.label.clone(),
            events: self.events,
            breaks: self.breaks,
            break_rate: self.break_rate().map(r3),
            alignment: self.alignment.map(r3),
            score: r3(self.score),
        }
    }
}

/// One week's sums.
#[derive(Debug, Clone, Default)]
struct WeekSums {
    events: usize,
    breaks: usize,
    completed: usize,
    by_kind: [usize; 4],
    /// (domain, breaks, completed), in the order first met.
    domains: Vec<(u32, usize, usize)>,
    /// (sum, count) of friction ratings.
    friction: (u32, u32),
    /// (break thoughts, of which distorted).
    thoughts: (usize, usize),
    /// The score after the week's last closed logged day.
    score: Option<f64>,
}

/// The weekly sums and the running score, fed in time order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// The day of the window's first event.
    first_day: Option<i32>,
    /// (week index, sums), by week.
    weeks: Vec<(i32, WeekSums)>,
    /// The score after the last closed logged day.
    score: Option<f64>,
    /// The open run of events on one day: (day, completed, breaks).
    day: Option<(i32, u32, u32)>,
}

fn alpha() -> f64 {
    1.0 - 0.5_f64.powf(1.0 / HALF_LIFE_DAYS)
}

/// The score after a day of `c` completions and `b` breaks (unchanged for a day of skips).
fn scored(score: Option<f64>, c: u32, b: u32) -> Option<f64> {
    if c + b == 0 {
        return score;
    }
    let value = f64::from(c) / f64::from(c + b);
    Some(match score {
        None => value,
        Some(s) => s + alpha() * (value - s),
    })
}

impl Tally {
    fn week_mut(&mut self, wk: i32) -> &mut WeekSums {
        let at = match self.weeks.last() {
            Some((last, _)) if *last == wk => self.weeks.len() - 1,
            Some((last, _)) if *last > wk => match self.weeks.binary_search_by_key(&wk, |w| w.0) {
                Ok(at) => at,
                Err(at) => {
                    self.weeks.insert(at, (wk, WeekSums::default()));
                    at
                }
            },
            _ => {
                self.weeks.push((wk, WeekSums::default()));
                self.weeks.len() - 1
            }
        };
        &mut self.weeks[at].1
    }

    /// Closes the open day: the score moves, and its week keeps the new value.
    fn close_day(&mut self) {
        if let Some((day, c, b)) = self.day.take() {
            if c + b > 0 {
                self.score = scored(self.score, c, b);
                let s = self.score;
                self.week_mut(week_of(day)).score = s;
            }
        }
    }

    pub fn extend(&mut self, rows: &Rows<'_>, new: std::ops::Range<usize>) {
        for i in new {
            let e = rows.ev(i);
            self.first_day.get_or_insert(e.day);
            if self.day.is_some_and(|d| d.0 != e.day) {
                self.close_day();
            }
            let acc = self.day.get_or_insert((e.day, 0, 0));
            match e.kind {
                Kind::Completed => acc.1 += 1,
                Kind::Skipped => {}
                _ => acc.2 += 1,
            }
            let w = self.week_mut(week_of(e.day));
            w.events += 1;
            match e.kind {
                Kind::Completed => w.completed += 1,
                Kind::Skipped => {}
                k => {
                    w.breaks += 1;
                    if let Some(b) = break_index(k) {
                        w.by_kind[b] += 1;
                    }
                    if e.thought != NONE {
                        w.thoughts.0 += 1;
                        w.thoughts.1 += usize::from(rows.cache.thought_distorted(e.thought));
                    }
                }
            }
            if e.kind != Kind::Skipped && e.domain != NONE {
                let slot = match w.domains.iter().position(|d| d.0 == e.domain) {
                    Some(at) => at,
                    None => {
                        w.domains.push((e.domain, 0, 0));
                        w.domains.len() - 1
                    }
                };
                if e.kind.is_break() {
                    w.domains[slot].1 += 1;
                } else {
                    w.domains[slot].2 += 1;
                }
            }
            if e.friction > 0 {
                w.friction.0 += u32::from(e.friction);
                w.friction.1 += 1;
            }
        }
    }
}

pub(crate) fn weekly(v: &View<'_>, t: &Tally) -> Vec<Week> {
    let Some(first) = t.first_day.or(v.t.checkins.first().map(|c| c.0)) else {
        return Vec::new();
    };
    let last_week = week_of(v.t.to_day);
    let first_week = week_of(first.max(v.t.from_day)).max(last_week - MAX_WEEKS + 1);
    if first_week > last_week {
        return Vec::new();
    }
    // The open day counts as if it were closed now.
    let (open_week, open_score) = match t.day {
        Some((day, c, b)) if c + b > 0 => (Some(week_of(day)), scored(t.score, c, b)),
        _ => (None, None),
    };
    let mut align: Vec<(u32, u32)> = vec![(0, 0); (last_week - first_week + 1) as usize];
    for &(day, a) in &v.t.checkins {
        let wi = week_of(day) - first_week;
        if wi >= 0 && (wi as usize) < align.len() {
            align[wi as usize].0 += u32::from(a);
            align[wi as usize].1 += 1;
        }
    }
    let empty = WeekSums::default();
    let start = t.weeks.partition_point(|w| w.0 < first_week);
    let mut sums = t.weeks[start..].iter().peekable();
    // A week without a logged day keeps the score of the last one before it (0 before any).
    let mut carried = 0.0;
    (first_week..=last_week)
        .map(|wk| {
            let s = match sums.peek() {
                Some((w, s)) if *w == wk => {
                    sums.next();
                    s
                }
                _ => &empty,
            };
            let monday = wk * 7 - 3;
            let score = if open_week == Some(wk) {
                open_score
            } else {
                s.score
            };
            if let Some(s) = score {
                carried = s;
            }
            let wi = (wk - first_week) as usize;
            let mut by_domain: Vec<(String, usize, usize)> = s
                .domains
                .iter()
                .map(|(id, b, c)| (v.j.strings.get(*id).to_string(), *b, *c))
                .collect();
            by_domain.sort();
            Week {
                label: iso_week_label(monday),
                monday,
                events: s.events,
                breaks: s.breaks,
                completed: s.completed,
                by_kind: s.by_kind,
                by_domain,
                alignment: (align[wi].1 > 0)
                    .then(|| f64::from(align[wi].0) / f64::from(align[wi].1)),
                score: carried,
                friction: (s.friction.1 > 0)
                    .then(|| f64::from(s.friction.0) / f64::from(s.friction.1)),
                thoughts: s.thoughts,
            }
        })
        .collect()
}

/// PELT's work on one weekly series, kept between runs. A refresh after a new event changes
/// the series at its end only: the costs of the segments before the change are kept, and so
/// are PELT's steps up to it when the penalty, the minimum length and the series' length are
/// the same. A segment's cost depends on its points and the series' parameters alone, and a
/// step on the points up to it, so what is kept is what PELT would compute again.
#[derive(Debug, Default)]
pub(crate) struct PeltMemo {
    /// The parameters of the cost (first) and the points the kept work was done for, as bits.
    key: Vec<u64>,
    params: usize,
    /// The cost of the segment `s..t` at `t * (t - 1) / 2 + s`; NaN when not computed.
    costs: Vec<f64>,
    steps: Steps,
}

impl PeltMemo {
    /// [`pelt`] over `points` (as bits; `cost` reads the same points) whose segment costs
    /// also depend on `params`, reusing what still holds from the last run.
    pub fn pelt(
        &mut self,
        params: &[u64],
        points: impl Iterator<Item = u64>,
        cost: impl Fn(usize, usize) -> f64,
        beta: f64,
        min_len: usize,
    ) -> Vec<usize> {
        let key: Vec<u64> = params.iter().copied().chain(points).collect();
        let n = key.len() - params.len();
        let same = if self.params == params.len() && key[..params.len()] == self.key[..self.params]
        {
            key[params.len()..]
                .iter()
                .zip(&self.key[self.params..])
                .take_while(|(a, b)| a == b)
                .count()
        } else {
            0
        };
        // The segments ending by point `same` (exclusive) use only points that held.
        self.costs.truncate(same * (same + 1) / 2);
        self.key = key;
        self.params = params.len();
        let costs = &mut self.costs;
        let kept = |s: usize, t: usize| {
            let at = t * (t - 1) / 2 + s;
            if at >= costs.len() {
                costs.resize((t + 1) * t / 2, f64::NAN);
            }
            if costs[at].is_nan() {
                costs[at] = cost(s, t);
            }
            costs[at]
        };
        self.steps.run(n, kept, beta, min_len, same)
    }
}

/// The kept change points of a tally's weekly series: the break rate and each cost of
/// misalignment (see [`super::costs::shifts`]).
#[derive(Debug, Default)]
pub(crate) struct ShiftMemo {
    pub break_rate: PeltMemo,
    pub costs: [PeltMemo; 3],
}

/// PELT's dynamic programme: the optimal value and last change point after each step, and
/// the step at which each candidate was pruned, so a later run on a series that only changed
/// after some point can resume there.
#[derive(Debug, Default)]
struct Steps {
    /// β (as bits), the minimum length and the series' length of the run kept.
    run: Option<(u64, usize, usize)>,
    f: Vec<f64>,
    last: Vec<usize>,
    /// The step that pruned each candidate (`usize::MAX`: not pruned).
    pruned: Vec<usize>,
}

impl Steps {
    /// PELT over `n` points, resuming after step `valid` of the kept run when it had the same
    /// β, minimum length and length (its steps up to `valid` read only points that held).
    fn run(
        &mut self,
        n: usize,
        mut cost: impl FnMut(usize, usize) -> f64,
        beta: f64,
        min_len: usize,
        valid: usize,
    ) -> Vec<usize> {
        if n < 2 * min_len || min_len == 0 {
            self.run = None;
            return Vec::new();
        }
        // Candidate `t` is added at step `t` (steps start at `min_len`), the first one at 0.
        let added = |t: usize| t == 0 || (t >= min_len && (t + min_len <= n || t == n));
        let resume = if self.run == Some((beta.to_bits(), min_len, n)) && valid >= min_len {
            valid.min(n)
        } else {
            0
        };
        let (f, last, pruned) = (&mut self.f, &mut self.last, &mut self.pruned);
        let mut candidates: Vec<usize>;
        let first;
        if resume == 0 {
            *f = vec![f64::INFINITY; n + 1];
            *last = vec![0usize; n + 1];
            *pruned = vec![usize::MAX; n + 1];
            f[0] = -beta;
            candidates = vec![0];
            first = min_len;
        } else {
            for p in pruned.iter_mut().filter(|p| **p > resume) {
                *p = usize::MAX;
            }
            candidates = (0..=resume)
                .filter(|&s| added(s) && pruned[s] == usize::MAX)
                .collect();
            first = resume + 1;
        }
        let mut vals: Vec<f64> = Vec::new();
        for t in first..=n {
            let mut best = f64::INFINITY;
            let mut arg = 0;
            vals.clear();
            for &s in &candidates {
                let v = if t - s < min_len {
                    f64::INFINITY
                } else {
                    f[s] + cost(s, t) + beta
                };
                vals.push(v);
                if v < best {
                    best = v;
                    arg = s;
                }
            }
            f[t] = best;
            last[t] = arg;
            // Prune candidates that can never be optimal again.
            let mut k = 0;
            candidates.retain(|&s| {
                let keep = t - s < min_len || vals[k] - beta <= best;
                if !keep {
                    pruned[s] = t;
                }
                k += 1;
                keep
            });
            if added(t) {
                candidates.push(t);
            }
        }
        self.run = Some((beta.to_bits(), min_len, n));
        change_points(last, n)
    }
}

/// PELT: optimal segmentation minimising Σ cost + β per segment, segments ≥ `min_len`.
/// Returns the start indices of every segment after the first.
pub fn pelt(
    n: usize,
    cost: impl FnMut(usize, usize) -> f64,
    beta: f64,
    min_len: usize,
) -> Vec<usize> {
    Steps::default().run(n, cost, beta, min_len, 0)
}

/// [`pelt`] with the cost of a segment under a normal model with known variance `var`
/// (its squared deviations from its mean, over `var`), from the prefix sums `s1` of the points
/// and `s2` of their squares (`n + 1` each, starting at 0). The same steps and the same
/// arithmetic as [`pelt`] with that cost, so the same change points, bit for bit; but each
/// candidate's terms sit side by side in memory, so its inner loop runs several candidates
/// at once. Years of daily check-ins leave thousands of candidates unpruned when nothing
/// changes, which made this the costliest step of a full analysis.
pub fn pelt_normal_mean(s1: &[f64], s2: &[f64], var: f64, beta: f64, min_len: usize) -> Vec<usize> {
    let n = s1.len().saturating_sub(1);
    if n < 2 * min_len || min_len == 0 || s2.len() != s1.len() {
        return Vec::new();
    }
    let added = |t: usize| t == 0 || (t >= min_len && (t + min_len <= n || t == n));
    let mut last = vec![0usize; n + 1];
    // The candidates, oldest first: position, position as a float, f, s1 and s2 there.
    let mut at: Vec<usize> = vec![0];
    let mut atf: Vec<f64> = vec![0.0];
    let mut cf: Vec<f64> = vec![-beta];
    let mut c1: Vec<f64> = vec![s1[0]];
    let mut c2: Vec<f64> = vec![s2[0]];
    let mut vals: Vec<f64> = Vec::new();
    for t in min_len..=n {
        let (tf, s1t, s2t) = (t as f64, s1[t], s2[t]);
        // Candidates closer than `min_len` are the newest ones, at the end.
        let ready = at.partition_point(|&s| t - s >= min_len);
        vals.clear();
        vals.extend(
            atf[..ready]
                .iter()
                .zip(&cf[..ready])
                .zip(&c1[..ready])
                .zip(&c2[..ready])
                .map(|(((&sf, &fs), &a1), &a2)| {
                    let m = tf - sf;
                    let sum = s1t - a1;
                    fs + ((s2t - a2) - sum * sum / m) / var + beta
                }),
        );
        vals.resize(at.len(), f64::INFINITY);
        let mut best = f64::INFINITY;
        let mut arg = 0;
        for (&v, &s) in vals.iter().zip(&at) {
            if v < best {
                best = v;
                arg = s;
            }
        }
        last[t] = arg;
        // Prune candidates that can never be optimal again.
        let mut kept = 0;
        for k in 0..at.len() {
            if t - at[k] < min_len || vals[k] - beta <= best {
                at[kept] = at[k];
                atf[kept] = atf[k];
                cf[kept] = cf[k];
                c1[kept] = c1[k];
                c2[kept] = c2[k];
                kept += 1;
            }
        }
        at.truncate(kept);
        atf.truncate(kept);
        cf.truncate(kept);
        c1.truncate(kept);
        c2.truncate(kept);
        if added(t) {
            at.push(t);
            atf.push(tf);
            cf.push(best);
            c1.push(s1t);
            c2.push(s2t);
        }
    }
    change_points(&last, n)
}

/// The change points PELT chose, in order: walked back from the end, where `last[t]` is the
/// start of the segment that ends at `t`.
fn change_points(last: &[usize], n: usize) -> Vec<usize> {
    let mut cps = Vec::new();
    let mut t = n;
    while t > 0 {
        let s = last[t];
        if s > 0 {
            cps.push(s);
        }
        t = s;
    }
    cps.reverse();
    cps
}

fn binom_ll(b: f64, n: f64) -> f64 {
    if n <= 0.0 {
        return 0.0;
    }
    let p = b / n;
    let mut ll = 0.0;
    if b > 0.0 {
        ll += b * p.ln();
    }
    if n - b > 0.0 {
        ll += (n - b) * (1.0 - p).ln();
    }
    ll
}

pub(crate) fn shifts(weeks: &[Week], memo: &mut PeltMemo) -> Vec<Shift> {
    let mut out = Vec::new();
    // Break rate: weeks with a denominator.
    let pts: Vec<(i32, u64, u64)> = weeks
        .iter()
        .filter(|w| w.breaks + w.completed > 0)
        .map(|w| (w.monday, w.breaks as u64, (w.breaks + w.completed) as u64))
        .collect();
    if pts.len() >= 2 * MIN_SEGMENT_WEEKS {
        let mut pb = vec![0u64; pts.len() + 1];
        let mut pn = vec![0u64; pts.len() + 1];
        for (i, p) in pts.iter().enumerate() {
            pb[i + 1] = pb[i] + p.1;
            pn[i + 1] = pn[i] + p.2;
        }
        let total = pn[pts.len()] as f64;
        let cost =
            |s: usize, t: usize| -2.0 * binom_ll((pb[t] - pb[s]) as f64, (pn[t] - pn[s]) as f64);
        let beta = 3.0 * total.max(2.0).ln();
        let points = pts.iter().map(|p| p.1 << 32 | p.2);
        let cps = memo.pelt(&[], points, cost, beta, MIN_SEGMENT_WEEKS);
        let mut bounds = vec![0];
        bounds.extend(cps.iter().copied());
        bounds.push(pts.len());
        for k in 1..bounds.len() - 1 {
            let (s, c, t) = (bounds[k - 1], bounds[k], bounds[k + 1]);
            let (b1, n1) = (pb[c] - pb[s], pn[c] - pn[s]);
            let (b2, n2) = (pb[t] - pb[c], pn[t] - pn[c]);
            if n1 < 10 || n2 < 10 {
                continue;
            }
            let (r1, r2) = (b1 as f64 / n1 as f64, b2 as f64 / n2 as f64);
            // One-sided in the direction of the change.
            let p = if r2 > r1 {
                fisher_greater(b2, n2, b1 + b2, n1 + n2)
            } else {
                fisher_greater(b1, n1, b1 + b2, n1 + n2)
            };
            if (r2 - r1).abs() >= 0.10 && p <= 0.001 {
                out.push(Shift {
                    date: day_date(pts[c].0),
                    series: "break_rate".to_string(),
                    before: r3(r1),
                    after: r3(r2),
                });
            }
        }
    }
    out
}

/// Change points in the daily alignment ratings (sorted by day).
pub(crate) fn alignment_shifts(checkins: &[(i32, u8)]) -> Vec<Shift> {
    let n = checkins.len();
    if n < 2 * MIN_SEGMENT_DAYS {
        return Vec::new();
    }
    let x: Vec<f64> = checkins.iter().map(|c| f64::from(c.1)).collect();
    // Robust noise scale from successive differences (MAD / 0.6745 / √2).
    let mut d: Vec<f64> = x.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    d.sort_by(f64::total_cmp);
    let mad = d[d.len() / 2];
    let sd = (mad / 0.6745 / std::f64::consts::SQRT_2).max(0.5);
    let var = sd * sd;
    let mut s1 = vec![0.0; n + 1];
    let mut s2 = vec![0.0; n + 1];
    for i in 0..n {
        s1[i + 1] = s1[i] + x[i];
        s2[i + 1] = s2[i] + x[i] * x[i];
    }
    let beta = 3.0 * (n as f64).ln();
    let cps = pelt_normal_mean(&s1, &s2, var, beta, MIN_SEGMENT_DAYS);
    let mut bounds = vec![0];
    bounds.extend(cps.iter().copied());
    bounds.push(n);
    let mut out = Vec::new();
    for k in 1..bounds.len() - 1 {
        let (s, c, t) = (bounds[k - 1], bounds[k], bounds[k + 1]);
        let (m1, m2) = ((c - s) as f64, (t - c) as f64);
        let (a1, a2) = ((s1[c] - s1[s]) / m1, (s1[t] - s1[c]) / m2);
        let se = (var / m1 + var / m2).sqrt();
        if (a2 - a1).abs() >= 0.5 && ((a2 - a1) / se).abs() >= 4.0 {
            out.push(Shift {
                date: day_date(checkins[c].0),
                series: "alignment".to_string(),
                before: r3(a1),
                after: r3(a2),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pelt_finds_a_clear_mean_shift_and_nothing_in_flat_data() {
        let x: Vec<f64> = (0..40).map(|i| if i < 20 { 1.0 } else { 5.0 }).collect();
        let mut s1 = vec![0.0; 41];
        let mut s2 = vec![0.0; 41];
        for i in 0..40 {
            s1[i + 1] = s1[i] + x[i];
            s2[i + 1] = s2[i] + x[i] * x[i];
        }
        let cost = |s: usize, t: usize| {
            let m = (t - s) as f64;
            let sum = s1[t] - s1[s];
            (s2[t] - s2[s]) - sum * sum / m
        };
        assert_eq!(pelt(40, cost, 5.0, 3), vec![20]);
        let flat = |_s: usize, _t: usize| 0.0;
        assert!(pelt(40, flat, 5.0, 3).is_empty());
        assert!(pelt(4, flat, 5.0, 3).is_empty());
    }

    /// A Gaussian mean cost over `x` (as the costs' weekly series use).
    fn gaussian(x: &[f64]) -> impl Fn(usize, usize) -> f64 {
        let mut s1 = vec![0.0; x.len() + 1];
        let mut s2 = vec![0.0; x.len() + 1];
        for (i, v) in x.iter().enumerate() {
            s1[i + 1] = s1[i] + v;
            s2[i + 1] = s2[i] + v * v;
        }
        move |s: usize, t: usize| {
            let sum = s1[t] - s1[s];
            (s2[t] - s2[s]) - sum * sum / (t - s) as f64
        }
    }

    proptest::proptest! {
        /// The normal-mean PELT is [`pelt`] with that cost, change point for change point.
        #[test]
        fn normal_mean_pelt_equals_the_general_one(
            x in proptest::collection::vec(1u8..6, 0..160),
            shift in 0usize..160,
            var in 0.25f64..4.0,
            beta in 1.0f64..12.0,
            min_len in 1usize..16,
        ) {
            // A step in the middle half the time, so both flat and shifted series are tried.
            let x: Vec<f64> = x
                .iter()
                .enumerate()
                .map(|(i, &v)| f64::from(v) + if shift % 2 == 0 && i >= shift { 2.0 } else { 0.0 })
                .collect();
            let mut s1 = vec![0.0; x.len() + 1];
            let mut s2 = vec![0.0; x.len() + 1];
            for (i, v) in x.iter().enumerate() {
                s1[i + 1] = s1[i] + v;
                s2[i + 1] = s2[i] + v * v;
            }
            let cost = |s: usize, t: usize| {
                let m = (t - s) as f64;
                let sum = s1[t] - s1[s];
                ((s2[t] - s2[s]) - sum * sum / m) / var
            };
            proptest::prop_assert_eq!(
                pelt_normal_mean(&s1, &s2, var, beta, min_len),
                pelt(x.len(), cost, beta, min_len)
            );
        }

        /// The kept work is only a shortcut: after any change to a series — its end, a new
        /// point, a point in the middle, another penalty or parameter — the memo's change
        /// points are a fresh PELT's.
        #[test]
        fn kept_pelt_equals_a_fresh_one_after_every_change(
            start in proptest::collection::vec(0u8..6, 0..60),
            changes in proptest::collection::vec((0u8..4, 0usize..60, 0u8..6), 1..12),
        ) {
            let mut memo = PeltMemo::default();
            let mut x: Vec<f64> = start.iter().map(|&v| f64::from(v)).collect();
            let mut beta = 4.0;
            let mut param = 0u64;
            for (what, at, v) in changes {
                match what {
                    0 => match x.last_mut() {
                        Some(last) => *last = f64::from(v),
                        None => x.push(f64::from(v)),
                    },
                    1 => x.push(f64::from(v)),
                    2 if !x.is_empty() => {
                        let at = at % x.len();
                        x[at] = f64::from(v);
                    }
                    _ => {
                        beta = 2.0 + f64::from(v);
                        param = u64::from(v % 2);
                    }
                }
                let cost = gaussian(&x);
                let kept = memo.pelt(&[param], x.iter().map(|v| v.to_bits()), &cost, beta, 3);
                proptest::prop_assert_eq!(kept, pelt(x.len(), &cost, beta, 3));
            }
        }
    }

    #[test]
    fn alignment_shift_reported_with_date_and_sizes() {
        let c: Vec<(i32, u8)> = (0..60)
            .map(|d| {
                (
                    20_000 + d,
                    if d < 30 {
                        4 + (d % 2) as u8
                    } else {
                        2 - (d % 2) as u8
                    },
                )
            })
            .collect();
        let s = alignment_shifts(&c);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].date, day_date(20_030));
        assert!(s[0].before > 4.0 && s[0].after < 2.0);
        let flat: Vec<(i32, u8)> = (0..60).map(|d| (20_000 + d, 3 + (d % 2) as u8)).collect();
        assert!(alignment_shifts(&flat).is_empty());
    }
}

//! Recurring break patterns.
//!
//! Every counted event (a break or a completion; skips and not-logged days are neither) falls
//! into slices along these dimensions:
//!
//! | dimension | value | slice |
//! | --- | --- | --- |
//! | `weekday` | `mon` … `sun` | events on that local weekday |
//! | `block` | `morning` (05–12), `afternoon` (12–17), `evening` (17–22), `night` | local time of day |
//! | `domain`, `tag`, `task` | the normalised text | events carrying it |
//! | `delay` | `1-15`, `15-60`, `60+` | events right after (same or next day) a delayed start of that many minutes |
//! | `after` | `win`, `switch`, `low_alignment` | events after a win day (≥ 2 completions, no breaks), right after a switch, or the day after a check-in with alignment 1–2 |
//! | `kind` | a break kind | *recurrence*: on days after a day with that kind of break, the rate of that kind (kind ÷ (kind + completed)) vs other days |
//!
//! A slice is *tested* when it has ≥ [`MIN_SUPPORT`] events, ≥ [`MIN_SLICE_BREAKS`] breaks,
//! spread over ≥ [`MIN_WEEKS`] distinct weeks, and the rest has ≥ [`MIN_SUPPORT`] events. Each
//! tested slice gets a one-sided Fisher exact p (slice rate > rest rate); Benjamini–Hochberg
//! q-values are computed across every tested slice of every dimension. A slice is reported when
//! q ≤ [`Q_MAX`] and the gap to the rest is at least [`MIN_GAP`]. Reported patterns are ranked
//! by their Beta-shrunk rate minus the rest's rate; `ci` is the Wilson 95 % interval of the raw
//! rate. Tier: `confirmed` when the slice is also significant (p ≤ 0.05, gap ≥ [`MIN_GAP`]) on
//! the earlier half of the window's events *and* still above the rest (p ≤ 0.10) on the later
//! half; `likely` when q ≤ 0.01; otherwise `emerging`.
//!
//! Friction and emotion are not slices: they describe a break (how hard the action felt, what
//! was felt), so "breaks at friction 4" would restate the break, not say where breaks recur.
//! The thinking layer reads friction instead. Patterns that cover exactly the same events (a
//! tag and the one task that carries it) are reported once, under the most concrete name, and
//! the list is ordered by what a person can act on: the work itself (task, tag, domain) first,
//! then what comes before a break (a win day, a switch, a long delay, a low check-in), then
//! timing (weekday, time of day), then a kind of break recurring; within each, by the
//! shrunk gap to the rest.

use super::stats::{benjamini_hochberg, fisher_greater, r3, rate, shrink, wilson};
use super::tally::Rows;
use super::{break_index, week_of, weekday_of, Pattern, PatternTier, View, DELAY_LABELS, NONE};
use crate::domain::{block_of, Kind, BLOCKS};

pub const MIN_SUPPORT: u32 = 10;
pub const MIN_SLICE_BREAKS: u32 = 4;
pub const MIN_WEEKS: u32 = 3;
pub const MIN_GAP: f64 = 0.10;
/// Benjamini–Hochberg at this level. Where breaks concentrate nowhere, BH finds something
/// about this often (the chance of any discovery under the global null is about `q`), so a
/// journal without a pattern shows none in about 98 of 100 cases.
pub const Q_MAX: f64 = 0.02;
/// At most this many patterns are reported.
pub const MAX_PATTERNS: usize = 25;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WEEKDAY_NAMES: [&str; 7] = [
    "Mondays",
    "Tuesdays",
    "Wednesdays",
    "Thursdays",
    "Fridays",
    "Saturdays",
    "Sundays",
];
const AFTER: [&str; 3] = ["win", "switch", "low_alignment"];

/// Which slice a pattern is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SliceKey {
    Weekday(u8),
    Block(u8),
    Domain(u32),
    Tag(u32),
    Task(u32),
    Delay(u8),
    After(u8),
    /// Index into `Kind::BREAKS`.
    Kind(u8),
}

/// A reported pattern with its slice key.
#[derive(Debug, Clone)]
pub struct Found {
    pub pattern: Pattern,
    pub key: SliceKey,
    /// The breaks in the slice (the rate's numerator, exact).
    pub breaks: usize,
    /// The window's events in the slice (indices into the window, ascending).
    pub events: Vec<u32>,
}

/// How directly a person can act on a slice: lower comes first.
fn actionability(key: SliceKey) -> u8 {
    match key {
        SliceKey::Task(_) => 0,
        SliceKey::Tag(_) => 1,
        SliceKey::Domain(_) => 2,
        SliceKey::After(_) | SliceKey::Delay(_) => 3,
        SliceKey::Weekday(_) | SliceKey::Block(_) => 4,
        SliceKey::Kind(_) => 5,
    }
}

/// Whether the window's counted event `i` falls in the slice.
fn in_slice(v: &View<'_>, i: usize, key: SliceKey) -> bool {
    let (e, f) = (v.ev(i), &v.t.feat[i]);
    match key {
        SliceKey::Weekday(d) => weekday_of(e.day) == usize::from(d),
        SliceKey::Block(b) => block_of(e.minute) == usize::from(b),
        SliceKey::Domain(id) => e.domain == id,
        SliceKey::Task(id) => e.task == id,
        SliceKey::Tag(id) => v.j.tags(e).contains(&id),
        SliceKey::Delay(d) => f.after_delay == d,
        SliceKey::After(0) => f.after_win,
        SliceKey::After(1) => f.after_switch,
        SliceKey::After(_) => f.after_low_alignment,
        SliceKey::Kind(k) => {
            (break_index(e.kind) == Some(usize::from(k)) || e.kind == Kind::Completed)
                && f.prev_day_kinds & (1 << k) != 0
        }
    }
}

/// Fills each found pattern's events in one pass over the window, drops a pattern whose
/// events another one already covers under a more concrete name, and orders them by what a
/// person can act on.
fn settle(v: &View<'_>, mut found: Vec<(f64, Found)>) -> Vec<Found> {
    if !found.is_empty() {
        for i in 0..v.t.idx.len() {
            if v.ev(i).kind == Kind::Skipped {
                continue;
            }
            for (_, f) in found.iter_mut() {
                if in_slice(v, i, f.key) {
                    f.events.push(i as u32);
                }
            }
        }
    }
    found.sort_by(|a, b| {
        actionability(a.1.key)
            .cmp(&actionability(b.1.key))
            .then_with(|| b.0.total_cmp(&a.0))
            .then_with(|| a.1.pattern.id.cmp(&b.1.pattern.id))
    });
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for (_, f) in found {
        if !out.iter().any(|o| o.events == f.events) {
            out.push(f);
        }
    }
    out.truncate(MAX_PATTERNS);
    out
}

/// Counts for one slice: events and breaks in the earlier [0] and later [1] part, and the
/// distinct weeks they fall in. Events arrive in the later part and move to the earlier one
/// as the window grows (see [`super::tally`]).
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    n: [u32; 2],
    b: [u32; 2],
    weeks: u32,
    last_week: i32,
}

impl Acc {
    fn add(&mut self, brk: bool, week: i32) {
        if self.n[0] + self.n[1] == 0 || week != self.last_week {
            self.weeks += 1;
            self.last_week = week;
        }
        self.n[1] += 1;
        self.b[1] += u32::from(brk);
    }
    fn move_earlier(&mut self, brk: bool, _week: i32) {
        self.n[1] -= 1;
        self.n[0] += 1;
        if brk {
            self.b[1] -= 1;
            self.b[0] += 1;
        }
    }
    fn n(&self) -> u32 {
        self.n[0] + self.n[1]
    }
    fn b(&self) -> u32 {
        self.b[0] + self.b[1]
    }
}

/// Every slice's counts over the window's counted events.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// All counted events: [`Acc::n`] is the total, `b` the breaks.
    all: Acc,
    weekday: [Acc; 7],
    block: [Acc; 4],
    delay: [Acc; 3],
    after: [Acc; 3],
    /// Indexed by interned string.
    domain: Vec<Acc>,
    tag: Vec<Acc>,
    task: Vec<Acc>,
    /// Kind recurrence: per break kind, [in slice, rest] over kind-or-completed events.
    kind_in: [Acc; 4],
    kind_rest: [Acc; 4],
}

impl Tally {
    /// Adds the window's events `new` (all in the later part).
    pub fn extend(&mut self, rows: &Rows<'_>, new: std::ops::Range<usize>) {
        let strings = rows.j.strings.len();
        for v in [&mut self.domain, &mut self.tag, &mut self.task] {
            v.resize(strings, Acc::default());
        }
        for i in new {
            self.visit(rows, i, Acc::add);
        }
    }

    /// Moves the window's event `i` (counted, in the later part) to the earlier part.
    pub fn move_earlier(&mut self, rows: &Rows<'_>, i: usize) {
        self.visit(rows, i, Acc::move_earlier);
    }

    /// Applies `op` (with whether the event is a break *for that slice*, and its week) to
    /// every slice event `i` falls in.
    fn visit(&mut self, rows: &Rows<'_>, i: usize, op: fn(&mut Acc, bool, i32)) {
        let (e, f) = (rows.ev(i), &rows.feat[i]);
        if e.kind == Kind::Skipped {
            return;
        }
        let brk = e.kind.is_break();
        let wk = week_of(e.day);
        op(&mut self.all, brk, wk);
        op(&mut self.weekday[weekday_of(e.day)], brk, wk);
        op(&mut self.block[block_of(e.minute)], brk, wk);
        if f.after_delay > 0 {
            op(&mut self.delay[usize::from(f.after_delay - 1)], brk, wk);
        }
        if f.after_win {
            op(&mut self.after[0], brk, wk);
        }
        if f.after_switch {
            op(&mut self.after[1], brk, wk);
        }
        if f.after_low_alignment {
            op(&mut self.after[2], brk, wk);
        }
        if e.domain != NONE {
            op(&mut self.domain[e.domain as usize], brk, wk);
        }
        op(&mut self.task[e.task as usize], brk, wk);
        for &t in rows.j.tags(e) {
            op(&mut self.tag[t as usize], brk, wk);
        }
        let kind_index = break_index(e.kind);
        for k in 0..4 {
            let this = kind_index == Some(k);
            if this || e.kind == Kind::Completed {
                if f.prev_day_kinds & (1 << k) != 0 {
                    op(&mut self.kind_in[k], this, wk);
                } else {
                    op(&mut self.kind_rest[k], this, wk);
                }
            }
        }
    }
}

pub(crate) fn find(v: &View<'_>, t: &Tally) -> Vec<Found> {
    let totals = t.all.n;
    let total_b = t.all.b;
    let (weekday, block, delay, after) = (&t.weekday, &t.block, &t.delay, &t.after);
    let (domain, task, tag) = (&t.domain, &t.task, &t.tag);
    let (kind_in, kind_rest) = (&t.kind_in, &t.kind_rest);

    // Candidates: (key, slice acc, rest acc as (n, b) per part).
    struct Cand {
        key: SliceKey,
        acc: Acc,
        rest: ([u32; 2], [u32; 2]),
    }
    let mut cands: Vec<Cand> = Vec::new();
    let rest_of = |a: &Acc| {
        (
            [totals[0] - a.n[0], totals[1] - a.n[1]],
            [total_b[0] - a.b[0], total_b[1] - a.b[1]],
        )
    };
    let mut push = |key: SliceKey, acc: &Acc, rest: ([u32; 2], [u32; 2])| {
        cands.push(Cand {
            key,
            acc: *acc,
            rest,
        });
    };
    for (i, a) in weekday.iter().enumerate() {
        push(SliceKey::Weekday(i as u8), a, rest_of(a));
    }
    for (i, a) in block.iter().enumerate() {
        push(SliceKey::Block(i as u8), a, rest_of(a));
    }
    for (i, a) in delay.iter().enumerate() {
        push(SliceKey::Delay(i as u8 + 1), a, rest_of(a));
    }
    for (i, a) in after.iter().enumerate() {
        push(SliceKey::After(i as u8), a, rest_of(a));
    }
    for (id, a) in domain.iter().enumerate() {
        if a.n() > 0 {
            push(SliceKey::Domain(id as u32), a, rest_of(a));
        }
    }
    for (id, a) in task.iter().enumerate() {
        if a.n() > 0 {
            push(SliceKey::Task(id as u32), a, rest_of(a));
        }
    }
    for (id, a) in tag.iter().enumerate() {
        if a.n() > 0 {
            push(SliceKey::Tag(id as u32), a, rest_of(a));
        }
    }
    for k in 0..4 {
        let r = &kind_rest[k];
        push(SliceKey::Kind(k as u8), &kind_in[k], (r.n, r.b));
    }

    // Test the slices with enough support.
    let tested: Vec<&Cand> = cands
        .iter()
        .filter(|c| {
            let rest_n = c.rest.0[0] + c.rest.0[1];
            c.acc.n() >= MIN_SUPPORT
                && c.acc.b() >= MIN_SLICE_BREAKS
                && c.acc.weeks >= MIN_WEEKS
                && rest_n >= MIN_SUPPORT
        })
        .collect();
    let pvals: Vec<f64> = tested
        .iter()
        .map(|c| {
            let (rn, rb) = (c.rest.0[0] + c.rest.0[1], c.rest.1[0] + c.rest.1[1]);
            let (n, b) = (c.acc.n(), c.acc.b());
            fisher_greater(
                u64::from(b),
                u64::from(n),
                u64::from(b + rb),
                u64::from(n + rn),
            )
        })
        .collect();
    let qvals = benjamini_hochberg(&pvals);

    let mut out: Vec<(f64, Found)> = Vec::new();
    for ((c, _p), q) in tested.iter().zip(&pvals).zip(&qvals) {
        let (n, b) = (c.acc.n(), c.acc.b());
        let (rn, rb) = (c.rest.0[0] + c.rest.0[1], c.rest.1[0] + c.rest.1[1]);
        let r = f64::from(b) / f64::from(n);
        let base = f64::from(rb) / f64::from(rn);
        let shrunk = shrink(u64::from(b), u64::from(n), base);
        if *q > Q_MAX || r - base < MIN_GAP || shrunk <= base {
            continue;
        }
        let tier = tier_of(c.acc, c.rest, *q);
        let (lo, hi) = wilson(u64::from(b), u64::from(n));
        let (dimension, value) = describe_key(v, c.key);
        let sentence = sentence(v, c.key, r, base);
        let description = format!("{sentence} ({b} of {n})");
        out.push((
            shrunk - base,
            Found {
                pattern: Pattern {
                    id: format!("{dimension}:{value}"),
                    dimension: dimension.to_string(),
                    value,
                    description,
                    break_rate: r3(r),
                    baseline_rate: r3(base),
                    ci: [r3(lo), r3(hi)],
                    support: n as usize,
                    weeks: c.acc.weeks as usize,
                    q_value: round_q(*q),
                    tier,
                    breaks: b as usize,
                    sentence,
                    event_ids: Vec::new(),
                },
                key: c.key,
                breaks: b as usize,
                events: Vec::new(),
            },
        ));
    }
    settle(v, out)
}

/// q-values keep 3 significant digits (small ones matter).
fn round_q(q: f64) -> f64 {
    if q <= 0.0 || !q.is_finite() {
        return 0.0;
    }
    // Through decimal text, so the number reads back exactly from JSON.
    format!("{q:.2e}").parse().unwrap_or(q)
}

fn tier_of(a: Acc, rest: ([u32; 2], [u32; 2]), q: f64) -> PatternTier {
    let part_holds = |p: usize, alpha: f64, gap: f64| {
        let (n, b, rn, rb) = (a.n[p], a.b[p], rest.0[p], rest.1[p]);
        if n < 5 || rn < 5 {
            return false;
        }
        let (r, base) = (
            rate(u64::from(b), u64::from(n)).unwrap_or(0.0),
            rate(u64::from(rb), u64::from(rn)).unwrap_or(0.0),
        );
        r - base >= gap
            && fisher_greater(
                u64::from(b),
                u64::from(n),
                u64::from(b + rb),
                u64::from(n + rn),
            ) <= alpha
    };
    if part_holds(0, 0.05, MIN_GAP) && part_holds(1, 0.10, f64::MIN_POSITIVE) {
        PatternTier::Confirmed
    } else if q <= 0.01 {
        PatternTier::Likely
    } else {
        PatternTier::Emerging
    }
}

/// (dimension, value) of a slice key.
pub(crate) fn describe_key(v: &View<'_>, key: SliceKey) -> (&'static str, String) {
    let s = |id: u32| v.j.strings.get(id).to_string();
    match key {
        SliceKey::Weekday(d) => ("weekday", WEEKDAYS[usize::from(d)].to_string()),
        SliceKey::Block(b) => ("block", BLOCKS[usize::from(b)].to_string()),
        SliceKey::Domain(id) => ("domain", s(id)),
        SliceKey::Tag(id) => ("tag", s(id)),
        SliceKey::Task(id) => ("task", s(id)),
        SliceKey::Delay(d) => ("delay", DELAY_LABELS[usize::from(d)].to_string()),
        SliceKey::After(a) => ("after", AFTER[usize::from(a)].to_string()),
        SliceKey::Kind(k) => ("kind", Kind::BREAKS[usize::from(k)].as_str().to_string()),
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A pattern's sentence, without the counts behind its rate.
fn sentence(v: &View<'_>, key: SliceKey, r: f64, base: f64) -> String {
    let s = |id: u32| v.j.strings.get(id).to_string();
    let tail = format!("{} vs {} elsewhere", pct(r), pct(base));
    match key {
        SliceKey::Weekday(d) => format!("Breaks on {}: {tail}", WEEKDAY_NAMES[usize::from(d)]),
        SliceKey::Block(bl) => format!("Breaks in the {}: {tail}", BLOCKS[usize::from(bl)]),
        SliceKey::Domain(id) => format!("Breaks in {} work: {tail}", s(id)),
        SliceKey::Tag(id) => format!("Breaks on tasks tagged {}: {tail}", s(id)),
        SliceKey::Task(id) => format!("Breaks on \u{201c}{}\u{201d}: {tail}", s(id)),
        SliceKey::Delay(d) => format!(
            "Breaks right after a start delayed {} minutes: {tail}",
            DELAY_LABELS[usize::from(d)]
        ),
        SliceKey::After(0) => format!("Breaks the day after a day of only wins: {tail}"),
        SliceKey::After(1) => format!("Breaks right after switching plans: {tail}"),
        SliceKey::After(_) => format!("Breaks the day after a low-alignment check-in: {tail}"),
        SliceKey::Kind(k) => {
            let kind = Kind::BREAKS[usize::from(k)].label().to_lowercase();
            format!(
                "{kind} work recurs: the day after one, {} of planned work ends {kind} vs {} on other days",
                pct(r),
                pct(base)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_the_day() {
        assert_eq!(block_of(0), 3);
        assert_eq!(block_of(299), 3);
        assert_eq!(block_of(300), 0);
        assert_eq!(block_of(719), 0);
        assert_eq!(block_of(720), 1);
        assert_eq!(block_of(1020), 2);
        assert_eq!(block_of(1320), 3);
        assert_eq!(block_of(1439), 3);
    }

    #[test]
    fn q_rounding_keeps_small_values() {
        assert_eq!(round_q(0.000_123_456), 0.000_123);
        assert_eq!(round_q(6.9e-23).to_string(), "0.000000000000000000000069");
        assert_eq!(round_q(0.04567), 0.0457);
        assert_eq!(round_q(0.0), 0.0);
    }
}

//! Pathway effects: for each pathway, the break rate on its belief's slice (the belief's
//! behavioural signature, as in [`super::beliefs`]; the whole journal when the belief has no
//! signature) before and after its start date, with Wilson intervals.
//!
//! `too_early` until the pathway has run [`MIN_DAYS_AFTER`] days and its slice has at least
//! [`MIN_SUPPORT`] counted events on each side; then `improved` / `worse` when a one-sided
//! Fisher exact test says the later rate is lower / higher (p ≤ 0.05) by at least 5 points,
//! else `no_change`.

use super::beliefs::{event_mask, win_mask};
use super::cache::Cache;
use super::costs;
use super::stats::{fisher_greater, r3, wilson};
use super::tally::Rows;
use super::{day_number, Dataset, PathwayEffect, PathwayStatus, PeriodRate, View};
use crate::domain::Kind;

pub const MIN_DAYS_AFTER: i32 = 14;
pub const MIN_SUPPORT: usize = 10;

fn period(b: usize, n: usize) -> Option<PeriodRate> {
    (n > 0).then(|| {
        let (lo, hi) = wilson(b as u64, n as u64);
        PeriodRate {
            break_rate: r3(b as f64 / n as f64),
            ci: [r3(lo), r3(hi)],
            support: n,
            breaks: b,
        }
    })
}

/// Per pathway: breaks and counted events on its slice before and after its start.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Per pathway: its start day and, when its belief has a signature, the components that
    /// make its slice (`None`: every event).
    slices: Vec<(i32, Option<Vec<u64>>)>,
    win_mask: Vec<u64>,
    /// Per pathway: (breaks before, events before, breaks after, events after).
    counts: Vec<(usize, usize, usize, usize)>,
    /// Per pathway: the cost sums on its slice before and after its start.
    costs: Vec<[costs::Sums; 2]>,
}

impl Tally {
    pub fn new(j: &Dataset, c: &Cache) -> Tally {
        let slices: Vec<(i32, Option<Vec<u64>>)> = j
            .pathways
            .iter()
            .map(|p| {
                let bits: Option<Vec<u64>> = j
                    .beliefs
                    .iter()
                    .position(|b| b.id == p.belief_id)
                    .and_then(|bi| {
                        let mut m = vec![0u64; c.words];
                        let mut any = false;
                        for (bit, _) in c.comps.iter().enumerate().filter(|(_, x)| x.0 == bi) {
                            m[bit / 64] |= 1 << (bit % 64);
                            any = true;
                        }
                        any.then_some(m)
                    });
                (day_number(p.started_on), bits)
            })
            .collect();
        Tally {
            counts: vec![(0, 0, 0, 0); slices.len()],
            costs: vec![Default::default(); slices.len()],
            slices,
            win_mask: win_mask(c),
        }
    }

    pub fn extend(&mut self, rows: &Rows<'_>, new: std::ops::Range<usize>) {
        if self.slices.is_empty() {
            return;
        }
        let mut m = vec![0u64; rows.cache.words];
        for i in new {
            let e = rows.ev(i);
            if e.kind == Kind::Skipped {
                continue;
            }
            event_mask(rows, i, &self.win_mask, &mut m);
            let brk = usize::from(e.kind.is_break());
            for (((start, slice), c), sums) in self
                .slices
                .iter()
                .zip(&mut self.counts)
                .zip(&mut self.costs)
            {
                if slice
                    .as_ref()
                    .is_some_and(|s| !s.iter().zip(&m).any(|(a, b)| a & b != 0))
                {
                    continue;
                }
                sums[usize::from(e.day >= *start)].add(e);
                if e.day < *start {
                    c.0 += brk;
                    c.1 += 1;
                } else {
                    c.2 += brk;
                    c.3 += 1;
                }
            }
        }
    }
}

/// The pathways' effects; `swings` are the check-ins' day-to-day changes in the window.
pub(crate) fn effects(v: &View<'_>, t: &Tally, swings: &[(i32, u32, u32)]) -> Vec<PathwayEffect> {
    v.j.pathways
        .iter()
        .zip(t.counts.iter().zip(&t.costs))
        .map(|(p, (&(bb, nb, ba, na), sums))| {
            let start = day_number(p.started_on);
            let ran = v.t.to_day - start;
            let status = if ran < MIN_DAYS_AFTER || nb < MIN_SUPPORT || na < MIN_SUPPORT {
                PathwayStatus::TooEarly
            } else {
                let (rb, ra) = (bb as f64 / nb as f64, ba as f64 / na as f64);
                let (t, k) = ((bb + ba) as u64, (nb + na) as u64);
                if ra + 0.05 <= rb && fisher_greater(bb as u64, nb as u64, t, k) <= 0.05 {
                    PathwayStatus::Improved
                } else if ra >= rb + 0.05 && fisher_greater(ba as u64, na as u64, t, k) <= 0.05 {
                    PathwayStatus::Worse
                } else {
                    PathwayStatus::NoChange
                }
            };
            PathwayEffect {
                pathway_id: p.id.clone(),
                status,
                before: period(bb, nb),
                after: period(ba, na),
                costs: costs::pathway_costs(&sums[0], &sums[1], swings, start),
            }
        })
        .collect()
}

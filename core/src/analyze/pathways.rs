//! Pathway effects: for each pathway, the break rate on its belief's slice (the belief's
//! behavioural signature, as in [`super::beliefs`]; the whole journal when the belief has no
//! signature) before and after its start date, with Wilson intervals.
//!
//! `too_early` until the pathway has run [`MIN_DAYS_AFTER`] days and its slice has at least
//! [`MIN_SUPPORT`] counted events on each side; then `improved` / `worse` when a one-sided
//! Fisher exact test says the later rate is lower / higher (p ≤ 0.05) by at least 5 points,
//! else `no_change`.

use super::beliefs::Score;
use super::stats::{fisher_greater, r3, wilson};
use super::{day_number, PathwayEffect, PathwayStatus, PeriodRate, View};
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
        }
    })
}

pub(crate) fn effects(v: &View<'_>, scores: &[Score]) -> Vec<PathwayEffect> {
    if v.j.pathways.is_empty() {
        return Vec::new();
    }
    // Membership of each event in each belief's signature slice.
    let slices = slice_members(v, scores);
    v.j.pathways
        .iter()
        .map(|p| {
            let start = day_number(p.started_on);
            let members =
                v.j.beliefs
                    .iter()
                    .position(|b| b.id == p.belief_id)
                    .and_then(|i| slices[i].as_ref());
            let (mut bb, mut nb, mut ba, mut na) = (0, 0, 0, 0);
            for (i, e) in v.ev.iter().enumerate() {
                if e.kind == Kind::Skipped || members.is_some_and(|m| !m[i]) {
                    continue;
                }
                if e.day < start {
                    nb += 1;
                    bb += usize::from(e.kind.is_break());
                } else {
                    na += 1;
                    ba += usize::from(e.kind.is_break());
                }
            }
            let ran = v.to_day - start;
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
            }
        })
        .collect()
}

/// For each belief: which window events fall in its signature slice (`None` = no signature,
/// meaning every event).
fn slice_members(v: &View<'_>, scores: &[Score]) -> Vec<Option<Vec<bool>>> {
    let wanted: Vec<bool> =
        v.j.beliefs
            .iter()
            .map(|b| v.j.pathways.iter().any(|p| p.belief_id == b.id))
            .collect();
    scores
        .iter()
        .zip(wanted)
        .map(|(s, want)| {
            if !want || s.members.is_empty() {
                return None;
            }
            Some(s.members.clone())
        })
        .collect()
}

//! The running sums of one analysis window.
//!
//! Every stage splits into a *tally* — sums over the window's events, fed one event at a time
//! in time order — and a *finish* that turns the sums into the analysis (tests, intervals,
//! rankings, change points). A fresh analysis feeds every event and finishes; the
//! [`super::Analyzer`] keeps the tally between analyses and, after new events, feeds only those.
//! Both run the same code, so the refreshed analysis is the fresh one, not an approximation.
//!
//! What a tally cannot take back — an event backdated before the last one fed, an edit or a
//! delete, or a change to check-ins, reflections, beliefs or pathways (they shape the
//! features and slices of events already fed) — makes the analyzer start a new tally.

use super::cache::Cache;
use super::{beliefs, costs, pathways, patterns, trends};
use super::{break_index, delay_bucket, Dataset, Ev, Feat, Totals, NONE, PARALLEL_MIN_EVENTS};
use crate::domain::Kind;

/// The per-event features, computed as events arrive: what the previous logged day and the
/// previous event were.
#[derive(Debug, Clone, Default)]
struct FeatState {
    /// The open run of events on one day: (day, completed, breaks, break kinds).
    group: Option<(i32, u32, u32, u8)>,
    /// The last closed day with a break or a completion: (day, win day, break kinds).
    prev_day: Option<(i32, bool, u8)>,
    /// The last event that was not a skip: (day, kind, delay).
    last: Option<(i32, Kind, u32)>,
}

impl FeatState {
    fn next(&mut self, e: &Ev, checkins: &[(i32, u8)]) -> Feat {
        match self.group {
            Some((day, ..)) if day == e.day => {}
            open => {
                if let Some((day, comp, brk, kinds)) = open {
                    if comp + brk > 0 {
                        self.prev_day = Some((day, comp >= 2 && brk == 0, kinds));
                    }
                }
                self.group = Some((e.day, 0, 0, 0));
            }
        }
        let after_low_alignment = checkins
            .binary_search_by_key(&(e.day - 1), |c| c.0)
            .ok()
            .is_some_and(|k| checkins[k].1 <= 2);
        let (after_win, prev_day_kinds) = match self.prev_day {
            Some((d, win, k)) if e.day - d <= 3 && e.day > d => (win, k),
            _ => (false, 0),
        };
        let mut f = Feat {
            after_win,
            after_low_alignment,
            prev_day_kinds,
            ..Feat::default()
        };
        if let Some((day, kind, delay)) = self.last {
            if e.day - day <= 1 {
                f.after_switch = kind == Kind::Switched;
                if kind == Kind::DelayedStart && delay != NONE {
                    f.after_delay = delay_bucket(delay);
                }
            }
        }
        if let Some(g) = self.group.as_mut() {
            match e.kind {
                Kind::Completed => g.1 += 1,
                Kind::Skipped => {}
                k => {
                    g.2 += 1;
                    if let Some(b) = break_index(k) {
                        g.3 |= 1 << b;
                    }
                }
            }
        }
        if e.kind != Kind::Skipped {
            self.last = Some((e.day, e.kind, e.delay));
        }
        f
    }
}

/// The window's events so far, as the stages' tallies and finishes read them.
pub(crate) struct Rows<'a> {
    pub j: &'a Dataset,
    pub cache: &'a Cache,
    /// Indices into [`Dataset::events`] of the window's events, in time order.
    pub idx: &'a [u32],
    pub feat: &'a [Feat],
}

impl<'a> Rows<'a> {
    /// The window's `i`-th event.
    pub fn ev(&self, i: usize) -> &'a Ev {
        &self.j.events[self.idx[i] as usize]
    }
}

/// Everything summed over one window. See the module documentation.
#[derive(Debug)]
pub(crate) struct Tally {
    pub from_day: i32,
    pub to_day: i32,
    /// Indices into [`Dataset::events`] of the window's events, in time order.
    pub idx: Vec<u32>,
    pub feat: Vec<Feat>,
    /// (day, alignment) in the window, sorted by day, one per day.
    pub checkins: Vec<(i32, u8)>,
    /// (day, mood, energy) in the window, sorted by day, one per day (0 = not given).
    pub moods: Vec<(i32, u8, u8)>,
    /// How many of the journal's events have been read (in the window or not).
    pub fed: usize,
    state: FeatState,
    /// The distinct logged days, sorted.
    pub days: Vec<i32>,
    pub totals: Totals,
    /// Counted events (breaks and completions) so far, and how many of them are in the earlier
    /// part: the first half, for confirming patterns on later data.
    counted: usize,
    early: usize,
    /// Where the search for the next counted event to move into the earlier part resumes.
    cursor: usize,
    pub patterns: patterns::Tally,
    pub beliefs: beliefs::Tally,
    pub weeks: trends::Tally,
    pub pathways: pathways::Tally,
    pub costs: costs::Tally,
    /// The check-ins' day-to-day changes of mood and energy, found once (like the shifts
    /// below, they depend on the window's check-ins alone).
    swings: std::sync::OnceLock<Vec<(i32, u32, u32)>>,
    /// Shifts in the daily alignment ratings: they depend on the window's check-ins alone,
    /// which a tally keeps for its life, so they are found once (PELT over years of daily
    /// check-ins is the costliest step of a finish).
    alignment_shifts: std::sync::OnceLock<Vec<super::Shift>>,
    /// The segment costs of the weekly series' change points, kept from one finish to the
    /// next (a new event changes the series at their end).
    shift_memo: std::sync::Mutex<trends::ShiftMemo>,
}

impl Tally {
    /// An empty tally of the window `from_day..=to_day` for the journal's current check-ins,
    /// reflections, beliefs and pathways (and the cache built for those beliefs).
    pub fn new(j: &Dataset, cache: &Cache, from_day: i32, to_day: i32) -> Tally {
        Tally {
            from_day,
            to_day,
            idx: Vec::new(),
            feat: Vec::new(),
            checkins: window_checkins(j, from_day, to_day),
            moods: window_moods(j, from_day, to_day),
            fed: 0,
            state: FeatState::default(),
            days: Vec::new(),
            totals: Totals {
                events: 0,
                breaks: 0,
                completed: 0,
                skipped: 0,
                break_rate: None,
                by_kind: super::ByKind::default(),
            },
            counted: 0,
            early: 0,
            cursor: 0,
            patterns: patterns::Tally::default(),
            beliefs: beliefs::Tally::new(j, cache, from_day, to_day),
            weeks: trends::Tally::default(),
            pathways: pathways::Tally::new(j, cache),
            costs: costs::Tally::default(),
            swings: std::sync::OnceLock::new(),
            alignment_shifts: std::sync::OnceLock::new(),
            shift_memo: std::sync::Mutex::default(),
        }
    }

    /// The change points in the window's daily alignment ratings.
    pub fn alignment_shifts(&self) -> &[super::Shift] {
        self.alignment_shifts
            .get_or_init(|| trends::alignment_shifts(&self.checkins))
    }

    /// The alignment's change points when they were found for exactly `checkins` (the
    /// window's, as [`window_checkins`] gives them).
    pub fn alignment_shifts_for(&self, checkins: &[(i32, u8)]) -> Option<&[super::Shift]> {
        (self.checkins == checkins)
            .then(|| self.alignment_shifts.get().map(Vec::as_slice))
            .flatten()
    }

    /// Takes the alignment's change points found elsewhere for `checkins` (see
    /// [`trends::alignment_shifts`]); ignored unless they are this tally's check-ins.
    pub fn give_alignment_shifts(&self, checkins: &[(i32, u8)], shifts: Vec<super::Shift>) {
        if self.checkins == checkins {
            let _ = self.alignment_shifts.set(shifts);
        }
    }

    /// The segment costs kept for the weekly series' change points (a cache: after a panic
    /// while it was held, what it holds is still right).
    pub fn shift_memo(&self) -> std::sync::MutexGuard<'_, trends::ShiftMemo> {
        self.shift_memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The day-to-day changes of mood and energy between the window's check-ins.
    pub fn swings(&self) -> &[(i32, u32, u32)] {
        self.swings.get_or_init(|| costs::swings(&self.moods))
    }

    /// Whether the journal's check-ins in the window are the ones this tally was built with.
    pub fn same_checkins(&self, j: &Dataset) -> bool {
        window_checkins(j, self.from_day, self.to_day) == self.checkins
            && window_moods(j, self.from_day, self.to_day) == self.moods
    }

    /// Whether this tally can be carried on for the journal's events as they are now, in the
    /// window it was built for: no event not yet read falls before the window's first day.
    /// (The caller checks the rest: the window, the check-ins ([`Tally::same_checkins`]),
    /// beliefs, reflections, pathways, and that the events read kept their positions.)
    pub fn continues(&self, j: &Dataset) -> bool {
        self.fed <= j.events.len()
            && j.events[self.fed..]
                .iter()
                .all(|e| e.day >= self.from_day || e.day > self.to_day)
    }

    /// Reads the journal's events not read yet.
    pub fn extend(&mut self, j: &Dataset, cache: &Cache) {
        let start = self.idx.len();
        for (k, e) in j.events[self.fed..].iter().enumerate() {
            if e.day < self.from_day || e.day > self.to_day {
                continue;
            }
            self.idx
                .push(u32::try_from(self.fed + k).unwrap_or(u32::MAX));
            self.feat.push(self.state.next(e, &self.checkins));
            let t = &mut self.totals;
            t.events += 1;
            match e.kind {
                Kind::Completed => t.completed += 1,
                Kind::Skipped => t.skipped += 1,
                k => {
                    t.breaks += 1;
                    t.by_kind.add(k);
                }
            }
            if e.kind != Kind::Skipped {
                self.counted += 1;
            }
            self.costs.add(e);
            if self.days.last() != Some(&e.day) {
                if let Err(at) = self.days.binary_search(&e.day) {
                    self.days.insert(at, e.day);
                }
            }
        }
        self.fed = j.events.len();
        let new = start..self.idx.len();
        let rows = Rows {
            j,
            cache,
            idx: &self.idx,
            feat: &self.feat,
        };
        let (p, b, w, pw) = (
            &mut self.patterns,
            &mut self.beliefs,
            &mut self.weeks,
            &mut self.pathways,
        );
        if new.len() >= PARALLEL_MIN_EVENTS {
            // Each stage's sums read the same rows and nothing of each other.
            std::thread::scope(|s| {
                let rows = &rows;
                let a = s.spawn(|| p.extend(rows, new.clone()));
                let c = s.spawn(|| w.extend(rows, new.clone()));
                b.extend(rows, new.clone());
                pw.extend(rows, new.clone());
                super::joined(a.join());
                super::joined(c.join());
            });
        } else {
            p.extend(&rows, new.clone());
            b.extend(&rows, new.clone());
            w.extend(&rows, new.clone());
            pw.extend(&rows, new);
        }
        // The earlier part holds the first half (rounded down) of the counted events.
        while self.early < self.counted / 2 {
            let e = rows.ev(self.cursor);
            if e.kind != Kind::Skipped {
                self.patterns.move_earlier(&rows, self.cursor);
                self.early += 1;
            }
            self.cursor += 1;
        }
    }
}

/// The window's check-ins as (day, alignment), sorted by day, one per day.
pub(crate) fn window_checkins(j: &Dataset, from_day: i32, to_day: i32) -> Vec<(i32, u8)> {
    let mut checkins: Vec<(i32, u8)> = j
        .checkins
        .iter()
        .copied()
        .filter(|(d, _)| *d >= from_day && *d <= to_day)
        .collect();
    checkins.sort_unstable();
    checkins.dedup_by_key(|c| c.0);
    checkins
}

fn window_moods(j: &Dataset, from_day: i32, to_day: i32) -> Vec<(i32, u8, u8)> {
    let mut moods: Vec<(i32, u8, u8)> = j
        .moods
        .iter()
        .copied()
        .filter(|(d, ..)| *d >= from_day && *d <= to_day)
        .collect();
    moods.sort_unstable();
    moods.dedup_by_key(|c| c.0);
    moods
}

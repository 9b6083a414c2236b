//! The Trends view: the weekly series with the counts behind each rate, the detected shifts,
//! and where pathways began; and, from the records alone, the journal day by day over a range
//! (the calendar, mood and energy, when breaks happen, consistency: [`days`]).

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::analyze::costs::CostSummary;
use crate::analyze::days::{days_picture, DaysPicture, Range};
use crate::analyze::{Analysis, ByKind, Shift, WeekDetail, WeekTrend, Window};
use crate::domain::Invalid;
use crate::domain::Pathway;
use crate::store::{Store, StoreError};

use super::analysis::AnalysisState;
use super::session::Session;
use super::AppError;

/// What the Trends view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendsView {
    pub enough_data: bool,
    pub missing: Vec<String>,
    pub window: Window,
    pub weeks: Vec<WeekView>,
    /// Detected shifts, oldest first (`series` is `break_rate` or `alignment`).
    pub shifts: Vec<Shift>,
    /// Pathways that began within the weeks shown, oldest first: marked on the break-rate
    /// chart, so a change after one can be seen where it happened.
    pub pathways: Vec<PathwayMark>,
    /// The three costs with their weekly levels (the weeks of `weeks`), and their shifts.
    pub costs: Vec<CostSummary>,
    pub cost_shifts: Vec<Shift>,
}

/// Where a pathway began, and its next step (the mark's label).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathwayMark {
    pub id: String,
    pub started_on: NaiveDate,
    pub next_action: Option<String>,
}

/// One ISO week of the series with the counts behind its rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekView {
    /// `2026-W47`.
    pub week: String,
    /// Its Monday.
    pub monday: NaiveDate,
    pub events: usize,
    pub breaks: usize,
    pub completed: usize,
    /// breaks ÷ (breaks + completed), `null` without either.
    pub break_rate: Option<f64>,
    /// Breaks of each kind.
    pub by_kind: ByKind,
    /// Mean check-in alignment (1–5) and how many check-ins it averages.
    pub alignment: Option<f64>,
    pub checkins: usize,
    pub score: f64,
}

impl WeekView {
    /// A week of the series, from its trend and its detail, with its check-ins counted.
    fn of(t: &WeekTrend, detail: &WeekDetail, checkins: usize) -> WeekView {
        let [delayed_start, unfinished, avoided, switched] = detail.breaks_by_kind;
        WeekView {
            week: t.week.clone(),
            monday: detail.start,
            events: t.events,
            breaks: t.breaks,
            completed: detail.completed,
            break_rate: t.break_rate,
            by_kind: ByKind {
                delayed_start,
                unfinished,
                avoided,
                switched,
            },
            alignment: t.alignment,
            checkins,
            score: t.score,
        }
    }
}

impl TrendsView {
    /// `checkins` are the dates of the check-ins (any order), to count each week's.
    pub fn new(a: &Analysis, checkins: &[NaiveDate], pathways: &[Pathway]) -> Self {
        let mut per_week: HashMap<(i32, u32), usize> = HashMap::new();
        for d in checkins {
            let w = d.iso_week();
            *per_week.entry((w.year(), w.week())).or_default() += 1;
        }
        // The weekly series and its detail are built side by side, week for week; each trend
        // week is still looked up by name, from where the last one was found, so a week
        // missing from the detail is left out as before.
        let details = &a.detail.weeks;
        let mut next = 0;
        let weeks: Vec<WeekView> = a
            .trend
            .iter()
            .filter_map(|t| {
                let at = (next..details.len())
                    .chain(0..next.min(details.len()))
                    .find(|&i| details[i].week == t.week)?;
                next = at + 1;
                let detail = &details[at];
                let w = detail.start.iso_week();
                let count = per_week.get(&(w.year(), w.week())).copied().unwrap_or(0);
                Some(WeekView::of(t, detail, count))
            })
            .collect();
        let first = weeks.first().map(|w| w.monday);
        let last = a.window.to;
        let mut marks: Vec<PathwayMark> = pathways
            .iter()
            .filter(|p| first.is_some_and(|f| p.started_on >= f) && p.started_on <= last)
            .map(|p| PathwayMark {
                id: p.id.clone(),
                started_on: p.started_on,
                next_action: p.next_action.clone(),
            })
            .collect();
        marks.sort_by(|x, y| x.started_on.cmp(&y.started_on).then(x.id.cmp(&y.id)));
        TrendsView {
            enough_data: a.enough_data,
            missing: a.missing.clone(),
            window: a.window.clone(),
            weeks,
            shifts: a.shifts.clone(),
            pathways: marks,
            costs: CostSummary::all(&a.costs),
            cost_shifts: a.detail.cost_shifts.clone(),
        }
    }
}

impl TrendsView {
    /// The view cut to the weeks a range ending on `today` draws — the window keeps those
    /// from the week that holds the range's first day; one more week is kept here, should the
    /// window's day picture have been read on another day — with the costs' weekly levels of
    /// those weeks. Shifts and pathway marks stay (the charts pin one before the first week
    /// to it). `all` keeps everything.
    pub fn within(mut self, range: Range, today: NaiveDate) -> Self {
        let Some(first) = range.first_day(today) else {
            return self;
        };
        let from = first - Duration::days(13);
        self.weeks.retain(|w| w.monday >= from);
        let kept: HashSet<&str> = self.weeks.iter().map(|w| w.week.as_str()).collect();
        for c in &mut self.costs {
            c.weekly.retain(|l| kept.contains(l.week.as_str()));
        }
        self
    }
}

/// A range as the window names it (`four_weeks`, `quarter`, `year` — the default — or `all`).
fn range_named(range: Option<&str>) -> Result<Range, AppError> {
    Ok(match range.map(str::trim).filter(|r| !r.is_empty()) {
        None => Range::Year,
        Some(r) => r
            .parse::<Range>()
            .map_err(|reason| Invalid::new("range", reason))?,
    })
}

/// The journal day by day over `range` as the window names it (`four_weeks`, `quarter`,
/// `year` — the default — or `all`), ending on `today`.
pub fn days(store: &Store, range: Option<&str>, today: NaiveDate) -> Result<DaysPicture, AppError> {
    Ok(days_picture(store, range_named(range)?, today)?)
}

/// The Trends view of the session's journal, from a fresh analysis; given a range (as
/// [`days`] names it), only the weeks the window draws for it ([`TrendsView::within`]).
pub fn trends_in(
    session: &Session,
    analysis: &AnalysisState,
    range: Option<&str>,
) -> Result<TrendsView, AppError> {
    let (a, _) = analysis.analyse(session)?;
    let view = trends(&*session.open_journal()?, &a)?;
    Ok(match range {
        None => view,
        Some(r) => view.within(range_named(Some(r))?, session.today()),
    })
}

/// [`days`] of the session's journal, ending on its today.
pub fn days_in(session: &Session, range: Option<&str>) -> Result<DaysPicture, AppError> {
    days(&*session.open_journal()?, range, session.today())
}

/// The Trends view of an analysis, with the check-ins and pathways it needs from the store.
pub fn trends(store: &Store, a: &Analysis) -> Result<TrendsView, StoreError> {
    let since = a.detail.weeks.first().map(|w| w.start);
    let dates = store.checkin_dates(since, a.window.to)?;
    Ok(TrendsView::new(a, &dates, &store.pathways()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{analyze, AnalyzeOptions};
    use crate::domain::{parse_instant, Checkin, EventInput, Kind};
    use crate::store::Query;
    use crate::FixedClock;

    /// The view as it was built before: the check-ins read whole, each week of the series
    /// looked up in the detail by name.
    fn reference(store: &Store, a: &Analysis) -> TrendsView {
        let checkins = store
            .checkins(&Query {
                since: a.detail.weeks.first().map(|w| w.start),
                until: Some(a.window.to),
                ..Query::default()
            })
            .expect("checkins");
        let mut view = TrendsView::new(a, &[], &store.pathways().expect("pathways"));
        view.weeks = a
            .trend
            .iter()
            .filter_map(|t| {
                let detail = a.detail.weeks.iter().find(|d| d.week == t.week)?;
                let w = detail.start.iso_week();
                let count = checkins
                    .iter()
                    .filter(|c| {
                        let cw = c.date.iso_week();
                        (cw.year(), cw.week()) == (w.year(), w.week())
                    })
                    .count();
                Some(WeekView::of(t, detail, count))
            })
            .collect();
        view
    }

    #[test]
    fn the_view_counts_each_weeks_checkins_and_keeps_every_week() {
        let mut store = Store::open_in_memory().expect("store");
        let start = parse_instant("2026-01-05T09:00:00+01:00").expect("start");
        let clock = FixedClock(start + chrono::Duration::days(140));
        // Twenty weeks of work and a check-in on most days (none in weeks 8 and 9), some
        // before the first event's week (not counted: the series begins there).
        for d in -10..140i64 {
            let day = start + chrono::Duration::days(d);
            if d >= 0 {
                for (i, kind) in [Kind::Completed, Kind::Avoided, Kind::Completed]
                    .into_iter()
                    .enumerate()
                    .take(1 + (d as usize % 3))
                {
                    let at = day + chrono::Duration::hours(i as i64 * 3);
                    let mut e = EventInput::new(at, kind, "Write the report");
                    e.thought = Some("not good enough yet".into());
                    store.log_event(e, &clock).expect("log");
                }
            }
            if d % 4 != 3 && !(49..63).contains(&d) {
                let mut c = Checkin::new(day.date_naive(), 1 + (d.rem_euclid(5)) as u8);
                c.mood = Some(3);
                store.save_checkin(c, &clock).expect("check-in");
            }
        }
        let a = analyze(&store, &AnalyzeOptions::default(), &clock).expect("analysis");
        let view = trends(&store, &a).expect("view");
        assert_eq!(view, reference(&store, &a));
        assert_eq!(view.weeks.len(), a.trend.len());
        assert!(view.weeks.iter().any(|w| w.checkins == 0));
        assert!(view.weeks.iter().filter(|w| w.checkins >= 5).count() > 10);

        // Cut to four weeks: the last weeks from the one before the range's first day's week,
        // with their costs; the rest as it was.
        let today = a.window.to;
        let cut = view.clone().within(Range::FourWeeks, today);
        let first = today - Duration::days(27);
        let kept = view.weeks.len() - cut.weeks.len();
        assert_eq!(cut.weeks, view.weeks[kept..]);
        assert!(cut.weeks[0].monday <= first - Duration::days(7));
        assert!(cut.weeks[0].monday > first - Duration::days(14));
        assert!((5..=7).contains(&cut.weeks.len()), "{}", cut.weeks.len());
        for (c, whole) in cut.costs.iter().zip(&view.costs) {
            let weeks: Vec<&str> = cut.weeks.iter().map(|w| w.week.as_str()).collect();
            assert!(c.weekly.iter().all(|l| weeks.contains(&l.week.as_str())));
            assert_eq!(
                c.weekly,
                whole.weekly[whole.weekly.len() - c.weekly.len()..]
            );
            assert_eq!((&c.sentence, c.level), (&whole.sentence, whole.level));
        }
        assert!(cut.costs.iter().any(|c| !c.weekly.is_empty()));
        assert_eq!((&cut.shifts, &cut.pathways), (&view.shifts, &view.pathways));
        assert_eq!(view.clone().within(Range::All, today), view);
    }
}

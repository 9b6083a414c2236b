//! The Realign view: the three steps of realignment — name the constraint, reframe it,
//! redesign the execution pathway — and whether each pathway changed the breaks on its slice
//! since it started. Removing a pathway takes the reminders that carry it (a cascade in the
//! schema), so [`remove_pathway`] returns them for the undo.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::analysis::AnalysisState;
use super::session::Session;
use super::{statement_of, AppError};
use crate::analyze::costs::pathway_words;
use crate::analyze::{Analysis, BeliefTier, PathwayCosts, PathwayStatus, PeriodRate};
use crate::catalog;
use crate::domain::{Belief, Pathway, PathwayInput, VerdictKind};
use crate::reminders::{Purpose, Reminder};
use crate::store::{Store, StoreError};

/// What the Realign view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RealignView {
    /// Every belief, those the person confirmed first, then those the analysis links (most
    /// probable first), then the rest of the catalog and the person's own.
    pub beliefs: Vec<BeliefChoice>,
    /// Every pathway, most recently started first, with its effect so far.
    pub pathways: Vec<PathwayView>,
    /// Today, the default start of a new pathway.
    pub today: NaiveDate,
    /// The belief a new pathway's form starts on: the first the person confirmed or the
    /// analysis links; `None` without such evidence, so nothing is chosen for the person.
    pub preselect: Option<String>,
}

/// A belief a pathway can answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeliefChoice {
    pub id: String,
    pub statement: String,
    pub description: String,
    /// `confirmed` (by the person), `probable` (linked by the analysis) or `other`.
    pub standing: String,
    /// The link's confidence and tier when the analysis links it.
    pub confidence: Option<f64>,
    pub tier: Option<BeliefTier>,
    /// A reframe to start from (catalog beliefs).
    pub suggested_reframe: Option<String>,
}

/// A pathway with its belief's statement, its effect and the reminders that carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathwayView {
    pub pathway: Pathway,
    pub statement: String,
    /// Days since it started (0 on its first day; negative before it starts).
    pub days_running: i64,
    /// `too_early`, `improved`, `no_change` or `worse`.
    pub status: PathwayStatus,
    /// The break rate on its slice before it started and since, with the counts behind them.
    pub before: Option<Period>,
    pub since: Option<Period>,
    /// The costs on its work before it started and since, and whether they fell, in words.
    pub costs: Option<PathwayCosts>,
    pub costs_words: String,
    pub reminders: Vec<Reminder>,
}

/// A break rate over a period, its 95 % interval and the counts behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    pub break_rate: f64,
    pub ci: [f64; 2],
    pub breaks: usize,
    pub events: usize,
}

impl From<&PeriodRate> for Period {
    fn from(p: &PeriodRate) -> Period {
        Period {
            break_rate: p.break_rate,
            ci: p.ci,
            breaks: p.breaks,
            events: p.support,
        }
    }
}

impl RealignView {
    pub fn new(
        a: &Analysis,
        beliefs: &[Belief],
        pathways: Vec<Pathway>,
        reminders: &[Reminder],
        today: NaiveDate,
    ) -> Self {
        let link = |id: &str| a.beliefs.iter().find(|l| l.belief_id == id);
        let mut choices: Vec<(u8, f64, usize, BeliefChoice)> = beliefs
            .iter()
            .enumerate()
            .map(|(order, b)| {
                let l = link(&b.id);
                let (rank, standing) = match l {
                    Some(l) if l.verdict == Some(VerdictKind::Confirmed) => (0, "confirmed"),
                    Some(_) => (1, "probable"),
                    None => (2, "other"),
                };
                (
                    rank,
                    l.map_or(0.0, |l| l.confidence),
                    order,
                    BeliefChoice {
                        id: b.id.clone(),
                        statement: b.statement.clone(),
                        description: b.description.clone(),
                        standing: standing.to_string(),
                        confidence: l.map(|l| l.confidence),
                        tier: l.map(|l| l.tier),
                        suggested_reframe: catalog::suggested_reframe(&b.id).map(str::to_string),
                    },
                )
            })
            .collect();
        choices.sort_by(|x, y| {
            x.0.cmp(&y.0)
                .then_with(|| y.1.total_cmp(&x.1))
                .then_with(|| x.2.cmp(&y.2))
        });
        let mut pathways: Vec<PathwayView> = pathways
            .into_iter()
            .map(|p| {
                let effect = a.pathways.iter().find(|e| e.pathway_id == p.id);
                PathwayView {
                    statement: statement_of(beliefs, &p.belief_id),
                    days_running: (today - p.started_on).num_days(),
                    status: effect.map_or(PathwayStatus::TooEarly, |e| e.status),
                    before: effect.and_then(|e| e.before.as_ref()).map(Period::from),
                    since: effect.and_then(|e| e.after.as_ref()).map(Period::from),
                    costs: effect.map(|e| e.costs.clone()),
                    costs_words: effect.map_or_else(String::new, |e| pathway_words(&e.costs)),
                    reminders: reminders
                        .iter()
                        .filter(|r| r.pathway_id.as_deref() == Some(p.id.as_str()))
                        .cloned()
                        .collect(),
                    pathway: p,
                }
            })
            .collect();
        pathways.sort_by(|x, y| {
            y.pathway
                .started_on
                .cmp(&x.pathway.started_on)
                .then_with(|| x.pathway.id.cmp(&y.pathway.id))
        });
        let beliefs: Vec<BeliefChoice> = choices.into_iter().map(|c| c.3).collect();
        RealignView {
            preselect: beliefs
                .iter()
                .find(|b| b.standing != "other")
                .map(|b| b.id.clone()),
            beliefs,
            pathways,
            today,
        }
    }
}

/// The Realign view of an analysis, with the pathways and reminders it needs from the store.
pub fn realign(
    store: &Store,
    a: &Analysis,
    beliefs: &[Belief],
    today: NaiveDate,
) -> Result<RealignView, StoreError> {
    Ok(RealignView::new(
        a,
        beliefs,
        store.pathways()?,
        &store.reminders()?,
        today,
    ))
}

/// The Realign view of the session's journal as it is now (a fresh analysis, on today's date).
pub fn realign_in(session: &Session, analysis: &AnalysisState) -> Result<RealignView, AppError> {
    let (a, beliefs) = analysis.analyse(session)?;
    let today = session.today();
    Ok(realign(&*session.open_journal()?, &a, &beliefs, today)?)
}

/// [`save_pathway`] in the session's journal; the Realign view afterwards.
pub fn save_pathway_in(
    session: &Session,
    analysis: &AnalysisState,
    id: Option<&str>,
    input: PathwayInput,
) -> Result<RealignView, AppError> {
    save_pathway(&mut *session.open_journal()?, id, input)?;
    realign_in(session, analysis)
}

/// [`remove_pathway`] in the session's journal, with the Realign view afterwards.
pub fn remove_pathway_in(
    session: &Session,
    analysis: &AnalysisState,
    id: &str,
) -> Result<Removed, AppError> {
    let (pathway, reminders) = remove_pathway(&mut *session.open_journal()?, id)?;
    let view = realign_in(session, analysis)?;
    Ok(Removed {
        pathway,
        reminders,
        view,
    })
}

/// Puts back a removed pathway with its reminders ([`Store::restore_pathway`]); the Realign
/// view afterwards.
pub fn restore_pathway_in(
    session: &Session,
    analysis: &AnalysisState,
    pathway: &Pathway,
    reminders: &[Reminder],
) -> Result<RealignView, AppError> {
    session
        .open_journal()?
        .restore_pathway(pathway, reminders, session.clock())?;
    realign_in(session, analysis)
}

/// Starts a pathway (`id` absent or blank) or changes pathway `id`.
pub fn save_pathway(
    store: &mut Store,
    id: Option<&str>,
    input: PathwayInput,
) -> Result<Pathway, StoreError> {
    match id.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => store.update_pathway(id, input),
        None => store.add_pathway(input),
    }
}

/// What a removal took with it, for the undo, and the view afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    pub pathway: Pathway,
    pub reminders: Vec<Reminder>,
    pub view: RealignView,
}

/// Removes a pathway and the reminders that carry it; returns both, for the undo
/// ([`Store::restore_pathway`] puts them back in one transaction).
pub fn remove_pathway(store: &mut Store, id: &str) -> Result<(Pathway, Vec<Reminder>), StoreError> {
    let reminders: Vec<Reminder> = store
        .reminders()?
        .into_iter()
        .filter(|r| r.purpose == Purpose::Pathway && r.pathway_id.as_deref() == Some(id))
        .collect();
    Ok((store.delete_pathway(id)?, reminders))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(step: &str) -> PathwayInput {
        PathwayInput {
            belief_id: "visibility_risk".into(),
            reframe: None,
            next_action: Some(step.into()),
            cycle: None,
            if_then: None,
            started_on: "2026-11-20".parse().expect("date"),
        }
    }

    #[test]
    fn a_pathway_saved_removed_and_put_back_through_the_session_shows_in_the_view() {
        use crate::clock::FixedClock;
        use crate::reminders::{ReminderInput, TimeOfDay};
        let now = crate::domain::parse_instant("2026-11-24T21:00:00+01:00").expect("now");
        let clock = FixedClock(now);
        let mut store = Store::open_in_memory().expect("journal");
        crate::demo::fill(&mut store, 30, 7, now.date_naive(), &clock).expect("filled");
        let session = Session::fixed(store, clock);
        let analysis = AnalysisState::new();
        let before = realign_in(&session, &analysis)
            .expect("view")
            .pathways
            .len();
        let view =
            save_pathway_in(&session, &analysis, None, input("Post the draft")).expect("started");
        assert_eq!(view.pathways.len(), before + 1);
        let started = view
            .pathways
            .iter()
            .find(|p| p.pathway.next_action.as_deref() == Some("Post the draft"))
            .expect("the new pathway")
            .pathway
            .clone();
        let mut r = ReminderInput::new(TimeOfDay::new(8, 0).expect("time"), Purpose::Pathway);
        r.pathway_id = Some(started.id.clone());
        session
            .store()
            .expect("open")
            .add_reminder(r, session.clock())
            .expect("reminder");
        let removed = remove_pathway_in(&session, &analysis, &started.id).expect("removed");
        assert_eq!(removed.pathway.id, started.id);
        assert_eq!(removed.reminders.len(), 1, "its reminder went with it");
        assert_eq!(removed.view.pathways.len(), before);
        let back = restore_pathway_in(&session, &analysis, &removed.pathway, &removed.reminders)
            .expect("put back");
        let shown = back.pathways.iter().find(|p| p.pathway.id == started.id);
        assert_eq!(shown.map(|p| p.reminders.len()), Some(1));
    }

    #[test]
    fn a_pathway_without_an_id_starts_and_one_with_an_id_changes() {
        let mut store = Store::open_in_memory().expect("journal");
        let started = save_pathway(&mut store, Some("  "), input("Post the draft")).expect("new");
        let changed = save_pathway(&mut store, Some(&started.id), input("Post one paragraph"))
            .expect("changed");
        assert_eq!(changed.id, started.id);
        let all = store.pathways().expect("pathways");
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].next_action.as_deref(), Some("Post one paragraph"));
        let err = save_pathway(&mut store, Some("no-such-id"), input("x")).expect_err("unknown");
        assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    }
}

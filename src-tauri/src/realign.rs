//! The commands behind Realign: the three steps of realignment — name the constraint, reframe
//! it, redesign the execution pathway — and whether each pathway changed the breaks on its
//! slice since it started.
//!
//! Like Insights, everything here that needs the analysis runs on a blocking worker with the
//! shared analyzer; the journal is locked only to read what changed and to write.

use plumbline_core::analyze::costs::pathway_words;
use plumbline_core::analyze::{Analysis, BeliefTier, PathwayCosts, PathwayStatus, PeriodRate};
use plumbline_core::catalog;
use plumbline_core::domain::{parse_date, Belief, Invalid, Pathway, PathwayInput, VerdictKind};
use plumbline_core::reminders::{Purpose, Reminder};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};

use crate::commands::{statement_of, AppState, CommandError};
use crate::insights::{analyse, off_ui, AnalysisState};
use crate::reminders::Reminders;

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// What the Realign view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RealignView {
    /// Every belief, those the person confirmed first, then those the analysis links (most
    /// probable first), then the rest of the catalog and the person's own.
    pub beliefs: Vec<BeliefChoice>,
    /// Every pathway, most recently started first, with its effect so far.
    pub pathways: Vec<PathwayView>,
    /// Today, the default start of a new pathway.
    pub today: chrono::NaiveDate,
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

impl Period {
    fn new(p: &PeriodRate, breaks: usize) -> Period {
        Period {
            break_rate: p.break_rate,
            ci: p.ci,
            breaks,
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
        today: chrono::NaiveDate,
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
                let at = a.pathways.iter().position(|e| e.pathway_id == p.id);
                let effect = at.map(|i| &a.pathways[i]);
                let (bb, ba) = at
                    .and_then(|i| a.detail.pathway_breaks.get(i).copied())
                    .unwrap_or_default();
                PathwayView {
                    statement: statement_of(beliefs, &p.belief_id),
                    days_running: (today - p.started_on).num_days(),
                    status: effect.map_or(PathwayStatus::TooEarly, |e| e.status),
                    before: effect
                        .and_then(|e| e.before.as_ref())
                        .map(|r| Period::new(r, bb)),
                    since: effect
                        .and_then(|e| e.after.as_ref())
                        .map(|r| Period::new(r, ba)),
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
        RealignView {
            beliefs: choices.into_iter().map(|c| c.3).collect(),
            pathways,
            today,
        }
    }
}

fn view(state: &AppState, analysis: &AnalysisState) -> Result<RealignView> {
    let (a, beliefs) = analyse(state, analysis)?;
    let (pathways, reminders) = {
        let store = state.store()?;
        (store.pathways()?, store.reminders()?)
    };
    Ok(RealignView::new(
        &a,
        &beliefs,
        pathways,
        &reminders,
        state.now().date_naive(),
    ))
}

#[tauri::command]
pub async fn realign<R: Runtime>(app: AppHandle<R>) -> Result<RealignView> {
    off_ui(app, view).await
}

/// A pathway as the Realign form sends it.
#[derive(Debug, Clone, Deserialize)]
pub struct PathwayForm {
    pub belief_id: String,
    #[serde(default)]
    pub reframe: Option<String>,
    #[serde(default)]
    pub next_action: Option<String>,
    #[serde(default)]
    pub cycle: Option<String>,
    #[serde(default)]
    pub if_then: Option<String>,
    /// `YYYY-MM-DD`.
    pub started_on: String,
}

impl PathwayForm {
    fn into_input(self) -> Result<PathwayInput> {
        let started_on = parse_date(self.started_on.trim()).map_err(|_| {
            Invalid::new(
                "started_on",
                format!(
                    "{:?} is not a date; write it as YYYY-MM-DD",
                    self.started_on.trim()
                ),
            )
        })?;
        Ok(PathwayInput {
            belief_id: self.belief_id,
            reframe: self.reframe,
            next_action: self.next_action,
            cycle: self.cycle,
            if_then: self.if_then,
            started_on,
        })
    }
}

/// Starts a pathway (`id` absent) or changes one, and returns the updated view.
#[tauri::command]
pub async fn save_pathway<R: Runtime>(
    app: AppHandle<R>,
    id: Option<String>,
    input: PathwayForm,
) -> Result<RealignView> {
    let input = input.into_input()?;
    off_ui(app, move |state, analysis| {
        {
            let mut store = state.store()?;
            match id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(id) => store.update_pathway(id, input)?,
                None => store.add_pathway(input)?,
            };
        }
        view(state, analysis)
    })
    .await
}

/// What a removal took with it, for the undo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    pub pathway: Pathway,
    pub reminders: Vec<Reminder>,
    pub view: RealignView,
}

/// Removes a pathway and the reminders that carry it.
#[tauri::command]
pub async fn remove_pathway<R: Runtime>(app: AppHandle<R>, id: String) -> Result<Removed> {
    let timer = app.clone();
    let removed = off_ui(app, move |state, analysis| {
        let (pathway, reminders) = {
            let mut store = state.store()?;
            let reminders: Vec<Reminder> = store
                .reminders()?
                .into_iter()
                .filter(|r| r.purpose == Purpose::Pathway && r.pathway_id.as_deref() == Some(&id))
                .collect();
            (store.delete_pathway(&id)?, reminders)
        };
        Ok(Removed {
            pathway,
            reminders,
            view: view(state, analysis)?,
        })
    })
    .await?;
    rearm(&timer);
    Ok(removed)
}

/// The reminder timer looks at the reminders again (some went or came back).
fn rearm<R: Runtime>(app: &AppHandle<R>) {
    if let Some(r) = app.try_state::<Reminders>() {
        r.rearm();
    }
}

/// Puts back a removed pathway with its reminders.
#[tauri::command]
pub async fn restore_pathway<R: Runtime>(
    app: AppHandle<R>,
    pathway: Pathway,
    reminders: Vec<Reminder>,
) -> Result<RealignView> {
    let timer = app.clone();
    let restored = off_ui(app, move |state, analysis| {
        state
            .store()?
            .restore_pathway(&pathway, &reminders, state.clock())?;
        view(state, analysis)
    })
    .await?;
    rearm(&timer);
    Ok(restored)
}

//! The Today view: one local date's events, check-in, reflection prompt, answered prompts and
//! the running pathways' next steps. It reads only that day's rows (through the `day` index)
//! and never the analysis, so it stays fast however long the journal is.

use chrono::{FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::forms::optional_date;
use super::refusal::Refusal;
use super::reminders::day_prompt;
use super::session::Session;
use super::statement_of;
use crate::domain::{Checkin, Event, Prompt, Reflection};
use crate::store::{Query, Store, StoreError};

/// Everything the Today view shows for one local date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodayView {
    pub date: NaiveDate,
    pub events: Vec<Event>,
    pub checkin: Option<Checkin>,
    /// The day's reflection prompt: the one a reflection reminder would carry at the start of
    /// the day from the journal alone (see [`day_prompt`]), so it never repeats within a week.
    pub prompt: Option<Prompt>,
    /// Reflections written that day that answer a prompt.
    pub reflections: Vec<Reflection>,
    /// The pathways running on that day (started on it or before), most recent first: their
    /// next step is what Today keeps in view.
    pub pathways: Vec<TodayPathway>,
}

/// A running pathway as Today shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodayPathway {
    pub id: String,
    pub next_action: Option<String>,
    pub cycle: Option<String>,
    pub if_then: Option<String>,
    /// The statement of the belief it answers.
    pub statement: String,
}

/// The Today view of the date the window names (`YYYY-MM-DD`; today in the session when it
/// names none), placed by the session's offset now.
pub fn today_in(session: &Session, date: Option<&str>) -> Result<TodayView, Refusal> {
    let date = optional_date("date", date)?.unwrap_or_else(|| session.today());
    let offset = *session.now().offset();
    Ok(today(&*session.store()?, date, offset)?)
}

/// The Today view of `date`; `offset` is the person's UTC offset now, which places the start
/// of the day the prompt is chosen at.
pub fn today(store: &Store, date: NaiveDate, offset: FixedOffset) -> Result<TodayView, StoreError> {
    let day = Query::on(date);
    let events = store.events(&day)?;
    let checkin = store.checkin(date)?;
    let prompt = match day_prompt(store, date, offset)? {
        Some(chosen) => store
            .prompts(None)?
            .into_iter()
            .find(|p| p.id == chosen.id)
            .map(|p| Prompt {
                text: chosen.text,
                ..p
            }),
        None => None,
    };
    let reflections = store
        .reflections(&day)?
        .into_iter()
        .filter(|r| r.prompt_id.is_some())
        .collect();
    let mut running: Vec<_> = store
        .pathways()?
        .into_iter()
        .filter(|p| p.started_on <= date)
        .collect();
    running.sort_by(|a, b| b.started_on.cmp(&a.started_on).then(a.id.cmp(&b.id)));
    let beliefs = if running.is_empty() {
        Vec::new()
    } else {
        store.beliefs()?
    };
    let pathways = running
        .into_iter()
        .map(|p| TodayPathway {
            statement: statement_of(&beliefs, &p.belief_id),
            id: p.id,
            next_action: p.next_action,
            cycle: p.cycle,
            if_then: p.if_then,
        })
        .collect();
    Ok(TodayView {
        date,
        events,
        checkin,
        prompt,
        reflections,
        pathways,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{parse_instant, EventInput, Kind};

    #[test]
    fn the_window_s_date_is_read_or_today_is_taken() {
        let now = parse_instant("2026-11-24T09:00:00+01:00").expect("now");
        let clock = FixedClock(now);
        let mut store = Store::open_in_memory().expect("journal");
        let at = parse_instant("2026-11-20T18:00:00+01:00").expect("at");
        store
            .log_event(EventInput::new(at, Kind::Avoided, "Call the bank"), &clock)
            .expect("logged");
        let session = Session::fixed(store, clock);
        let now_view = today_in(&session, None).expect("today");
        assert_eq!(now_view.date.to_string(), "2026-11-24");
        assert_eq!(
            today_in(&session, Some("  ")).expect("blank").date,
            now_view.date
        );
        let past = today_in(&session, Some("2026-11-20")).expect("a past day");
        assert_eq!(past.events.len(), 1);
        let bad = today_in(&session, Some("20/11/2026")).expect_err("refused");
        assert_eq!(bad.field.as_deref(), Some("date"));
    }
}

//! The commands the Today view calls. Each one is thin: it parses what the window sent (local
//! wall-clock times, form numbers), calls the core store, and turns a refusal into a
//! [`CommandError`] the window shows next to the field it names.

use std::sync::{Mutex, MutexGuard};

use chrono::{
    Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
};
use plumbline_core::domain::{
    parse_date, split_tags, validate_scale, Checkin, Event, EventInput, Instant, Invalid, Kind,
    Layer, Prompt, Reflection, ReflectionInput,
};
use plumbline_core::store::{Query, Suggest};
use plumbline_core::{Clock, Store, StoreError};
use serde::{Deserialize, Serialize};
use tauri::State;

/// How many suggestions a field's list shows at most.
const SUGGESTION_LIMIT: usize = 8;

/// Where wall-clock times typed in the window are placed in time.
#[derive(Debug, Clone, Copy)]
enum Zone {
    /// The system's local time zone (or `TZ`), with its daylight-saving rules.
    System,
    /// One fixed offset, for tests.
    Fixed(FixedOffset),
}

/// What every command shares: the open journal and the clock.
pub struct AppState {
    store: Mutex<Store>,
    clock: Box<dyn Clock>,
    zone: Zone,
}

impl AppState {
    /// The running app: system clock, system time zone.
    pub fn new(store: Store, clock: Box<dyn Clock>) -> Self {
        Self {
            store: Mutex::new(store),
            clock,
            zone: Zone::System,
        }
    }

    /// A fixed clock whose offset also places typed wall-clock times (tests).
    pub fn fixed(store: Store, clock: plumbline_core::FixedClock) -> Self {
        let offset = *clock.0.offset();
        Self {
            store: Mutex::new(store),
            clock: Box::new(clock),
            zone: Zone::Fixed(offset),
        }
    }

    /// The open journal, for the shell's other modules (never held across a wait).
    pub fn store(&self) -> Result<MutexGuard<'_, Store>, CommandError> {
        self.store.lock().map_err(|_| CommandError {
            message: "The journal is unavailable after an earlier failure; restart Plumbline."
                .into(),
            field: None,
        })
    }

    /// Now, from the app's clock.
    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    /// The app's clock.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The instant of a local wall-clock date and time (see [`place`]).
    fn instant(&self, naive: NaiveDateTime) -> Instant {
        let placed = match self.zone {
            Zone::Fixed(offset) => place(&offset, naive),
            Zone::System => place(&chrono::Local, naive),
        };
        placed.unwrap_or_else(|| {
            let offset = self.clock.now().offset().fix();
            offset.from_utc_datetime(&(naive - offset))
        })
    }
}

/// Places a wall-clock date and time in a time zone. A time that occurs twice (the hour the
/// clocks go back) is the first occurrence; a time that does not exist (the hour they go
/// forward) is read with the offset in force before the change, which lands just after it.
pub fn place<Tz: TimeZone>(tz: &Tz, naive: NaiveDateTime) -> Option<Instant> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(t.fixed_offset()),
        LocalResult::Ambiguous(first, _) => Some(first.fixed_offset()),
        LocalResult::None => {
            let before = tz
                .from_local_datetime(&(naive - chrono::Duration::hours(3)))
                .earliest()?
                .offset()
                .fix();
            Some(tz.from_utc_datetime(&(naive - before)).fixed_offset())
        }
    }
}

/// A refusal the window can show: one plain sentence, and the form field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub message: String,
    pub field: Option<String>,
}

impl From<Invalid> for CommandError {
    fn from(inv: Invalid) -> Self {
        // `tags[3]` is shown next to the tags field.
        let field = inv
            .field
            .split('[')
            .next()
            .unwrap_or(&inv.field)
            .to_string();
        let label = field_label(&field);
        let reason = inv.reason.trim_end_matches('.');
        let verb = ["is ", "has ", "contains ", "needs "]
            .iter()
            .any(|v| reason.starts_with(v));
        CommandError {
            message: if verb {
                format!("{label} {reason}.")
            } else {
                format!("{label}: {reason}.")
            },
            field: Some(field),
        }
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(inv) => inv.into(),
            other => CommandError {
                message: other.to_string(),
                field: None,
            },
        }
    }
}

/// The words the form uses for a field.
fn field_label(field: &str) -> String {
    match field {
        "at" | "time" => "Time".into(),
        "planned_at" | "planned" => "Planned time".into(),
        "delay_minutes" => "Delay".into(),
        "prompt_id" => "Prompt".into(),
        "quiet_start" => "Quiet hours start".into(),
        "quiet_end" => "Quiet hours end".into(),
        "backup_keep" => "Daily backups to keep".into(),
        "belief_id" => "Belief".into(),
        "if_then" => "If–then plan".into(),
        "started_on" => "Start date".into(),
        other => {
            let mut s = other.replace('_', " ");
            if let Some(first) = s.get(..1) {
                let upper = first.to_uppercase();
                s.replace_range(..1, &upper);
            }
            s
        }
    }
}

type Result<T, E = CommandError> = std::result::Result<T, E>;

/// A belief's statement for the person to read; its id when the journal no longer knows it.
pub(crate) fn statement_of(beliefs: &[plumbline_core::domain::Belief], id: &str) -> String {
    beliefs
        .iter()
        .find(|b| b.id == id)
        .map_or_else(|| id.to_string(), |b| b.statement.clone())
}

// ---------------------------------------------------------------------------------------------
// Today

/// Everything the Today view shows for one local date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodayView {
    pub date: NaiveDate,
    pub events: Vec<Event>,
    pub checkin: Option<Checkin>,
    /// The day's reflection prompt (built-in, rotating by date across the three layers).
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

/// The built-in prompt for a date: the layer rotates day by day (belief, thinking, execution),
/// and within a layer the prompts take turns, so the same date always gets the same prompt.
pub fn prompt_for(date: NaiveDate, prompts: &[Prompt]) -> Option<Prompt> {
    let day = i64::from(date.num_days_from_ce());
    let layer = Layer::ALL[usize::try_from(day.rem_euclid(3)).unwrap_or(0)];
    let of_layer: Vec<&Prompt> = prompts
        .iter()
        .filter(|p| p.builtin && p.layer == layer)
        .collect();
    let pool: Vec<&Prompt> = if of_layer.is_empty() {
        prompts.iter().filter(|p| p.builtin).collect()
    } else {
        of_layer
    };
    if pool.is_empty() {
        return None;
    }
    let turn = usize::try_from(day.div_euclid(3)).unwrap_or(0) % pool.len();
    Some(pool[turn].clone())
}

fn parse_day(field: &str, s: &str) -> Result<NaiveDate> {
    parse_date(s).map_err(|reason| Invalid::new(field, reason).into())
}

#[tauri::command]
pub fn today(state: State<'_, AppState>, date: Option<String>) -> Result<TodayView> {
    let date = match date.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => parse_day("date", s)?,
        _ => state.clock.today(),
    };
    let store = state.store()?;
    let day = Query {
        since: Some(date),
        until: Some(date),
        ..Query::default()
    };
    let events = store.events(&day)?;
    let checkin = store.checkin(date)?;
    let prompt = prompt_for(date, &store.prompts(None)?);
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

// ---------------------------------------------------------------------------------------------
// Events

/// An event as the quick-log form sends it: local wall-clock times and form numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub kind: String,
    pub task: String,
    /// `YYYY-MM-DD`; today when empty.
    pub date: Option<String>,
    /// `HH:MM`; now when empty (and the date is today).
    pub time: Option<String>,
    /// `HH:MM` on the same date.
    pub planned: Option<String>,
    pub delay_minutes: Option<f64>,
    /// 0–100.
    pub progress_percent: Option<f64>,
    pub domain: Option<String>,
    pub thought: Option<String>,
    pub emotion: Option<String>,
    pub friction: Option<f64>,
    /// Comma-separated.
    pub tags: String,
    pub note: Option<String>,
}

fn parse_time(field: &str, s: &str) -> Result<NaiveTime> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .map_err(|_| {
            Invalid::new(
                field,
                format!("{s:?} is not a time of the form HH:MM (e.g. 09:40)"),
            )
            .into()
        })
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A whole number typed in a form field.
fn whole(field: &str, v: f64) -> Result<i64> {
    if !v.is_finite() || v.fract() != 0.0 {
        return Err(Invalid::new(field, format!("{v} is not a whole number")).into());
    }
    if v.abs() > 1e12 {
        return Err(Invalid::new(field, format!("{v} is far too large")).into());
    }
    // In range and whole: the conversion is exact.
    Ok(v as i64)
}

fn scale(field: &str, v: Option<f64>) -> Result<Option<u8>> {
    match v {
        None => Ok(None),
        Some(v) => {
            let n = whole(field, v)?;
            validate_scale(field, n)?;
            Ok(u8::try_from(n).ok())
        }
    }
}

impl EventForm {
    fn into_input(self, state: &AppState) -> Result<EventInput> {
        let kind: Kind = self
            .kind
            .parse()
            .map_err(|reason: String| CommandError::from(Invalid::new("kind", reason)))?;
        let now = state.clock.now();
        let date = match non_empty(&self.date) {
            Some(s) => parse_day("date", s)?,
            None => state.clock.today(),
        };
        let at = match non_empty(&self.time) {
            Some(s) => state.instant(date.and_time(parse_time("time", s)?)),
            None if date == now.date_naive() => now,
            None => return Err(Invalid::new("time", "is needed for a day other than today").into()),
        };
        let planned_at = match non_empty(&self.planned) {
            Some(s) => Some(state.instant(date.and_time(parse_time("planned", s)?))),
            None => None,
        };
        let delay_minutes = match self.delay_minutes {
            None => None,
            Some(v) => {
                let n = whole("delay_minutes", v)?;
                if n < 0 {
                    return Err(Invalid::new(
                        "delay_minutes",
                        format!("{n} is negative; write how many minutes the start slipped"),
                    )
                    .into());
                }
                Some(u32::try_from(n).unwrap_or(u32::MAX))
            }
        };
        let progress = match self.progress_percent {
            None => None,
            Some(p) if p.is_finite() && (0.0..=100.0).contains(&p) => Some(p / 100.0),
            Some(p) => {
                return Err(Invalid::new("progress", format!("{p}% is out of range 0–100%")).into())
            }
        };
        Ok(EventInput {
            at,
            kind,
            task: self.task,
            domain: self.domain,
            planned_at,
            delay_minutes,
            progress,
            thought: self.thought,
            emotion: self.emotion,
            friction: scale("friction", self.friction)?,
            tags: split_tags(&self.tags),
            note: self.note,
        })
    }
}

#[tauri::command]
pub fn log_event(state: State<'_, AppState>, input: EventForm) -> Result<Event> {
    let input = input.into_input(&state)?;
    let mut store = state.store()?;
    Ok(store.log_event(input, state.clock.as_ref())?)
}

#[tauri::command]
pub fn edit_event(state: State<'_, AppState>, id: String, input: EventForm) -> Result<Event> {
    let input = input.into_input(&state)?;
    let mut store = state.store()?;
    Ok(store.edit_event(&id, input, state.clock.as_ref())?)
}

#[tauri::command]
pub fn delete_event(state: State<'_, AppState>, id: String) -> Result<Event> {
    let mut store = state.store()?;
    Ok(store.delete_event(&id)?)
}

#[tauri::command]
pub fn undo_delete(state: State<'_, AppState>, event: Event) -> Result<Event> {
    let mut store = state.store()?;
    store.restore_event(&event, state.clock.as_ref())?;
    Ok(event)
}

// ---------------------------------------------------------------------------------------------
// Check-in and reflections

/// The check-in as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckinForm {
    /// `YYYY-MM-DD`; today when empty.
    pub date: Option<String>,
    pub alignment: Option<f64>,
    pub energy: Option<f64>,
    pub mood: Option<f64>,
    pub note: Option<String>,
    /// Comma-separated.
    pub tags: String,
}

#[tauri::command]
pub fn save_checkin(state: State<'_, AppState>, checkin: CheckinForm) -> Result<Checkin> {
    let date = match non_empty(&checkin.date) {
        Some(s) => parse_day("date", s)?,
        None => state.clock.today(),
    };
    let Some(alignment) = scale("alignment", checkin.alignment)? else {
        return Err(Invalid::new(
            "alignment",
            "is needed; pick 1 (enforcement) to 5 (continuation)",
        )
        .into());
    };
    let c = Checkin {
        date,
        alignment,
        energy: scale("energy", checkin.energy)?,
        mood: scale("mood", checkin.mood)?,
        note: checkin.note,
        tags: split_tags(&checkin.tags),
        source: None,
    };
    let mut store = state.store()?;
    Ok(store.save_checkin(c, state.clock.as_ref())?)
}

/// A reflection as the prompt's answer field sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReflectionForm {
    pub text: String,
    pub prompt_id: Option<String>,
    pub title: Option<String>,
    pub mood: Option<f64>,
    /// Comma-separated.
    pub tags: String,
}

#[tauri::command]
pub fn add_reflection(state: State<'_, AppState>, input: ReflectionForm) -> Result<Reflection> {
    let r = ReflectionInput {
        at: state.clock.now(),
        prompt_id: input.prompt_id,
        title: input.title,
        text: input.text,
        mood: scale("mood", input.mood)?,
        tags: split_tags(&input.tags),
        starred: false,
    };
    let mut store = state.store()?;
    Ok(store.add_reflection(r, state.clock.as_ref())?)
}

// ---------------------------------------------------------------------------------------------
// Suggestions

#[tauri::command]
pub fn suggestions(
    state: State<'_, AppState>,
    what: String,
    prefix: String,
) -> Result<Vec<String>> {
    let what = match what.as_str() {
        "task" => Suggest::Task,
        "domain" => Suggest::Domain,
        "tag" | "tags" => Suggest::Tag,
        "emotion" => Suggest::Emotion,
        other => {
            return Err(Invalid::new(
                "what",
                format!("{other:?} has no suggestions; use task, domain, tag or emotion"),
            )
            .into())
        }
    };
    let store = state.store()?;
    Ok(store.suggestions(what, prefix.trim(), SUGGESTION_LIMIT)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(id: &str, layer: Layer) -> Prompt {
        Prompt {
            id: id.into(),
            layer,
            text: id.into(),
            builtin: true,
        }
    }

    #[test]
    fn prompts_rotate_by_date_across_layers() {
        let prompts = vec![
            prompt("b1", Layer::Belief),
            prompt("b2", Layer::Belief),
            prompt("t1", Layer::Thinking),
            prompt("e1", Layer::Execution),
            Prompt {
                builtin: false,
                ..prompt("custom:mine", Layer::Thinking)
            },
        ];
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let layers: Vec<Layer> = (0..3)
            .map(|i| {
                prompt_for(d + chrono::Days::new(i), &prompts)
                    .expect("a prompt")
                    .layer
            })
            .collect();
        assert_eq!(layers.len(), 3);
        assert!(Layer::ALL.iter().all(|l| layers.contains(l)));
        // The same date always gets the same prompt; custom prompts are not rotated in.
        for i in 0..12 {
            let day = d + chrono::Days::new(i);
            let p = prompt_for(day, &prompts).expect("a prompt");
            assert_eq!(Some(&p), prompt_for(day, &prompts).as_ref());
            assert!(p.builtin);
        }
        // Both belief prompts take turns.
        let beliefs: std::collections::BTreeSet<String> = (0..12)
            .map(|i| prompt_for(d + chrono::Days::new(i), &prompts).expect("a prompt"))
            .filter(|p| p.layer == Layer::Belief)
            .map(|p| p.id)
            .collect();
        assert_eq!(beliefs.len(), 2);
        assert_eq!(prompt_for(d, &[]), None);
    }

    #[test]
    fn wall_clock_times_are_placed_across_daylight_saving_changes() {
        let berlin = chrono_tz::Europe::Berlin;
        let at =
            |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("naive date-time");
        let placed = |s: &str| place(&berlin, at(s)).map(|i| i.to_rfc3339());
        assert_eq!(
            placed("2026-11-20 09:40").as_deref(),
            Some("2026-11-20T09:40:00+01:00")
        );
        assert_eq!(
            placed("2026-07-01 09:40").as_deref(),
            Some("2026-07-01T09:40:00+02:00")
        );
        // 02:30 does not exist on 29 March 2026: it lands just after the gap.
        assert_eq!(
            placed("2026-03-29 02:30").as_deref(),
            Some("2026-03-29T03:30:00+02:00")
        );
        // 02:30 happens twice on 25 October 2026: the first one.
        assert_eq!(
            placed("2026-10-25 02:30").as_deref(),
            Some("2026-10-25T02:30:00+02:00")
        );
        let plus_one = FixedOffset::east_opt(3600).expect("offset");
        assert_eq!(
            place(&plus_one, at("2026-03-29 02:30")).map(|i| i.to_rfc3339()),
            Some("2026-03-29T02:30:00+01:00".to_string())
        );
    }

    #[test]
    fn invalid_names_the_form_field_in_words() {
        let e: CommandError = Invalid::new("tags[2]", "is empty").into();
        assert_eq!(e.field.as_deref(), Some("tags"));
        assert_eq!(e.message, "Tags is empty.");
        let e: CommandError = Invalid::new("delay_minutes", "-3 is negative").into();
        assert_eq!(e.message, "Delay: -3 is negative.");
        let e: CommandError = Invalid::new("task", "is required and must not be empty").into();
        assert_eq!(e.message, "Task is required and must not be empty.");
    }
}

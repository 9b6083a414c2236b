//! The forms a front end sends, as it sends them — local wall-clock times, dates as
//! `YYYY-MM-DD`, numbers as typed, tags comma-separated — and their reading into the domain's
//! inputs. A refusal is an [`Invalid`] that names the form's field.

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::domain::{
    parse_date, parse_time_of_day, split_tags, validate_scale, Checkin, EventInput, Invalid, Kind,
    PathwayInput, ReflectionInput,
};
use crate::reminders::TimeOfDay;
use crate::store::Suggest;
use crate::zone::LocalZone;

/// How many suggestions a field's list shows at most.
pub const SUGGESTION_LIMIT: usize = 8;

/// A date typed in `field`.
pub fn date(field: &str, s: &str) -> Result<NaiveDate, Invalid> {
    parse_date(s.trim()).map_err(|reason| Invalid::new(field, reason))
}

/// A date typed in `field`, or `None` when it was left empty.
pub fn optional_date(field: &str, s: Option<&str>) -> Result<Option<NaiveDate>, Invalid> {
    non_empty_str(s).map(|s| date(field, s)).transpose()
}

/// A time of day typed in `field`, 24-hour (`19:30`, seconds allowed) or 12-hour (`7pm`,
/// `7:30 pm`).
pub fn time(field: &str, s: &str) -> Result<NaiveTime, Invalid> {
    parse_time_of_day(s).map_err(|reason| Invalid::new(field, reason))
}

/// A reminder's or quiet hours' time of day typed in `field`, read as [`time`] reads it.
pub fn time_of_day(field: &str, s: &str) -> Result<TimeOfDay, Invalid> {
    let t = time(field, s)?;
    TimeOfDay::new(t.hour(), t.minute()).ok_or_else(|| Invalid::new(field, "is not a time of day"))
}

fn non_empty_str(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    non_empty_str(s.as_deref())
}

/// A whole number typed in a form field.
fn whole(field: &str, v: f64) -> Result<i64, Invalid> {
    if !v.is_finite() || v.fract() != 0.0 {
        return Err(Invalid::new(field, format!("{v} is not a whole number")));
    }
    if v.abs() > 1e12 {
        return Err(Invalid::new(field, format!("{v} is far too large")));
    }
    // In range and whole: the conversion is exact.
    Ok(v as i64)
}

fn scale(field: &str, v: Option<f64>) -> Result<Option<u8>, Invalid> {
    match v {
        None => Ok(None),
        Some(v) => {
            let n = whole(field, v)?;
            validate_scale(field, n)?;
            Ok(u8::try_from(n).ok())
        }
    }
}

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

impl EventForm {
    /// The event the form describes, its wall-clock times placed in `zone`.
    pub fn into_input(self, clock: &dyn Clock, zone: &LocalZone) -> Result<EventInput, Invalid> {
        let kind: Kind = self
            .kind
            .parse()
            .map_err(|reason: String| Invalid::new("kind", reason))?;
        let now = clock.now();
        let date = optional_date("date", self.date.as_deref())?.unwrap_or_else(|| clock.today());
        let at = match non_empty(&self.time) {
            Some(s) => zone.place(date.and_time(time("time", s)?)),
            None if date == now.date_naive() => now,
            None => return Err(Invalid::new("time", "is needed for a day other than today")),
        };
        let planned_at = match non_empty(&self.planned) {
            Some(s) => Some(zone.place(date.and_time(time("planned", s)?))),
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
                    ));
                }
                Some(u32::try_from(n).unwrap_or(u32::MAX))
            }
        };
        let progress = match self.progress_percent {
            None => None,
            Some(p) if p.is_finite() && (0.0..=100.0).contains(&p) => Some(p / 100.0),
            Some(p) => {
                return Err(Invalid::new(
                    "progress",
                    format!("{p}% is out of range 0–100%"),
                ))
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

impl EventForm {
    /// Every problem of the form at once, each naming its field; empty when the form would be
    /// accepted. The form is read again with each refused field set aside, so one mistake does
    /// not hide the next.
    pub fn problems(&self, clock: &dyn Clock, zone: &LocalZone) -> Vec<Invalid> {
        let mut form = self.clone();
        let mut out: Vec<Invalid> = Vec::new();
        // Each round sets one field aside; there are fewer fields than rounds.
        for _ in 0..16 {
            let read = form
                .clone()
                .into_input(clock, zone)
                .and_then(EventInput::normalized);
            let Err(inv) = read else { break };
            if out.iter().any(|p| p.field == inv.field) {
                break;
            }
            let field = inv.field.clone();
            out.push(inv);
            if !form.set_aside(&field) {
                break;
            }
        }
        out
    }

    /// Replaces a refused field by a value that is accepted; false for a field it does not know.
    fn set_aside(&mut self, field: &str) -> bool {
        match field.split('[').next().unwrap_or(field) {
            "kind" => self.kind = "completed".into(),
            "task" => self.task = "(task)".into(),
            "date" => self.date = None,
            "time" | "at" => self.time = Some("12:00".into()),
            "planned" | "planned_at" => self.planned = None,
            "delay_minutes" => self.delay_minutes = None,
            "progress" => self.progress_percent = None,
            "friction" => self.friction = None,
            "domain" => self.domain = None,
            "thought" => self.thought = None,
            "emotion" => self.emotion = None,
            "tags" => self.tags = String::new(),
            "note" => self.note = None,
            _ => return false,
        }
        true
    }
}

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

impl CheckinForm {
    /// The check-in the form describes.
    pub fn into_checkin(self, clock: &dyn Clock) -> Result<Checkin, Invalid> {
        let date = optional_date("date", self.date.as_deref())?.unwrap_or_else(|| clock.today());
        let Some(alignment) = scale("alignment", self.alignment)? else {
            return Err(Invalid::new(
                "alignment",
                "is needed; pick 1 (enforcement) to 5 (continuation)",
            ));
        };
        Ok(Checkin {
            date,
            alignment,
            energy: scale("energy", self.energy)?,
            mood: scale("mood", self.mood)?,
            note: self.note,
            tags: split_tags(&self.tags),
            source: None,
        })
    }
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
    /// `YYYY-MM-DD`: the day Today shows; today when empty.
    pub date: Option<String>,
}

impl ReflectionForm {
    /// The reflection the form describes, written now; on another day than today, at the same
    /// wall-clock time on that day, placed in `zone`. A day after today is refused.
    pub fn into_input(
        self,
        clock: &dyn Clock,
        zone: &LocalZone,
    ) -> Result<ReflectionInput, Invalid> {
        let now = clock.now();
        let at = match optional_date("date", self.date.as_deref())? {
            None => now,
            Some(d) if d == now.date_naive() => now,
            Some(d) if d > now.date_naive() => {
                return Err(Invalid::new(
                    "date",
                    format!("{d} is after today; a reflection is written on a day that has come"),
                ))
            }
            Some(d) => zone.place(d.and_time(now.time())),
        };
        Ok(ReflectionInput {
            at,
            prompt_id: self.prompt_id,
            title: self.title,
            text: self.text,
            mood: scale("mood", self.mood)?,
            tags: split_tags(&self.tags),
            starred: false,
        })
    }
}

/// A reflection as the Journal's edit sends it: everything a reflection has that a person
/// sets — its day and time, title, text, mood, tags and star. The prompt it answers and where
/// it came from stay as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReflectionEditForm {
    /// `YYYY-MM-DD`; the day it was written on when empty.
    pub date: Option<String>,
    /// A time of day, 24-hour or 12-hour (`21:10`, `9:10 pm`); the time it was written at when
    /// empty.
    pub time: Option<String>,
    pub title: Option<String>,
    pub text: String,
    /// 1–5, or none.
    pub mood: Option<f64>,
    /// Comma-separated.
    pub tags: String,
    pub starred: bool,
}

impl ReflectionEditForm {
    /// `written` with the form's fields in place of its own, validated as writing one is: a day
    /// after today is refused, a time is read as [`time`] reads it and placed in `zone`; a day
    /// and time left as written keep the instant exactly (its offset and seconds).
    pub fn apply_to(
        self,
        written: ReflectionInput,
        clock: &dyn Clock,
        zone: &LocalZone,
    ) -> Result<ReflectionInput, Invalid> {
        let was = written.at;
        let date = optional_date("date", self.date.as_deref())?.unwrap_or(was.date_naive());
        let today = clock.now().with_timezone(zone).date_naive();
        if date > today && date != was.date_naive() {
            return Err(Invalid::new(
                "date",
                format!("{date} is after today; a reflection is written on a day that has come"),
            ));
        }
        let at = match non_empty(&self.time) {
            Some(s) => {
                let t = time("time", s)?;
                let same = date == was.date_naive()
                    && (t.hour(), t.minute()) == (was.hour(), was.minute())
                    && t.second() == 0;
                if same {
                    was
                } else {
                    zone.place(date.and_time(t))
                }
            }
            None if date == was.date_naive() => was,
            None => zone.place(date.and_time(was.time())),
        };
        Ok(ReflectionInput {
            at,
            title: self.title,
            text: self.text,
            mood: scale("mood", self.mood)?,
            tags: split_tags(&self.tags),
            starred: self.starred,
            ..written
        })
    }

    /// Every problem of the form at once, each naming its field, read as
    /// [`ReflectionEditForm::apply_to`] and the reflection's own validation read it; empty when
    /// it would be accepted.
    pub fn problems(
        &self,
        written: &ReflectionInput,
        clock: &dyn Clock,
        zone: &LocalZone,
    ) -> Vec<Invalid> {
        let mut form = self.clone();
        let mut out: Vec<Invalid> = Vec::new();
        // Each round sets one field aside; there are fewer fields than rounds.
        for _ in 0..12 {
            let read = form
                .clone()
                .apply_to(written.clone(), clock, zone)
                .and_then(ReflectionInput::normalized);
            let Err(inv) = read else { break };
            if out.iter().any(|p| p.field == inv.field) {
                break;
            }
            let field = inv.field.clone();
            out.push(inv);
            match field.split('[').next().unwrap_or(&field) {
                "date" => form.date = None,
                "time" | "at" => form.time = None,
                "mood" => form.mood = None,
                "tags" => form.tags = String::new(),
                "title" => form.title = None,
                "text" => form.text = "(text)".into(),
                _ => break,
            }
        }
        out
    }
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
    /// The pathway the form describes.
    pub fn into_input(self) -> Result<PathwayInput, Invalid> {
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

/// Which field's suggestions a form asks for (`task`, `domain`, `tag` or `emotion`).
pub fn suggest(what: &str) -> Result<Suggest, Invalid> {
    match what {
        "task" => Ok(Suggest::Task),
        "domain" => Ok(Suggest::Domain),
        "tag" | "tags" => Ok(Suggest::Tag),
        "emotion" => Ok(Suggest::Emotion),
        other => Err(Invalid::new(
            "what",
            format!("{other:?} has no suggestions; use task, domain, tag or emotion"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::parse_instant;

    #[test]
    fn times_are_read_as_24_hour_or_12_hour() {
        let t = |s: &str| time("time", s).map(|t| t.format("%H:%M").to_string());
        assert_eq!(t("19:30").unwrap(), "19:30");
        assert_eq!(t("7pm").unwrap(), "19:00");
        assert_eq!(t("7:30 pm").unwrap(), "19:30");
        assert_eq!(t("12am").unwrap(), "00:00");
        assert_eq!(t("12 PM").unwrap(), "12:00");
        assert_eq!(t("13pm").unwrap_err().field, "time");
        assert_eq!(
            time_of_day("at", "9pm").unwrap(),
            TimeOfDay::new(21, 0).unwrap()
        );
        assert_eq!(time_of_day("at", "25:00").unwrap_err().field, "at");
    }

    #[test]
    fn an_event_typed_at_7pm_on_another_day_lands_there() {
        let clock = FixedClock(parse_instant("2026-11-20T09:00:00+01:00").unwrap());
        let zone = LocalZone::Fixed(*clock.now().offset());
        let form = EventForm {
            kind: "avoided".into(),
            task: "Call the bank".into(),
            date: Some("2026-11-19".into()),
            time: Some("7pm".into()),
            ..EventForm::default()
        };
        let e = form.into_input(&clock, &zone).unwrap();
        assert_eq!(e.at.to_rfc3339(), "2026-11-19T19:00:00+01:00");
    }

    #[test]
    fn every_problem_of_an_event_form_is_named_at_once() {
        let clock = FixedClock(parse_instant("2026-11-20T09:00:00+01:00").unwrap());
        let zone = LocalZone::Fixed(*clock.now().offset());
        let form = EventForm {
            kind: "delayed_start".into(),
            task: "   ".into(),
            time: Some("25:70".into()),
            delay_minutes: Some(-5.0),
            friction: Some(9.0),
            ..EventForm::default()
        };
        let fields: Vec<String> = form
            .problems(&clock, &zone)
            .into_iter()
            .map(|p| p.field)
            .collect();
        for f in ["time", "delay_minutes", "friction", "task"] {
            assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
        }
        let good = EventForm {
            kind: "completed".into(),
            task: "Send the invoice".into(),
            ..EventForm::default()
        };
        assert!(good.problems(&clock, &zone).is_empty());
    }

    #[test]
    fn a_reflection_lands_on_the_day_today_shows() {
        let clock = FixedClock(parse_instant("2026-11-20T21:15:00+01:00").unwrap());
        let zone = LocalZone::Fixed(*clock.now().offset());
        let form = |date: Option<&str>| ReflectionForm {
            text: "It was the email again".into(),
            date: date.map(str::to_string),
            ..ReflectionForm::default()
        };
        let r = form(None).into_input(&clock, &zone).unwrap();
        assert_eq!(r.at, clock.now());
        let r = form(Some("2026-11-18")).into_input(&clock, &zone).unwrap();
        assert_eq!(r.at.to_rfc3339(), "2026-11-18T21:15:00+01:00");
        let err = form(Some("2026-11-21"))
            .into_input(&clock, &zone)
            .unwrap_err();
        assert_eq!(err.field, "date");
    }
}

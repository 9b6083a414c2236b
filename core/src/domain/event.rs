//! Execution events: what happened to one planned piece of work ([`Kind`]), the event as
//! stored ([`Event`]) and as a person gives it ([`EventInput`]), and where an imported record
//! came from ([`Source`]).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::time::{instant_serde, opt_instant_serde, Instant};
use super::validation::{
    clean_opt, clean_tags, validate_instant_range, validate_opt_text, validate_required_text,
    validate_scale, validate_tags, Invalid, MAX_DELAY_MINUTES, MAX_LONG_TEXT, MAX_SHORT_TEXT,
};

/// What happened to one planned piece of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Completed,
    DelayedStart,
    Unfinished,
    Avoided,
    Switched,
    Skipped,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Completed,
        Kind::DelayedStart,
        Kind::Unfinished,
        Kind::Avoided,
        Kind::Switched,
        Kind::Skipped,
    ];
    /// The four kinds that count as consistency breaks.
    pub const BREAKS: [Kind; 4] = [
        Kind::DelayedStart,
        Kind::Unfinished,
        Kind::Avoided,
        Kind::Switched,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Completed => "completed",
            Kind::DelayedStart => "delayed_start",
            Kind::Unfinished => "unfinished",
            Kind::Avoided => "avoided",
            Kind::Switched => "switched",
            Kind::Skipped => "skipped",
        }
    }

    /// A short human label ("Delayed start").
    pub fn label(self) -> &'static str {
        match self {
            Kind::Completed => "Completed",
            Kind::DelayedStart => "Delayed start",
            Kind::Unfinished => "Unfinished",
            Kind::Avoided => "Avoided",
            Kind::Switched => "Switched",
            Kind::Skipped => "Skipped",
        }
    }

    /// The small integer stored in the database (stable; part of the schema).
    pub fn code(self) -> i64 {
        match self {
            Kind::Completed => 0,
            Kind::DelayedStart => 1,
            Kind::Unfinished => 2,
            Kind::Avoided => 3,
            Kind::Switched => 4,
            Kind::Skipped => 5,
        }
    }

    pub fn from_code(code: i64) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn is_break(self) -> bool {
        Kind::BREAKS.contains(&self)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                format!(
                    "{s:?} is not a kind; use one of completed, delayed_start, unfinished, avoided, switched, skipped"
                )
            })
    }
}

/// Where an imported record came from (docs/contracts.md §3 `source`); `None` for records made here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub app: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_id: Option<String>,
}

/// One execution event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(with = "instant_serde")]
    pub at: Instant,
    pub kind: Kind,
    pub task: String,
    pub domain: Option<String>,
    #[serde(with = "opt_instant_serde")]
    pub planned_at: Option<Instant>,
    pub delay_minutes: Option<u32>,
    pub progress: Option<f64>,
    pub thought: Option<String>,
    pub emotion: Option<String>,
    pub friction: Option<u8>,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub source: Option<Source>,
}

/// The fields a person supplies to log or edit an event (no id, no provenance).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventInput {
    #[serde(with = "instant_serde")]
    pub at: Instant,
    pub kind: Kind,
    pub task: String,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default, with = "opt_instant_serde")]
    pub planned_at: Option<Instant>,
    #[serde(default)]
    pub delay_minutes: Option<u32>,
    #[serde(default)]
    pub progress: Option<f64>,
    #[serde(default)]
    pub thought: Option<String>,
    #[serde(default)]
    pub emotion: Option<String>,
    #[serde(default)]
    pub friction: Option<u8>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl EventInput {
    /// A minimal input: kind, task and instant.
    pub fn new(at: Instant, kind: Kind, task: impl Into<String>) -> Self {
        Self {
            at,
            kind,
            task: task.into(),
            domain: None,
            planned_at: None,
            delay_minutes: None,
            progress: None,
            thought: None,
            emotion: None,
            friction: None,
            tags: Vec::new(),
            note: None,
        }
    }

    /// Trims text, drops empty optional text, normalises tags, then validates.
    pub fn normalized(mut self) -> Result<Self, Invalid> {
        self.task = self.task.trim().to_string();
        self.domain = clean_opt(self.domain);
        self.thought = clean_opt(self.thought);
        self.emotion = clean_opt(self.emotion);
        self.note = clean_opt(self.note);
        self.tags = clean_tags(self.tags);
        self.validate()?;
        Ok(self)
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        validate_required_text("task", &self.task, MAX_SHORT_TEXT)?;
        validate_opt_text("domain", &self.domain, MAX_SHORT_TEXT)?;
        validate_opt_text("thought", &self.thought, MAX_LONG_TEXT)?;
        validate_opt_text("emotion", &self.emotion, MAX_SHORT_TEXT)?;
        validate_opt_text("note", &self.note, MAX_LONG_TEXT)?;
        validate_tags("tags", &self.tags)?;
        if let Some(f) = self.friction {
            validate_scale("friction", i64::from(f))?;
        }
        if let Some(p) = self.progress {
            if !p.is_finite() || !(0.0..=1.0).contains(&p) {
                return Err(Invalid::new(
                    "progress",
                    format!("{p} is out of range 0.0–1.0"),
                ));
            }
        }
        if let Some(d) = self.delay_minutes {
            if d > MAX_DELAY_MINUTES {
                return Err(Invalid::new(
                    "delay_minutes",
                    format!("{d} is more than a year of minutes ({MAX_DELAY_MINUTES})"),
                ));
            }
        }
        validate_instant_range("at", &self.at)?;
        if let Some(p) = &self.planned_at {
            validate_instant_range("planned_at", p)?;
        }
        Ok(())
    }

    /// The delay implied by the event: the explicit `delay_minutes`, else `at - planned_at`
    /// when positive.
    pub fn effective_delay(&self) -> Option<u32> {
        self.delay_minutes.or_else(|| {
            let p = self.planned_at?;
            let mins = (self.at - p).num_minutes();
            (mins > 0).then(|| u32::try_from(mins.min(i64::from(MAX_DELAY_MINUTES))).unwrap_or(0))
        })
    }

    pub fn into_event(self, id: String, source: Option<Source>) -> Event {
        Event {
            id,
            at: self.at,
            kind: self.kind,
            task: self.task,
            domain: self.domain,
            planned_at: self.planned_at,
            delay_minutes: self.delay_minutes,
            progress: self.progress,
            thought: self.thought,
            emotion: self.emotion,
            friction: self.friction,
            tags: self.tags,
            note: self.note,
            source,
        }
    }
}

impl Event {
    pub fn input(&self) -> EventInput {
        EventInput {
            at: self.at,
            kind: self.kind,
            task: self.task.clone(),
            domain: self.domain.clone(),
            planned_at: self.planned_at,
            delay_minutes: self.delay_minutes,
            progress: self.progress,
            thought: self.thought.clone(),
            emotion: self.emotion.clone(),
            friction: self.friction,
            tags: self.tags.clone(),
            note: self.note.clone(),
        }
    }

    /// The local calendar date the event belongs to (in its own offset).
    pub fn local_date(&self) -> NaiveDate {
        self.at.date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{parse_instant, split_tags};

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("valid instant in test")
    }

    #[test]
    fn kind_round_trips_and_rejects_unknown() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
            assert_eq!(Kind::from_code(k.code()), Some(k));
        }
        let err = "procrastinated".parse::<Kind>().unwrap_err();
        assert!(err.contains("procrastinated") && err.contains("delayed_start"));
        assert!(Kind::DelayedStart.is_break());
        assert!(!Kind::Completed.is_break());
        assert!(!Kind::Skipped.is_break());
    }

    #[test]
    fn event_validation_names_field_and_value() {
        let base = EventInput::new(
            at("2026-11-20T09:40:00+01:00"),
            Kind::Avoided,
            "Send invoice",
        );
        assert!(base.clone().normalized().is_ok());

        let mut e = base.clone();
        e.friction = Some(9);
        assert_eq!(
            e.validate().unwrap_err().to_string(),
            "friction: 9 is out of range 1–5"
        );

        let mut e = base.clone();
        e.progress = Some(1.5);
        assert_eq!(e.validate().unwrap_err().field, "progress");
        e.progress = Some(f64::NAN);
        assert_eq!(e.validate().unwrap_err().field, "progress");

        let mut e = base.clone();
        e.task = "   ".into();
        assert_eq!(e.normalized().unwrap_err().field, "task");

        let mut e = base.clone();
        e.thought = Some("a\0b".into());
        assert_eq!(e.validate().unwrap_err().field, "thought");

        let mut e = base.clone();
        e.at = at("3100-01-01T00:00:00Z");
        assert_eq!(e.validate().unwrap_err().field, "at");
    }

    #[test]
    fn normalisation_cleans_text_and_tags() {
        let mut e = EventInput::new(
            at("2026-11-20T09:40:00+01:00"),
            Kind::Completed,
            "  Write  ",
        );
        e.domain = Some("  ".into());
        e.tags = vec![
            " #publish".into(),
            "publish".into(),
            String::new(),
            "deep work".into(),
        ];
        let e = e.normalized().expect("valid");
        assert_eq!(e.task, "Write");
        assert_eq!(e.domain, None);
        assert_eq!(e.tags, vec!["publish".to_string(), "deep work".to_string()]);
        assert_eq!(
            split_tags("a, b ,,a"),
            vec!["a".to_string(), "b".to_string()]
        );
    }

    #[test]
    fn effective_delay_prefers_explicit_then_planned() {
        let mut e = EventInput::new(at("2026-11-20T09:40:00+01:00"), Kind::DelayedStart, "x");
        assert_eq!(e.effective_delay(), None);
        e.planned_at = Some(at("2026-11-20T09:00:00+01:00"));
        assert_eq!(e.effective_delay(), Some(40));
        e.delay_minutes = Some(5);
        assert_eq!(e.effective_delay(), Some(5));
    }
}

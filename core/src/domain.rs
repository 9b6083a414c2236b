//! The journal's domain: execution events, daily check-ins, reflections, prompts, beliefs,
//! verdicts and pathways, with the validation every write goes through.
//!
//! Types here are plain data. They serialise exactly as the journal format (CONTRACTS §2), so
//! the interchange module, the CLI's `--json` output and the desktop commands share one shape.

pub mod reminder;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use serde::{Deserialize, Serialize};

/// An instant as the person lived it: a point in time with the UTC offset in force there.
pub type Instant = DateTime<FixedOffset>;

/// Formats an instant as RFC 3339 with its offset, seconds precision unless it has fractions.
pub fn format_instant(at: &Instant) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Parses an RFC 3339 instant; the offset is required.
pub fn parse_instant(s: &str) -> Result<Instant, String> {
    DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
        format!("{s:?} is not an RFC 3339 date-time with offset (e.g. 2026-11-20T09:40:00+01:00)")
    })
}

/// Parses a `YYYY-MM-DD` local calendar date.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

/// Parses a wall-clock time as people type it: 24-hour (`19:30`, `7:05`, `19:30:00`, `19`) or
/// 12-hour (`7pm`, `7 pm`, `7:30 PM`, `7.30pm`, `12am` = midnight, `12 p.m.` = noon).
pub fn parse_time_of_day(s: &str) -> Result<chrono::NaiveTime, String> {
    let refuse = || format!("{:?} is not a time; write it as 19:30 or 7:30 pm", s.trim());
    let lower = s.trim().to_ascii_lowercase();
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let (clock, half) = if let Some(rest) = compact
        .strip_suffix("am")
        .or_else(|| compact.strip_suffix("a.m."))
        .or_else(|| compact.strip_suffix("a.m"))
    {
        (rest, Some(false))
    } else if let Some(rest) = compact
        .strip_suffix("pm")
        .or_else(|| compact.strip_suffix("p.m."))
        .or_else(|| compact.strip_suffix("p.m"))
    {
        (rest, Some(true))
    } else {
        (compact.as_str(), None)
    };
    let parts: Vec<&str> = clock.split([':', '.']).collect();
    let number = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (hour, minute, second) = match parts.as_slice() {
        [h] => (number(h), Some(0), Some(0)),
        [h, m] if m.len() == 2 => (number(h), number(m), Some(0)),
        [h, m, sec] if m.len() == 2 && sec.len() == 2 && half.is_none() => {
            (number(h), number(m), number(sec))
        }
        _ => (None, None, None),
    };
    let (Some(mut hour), Some(minute), Some(second)) = (hour, minute, second) else {
        return Err(refuse());
    };
    if let Some(pm) = half {
        if !(1..=12).contains(&hour) {
            return Err(format!(
                "{:?} is not a time: a 12-hour time runs from 1 to 12",
                s.trim()
            ));
        }
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    chrono::NaiveTime::from_hms_opt(hour, minute, second).ok_or_else(refuse)
}

/// A validation failure: which field, and why, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct Invalid {
    pub field: String,
    pub reason: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

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

/// Where an imported record came from (CONTRACTS §2 `source`); `None` for records made here.
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

/// The daily check-in: one per local date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkin {
    pub date: NaiveDate,
    pub alignment: u8,
    pub energy: Option<u8>,
    pub mood: Option<u8>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// Provenance; not part of the v1 file's check-in object but kept for undo of imports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl Checkin {
    pub fn new(date: NaiveDate, alignment: u8) -> Self {
        Self {
            date,
            alignment,
            energy: None,
            mood: None,
            note: None,
            tags: Vec::new(),
            source: None,
        }
    }

    pub fn normalized(mut self) -> Result<Self, Invalid> {
        self.note = clean_opt(self.note);
        self.tags = clean_tags(self.tags);
        self.validate()?;
        Ok(self)
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        validate_scale("alignment", i64::from(self.alignment))?;
        if let Some(e) = self.energy {
            validate_scale("energy", i64::from(e))?;
        }
        if let Some(m) = self.mood {
            validate_scale("mood", i64::from(m))?;
        }
        validate_opt_text("note", &self.note, MAX_LONG_TEXT)?;
        validate_tags("tags", &self.tags)?;
        let year = chrono::Datelike::year(&self.date);
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(Invalid::new(
                "date",
                format!("{} is outside the years {MIN_YEAR}–{MAX_YEAR}", self.date),
            ));
        }
        Ok(())
    }
}

/// A free journal entry, or the answer to a reflection prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    pub id: String,
    #[serde(with = "instant_serde")]
    pub at: Instant,
    pub prompt_id: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub mood: Option<u8>,
    pub tags: Vec<String>,
    pub starred: bool,
    pub source: Option<Source>,
}

/// The fields a person supplies for a reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionInput {
    #[serde(with = "instant_serde")]
    pub at: Instant,
    #[serde(default)]
    pub prompt_id: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub mood: Option<u8>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub starred: bool,
}

impl ReflectionInput {
    pub fn new(at: Instant, text: impl Into<String>) -> Self {
        Self {
            at,
            prompt_id: None,
            title: None,
            text: text.into(),
            mood: None,
            tags: Vec::new(),
            starred: false,
        }
    }

    pub fn normalized(mut self) -> Result<Self, Invalid> {
        // Text keeps its inner whitespace and line breaks; only the ends are trimmed.
        self.text = self.text.trim().to_string();
        self.title = clean_opt(self.title);
        self.prompt_id = clean_opt(self.prompt_id);
        self.tags = clean_tags(self.tags);
        self.validate()?;
        Ok(self)
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.text.trim().is_empty() && self.title.as_deref().unwrap_or("").trim().is_empty() {
            return Err(Invalid::new("text", "is empty; write a text or a title"));
        }
        if self.text.chars().count() > MAX_REFLECTION_TEXT {
            return Err(Invalid::new(
                "text",
                format!("is longer than {MAX_REFLECTION_TEXT} characters"),
            ));
        }
        check_no_nul("text", &self.text)?;
        validate_opt_text("title", &self.title, MAX_SHORT_TEXT)?;
        validate_opt_text("prompt_id", &self.prompt_id, MAX_SHORT_TEXT)?;
        if let Some(m) = self.mood {
            validate_scale("mood", i64::from(m))?;
        }
        validate_tags("tags", &self.tags)?;
        validate_instant_range("at", &self.at)?;
        Ok(())
    }

    pub fn into_reflection(self, id: String, source: Option<Source>) -> Reflection {
        Reflection {
            id,
            at: self.at,
            prompt_id: self.prompt_id,
            title: self.title,
            text: self.text,
            mood: self.mood,
            tags: self.tags,
            starred: self.starred,
            source,
        }
    }
}

impl Reflection {
    pub fn input(&self) -> ReflectionInput {
        ReflectionInput {
            at: self.at,
            prompt_id: self.prompt_id.clone(),
            title: self.title.clone(),
            text: self.text.clone(),
            mood: self.mood,
            tags: self.tags.clone(),
            starred: self.starred,
        }
    }
}

/// The three layers where belief, thinking and execution disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Belief,
    Thinking,
    Execution,
}

impl Layer {
    pub const ALL: [Layer; 3] = [Layer::Belief, Layer::Thinking, Layer::Execution];

    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Belief => "belief",
            Layer::Thinking => "thinking",
            Layer::Execution => "execution",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Layer {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Layer::ALL
            .into_iter()
            .find(|l| l.as_str() == s.trim())
            .ok_or_else(|| format!("{s:?} is not a layer; use belief, thinking or execution"))
    }
}

/// A reflection prompt, built-in or the person's own (`custom:` ids).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    pub id: String,
    pub layer: Layer,
    pub text: String,
    #[serde(default)]
    pub builtin: bool,
}

/// A belief constraint: catalog entries and the person's own (`custom:<slug>` ids).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Belief {
    pub id: String,
    pub statement: String,
    #[serde(default)]
    pub description: String,
    /// The behavioural signature it tends to leave, in words.
    #[serde(default)]
    pub signature: String,
    /// Text markers: words and phrases that tend to appear in thoughts it drives.
    #[serde(default)]
    pub markers: Vec<String>,
    #[serde(default)]
    pub builtin: bool,
}

/// The person's own belief, as stored and as written in the journal file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomBelief {
    pub id: String,
    pub statement: String,
    #[serde(default)]
    pub markers: Vec<String>,
}

impl CustomBelief {
    pub fn validate(&self) -> Result<(), Invalid> {
        validate_custom_id("id", &self.id)?;
        validate_required_text("statement", &self.statement, MAX_SHORT_TEXT)?;
        validate_tags("markers", &self.markers)?;
        Ok(())
    }
}

/// The person's verdict on a belief link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Confirmed,
    Rejected,
}

impl VerdictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Confirmed => "confirmed",
            VerdictKind::Rejected => "rejected",
        }
    }
}

impl FromStr for VerdictKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "confirmed" => Ok(VerdictKind::Confirmed),
            "rejected" => Ok(VerdictKind::Rejected),
            _ => Err(format!("{s:?} is not a verdict; use confirmed or rejected")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub belief_id: String,
    pub verdict: VerdictKind,
    #[serde(with = "instant_serde")]
    pub at: Instant,
}

/// A realignment pathway: the reframe and the simpler execution design for a belief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pathway {
    pub id: String,
    pub belief_id: String,
    pub reframe: Option<String>,
    pub next_action: Option<String>,
    pub cycle: Option<String>,
    pub if_then: Option<String>,
    pub started_on: NaiveDate,
}

impl Pathway {
    pub fn validate(&self) -> Result<(), Invalid> {
        validate_required_text("id", &self.id, MAX_SHORT_TEXT)?;
        self.validate_fields()
    }

    /// Everything but the id.
    fn validate_fields(&self) -> Result<(), Invalid> {
        validate_required_text("belief_id", &self.belief_id, MAX_SHORT_TEXT)?;
        validate_opt_text("reframe", &self.reframe, MAX_LONG_TEXT)?;
        validate_opt_text("next_action", &self.next_action, MAX_LONG_TEXT)?;
        validate_opt_text("cycle", &self.cycle, MAX_LONG_TEXT)?;
        validate_opt_text("if_then", &self.if_then, MAX_LONG_TEXT)?;
        Ok(())
    }
}

/// What a person gives to start or change a pathway. The next action is required: a pathway
/// is a simpler way to act, and its next action is that way's first step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathwayInput {
    pub belief_id: String,
    #[serde(default)]
    pub reframe: Option<String>,
    #[serde(default)]
    pub next_action: Option<String>,
    #[serde(default)]
    pub cycle: Option<String>,
    #[serde(default)]
    pub if_then: Option<String>,
    pub started_on: NaiveDate,
}

impl PathwayInput {
    /// Trims every text (empty ones become absent) and checks them.
    pub fn normalized(mut self) -> Result<Self, Invalid> {
        self.belief_id = self.belief_id.trim().to_string();
        self.reframe = clean_opt(self.reframe);
        self.next_action = clean_opt(self.next_action);
        self.cycle = clean_opt(self.cycle);
        self.if_then = clean_opt(self.if_then);
        if self.belief_id.is_empty() {
            return Err(Invalid::new(
                "belief_id",
                "choose the belief this pathway answers",
            ));
        }
        if self.next_action.is_none() {
            return Err(Invalid::new(
                "next_action",
                "write the smallest next step, one you could take today",
            ));
        }
        let year = chrono::Datelike::year(&self.started_on);
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(Invalid::new(
                "started_on",
                format!(
                    "{} is outside the years {MIN_YEAR}–{MAX_YEAR}",
                    self.started_on
                ),
            ));
        }
        self.clone().into_pathway(String::new()).validate_fields()?;
        Ok(self)
    }

    pub fn into_pathway(self, id: String) -> Pathway {
        Pathway {
            id,
            belief_id: self.belief_id,
            reframe: self.reframe,
            next_action: self.next_action,
            cycle: self.cycle,
            if_then: self.if_then,
            started_on: self.started_on,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Validation helpers

/// Longest task, domain, emotion, tag or title, in characters.
pub const MAX_SHORT_TEXT: usize = 500;
/// Longest thought or note, in characters.
pub const MAX_LONG_TEXT: usize = 10_000;
/// Longest reflection text, in characters.
pub const MAX_REFLECTION_TEXT: usize = 200_000;
/// At most this many tags on one record.
pub const MAX_TAGS: usize = 64;
pub const MAX_DELAY_MINUTES: u32 = 525_600;
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2999;

fn clean_opt(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Trims tags, drops a leading `#`, drops empties and duplicates (keeping first-seen order).
pub fn clean_tags(tags: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for t in tags {
        let t = t.trim().trim_start_matches('#').trim().to_string();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Splits comma-separated tag text ("a, b ,c") into clean tags.
pub fn split_tags(text: &str) -> Vec<String> {
    clean_tags(text.split(',').map(str::to_string).collect())
}

fn check_no_nul(field: &str, s: &str) -> Result<(), Invalid> {
    if s.contains('\0') {
        return Err(Invalid::new(field, "contains a NUL character"));
    }
    Ok(())
}

pub fn validate_required_text(field: &str, s: &str, max: usize) -> Result<(), Invalid> {
    if s.trim().is_empty() {
        return Err(Invalid::new(field, "is required and must not be empty"));
    }
    validate_text(field, s, max)
}

fn validate_text(field: &str, s: &str, max: usize) -> Result<(), Invalid> {
    check_no_nul(field, s)?;
    if s.chars().count() > max {
        return Err(Invalid::new(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(())
}

fn validate_opt_text(field: &str, s: &Option<String>, max: usize) -> Result<(), Invalid> {
    match s {
        Some(s) => validate_text(field, s, max),
        None => Ok(()),
    }
}

fn validate_tags(field: &str, tags: &[String]) -> Result<(), Invalid> {
    if tags.len() > MAX_TAGS {
        return Err(Invalid::new(
            field,
            format!("has {} entries; at most {MAX_TAGS} are allowed", tags.len()),
        ));
    }
    for (i, t) in tags.iter().enumerate() {
        if t.trim().is_empty() {
            return Err(Invalid::new(format!("{field}[{i}]"), "is empty"));
        }
        validate_text(&format!("{field}[{i}]"), t, MAX_SHORT_TEXT)?;
    }
    Ok(())
}

/// A 1–5 rating (friction, alignment, energy, mood).
pub fn validate_scale(field: &str, v: i64) -> Result<(), Invalid> {
    if !(1..=5).contains(&v) {
        return Err(Invalid::new(field, format!("{v} is out of range 1–5")));
    }
    Ok(())
}

fn validate_instant_range(field: &str, at: &Instant) -> Result<(), Invalid> {
    let year = chrono::Datelike::year(at);
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(Invalid::new(
            field,
            format!(
                "{} is outside the years {MIN_YEAR}–{MAX_YEAR}",
                format_instant(at)
            ),
        ));
    }
    Ok(())
}

/// `custom:<slug>`: lowercase letters, digits, `-` and `_`.
pub fn validate_custom_id(field: &str, id: &str) -> Result<(), Invalid> {
    let Some(slug) = id.strip_prefix("custom:") else {
        return Err(Invalid::new(
            field,
            format!("{id:?} must start with \"custom:\""),
        ));
    };
    let ok = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !ok {
        return Err(Invalid::new(
            field,
            format!("{id:?} needs a slug of lowercase letters, digits, - or _ after \"custom:\""),
        ));
    }
    Ok(())
}

/// Serde for [`Instant`] as RFC 3339 with offset.
pub mod instant_serde {
    use super::{format_instant, parse_instant, Instant};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Instant, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_instant(at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        let s = String::deserialize(d)?;
        parse_instant(&s).map_err(serde::de::Error::custom)
    }
}

/// Serde for `Option<Instant>`.
pub mod opt_instant_serde {
    use super::{format_instant, parse_instant, Instant};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Option<Instant>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_str(&format_instant(at)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Instant>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        s.map(|s| parse_instant(&s).map_err(serde::de::Error::custom))
            .transpose()
    }
}

// ---------------------------------------------------------------------------------------------
// Keys and blocks the analysis and reminders share

/// The time-of-day blocks, by index: morning 05:00–11:59, afternoon 12:00–16:59, evening
/// 17:00–21:59, night the rest.
pub const BLOCKS: [&str; 4] = ["morning", "afternoon", "evening", "night"];

/// The time-of-day block (an index into [`BLOCKS`]) of a local minute of the day.
pub fn block_of(minute: u16) -> usize {
    match minute {
        300..=719 => 0,
        720..=1019 => 1,
        1020..=1319 => 2,
        _ => 3,
    }
}

/// Lowercased, whitespace collapsed, trailing punctuation dropped: the key under which tasks,
/// tags, domains and emotions are grouped (the analysis's slices, the reminders' hints).
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out.trim_end_matches(['.', '!', '?', ',', ';', ':'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn checkin_and_reflection_validation() {
        let d = parse_date("2026-11-20").expect("date");
        assert!(Checkin::new(d, 3).normalized().is_ok());
        assert_eq!(
            Checkin::new(d, 0).validate().unwrap_err().to_string(),
            "alignment: 0 is out of range 1–5"
        );
        let mut c = Checkin::new(d, 3);
        c.mood = Some(6);
        assert_eq!(c.validate().unwrap_err().field, "mood");

        let r = ReflectionInput::new(at("2026-11-20T21:10:00+01:00"), "  ");
        assert_eq!(r.normalized().unwrap_err().field, "text");
        let mut r = ReflectionInput::new(at("2026-11-20T21:10:00+01:00"), "");
        r.title = Some("Only a title".into());
        assert!(r.normalized().is_ok());
    }

    #[test]
    fn dates_and_instants_parse_strictly() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("20-11-2026").is_err());
        assert!(
            parse_instant("2026-11-20T09:40:00").is_err(),
            "offset is required"
        );
        let i = at("2026-11-20T09:40:00+01:00");
        assert_eq!(format_instant(&i), "2026-11-20T09:40:00+01:00");
        assert_eq!(
            format_instant(&at("2026-11-20T09:40:00.5Z")),
            "2026-11-20T09:40:00.500Z"
        );
    }

    #[test]
    fn custom_ids() {
        assert!(validate_custom_id("id", "custom:no-time").is_ok());
        assert!(validate_custom_id("id", "no-time").is_err());
        assert!(validate_custom_id("id", "custom:No Time").is_err());
        assert!(validate_custom_id("id", "custom:").is_err());
    }

    #[test]
    fn times_are_read_in_24_and_12_hour_forms() {
        let t = |s: &str| parse_time_of_day(s).map(|t| t.format("%H:%M:%S").to_string());
        for (typed, want) in [
            ("19:30", "19:30:00"),
            ("7:05", "07:05:00"),
            ("07:05:09", "07:05:09"),
            ("19", "19:00:00"),
            ("0:00", "00:00:00"),
            ("7pm", "19:00:00"),
            ("7 pm", "19:00:00"),
            ("7:30 pm", "19:30:00"),
            ("7:30PM", "19:30:00"),
            ("7.30pm", "19:30:00"),
            (" 9 a.m. ", "09:00:00"),
            ("12am", "00:00:00"),
            ("12:15 am", "00:15:00"),
            ("12pm", "12:00:00"),
            ("12:45 p.m.", "12:45:00"),
            ("11:59 pm", "23:59:00"),
        ] {
            assert_eq!(t(typed).as_deref(), Ok(want), "{typed:?}");
        }
        for bad in [
            "",
            "pm",
            "13pm",
            "0am",
            "24:00",
            "7:5",
            "7:60",
            "19:30 pm",
            "7:30:00 pm",
            "seven",
            "7;30",
            "-1",
            "1234",
            "7pmx",
            "7:30:00:00",
        ] {
            let e = parse_time_of_day(bad).unwrap_err();
            assert!(e.contains("not a time"), "{bad:?}: {e}");
        }
    }
}

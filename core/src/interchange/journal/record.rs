//! One record of a journal file: its fields taken out one by one ([`Rec`], over a JSON object
//! or the fast path's typed event), each refusal an [`Invalid`] naming the field, the records
//! read into the domain's types and validated, and the ids derived from content for records
//! without one.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::domain::{
    parse_date, parse_instant, validate_scale, Checkin, CustomBelief, Event, EventInput, Instant,
    Invalid, Kind, Pathway, Reflection, ReflectionInput, Source, Verdict, VerdictKind,
    MAX_DELAY_MINUTES,
};

/// Where a record's fields come from: a JSON object, or a typed event.
pub(super) trait Fields {
    /// Takes a field out; `None` when absent or null.
    fn take(&mut self, field: &str) -> Option<Value>;
}

impl Fields for Map<String, Value> {
    fn take(&mut self, field: &str) -> Option<Value> {
        match self.remove(field) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }
}

/// "a string", "the number 4", … for messages about a value of the wrong type.
pub(super) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            if short.len() < s.len() {
                format!("the text {short:?}…")
            } else {
                format!("the text {short:?}")
            }
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Field access for one record, producing [`Invalid`] naming the field. Fields are taken out
/// of the record, so text is moved rather than copied.
pub(super) struct Rec<F = Map<String, Value>>(pub(super) F);

impl Rec {
    pub(super) fn new(v: Value) -> Result<Self, Invalid> {
        match v {
            Value::Object(m) => Ok(Rec(m)),
            other => Err(Invalid::new(
                "",
                format!("is {}, expected an object", describe(&other)),
            )),
        }
    }
}

impl<F: Fields> Rec<F> {
    pub(super) fn take(&mut self, field: &str) -> Option<Value> {
        self.0.take(field)
    }

    pub(super) fn opt_str(&mut self, field: &str) -> Result<Option<String>, Invalid> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(Invalid::new(
                field,
                format!("is {}, expected text", describe(&v)),
            )),
        }
    }

    pub(super) fn req_str(&mut self, field: &str) -> Result<String, Invalid> {
        self.opt_str(field)?
            .ok_or_else(|| Invalid::new(field, "is required and missing"))
    }

    pub(super) fn opt_int(&mut self, field: &str) -> Result<Option<i64>, Invalid> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => Ok(Some(i)),
                None => match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
                    _ => Err(Invalid::new(field, format!("{n} is not a whole number"))),
                },
            },
            Some(v) => Err(Invalid::new(
                field,
                format!("is {}, expected a whole number", describe(&v)),
            )),
        }
    }

    /// A 1–5 rating.
    pub(super) fn opt_scale(&mut self, field: &str) -> Result<Option<u8>, Invalid> {
        match self.opt_int(field)? {
            None => Ok(None),
            Some(i) => {
                validate_scale(field, i)?;
                Ok(Some(i as u8))
            }
        }
    }

    pub(super) fn opt_f64(&mut self, field: &str) -> Result<Option<f64>, Invalid> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(v) => Err(Invalid::new(
                field,
                format!("is {}, expected a number", describe(&v)),
            )),
        }
    }

    pub(super) fn opt_bool(&mut self, field: &str) -> Result<Option<bool>, Invalid> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(v) => Err(Invalid::new(
                field,
                format!("is {}, expected true or false", describe(&v)),
            )),
        }
    }

    pub(super) fn req_instant(&mut self, field: &str) -> Result<Instant, Invalid> {
        let s = self.req_str(field)?;
        parse_instant(&s).map_err(|reason| Invalid::new(field, reason))
    }

    pub(super) fn opt_instant(&mut self, field: &str) -> Result<Option<Instant>, Invalid> {
        self.opt_str(field)?
            .map(|s| parse_instant(&s).map_err(|reason| Invalid::new(field, reason)))
            .transpose()
    }

    pub(super) fn req_date(&mut self, field: &str) -> Result<NaiveDate, Invalid> {
        let s = self.req_str(field)?;
        parse_date(&s).map_err(|reason| Invalid::new(field, reason))
    }

    pub(super) fn strings(&mut self, field: &str) -> Result<Vec<String>, Invalid> {
        match self.take(field) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::String(s) => Ok(s),
                    other => Err(Invalid::new(
                        format!("{field}[{i}]"),
                        format!("is {}, expected text", describe(&other)),
                    )),
                })
                .collect(),
            Some(v) => Err(Invalid::new(
                field,
                format!("is {}, expected a list of text", describe(&v)),
            )),
        }
    }

    pub(super) fn id(&mut self) -> Result<Option<String>, Invalid> {
        match self.opt_str("id")? {
            Some(id) if id.trim().is_empty() => Err(Invalid::new("id", "is empty")),
            Some(id) if id.chars().count() > 200 => {
                Err(Invalid::new("id", "is longer than 200 characters"))
            }
            Some(id) if id.contains('\0') => Err(Invalid::new("id", "contains a NUL character")),
            other => Ok(other),
        }
    }

    pub(super) fn source(&mut self) -> Result<Option<Source>, Invalid> {
        let m = match self.take("source") {
            None => return Ok(None),
            Some(Value::Object(m)) => m,
            Some(v) => {
                return Err(Invalid::new(
                    "source",
                    format!("is {}, expected an object or null", describe(&v)),
                ))
            }
        };
        let mut s = Rec(m);
        let app = s
            .opt_str("app")
            .map_err(|e| Invalid::new("source.app", e.reason))?
            .filter(|a| !a.trim().is_empty())
            .ok_or_else(|| Invalid::new("source.app", "is required and missing"))?;
        let file = s
            .opt_str("file")
            .map_err(|e| Invalid::new("source.file", e.reason))?;
        let import_id = s
            .opt_str("import_id")
            .map_err(|e| Invalid::new("source.import_id", e.reason))?;
        Ok(Some(Source {
            app,
            file,
            import_id,
        }))
    }
}

pub(super) fn read_event<F: Fields>(mut r: Rec<F>) -> Result<Event, Invalid> {
    let id = r.id()?;
    let at = r.req_instant("at")?;
    let kind: Kind = r
        .req_str("kind")?
        .parse()
        .map_err(|reason| Invalid::new("kind", reason))?;
    let task = r.req_str("task")?;
    let delay_minutes = match r.opt_int("delay_minutes")? {
        None => None,
        Some(d) if d < 0 => {
            return Err(Invalid::new(
                "delay_minutes",
                format!("{d} must not be negative"),
            ))
        }
        Some(d) if d > i64::from(MAX_DELAY_MINUTES) => {
            return Err(Invalid::new(
                "delay_minutes",
                format!("{d} is more than a year of minutes ({MAX_DELAY_MINUTES})"),
            ))
        }
        Some(d) => Some(d as u32),
    };
    let input = EventInput {
        at,
        kind,
        task,
        domain: r.opt_str("domain")?,
        planned_at: r.opt_instant("planned_at")?,
        delay_minutes,
        progress: r.opt_f64("progress")?,
        thought: r.opt_str("thought")?,
        emotion: r.opt_str("emotion")?,
        friction: r.opt_scale("friction")?,
        tags: r.strings("tags")?,
        note: r.opt_str("note")?,
    }
    .normalized()?;
    let source = r.source()?;
    let id = id.unwrap_or_else(|| derived_id("ev", &content_of_event(&input)));
    Ok(input.into_event(id, source))
}

pub(super) fn read_checkin(mut r: Rec) -> Result<Checkin, Invalid> {
    let date = r.req_date("date")?;
    let alignment = r
        .opt_scale("alignment")?
        .ok_or_else(|| Invalid::new("alignment", "is required and missing"))?;
    let c = Checkin {
        date,
        alignment,
        energy: r.opt_scale("energy")?,
        mood: r.opt_scale("mood")?,
        note: r.opt_str("note")?,
        tags: r.strings("tags")?,
        source: r.source()?,
    };
    c.normalized()
}

pub(super) fn read_reflection(mut r: Rec) -> Result<Reflection, Invalid> {
    let id = r.id()?;
    let input = ReflectionInput {
        at: r.req_instant("at")?,
        prompt_id: r.opt_str("prompt_id")?,
        title: r.opt_str("title")?,
        text: r.opt_str("text")?.unwrap_or_default(),
        mood: r.opt_scale("mood")?,
        tags: r.strings("tags")?,
        starred: r.opt_bool("starred")?.unwrap_or(false),
    }
    .normalized()?;
    let source = r.source()?;
    let id = id.unwrap_or_else(|| derived_id("re", &content_of_reflection(&input)));
    Ok(input.into_reflection(id, source))
}

pub(super) fn read_belief(mut r: Rec) -> Result<CustomBelief, Invalid> {
    let b = CustomBelief {
        id: r.req_str("id")?,
        statement: r.req_str("statement")?.trim().to_string(),
        markers: crate::domain::clean_tags(r.strings("markers")?),
    };
    b.validate()?;
    Ok(b)
}

pub(super) fn read_verdict(mut r: Rec) -> Result<Verdict, Invalid> {
    let belief_id = r.req_str("belief_id")?.trim().to_string();
    if belief_id.is_empty() {
        return Err(Invalid::new(
            "belief_id",
            "is required and must not be empty",
        ));
    }
    let verdict: VerdictKind = r
        .req_str("verdict")?
        .parse()
        .map_err(|reason| Invalid::new("verdict", reason))?;
    Ok(Verdict {
        belief_id,
        verdict,
        at: r.req_instant("at")?,
    })
}

pub(super) fn read_pathway(mut r: Rec) -> Result<Pathway, Invalid> {
    let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let p = Pathway {
        id: r.req_str("id")?.trim().to_string(),
        belief_id: r.req_str("belief_id")?.trim().to_string(),
        reframe: clean(r.opt_str("reframe")?),
        next_action: clean(r.opt_str("next_action")?),
        cycle: clean(r.opt_str("cycle")?),
        if_then: clean(r.opt_str("if_then")?),
        started_on: r.req_date("started_on")?,
    };
    p.validate()?;
    Ok(p)
}

/// The content that identifies an event without an id: everything the person wrote.
pub(super) fn content_of_event(e: &EventInput) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

pub(super) fn content_of_reflection(r: &ReflectionInput) -> String {
    serde_json::to_string(r).unwrap_or_default()
}

/// A stable id from content: two 64-bit FNV-1a hashes with different offsets, as hex.
/// Stable across runs and platforms (unlike `std`'s hasher), so re-import finds the same id.
pub fn derived_id(prefix: &str, content: &str) -> String {
    fn fnv1a(seed: u64, bytes: &[u8]) -> u64 {
        let mut h = seed;
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
        h
    }
    let a = fnv1a(0xcbf2_9ce4_8422_2325, content.as_bytes());
    let b = fnv1a(0x6c62_272e_07bb_0142, content.as_bytes());
    format!("{prefix}-{a:016x}{b:016x}")
}

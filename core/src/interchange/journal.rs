//! The Plumbline journal file, format version 1 (CONTRACTS §2): reading and writing.
//!
//! Reading checks every record before anything reaches the store. A bad record fails the whole
//! file with a message naming the collection, the record's 0-based index and the field, e.g.
//! `events[57].friction: 9 is out of range 1–5`; with `skip_invalid` the bad records are set
//! aside in [`ImportBatch::rejected`] and the rest are kept. Records without an `id` get one
//! derived from their content, so importing the same file twice adds nothing.
//!
//! Writing produces pretty-printed JSON with every field of §2 present (null when empty) and
//! collections in a stable order (by time, then id), so export → import → export gives the same
//! document.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{ImportBatch, Rejected};
use crate::domain::{
    format_instant, parse_date, parse_instant, validate_scale, Checkin, CustomBelief, Event,
    EventInput, Instant, Invalid, Kind, Pathway, Reflection, ReflectionInput, Source, Verdict,
    VerdictKind, MAX_DELAY_MINUTES,
};

/// The value of the top-level `format` field.
pub const FORMAT: &str = "plumbline-journal";
/// The newest format version this program reads and the one it writes.
pub const VERSION: u64 = 1;

/// Why a journal file could not be read at all (as opposed to one record in it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    #[error("the file is empty; a Plumbline journal is a JSON document")]
    Empty,
    #[error("the file ends too early at line {line}, column {column} (truncated JSON)")]
    Truncated { line: usize, column: usize },
    #[error("the file is not valid JSON at line {line}, column {column}: {reason}")]
    Malformed {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("the file is not a Plumbline journal: {0}")]
    NotAJournal(String),
    #[error(
        "the journal is format version {version}, newer than this Plumbline reads (up to {VERSION}); update Plumbline to import it"
    )]
    TooNew { version: u64 },
    /// The first invalid record (without `skip_invalid`).
    #[error("{0}")]
    Invalid(Rejected),
}

/// Reads a journal file. With `skip_invalid`, invalid records land in `rejected` instead of
/// failing the whole file; errors about the file as a whole are never skipped.
pub fn parse(bytes: &[u8], skip_invalid: bool) -> Result<ImportBatch, JournalError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(JournalError::Empty);
    }
    // The fast path reads events straight into typed fields. Any surprise in the document's
    // shape sends it down the general path, which names exactly what is wrong.
    match serde_json::from_slice::<FastDoc>(bytes) {
        Ok(FastDoc {
            format,
            version,
            events: Some(events),
            checkins,
            reflections,
            beliefs,
            verdicts,
            pathways,
        }) => {
            check_header(format.as_ref(), version.as_ref())?;
            let rest = [
                ("checkins", checkins),
                ("reflections", reflections),
                ("beliefs", beliefs),
                ("verdicts", verdicts),
                ("pathways", pathways),
            ];
            let mut top = Map::new();
            for (name, v) in rest {
                if let Some(v) = v {
                    top.insert(name.to_string(), v);
                }
            }
            let events = events.into_iter().map(Rec).collect();
            read_collections(events, top, skip_invalid)
        }
        Ok(_) => parse_value(bytes, skip_invalid),
        Err(e) if e.classify() == serde_json::error::Category::Data => {
            parse_value(bytes, skip_invalid)
        }
        Err(e) => Err(syntax_error(&e)),
    }
}

fn syntax_error(e: &serde_json::Error) -> JournalError {
    let (line, column) = (e.line(), e.column());
    if e.is_eof() {
        JournalError::Truncated { line, column }
    } else {
        let reason = e.to_string();
        // serde_json appends " at line L column C"; we say it ourselves.
        let reason = match reason.rfind(" at line ") {
            Some(i) => reason[..i].to_string(),
            None => reason,
        };
        JournalError::Malformed {
            line,
            column,
            reason,
        }
    }
}

/// The general path: the document as a JSON value, every shape checked.
fn parse_value(bytes: &[u8], skip_invalid: bool) -> Result<ImportBatch, JournalError> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| syntax_error(&e))?;
    let Value::Object(mut top) = doc else {
        return Err(JournalError::NotAJournal(format!(
            "the document is {}, not an object with \"format\": \"{FORMAT}\"",
            describe(&doc)
        )));
    };
    check_header(top.get("format"), top.get("version"))?;
    let events = collection(&mut top, "events", true)?;
    let events = events
        .into_iter()
        .map(|v| match v {
            Value::Object(m) => Ok(Rec(m)),
            other => Err(other),
        })
        .collect::<Vec<_>>();
    let mut batch = ImportBatch::default();
    let mut records = Vec::with_capacity(events.len());
    // Records that are not objects are rejected in order with the rest.
    let mut not_objects: Vec<(usize, Value)> = Vec::new();
    for (i, r) in events.into_iter().enumerate() {
        match r {
            Ok(r) => records.push(Some(r)),
            Err(v) => {
                records.push(None);
                not_objects.push((i, v));
            }
        }
    }
    if !not_objects.is_empty() {
        let (i, v) = &not_objects[0];
        if !skip_invalid {
            return Err(JournalError::Invalid(rejected(
                "events",
                *i,
                Invalid::new("", format!("is {}, expected an object", describe(v))),
            )));
        }
        for (i, v) in &not_objects {
            batch.rejected.push(rejected(
                "events",
                *i,
                Invalid::new("", format!("is {}, expected an object", describe(v))),
            ));
        }
    }
    let mut rest = read_collections_opt(records, top, skip_invalid)?;
    batch.rejected.append(&mut rest.rejected);
    batch.rejected.sort_by_key(|r| record_order(&r.record));
    rest.rejected = batch.rejected;
    Ok(rest)
}

/// Sorts rejections as they appear in the file: by collection, then index.
fn record_order(record: &str) -> (usize, usize) {
    const ORDER: [&str; 6] = [
        "events",
        "checkins",
        "reflections",
        "beliefs",
        "verdicts",
        "pathways",
    ];
    let (name, rest) = record.split_once('[').unwrap_or((record, ""));
    let idx = rest.trim_end_matches(']').parse().unwrap_or(0);
    (
        ORDER.iter().position(|n| *n == name).unwrap_or(ORDER.len()),
        idx,
    )
}

fn check_header(format: Option<&Value>, version: Option<&Value>) -> Result<(), JournalError> {
    match format {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(Value::String(f)) => {
            return Err(JournalError::NotAJournal(format!(
                "\"format\" is {f:?}, expected \"{FORMAT}\""
            )))
        }
        Some(Value::Null) | None => {
            return Err(JournalError::NotAJournal(format!(
                "the \"format\" field is missing (expected \"{FORMAT}\")"
            )))
        }
        Some(v) => {
            return Err(JournalError::NotAJournal(format!(
                "\"format\" is {}, expected \"{FORMAT}\"",
                describe(v)
            )))
        }
    }
    match version {
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if v == VERSION => Ok(()),
            Some(v) if v > VERSION => Err(JournalError::TooNew { version: v }),
            _ => Err(JournalError::NotAJournal(format!(
                "\"version\" is {n}, expected a whole number from 1 to {VERSION}"
            ))),
        },
        Some(Value::Null) | None => Err(JournalError::NotAJournal(
            "the \"version\" field is missing".to_string(),
        )),
        Some(v) => Err(JournalError::NotAJournal(format!(
            "\"version\" is {}, expected the number {VERSION}",
            describe(v)
        ))),
    }
}

fn read_collections<F: Fields>(
    events: Vec<Rec<F>>,
    top: Map<String, Value>,
    skip_invalid: bool,
) -> Result<ImportBatch, JournalError> {
    read_collections_opt(events.into_iter().map(Some).collect(), top, skip_invalid)
}

/// Reads the events (`None` marks a record already rejected) and the other collections.
fn read_collections_opt<F: Fields>(
    events: Vec<Option<Rec<F>>>,
    mut top: Map<String, Value>,
    skip_invalid: bool,
) -> Result<ImportBatch, JournalError> {
    let mut batch = ImportBatch::default();
    let fail = |rej: Rejected, rejected: &mut Vec<Rejected>| -> Result<(), JournalError> {
        if skip_invalid {
            rejected.push(rej);
            Ok(())
        } else {
            Err(JournalError::Invalid(rej))
        }
    };
    // Validate the whole top level before reading any record.
    let checkins = collection(&mut top, "checkins", false)?;
    let reflections = collection(&mut top, "reflections", false)?;
    let beliefs = collection(&mut top, "beliefs", false)?;
    let verdicts = collection(&mut top, "verdicts", false)?;
    let pathways = collection(&mut top, "pathways", false)?;
    batch.events.reserve(events.len());
    for (i, r) in events.into_iter().enumerate() {
        let Some(r) = r else { continue };
        match read_event(r) {
            Ok(e) => batch.events.push(e),
            Err(inv) => fail(rejected("events", i, inv), &mut batch.rejected)?,
        }
    }
    for (i, v) in checkins.into_iter().enumerate() {
        match Rec::new(v).and_then(read_checkin) {
            Ok(c) => batch.checkins.push(c),
            Err(inv) => fail(rejected("checkins", i, inv), &mut batch.rejected)?,
        }
    }
    for (i, v) in reflections.into_iter().enumerate() {
        match Rec::new(v).and_then(read_reflection) {
            Ok(r) => batch.reflections.push(r),
            Err(inv) => fail(rejected("reflections", i, inv), &mut batch.rejected)?,
        }
    }
    for (i, v) in beliefs.into_iter().enumerate() {
        match Rec::new(v).and_then(read_belief) {
            Ok(b) => batch.beliefs.push(b),
            Err(inv) => fail(rejected("beliefs", i, inv), &mut batch.rejected)?,
        }
    }
    for (i, v) in verdicts.into_iter().enumerate() {
        match Rec::new(v).and_then(read_verdict) {
            Ok(x) => batch.verdicts.push(x),
            Err(inv) => fail(rejected("verdicts", i, inv), &mut batch.rejected)?,
        }
    }
    for (i, v) in pathways.into_iter().enumerate() {
        match Rec::new(v).and_then(read_pathway) {
            Ok(p) => batch.pathways.push(p),
            Err(inv) => fail(rejected("pathways", i, inv), &mut batch.rejected)?,
        }
    }
    Ok(batch)
}

/// The document as the fast path reads it: the events typed, everything else as values.
#[derive(Deserialize)]
struct FastDoc {
    #[serde(default)]
    format: Option<Value>,
    #[serde(default)]
    version: Option<Value>,
    #[serde(default)]
    events: Option<Vec<RawEvent>>,
    #[serde(default)]
    checkins: Option<Value>,
    #[serde(default)]
    reflections: Option<Value>,
    #[serde(default)]
    beliefs: Option<Value>,
    #[serde(default)]
    verdicts: Option<Value>,
    #[serde(default)]
    pathways: Option<Value>,
}

/// One event's fields, each still untyped so that a wrong type is reported like everywhere
/// else. Unknown fields are skipped without being stored.
#[derive(Deserialize)]
struct RawEvent {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    at: Option<Value>,
    #[serde(default)]
    kind: Option<Value>,
    #[serde(default)]
    task: Option<Value>,
    #[serde(default)]
    domain: Option<Value>,
    #[serde(default)]
    planned_at: Option<Value>,
    #[serde(default)]
    delay_minutes: Option<Value>,
    #[serde(default)]
    progress: Option<Value>,
    #[serde(default)]
    thought: Option<Value>,
    #[serde(default)]
    emotion: Option<Value>,
    #[serde(default)]
    friction: Option<Value>,
    #[serde(default)]
    tags: Option<Value>,
    #[serde(default)]
    note: Option<Value>,
    #[serde(default)]
    source: Option<Value>,
}

/// Where a record's fields come from: a JSON object, or a typed event.
trait Fields {
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

impl Fields for RawEvent {
    fn take(&mut self, field: &str) -> Option<Value> {
        let slot = match field {
            "id" => &mut self.id,
            "at" => &mut self.at,
            "kind" => &mut self.kind,
            "task" => &mut self.task,
            "domain" => &mut self.domain,
            "planned_at" => &mut self.planned_at,
            "delay_minutes" => &mut self.delay_minutes,
            "progress" => &mut self.progress,
            "thought" => &mut self.thought,
            "emotion" => &mut self.emotion,
            "friction" => &mut self.friction,
            "tags" => &mut self.tags,
            "note" => &mut self.note,
            "source" => &mut self.source,
            _ => return None,
        };
        slot.take().filter(|v| !v.is_null())
    }
}

fn rejected(collection: &str, index: usize, inv: Invalid) -> Rejected {
    Rejected {
        record: format!("{collection}[{index}]"),
        field: inv.field,
        reason: inv.reason,
    }
}

fn collection(
    top: &mut Map<String, Value>,
    name: &str,
    required: bool,
) -> Result<Vec<Value>, JournalError> {
    match top.remove(name) {
        Some(Value::Array(a)) => Ok(a),
        None | Some(Value::Null) if !required => Ok(Vec::new()),
        None => Err(JournalError::NotAJournal(format!(
            "the \"{name}\" list is missing"
        ))),
        Some(v) => Err(JournalError::NotAJournal(format!(
            "\"{name}\" is {}, expected a list",
            describe(&v)
        ))),
    }
}

/// "a string", "the number 4", … for messages about a value of the wrong type.
fn describe(v: &Value) -> String {
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
struct Rec<F = Map<String, Value>>(F);

impl Rec {
    fn new(v: Value) -> Result<Self, Invalid> {
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
    fn take(&mut self, field: &str) -> Option<Value> {
        self.0.take(field)
    }

    fn opt_str(&mut self, field: &str) -> Result<Option<String>, Invalid> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(Invalid::new(
                field,
                format!("is {}, expected text", describe(&v)),
            )),
        }
    }

    fn req_str(&mut self, field: &str) -> Result<String, Invalid> {
        self.opt_str(field)?
            .ok_or_else(|| Invalid::new(field, "is required and missing"))
    }

    fn opt_int(&mut self, field: &str) -> Result<Option<i64>, Invalid> {
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
    fn opt_scale(&mut self, field: &str) -> Result<Option<u8>, Invalid> {
        match self.opt_int(field)? {
            None => Ok(None),
            Some(i) => {
                validate_scale(field, i)?;
                Ok(Some(i as u8))
            }
        }
    }

    fn opt_f64(&mut self, field: &str) -> Result<Option<f64>, Invalid> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(v) => Err(Invalid::new(
                field,
                format!("is {}, expected a number", describe(&v)),
            )),
        }
    }

    fn opt_bool(&mut self, field: &str) -> Result<Option<bool>, Invalid> {
        match self.take(field) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(v) => Err(Invalid::new(
                field,
                format!("is {}, expected true or false", describe(&v)),
            )),
        }
    }

    fn req_instant(&mut self, field: &str) -> Result<Instant, Invalid> {
        let s = self.req_str(field)?;
        parse_instant(&s).map_err(|reason| Invalid::new(field, reason))
    }

    fn opt_instant(&mut self, field: &str) -> Result<Option<Instant>, Invalid> {
        self.opt_str(field)?
            .map(|s| parse_instant(&s).map_err(|reason| Invalid::new(field, reason)))
            .transpose()
    }

    fn req_date(&mut self, field: &str) -> Result<NaiveDate, Invalid> {
        let s = self.req_str(field)?;
        parse_date(&s).map_err(|reason| Invalid::new(field, reason))
    }

    fn strings(&mut self, field: &str) -> Result<Vec<String>, Invalid> {
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

    fn id(&mut self) -> Result<Option<String>, Invalid> {
        match self.opt_str("id")? {
            Some(id) if id.trim().is_empty() => Err(Invalid::new("id", "is empty")),
            Some(id) if id.chars().count() > 200 => {
                Err(Invalid::new("id", "is longer than 200 characters"))
            }
            Some(id) if id.contains('\0') => Err(Invalid::new("id", "contains a NUL character")),
            other => Ok(other),
        }
    }

    fn source(&mut self) -> Result<Option<Source>, Invalid> {
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

fn read_event<F: Fields>(mut r: Rec<F>) -> Result<Event, Invalid> {
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

fn read_checkin(mut r: Rec) -> Result<Checkin, Invalid> {
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

fn read_reflection(mut r: Rec) -> Result<Reflection, Invalid> {
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

fn read_belief(mut r: Rec) -> Result<CustomBelief, Invalid> {
    let b = CustomBelief {
        id: r.req_str("id")?,
        statement: r.req_str("statement")?.trim().to_string(),
        markers: crate::domain::clean_tags(r.strings("markers")?),
    };
    b.validate()?;
    Ok(b)
}

fn read_verdict(mut r: Rec) -> Result<Verdict, Invalid> {
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

fn read_pathway(mut r: Rec) -> Result<Pathway, Invalid> {
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
fn content_of_event(e: &EventInput) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

fn content_of_reflection(r: &ReflectionInput) -> String {
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

// ---------------------------------------------------------------------------------------------
// Writing

/// What an export contains: every record of the journal.
#[derive(Debug, Clone, Copy)]
pub struct JournalRef<'a> {
    pub events: &'a [Event],
    pub checkins: &'a [Checkin],
    pub reflections: &'a [Reflection],
    pub beliefs: &'a [CustomBelief],
    pub verdicts: &'a [Verdict],
    pub pathways: &'a [Pathway],
}

impl<'a> From<&'a ImportBatch> for JournalRef<'a> {
    fn from(b: &'a ImportBatch) -> Self {
        JournalRef {
            events: &b.events,
            checkins: &b.checkins,
            reflections: &b.reflections,
            beliefs: &b.beliefs,
            verdicts: &b.verdicts,
            pathways: &b.pathways,
        }
    }
}

/// A check-in exactly as §2 writes it (no provenance field).
#[derive(Serialize)]
pub struct CheckinOut<'a> {
    pub date: String,
    pub alignment: u8,
    pub energy: Option<u8>,
    pub mood: Option<u8>,
    pub note: &'a Option<String>,
    pub tags: &'a [String],
}

impl<'a> From<&'a Checkin> for CheckinOut<'a> {
    fn from(c: &'a Checkin) -> Self {
        CheckinOut {
            date: c.date.format("%Y-%m-%d").to_string(),
            alignment: c.alignment,
            energy: c.energy,
            mood: c.mood,
            note: &c.note,
            tags: &c.tags,
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u64,
    exported_at: String,
    events: Vec<&'a Event>,
    checkins: Vec<CheckinOut<'a>>,
    reflections: Vec<&'a Reflection>,
    beliefs: Vec<&'a CustomBelief>,
    verdicts: Vec<&'a Verdict>,
    pathways: Vec<&'a Pathway>,
}

/// Sorts events by time (UTC instant), then id.
pub fn sorted_events(events: &[Event]) -> Vec<&Event> {
    let mut v: Vec<&Event> = events.iter().collect();
    v.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    v
}

pub fn sorted_checkins(checkins: &[Checkin]) -> Vec<&Checkin> {
    let mut v: Vec<&Checkin> = checkins.iter().collect();
    v.sort_by_key(|c| c.date);
    v
}

pub fn sorted_reflections(reflections: &[Reflection]) -> Vec<&Reflection> {
    let mut v: Vec<&Reflection> = reflections.iter().collect();
    v.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    v
}

/// Writes the journal as format version 1: pretty JSON ending in a newline.
pub fn write<'a>(journal: impl Into<JournalRef<'a>>, exported_at: &Instant) -> String {
    let j = journal.into();
    let mut beliefs: Vec<&CustomBelief> = j.beliefs.iter().collect();
    beliefs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut verdicts: Vec<&Verdict> = j.verdicts.iter().collect();
    verdicts.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.belief_id.cmp(&b.belief_id)));
    let mut pathways: Vec<&Pathway> = j.pathways.iter().collect();
    pathways.sort_by(|a, b| {
        a.started_on
            .cmp(&b.started_on)
            .then_with(|| a.id.cmp(&b.id))
    });
    let doc = Document {
        format: FORMAT,
        version: VERSION,
        exported_at: format_instant(exported_at),
        events: sorted_events(j.events),
        checkins: sorted_checkins(j.checkins)
            .into_iter()
            .map(CheckinOut::from)
            .collect(),
        reflections: sorted_reflections(j.reflections),
        beliefs,
        verdicts,
        pathways,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("journal values always serialise");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(events: &str) -> String {
        format!(
            r#"{{"format": "plumbline-journal", "version": 1, "exported_at": "2026-11-24T09:00:00Z", "events": [{events}]}}"#
        )
    }

    const GOOD: &str = r#"{"id": "e1", "at": "2026-11-20T09:40:00+01:00", "kind": "delayed_start",
        "task": "Write the client newsletter", "domain": "content",
        "planned_at": "2026-11-20T09:00:00+01:00", "delay_minutes": 40, "progress": null,
        "thought": "It needs another pass", "emotion": "anxious", "friction": 4,
        "tags": ["newsletter"], "note": null, "source": null, "colour": "blue"}"#;

    fn err(bytes: &str) -> String {
        parse(bytes.as_bytes(), false).unwrap_err().to_string()
    }

    #[test]
    fn reads_a_full_document() {
        let text = r#"{
          "format": "plumbline-journal", "version": 1, "exported_at": "2026-11-24T09:00:00Z",
          "events": [EV],
          "checkins": [{ "date": "2026-11-20", "alignment": 2, "energy": 3, "mood": 3, "note": null, "tags": [] }],
          "reflections": [{ "id": "r1", "at": "2026-11-20T21:10:00+01:00", "prompt_id": "thinking.before_delay",
            "title": null, "text": "I said I'd start after one more email.", "mood": null,
            "tags": [], "starred": false, "source": null }],
          "beliefs": [{ "id": "custom:no-time", "statement": "There is never enough time", "markers": ["no time"] }],
          "verdicts": [{ "belief_id": "visibility_risk", "verdict": "confirmed", "at": "2026-11-21T20:00:00+01:00" }],
          "pathways": [{ "id": "p1", "belief_id": "visibility_risk", "reframe": "Drafts are allowed to be seen",
            "next_action": "Send one paragraph", "cycle": "Tuesdays 10:00", "if_then": null, "started_on": "2026-11-22" }]
        }"#
        .replace("EV", GOOD);
        let b = parse(text.as_bytes(), false).expect("valid journal");
        assert_eq!(b.events.len(), 1);
        let e = &b.events[0];
        assert_eq!(e.id, "e1");
        assert_eq!(e.kind, Kind::DelayedStart);
        assert_eq!(e.friction, Some(4));
        assert_eq!(e.delay_minutes, Some(40));
        assert_eq!(e.tags, vec!["newsletter".to_string()]);
        assert_eq!(e.source, None);
        assert_eq!(b.checkins[0].alignment, 2);
        assert_eq!(
            b.reflections[0].prompt_id.as_deref(),
            Some("thinking.before_delay")
        );
        assert_eq!(b.beliefs[0].id, "custom:no-time");
        assert_eq!(b.verdicts[0].verdict, VerdictKind::Confirmed);
        assert_eq!(b.pathways[0].if_then, None);
        assert!(b.rejected.is_empty());
    }

    #[test]
    fn names_collection_index_and_field() {
        let bad = GOOD.replace("\"friction\": 4", "\"friction\": 9");
        let text = doc(&format!("{GOOD}, {bad}"));
        assert_eq!(err(&text), "events[1].friction: 9 is out of range 1–5");

        let cases = [
            (
                "\"kind\": \"delayed_start\"",
                "\"kind\": \"slacked\"",
                "events[0].kind: ",
            ),
            (
                "\"task\": \"Write the client newsletter\"",
                "\"task\": \"  \"",
                "events[0].task: is required",
            ),
            (
                "\"task\": \"Write the client newsletter\",",
                "",
                "events[0].task: is required and missing",
            ),
            (
                "\"at\": \"2026-11-20T09:40:00+01:00\"",
                "\"at\": \"2026-02-30T10:00:00Z\"",
                "events[0].at: ",
            ),
            (
                "\"at\": \"2026-11-20T09:40:00+01:00\"",
                "\"at\": \"2026-11-20T09:40:00\"",
                "events[0].at: ",
            ),
            (
                "\"progress\": null",
                "\"progress\": 1.5",
                "events[0].progress: 1.5 is out of range",
            ),
            (
                "\"friction\": 4",
                "\"friction\": 4.5",
                "events[0].friction: 4.5 is not a whole number",
            ),
            (
                "\"friction\": 4",
                "\"friction\": \"4\"",
                "events[0].friction: is the text \"4\", expected a whole number",
            ),
            (
                "\"delay_minutes\": 40",
                "\"delay_minutes\": -3",
                "events[0].delay_minutes: -3 must not be negative",
            ),
            (
                "[\"newsletter\"]",
                "[\"ok\", 7]",
                "events[0].tags[1]: is the number 7",
            ),
            (
                "\"source\": null",
                "\"source\": {\"file\": \"x\"}",
                "events[0].source.app: is required",
            ),
            ("\"id\": \"e1\"", "\"id\": \"\"", "events[0].id: is empty"),
        ];
        for (from, to, want) in cases {
            let text = doc(&GOOD.replace(from, to));
            let got = err(&text);
            assert!(
                got.starts_with(want),
                "{to}: got {got:?}, want prefix {want:?}"
            );
        }
        assert_eq!(
            err(&doc("3")),
            "events[0]: is the number 3, expected an object"
        );
    }

    #[test]
    fn other_collections_are_checked_too() {
        let base = doc(GOOD);
        let with = |k: &str, v: &str| base.replacen('{', &format!("{{\"{k}\": [{v}], "), 1);
        assert_eq!(
            err(&with(
                "checkins",
                r#"{"date": "2026-11-20", "alignment": 2}, {"date": "2026-11-21"}"#
            )),
            "checkins[1].alignment: is required and missing"
        );
        assert!(err(&with(
            "checkins",
            r#"{"date": "2026-13-01", "alignment": 2}"#
        ))
        .starts_with("checkins[0].date: "));
        assert_eq!(
            err(&with(
                "reflections",
                r#"{"at": "2026-11-20T21:10:00Z", "text": " "}"#
            )),
            "reflections[0].text: is empty; write a text or a title"
        );
        assert!(
            err(&with("beliefs", r#"{"id": "no-time", "statement": "x"}"#))
                .starts_with("beliefs[0].id: ")
        );
        assert!(err(&with(
            "verdicts",
            r#"{"belief_id": "x", "verdict": "maybe", "at": "2026-11-20T21:10:00Z"}"#
        ))
        .starts_with("verdicts[0].verdict: "));
        assert!(err(&with("pathways", r#"{"id": "p", "belief_id": "x"}"#))
            .starts_with("pathways[0].started_on: is required"));
    }

    #[test]
    fn skip_invalid_keeps_the_good_and_reports_each_bad_record() {
        let bad1 = GOOD
            .replace("\"friction\": 4", "\"friction\": 0")
            .replace("e1", "e2");
        let bad2 = GOOD.replace("delayed_start", "nope").replace("e1", "e3");
        let text = doc(&format!("{bad1}, {GOOD}, {bad2}"));
        let b = parse(text.as_bytes(), true).expect("skips invalid records");
        assert_eq!(b.events.len(), 1);
        assert_eq!(b.events[0].id, "e1");
        let shown: Vec<String> = b.rejected.iter().map(|r| r.to_string()).collect();
        assert_eq!(shown[0], "events[0].friction: 0 is out of range 1–5");
        assert!(shown[1].starts_with("events[2].kind: \"nope\" is not a kind"));
        assert_eq!(shown.len(), 2);
    }

    #[test]
    fn records_that_are_not_objects_are_rejected_in_file_order() {
        let bad = GOOD
            .replace("\"friction\": 4", "\"friction\": 6")
            .replace("e1", "e3");
        let text = doc(&format!("{GOOD}, \"text\", {bad}, null"));
        let b = parse(text.as_bytes(), true).expect("skips invalid records");
        assert_eq!(b.events.len(), 1);
        let shown: Vec<String> = b.rejected.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "events[1]: is the text \"text\", expected an object".to_string(),
                "events[2].friction: 6 is out of range 1–5".to_string(),
                "events[3]: is null, expected an object".to_string(),
            ]
        );
        assert_eq!(
            err(&text),
            "events[1]: is the text \"text\", expected an object"
        );
        // A duplicated field is read as JSON reads it: the last one counts.
        let dup = GOOD.replace("\"friction\": 4", "\"friction\": 9, \"friction\": 2");
        let b = parse(doc(&dup).as_bytes(), false).expect("valid");
        assert_eq!(b.events[0].friction, Some(2));
        assert!(
            err(r#"{"format": "plumbline-journal", "version": 1, "events": null}"#)
                .contains("\"events\" is null, expected a list")
        );
    }

    #[test]
    fn whole_file_errors() {
        assert_eq!(parse(b"", false), Err(JournalError::Empty));
        assert_eq!(parse(b"  \n ", true), Err(JournalError::Empty));
        let truncated = &doc(GOOD)[..120];
        assert!(matches!(
            parse(truncated.as_bytes(), false),
            Err(JournalError::Truncated { line: 1, .. })
        ));
        let e = parse(b"{\n  \"format\": plumbline\n}", false).unwrap_err();
        assert!(
            matches!(
                e,
                JournalError::Malformed {
                    line: 2,
                    column: 13,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("line 2, column 13"));
        assert!(matches!(
            parse(b"\x00\x9f\x92\x96 garbage", false),
            Err(JournalError::Malformed { line: 1, .. })
        ));
        assert!(matches!(
            parse(b"[1, 2]", false),
            Err(JournalError::NotAJournal(_))
        ));
        assert!(err(r#"{"format": "daylio", "version": 1, "events": []}"#).contains("\"daylio\""));
        assert!(err(r#"{"version": 1, "events": []}"#).contains("\"format\" field is missing"));
        assert!(err(r#"{"format": "plumbline-journal", "events": []}"#)
            .contains("\"version\" field is missing"));
        assert!(err(r#"{"format": "plumbline-journal", "version": 1}"#)
            .contains("\"events\" list is missing"));
        assert!(
            err(r#"{"format": "plumbline-journal", "version": 1, "events": {}}"#)
                .contains("expected a list")
        );
        assert!(
            err(r#"{"format": "plumbline-journal", "version": 0, "events": []}"#)
                .contains("\"version\" is 0")
        );
        let too_new = parse(
            br#"{"format": "plumbline-journal", "version": 2, "events": []}"#,
            false,
        );
        assert_eq!(too_new, Err(JournalError::TooNew { version: 2 }));
        assert!(too_new
            .unwrap_err()
            .to_string()
            .contains("newer than this Plumbline reads"));
        // A byte-order mark is allowed.
        let with_bom = format!("\u{feff}{}", doc(GOOD));
        assert_eq!(
            parse(with_bom.as_bytes(), false).map(|b| b.events.len()),
            Ok(1)
        );
    }

    #[test]
    fn events_without_id_get_a_stable_content_id() {
        let no_id = GOOD.replace("\"id\": \"e1\",", "");
        let a = parse(doc(&no_id).as_bytes(), false).expect("valid");
        let b = parse(doc(&no_id).as_bytes(), false).expect("valid");
        assert_eq!(a.events[0].id, b.events[0].id);
        assert!(a.events[0].id.starts_with("ev-"));
        let other = no_id.replace("anxious", "calm");
        let c = parse(doc(&other).as_bytes(), false).expect("valid");
        assert_ne!(a.events[0].id, c.events[0].id);
        assert_eq!(derived_id("ev", "x"), derived_id("ev", "x"));
        assert_ne!(derived_id("ev", "x"), derived_id("re", "x"));
    }

    #[test]
    fn write_then_parse_then_write_is_identical() {
        let text = format!(
            r#"{{"format": "plumbline-journal", "version": 1, "events": [{}, {GOOD}],
            "checkins": [{{"date": "2026-11-21", "alignment": 5}}, {{"date": "2026-11-20", "alignment": 2, "tags": ["x"]}}],
            "reflections": [{{"id": "r1", "at": "2026-11-20T21:10:00+01:00", "text": "Line one\nLine two", "mood": 3, "starred": true,
              "source": {{"app": "jrnl", "file": "j.txt", "import_id": "imp1"}}}}]}}"#,
            GOOD.replace("\"e1\"", "\"e0\"").replace("09:40", "08:00")
        );
        let at = parse_instant("2026-11-24T09:00:00Z").expect("instant");
        let b = parse(text.as_bytes(), false).expect("valid");
        let out1 = write(&b, &at);
        let out2 = write(
            &parse(out1.as_bytes(), false).expect("own output reads back"),
            &at,
        );
        assert_eq!(out1, out2);
        let v: Value = serde_json::from_str(&out1).expect("json");
        assert_eq!(v["events"][0]["id"], "e0", "sorted by time");
        assert_eq!(v["events"][1]["note"], Value::Null, "nulls are present");
        assert!(v["events"][1]
            .as_object()
            .expect("obj")
            .contains_key("source"));
        assert!(
            !v["events"][1]
                .as_object()
                .expect("obj")
                .contains_key("colour"),
            "unknown fields dropped"
        );
        assert_eq!(v["checkins"][0]["date"], "2026-11-20");
        assert_eq!(v["checkins"][1]["energy"], Value::Null);
        assert_eq!(v["reflections"][0]["source"]["app"], "jrnl");
        assert_eq!(v["beliefs"], Value::Array(vec![]));
        let keys: Vec<&String> = v["events"][0].as_object().expect("obj").keys().collect();
        assert_eq!(keys.len(), 14);
        assert!(out1.starts_with("{\n  \"format\": \"plumbline-journal\",\n  \"version\": 1,\n  \"exported_at\": \"2026-11-24T09:00:00Z\","));
    }
}

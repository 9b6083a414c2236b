//! Reading a journal file: the document checked as a whole (format, version, the lists), each
//! record read through [`super::record`] and, with `skip_invalid`, set aside when invalid. A
//! fast path reads the events straight into typed fields; any surprise falls back to the
//! general path, which checks every shape.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::record::{
    describe, read_belief, read_checkin, read_event, read_pathway, read_reflection, read_verdict,
    Fields, Rec,
};
use super::{JournalError, FORMAT, VERSION};
use crate::domain::Invalid;
use crate::interchange::{ImportBatch, Rejected};

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

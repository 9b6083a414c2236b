//! Daylio: the CSV export (every header variant, or none) and the `.daylio` backup (a zip
//! holding `backup.daylio`, base64 of a JSON document).
//!
//! Each entry becomes a reflection at its time: title = note title, text = the note with `<br>`
//! turned into line breaks and HTML entities decoded, mood 1–5 where known, tags = activities.
//! An entry without a note gets a text naming its mood and activities, so nothing is lost. No
//! check-ins are made up. A mood name's level comes from the backup's `mood_group_id`; else the
//! built-in table of Daylio's default names in common languages; else `--mood-map`; else it is
//! unknown and kept as the tag `mood:<name>`.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde_json::Value;

use super::detect::is_zip;
use super::formats::{
    excerpt, parse_any_date, parse_time_of_day, read_zip, utf8_text, Collector, ImportError,
    ParseOptions,
};
use super::ImportBatch;
use crate::domain::ReflectionInput;

/// Daylio's default mood names, best (5) to worst (1), in the languages people export in.
const DEFAULT_MOODS: &[(&str, u8)] = &[
    // English
    ("rad", 5),
    ("good", 4),
    ("meh", 3),
    ("bad", 2),
    ("awful", 1),
    // Polish
    ("super", 5),
    ("dobrze", 4),
    ("tak sobie", 3),
    ("źle", 2),
    ("okropnie", 1),
    // Spanish
    ("genial", 5),
    ("bien", 4),
    ("regular", 3),
    ("mal", 2),
    ("fatal", 1),
    ("horrible", 1),
    // German
    ("gut", 4),
    ("okay", 3),
    ("naja", 3),
    ("schlecht", 2),
    ("schrecklich", 1),
    ("furchtbar", 1),
    // French
    ("génial", 5),
    ("bof", 3),
    ("affreux", 1),
    // Italian
    ("ottimo", 5),
    ("bene", 4),
    ("così così", 3),
    ("male", 2),
    ("terribile", 1),
    ("malissimo", 1),
    // Portuguese
    ("ótimo", 5),
    ("radiante", 5),
    ("bem", 4),
    ("mais ou menos", 3),
    ("horrível", 1),
    ("péssimo", 1),
    // Dutch
    ("geweldig", 5),
    ("goed", 4),
    ("matig", 3),
    ("slecht", 2),
    ("vreselijk", 1),
    // Russian
    ("супер", 5),
    ("отлично", 5),
    ("хорошо", 4),
    ("так себе", 3),
    ("плохо", 2),
    ("ужасно", 1),
    // Czech
    ("skvěle", 5),
    ("dobře", 4),
    ("ujde to", 3),
    ("špatně", 2),
    ("hrozně", 1),
];

/// The English names Daylio shows for its built-in moods (`predefined_name_id` 1–5, 1 best).
const PREDEFINED_NAMES: [&str; 5] = ["rad", "good", "meh", "bad", "awful"];

/// Month names (and the genitive forms some languages use in dates) → month number.
const MONTHS: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("sept", 9),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    // Spanish
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    // Italian
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Polish (nominative and genitive)
    ("styczeń", 1),
    ("stycznia", 1),
    ("luty", 2),
    ("lutego", 2),
    ("marzec", 3),
    ("marca", 3),
    ("kwiecień", 4),
    ("kwietnia", 4),
    ("maj", 5),
    ("maja", 5),
    ("czerwiec", 6),
    ("czerwca", 6),
    ("lipiec", 7),
    ("lipca", 7),
    ("sierpień", 8),
    ("sierpnia", 8),
    ("wrzesień", 9),
    ("września", 9),
    ("październik", 10),
    ("października", 10),
    ("listopad", 11),
    ("listopada", 11),
    ("grudzień", 12),
    ("grudnia", 12),
    // Russian (nominative and genitive)
    ("январь", 1),
    ("января", 1),
    ("февраль", 2),
    ("февраля", 2),
    ("март", 3),
    ("марта", 3),
    ("апрель", 4),
    ("апреля", 4),
    ("май", 5),
    ("мая", 5),
    ("июнь", 6),
    ("июня", 6),
    ("июль", 7),
    ("июля", 7),
    ("август", 8),
    ("августа", 8),
    ("сентябрь", 9),
    ("сентября", 9),
    ("октябрь", 10),
    ("октября", 10),
    ("ноябрь", 11),
    ("ноября", 11),
    ("декабрь", 12),
    ("декабря", 12),
];

/// Parses a localised day-and-month such as `7 września`, `June 22`, `22. Juni` or `Jun 22`.
pub(crate) fn parse_day_month(s: &str) -> Option<(u32, u32)> {
    let mut day = None;
    let mut month = None;
    for tok in s
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',' || c == '/')
        .filter(|t| !t.is_empty())
    {
        if FILLER.contains(&tok.to_lowercase().as_str()) {
            continue;
        }
        if tok.chars().all(|c| c.is_ascii_digit()) {
            if day.is_some() || tok.len() > 2 {
                return None;
            }
            day = Some(tok.parse().ok()?);
        } else {
            if month.is_some() {
                return None;
            }
            month = Some(month_number(&tok.to_lowercase())?);
        }
    }
    Some((month?, day?))
}

/// Words that join day and month in some languages (`3 de marzo`, `3 of March`).
const FILLER: &[&str] = &["de", "del", "di", "of", "the"];

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if let Some((_, m)) = MONTHS.iter().find(|(n, _)| *n == word) {
        return Some(*m);
    }
    // An abbreviation: every month it could start must agree.
    if word.chars().count() < 3 {
        return None;
    }
    let mut found = None;
    for (name, m) in MONTHS {
        if name.starts_with(word) {
            match found {
                None => found = Some(*m),
                Some(f) if f != *m => return None,
                Some(_) => {}
            }
        }
    }
    found
}

/// A mood name as compared: non-breaking and repeated spaces folded, lower case.
pub(crate) fn mood_key(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The level of a mood name: the built-in names, else the person's `--mood-map`.
pub(crate) fn mood_level(name: &str, mood_map: &HashMap<String, u8>) -> Option<u8> {
    let key = mood_key(name);
    DEFAULT_MOODS
        .iter()
        .find(|(n, _)| *n == key)
        .map(|(_, l)| *l)
        .or_else(|| mood_map.get(&key).copied())
}

/// Turns a note's HTML remnants into plain text: `<br>` → line break, simple formatting tags
/// dropped, entities decoded, non-breaking spaces made ordinary.
pub(crate) fn decode_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['<', '&', '\u{a0}', '\r']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let c = tail.chars().next().unwrap_or(' ');
        let consumed = match c {
            '<' => decode_tag(tail, &mut out),
            '&' => decode_entity(tail, &mut out),
            '\r' => {
                out.push('\n');
                if tail[1..].starts_with('\n') {
                    2
                } else {
                    1
                }
            }
            _ => {
                out.push(' ');
                c.len_utf8()
            }
        };
        rest = &tail[consumed..];
    }
    out.push_str(rest);
    out
}

fn decode_tag(tail: &str, out: &mut String) -> usize {
    // Byte search: `>` is ASCII, so the index is a character boundary.
    let Some(end) = tail.bytes().take(40).position(|b| b == b'>') else {
        out.push('<');
        return 1;
    };
    let inner = tail[1..end].trim().to_ascii_lowercase();
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    match name.as_str() {
        "br" => out.push('\n'),
        "p" | "div" if closing => out.push('\n'),
        "p" | "div" | "b" | "i" | "u" | "em" | "strong" | "span" | "font" | "s" | "strike" => {}
        _ => {
            out.push('<');
            return 1;
        }
    }
    end + 1
}

fn decode_entity(tail: &str, out: &mut String) -> usize {
    let Some(end) = tail.bytes().take(12).position(|b| b == b';') else {
        out.push('&');
        return 1;
    };
    let name = &tail[1..end];
    let decoded = match name {
        "nbsp" => Some(' '),
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32)
            .map(|c| if c == '\u{a0}' { ' ' } else { c }),
    };
    match decoded {
        Some(c) if c != '\0' => {
            out.push(c);
            end + 1
        }
        _ => {
            out.push('&');
            1
        }
    }
}

/// True when a CSV line's fields look like a Daylio entry without a header line.
pub(crate) fn looks_like_headerless_row(fields: &[String]) -> bool {
    fields.len() >= 5
        && parse_any_date(&fields[0]).is_some()
        && parse_time_of_day(&fields[3]).is_some()
}

/// One entry, whichever file it came from.
struct Entry<'a> {
    date: NaiveDate,
    time: NaiveTime,
    /// The exact instant when the file says it (the backup); else read in the local zone.
    at: Option<DateTime<FixedOffset>>,
    mood_name: &'a str,
    /// Known from the backup.
    mood_level: Option<u8>,
    activities: Vec<String>,
    title: String,
    note: String,
}

fn add_entry(
    c: &mut Collector<'_>,
    opts: &ParseOptions,
    record: &str,
    e: Entry<'_>,
) -> Result<(), ImportError> {
    let local = NaiveDateTime::new(e.date, e.time);
    let at = match e.at {
        Some(at) => (1..=9999).contains(&at.naive_utc().year()).then_some(at),
        None => opts.zone.try_place(local),
    };
    let Some(at) = at else {
        return c.reject(record, "full_date", super::formats::out_of_range(local));
    };
    let mood_name = e.mood_name.trim().replace('\u{a0}', " ");
    let level = e
        .mood_level
        .or_else(|| (!mood_name.is_empty()).then(|| mood_level(&mood_name, &opts.mood_map))?);
    let note = decode_html(&e.note).trim().to_string();
    let title = decode_html(&e.title).replace('\n', " ").trim().to_string();
    let mut tags: Vec<String> = e
        .activities
        .iter()
        .map(|a| decode_html(a).trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    if level.is_none() && !mood_name.is_empty() {
        tags.push(format!("mood:{mood_name}"));
    }
    let text = if note.is_empty() {
        let mut t = String::new();
        if !mood_name.is_empty() {
            t.push_str(&format!("Mood: {mood_name}"));
        }
        if !e.activities.is_empty() {
            if !t.is_empty() {
                t.push('\n');
            }
            t.push_str(&format!(
                "Activities: {}",
                tags_text(&tags, level.is_none())
            ));
        }
        t
    } else {
        note.clone()
    };
    let mut input = ReflectionInput::new(at, text);
    input.title = Some(title.clone());
    input.mood = level;
    input.tags = tags;
    let date = e.date.format("%Y-%m-%d").to_string();
    let time = e.time.format("%H:%M").to_string();
    match input.normalized() {
        Ok(input) => {
            let id = c.id(&[&date, &time, &mood_key(&mood_name), &title, &note]);
            let source = c.source();
            c.batch
                .reflections
                .push(input.into_reflection(id, Some(source)));
            Ok(())
        }
        Err(inv) => c.reject(record, inv.field, inv.reason),
    }
}

fn tags_text(tags: &[String], last_is_mood: bool) -> String {
    let n = if last_is_mood {
        tags.len().saturating_sub(1)
    } else {
        tags.len()
    };
    tags[..n].join(", ")
}

// ---------------------------------------------------------------------------------------------
// CSV

/// Column positions found in the header (or assumed without one).
#[derive(Debug, Default)]
struct Columns {
    full_date: Option<usize>,
    year: Option<usize>,
    date: Option<usize>,
    time: usize,
    mood: usize,
    activities: Option<usize>,
    note_title: Option<usize>,
    note: Option<usize>,
}

impl Columns {
    fn from_header(fields: &[String]) -> Result<Columns, String> {
        let find = |name: &str| {
            fields
                .iter()
                .position(|f| f.trim().trim_matches('\u{feff}').eq_ignore_ascii_case(name))
        };
        let missing = |name: &str| {
            format!(
                "the header line has no {name:?} column (found: {})",
                fields.join(",")
            )
        };
        let cols = Columns {
            full_date: find("full_date"),
            year: find("year"),
            date: find("date"),
            time: find("time").ok_or_else(|| missing("time"))?,
            mood: find("mood").ok_or_else(|| missing("mood"))?,
            activities: find("activities"),
            note_title: find("note_title"),
            note: find("note"),
        };
        if cols.full_date.is_none() && (cols.year.is_none() || cols.date.is_none()) {
            return Err(missing("full_date"));
        }
        Ok(cols)
    }

    /// Without a header: the current 8-column layout, or the older 7-column one.
    fn headerless(width: usize) -> Columns {
        Columns {
            full_date: Some(0),
            year: None,
            date: Some(1),
            time: 3,
            mood: 4,
            activities: Some(5),
            note_title: (width >= 8).then_some(6),
            note: Some(if width >= 8 { 7 } else { 6 }),
        }
    }
}

/// The widest of the first rows of a file without a header: a short first row must not make
/// the current 8-column layout look like the older 7-column one.
fn headerless_width(text: &str) -> usize {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .take(50)
        .filter_map(Result::ok)
        .map(|r| r.len())
        .max()
        .unwrap_or(0)
}

/// Parses a Daylio CSV export.
pub fn parse_csv(
    bytes: &[u8],
    file: &str,
    opts: &ParseOptions,
) -> Result<ImportBatch, ImportError> {
    let text = utf8_text(bytes, file)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut c = Collector::new("daylio", file, opts);
    let mut cols: Option<Columns> = None;
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| ImportError::unreadable(file, format!("cannot be read as CSV ({e})")))?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cols = match &cols {
            Some(cols) => cols,
            None => {
                let fields: Vec<String> = record.iter().map(str::to_string).collect();
                if looks_like_headerless_row(&fields) || parse_any_date(&fields[0]).is_some() {
                    cols.insert(Columns::headerless(headerless_width(text)))
                } else {
                    let found = Columns::from_header(&fields).map_err(|reason| {
                        ImportError::unreadable(
                            file,
                            format!("is not a Daylio CSV export: {reason}"),
                        )
                    })?;
                    cols = Some(found);
                    continue;
                }
            }
        };
        let rec = format!("line {line}");
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        let date = match cols.full_date {
            Some(i) => {
                let s = get(Some(i));
                match parse_any_date(s) {
                    Some(d) => d,
                    None => {
                        c.reject(
                            &rec,
                            "full_date",
                            format!("{} is not a date (expected YYYY-MM-DD)", excerpt(s)),
                        )?;
                        continue;
                    }
                }
            }
            None => {
                let (y, d) = (get(cols.year), get(cols.date));
                let day = y
                    .trim()
                    .parse::<i32>()
                    .ok()
                    .zip(parse_day_month(d))
                    .and_then(|(y, (m, d))| NaiveDate::from_ymd_opt(y, m, d));
                match day {
                    Some(day) => day,
                    None => {
                        c.reject(&rec, "date", format!("{} with year {} is not a date this importer can read (a day number and a month name)", excerpt(d), excerpt(y)))?;
                        continue;
                    }
                }
            }
        };
        let time_text = get(Some(cols.time));
        let Some(time) = parse_time_of_day(time_text) else {
            c.reject(
                &rec,
                "time",
                format!(
                    "{} is not a time of day (e.g. 08:45 or 6:50 pm)",
                    excerpt(time_text)
                ),
            )?;
            continue;
        };
        let activities = get(cols.activities)
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        let entry = Entry {
            date,
            time,
            at: None,
            mood_name: get(Some(cols.mood)),
            mood_level: None,
            activities,
            title: get(cols.note_title).to_string(),
            note: get(cols.note).to_string(),
        };
        add_entry(&mut c, opts, &rec, entry)?;
    }
    if cols.is_none() {
        return Err(ImportError::unreadable(file, "holds no Daylio entries"));
    }
    Ok(c.finish())
}

// ---------------------------------------------------------------------------------------------
// Backup

/// If the bytes are base64 text decoding to a JSON object (the inside of a `.daylio` backup),
/// returns the JSON.
pub(crate) fn decode_backup_text(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = bytes.iter().copied().filter(|b| !b.is_ascii_whitespace());
    let mut n = 0usize;
    for b in text.clone() {
        if !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')) {
            return None;
        }
        n += 1;
    }
    if n < 8 {
        return None;
    }
    // Decoded as a stream straight from the file's bytes (whitespace skipped on the way), so
    // the only copy is the decoded JSON, about three quarters of the text's size.
    let mut json = Vec::with_capacity(n / 4 * 3);
    let mut decoder = base64::read::DecoderReader::new(
        SkipWhitespace(bytes),
        &base64::engine::general_purpose::STANDARD,
    );
    std::io::Read::read_to_end(&mut decoder, &mut json).ok()?;
    (super::detect::first_non_space(&json) == Some(b'{')).then_some(json)
}

/// A reader over bytes that leaves out ASCII whitespace.
struct SkipWhitespace<'a>(&'a [u8]);

impl std::io::Read for SkipWhitespace<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            let Some((&b, rest)) = self.0.split_first() else {
                break;
            };
            self.0 = rest;
            if !b.is_ascii_whitespace() {
                buf[n] = b;
                n += 1;
            }
        }
        Ok(n)
    }
}

/// Parses a `.daylio` backup: a zip holding `backup.daylio`.
pub fn parse_backup_zip(
    bytes: &[u8],
    file: &str,
    opts: &ParseOptions,
) -> Result<ImportBatch, ImportError> {
    debug_assert!(is_zip(bytes));
    let files = read_zip(bytes, file)?;
    let Some((_, inner)) = files
        .iter()
        .find(|(n, _)| n.rsplit('/').next() == Some("backup.daylio"))
    else {
        return Err(ImportError::unreadable(
            file,
            "is a zip archive without backup.daylio, so not a Daylio backup",
        ));
    };
    if super::detect::first_non_space(inner) == Some(b'{') {
        return parse_backup_json(inner, file, opts);
    }
    let json = decode_backup_text(inner).ok_or_else(|| {
        ImportError::unreadable(
            file,
            "backup.daylio inside it is neither base64-encoded JSON nor JSON",
        )
    })?;
    parse_backup_json(&json, file, opts)
}

/// Parses the JSON document inside a Daylio backup.
pub fn parse_backup_json(
    json: &[u8],
    file: &str,
    opts: &ParseOptions,
) -> Result<ImportBatch, ImportError> {
    let json = json.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(json);
    let doc: Value = serde_json::from_slice(json).map_err(|e| {
        ImportError::unreadable(file, format!("the backup's JSON cannot be read ({e})"))
    })?;
    let Some(entries) = doc.get("dayEntries").and_then(Value::as_array) else {
        return Err(ImportError::unreadable(
            file,
            "the backup has no \"dayEntries\" list, so it is not a Daylio backup",
        ));
    };
    // Mood id → (name, level).
    let mut moods: HashMap<i64, (String, Option<u8>)> = HashMap::new();
    for m in doc
        .get("customMoods")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(id) = m.get("id").and_then(Value::as_i64) else {
            continue;
        };
        let predefined = m.get("predefined_name_id").and_then(Value::as_i64);
        let custom = m
            .get("custom_name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let name = match (custom, predefined) {
            (Some(n), _) => n.to_string(),
            (None, Some(p @ 1..=5)) => PREDEFINED_NAMES[(p - 1) as usize].to_string(),
            _ => String::new(),
        };
        let level = m
            .get("mood_group_id")
            .and_then(Value::as_i64)
            .filter(|g| (1..=5).contains(g))
            .map(|g| (6 - g) as u8);
        moods.insert(id, (name, level));
    }
    let tags: HashMap<i64, String> = doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| Some((t.get("id")?.as_i64()?, t.get("name")?.as_str()?.to_string())))
        .collect();
    let mut c = Collector::new("daylio", file, opts);
    for (i, e) in entries.iter().enumerate() {
        let rec = format!("dayEntries[{i}]");
        match backup_entry(e, &moods, &tags) {
            Ok(entry) => add_entry(&mut c, opts, &rec, entry)?,
            Err((field, reason)) => c.reject(&rec, field, reason)?,
        }
    }
    Ok(c.finish())
}

fn backup_entry<'a>(
    e: &'a Value,
    moods: &'a HashMap<i64, (String, Option<u8>)>,
    tags: &HashMap<i64, String>,
) -> Result<Entry<'a>, (&'static str, String)> {
    let int = |k: &str| e.get(k).and_then(Value::as_i64);
    let at = match (int("datetime"), int("timeZoneOffset")) {
        (Some(ms), off) => {
            let off_s = off.unwrap_or(0) / 1000;
            let offset = i32::try_from(off_s)
                .ok()
                .and_then(FixedOffset::east_opt)
                .ok_or((
                    "timeZoneOffset",
                    format!("{} ms is not a time-zone offset", off.unwrap_or(0)),
                ))?;
            let utc = DateTime::from_timestamp_millis(ms)
                .ok_or(("datetime", format!("{ms} is not a time")))?;
            Some(utc.with_timezone(&offset))
        }
        (None, _) => None,
    };
    let local = match (int("year"), int("month"), int("day")) {
        (Some(y), Some(m), Some(d)) => {
            let date = i32::try_from(y)
                .ok()
                .zip(u32::try_from(m + 1).ok())
                .zip(u32::try_from(d).ok())
                .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(y, m, d))
                .ok_or((
                    "day",
                    format!("year {y}, month {m} (0-based), day {d} is not a date"),
                ))?;
            let (h, mi) = (int("hour").unwrap_or(0), int("minute").unwrap_or(0));
            let time = u32::try_from(h)
                .ok()
                .zip(u32::try_from(mi).ok())
                .and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0))
                .ok_or(("hour", format!("{h}:{mi} is not a time of day")))?;
            Some((date, time))
        }
        _ => None,
    };
    let (date, time) = match (local, at) {
        (Some(l), _) => l,
        (None, Some(at)) => (
            at.date_naive(),
            NaiveTime::from_hms_opt(at.hour(), at.minute(), 0).unwrap_or_default(),
        ),
        (None, None) => {
            return Err((
                "datetime",
                "the entry has neither a date nor a datetime".into(),
            ))
        }
    };
    if let Some(at) = at {
        if !(1900..=2999).contains(&at.year()) {
            return Err(("datetime", format!("{at} is outside the years 1900–2999")));
        }
    }
    let mood_id = int("mood").ok_or(("mood", "is missing".to_string()))?;
    let (mood_name, mood_level) = moods.get(&mood_id).map(|(n, l)| (n.as_str(), *l)).ok_or((
        "mood",
        format!("{mood_id} is not one of the backup's customMoods"),
    ))?;
    let activities = e
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .filter_map(|t| tags.get(&t).cloned())
        .collect();
    let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    Ok(Entry {
        date,
        time,
        at,
        mood_name,
        mood_level,
        activities,
        title: text("note_title"),
        note: text("note"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localised_day_and_month() {
        assert_eq!(parse_day_month("7 września"), Some((9, 7)));
        assert_eq!(parse_day_month("June 22"), Some((6, 22)));
        assert_eq!(parse_day_month("22. Juni"), Some((6, 22)));
        assert_eq!(parse_day_month("Jun 22"), Some((6, 22)));
        assert_eq!(parse_day_month("3 de marzo"), Some((3, 3)));
        assert_eq!(
            parse_day_month("3 xyz marzo"),
            None,
            "a stray word is not guessed at"
        );
        assert_eq!(parse_day_month("12 декабря"), Some((12, 12)));
        assert_eq!(parse_day_month("ma 3"), None, "too short to tell");
        assert_eq!(parse_day_month("Ju 3"), None);
        assert_eq!(parse_day_month("June"), None);
    }

    #[test]
    fn html_remnants_become_text() {
        assert_eq!(decode_html("a<br>b<br/>c<BR />d"), "a\nb\nc\nd");
        assert_eq!(
            decode_html("Tom &amp; Jerry&nbsp;&lt;3 &#39;x&#x27;"),
            "Tom & Jerry <3 'x'"
        );
        assert_eq!(decode_html("<b>bold</b> a < b & c"), "bold a < b & c");
        assert_eq!(decode_html("x\u{a0}y\r\nz"), "x y\nz");
        assert_eq!(decode_html("&#0; &bogus; &"), "&#0; &bogus; &");
        assert_eq!(
            decode_html("<ééééééééééééééééééééééééé>&éééééé;"),
            "<ééééééééééééééééééééééééé>&éééééé;"
        );
        assert_eq!(decode_html("<p>one</p><p>two</p>"), "one\ntwo\n");
    }

    #[test]
    fn mood_names_in_languages_and_maps() {
        let mut map = HashMap::new();
        assert_eq!(mood_level("RAD", &map), Some(5));
        assert_eq!(mood_level("dobrze", &map), Some(4));
        assert_eq!(mood_level("mal", &map), Some(2));
        assert_eq!(mood_level("tak\u{a0}sobie", &map), Some(3));
        assert_eq!(mood_level("Sin animo", &map), None);
        map.insert("sin animo".to_string(), 2);
        assert_eq!(mood_level(" Sin  animo ", &map), Some(2));
    }
}

//! jrnl: the JSON export and the plain-text journal.
//!
//! Each entry becomes a reflection: title, text = body, at = date + time in the person's local
//! zone, tags without `@`, starred. The same entry read from the JSON export or from the text
//! journal gets the same id, so importing both adds it once.

use chrono::{NaiveDateTime, NaiveTime};
use serde_json::Value;

use super::formats::{
    excerpt, parse_any_date, parse_time_of_day, utf8_text, Collector, ImportError, ParseOptions,
};
use super::ImportBatch;
use crate::domain::ReflectionInput;

/// Reads the date and time at the start of an entry line: `[2013-06-09 15:39] Title`,
/// `[09.06.2013 15:39] Title`, `[2013-06-09 03:39 PM] Title`, or (jrnl 1.x) without brackets.
/// Returns the date-time, the rest of the line, and whether it was bracketed.
fn parse_entry_line(line: &str) -> Option<(NaiveDateTime, &str, bool)> {
    if let Some(r) = line.strip_prefix('[') {
        let close = r.find(']')?;
        let dt = parse_date_time(&r[..close])?;
        let rest = &r[close + 1..];
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return None;
        }
        return Some((dt, rest.trim_start(), true));
    }
    let (date, rest) = line.split_once(' ')?;
    let d = parse_any_date(date)?;
    let rest = rest.trim_start();
    let (time, mut rest) = rest.split_once(' ').unwrap_or((rest, ""));
    if !time.contains(':') {
        return None;
    }
    let mut t = parse_time_of_day(time);
    // `03:39 PM`
    let (maybe_ampm, after) = rest.split_once(' ').unwrap_or((rest, ""));
    if ["am", "pm"].contains(&maybe_ampm.to_ascii_lowercase().as_str()) {
        t = parse_time_of_day(&format!("{time} {maybe_ampm}"));
        rest = after;
    }
    Some((NaiveDateTime::new(d, t?), rest.trim_start(), false))
}

fn parse_date_time(s: &str) -> Option<NaiveDateTime> {
    let (date, time) = s.trim().split_once(' ')?;
    Some(NaiveDateTime::new(
        parse_any_date(date)?,
        parse_time_of_day(time)?,
    ))
}

/// True when a line starts a jrnl entry.
pub(crate) fn is_entry_start(line: &str) -> bool {
    parse_entry_line(line).is_some()
}

/// Splits an entry's first line into title and the start of the body: the title ends at the
/// first `.`, `?`, `!` or `:` followed by white space or the end of the line.
fn split_title(line: &str) -> (&str, &str) {
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '?' | '!' | ':') {
            match chars.peek() {
                None => return (line, ""),
                Some((_, n)) if n.is_whitespace() => {
                    let end = i + c.len_utf8();
                    return (&line[..end], line[end..].trim_start());
                }
                _ => {}
            }
        }
    }
    (line, "")
}

/// `@tags` in a text: `@` at the start of a word, then letters, digits and `-+*#/&'_`
/// (`@C++`, `@OS/2`). Lower-cased, without the `@`, in order of first appearance.
pub(crate) fn find_tags(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev_space = true;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '@' && prev_space {
            let start = i + 1;
            let mut end = start;
            while let Some(&(j, n)) = chars.peek() {
                if n.is_alphanumeric() || "-+*#/&'_".contains(n) {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let tag = text[start..end].to_lowercase();
            if !tag.is_empty() && !out.contains(&tag) {
                out.push(tag);
            }
            prev_space = false;
            continue;
        }
        prev_space = c.is_whitespace() || c == '(' || c == '[';
    }
    out
}

/// One entry as read, before validation.
struct Entry<'a> {
    at: NaiveDateTime,
    title: &'a str,
    body: &'a str,
    tags: Vec<String>,
    starred: bool,
}

fn add_entry(
    c: &mut Collector<'_>,
    opts: &ParseOptions,
    record: &str,
    e: Entry<'_>,
) -> Result<(), ImportError> {
    let Some(at) = opts.zone.try_place(e.at) else {
        return c.reject(record, "date", super::formats::out_of_range(e.at));
    };
    let mut input = ReflectionInput::new(at, e.body);
    input.title = Some(e.title.to_string());
    input.tags = e.tags;
    input.starred = e.starred;
    match input.normalized() {
        Ok(input) => {
            let stamp = e.at.format("%Y-%m-%d %H:%M").to_string();
            let id = c.id(&[&stamp, e.title.trim(), e.body.trim()]);
            let source = c.source();
            c.batch
                .reflections
                .push(input.into_reflection(id, Some(source)));
            Ok(())
        }
        Err(inv) => c.reject(record, inv.field, inv.reason),
    }
}

/// Parses a jrnl plain-text journal.
pub fn parse_text(
    bytes: &[u8],
    file: &str,
    opts: &ParseOptions,
) -> Result<ImportBatch, ImportError> {
    let text = utf8_text(bytes, file)?;
    let mut c = Collector::new("jrnl", file, opts);
    // (line number, date-time, first line after the date, body lines)
    let mut current: Option<(usize, NaiveDateTime, &str, Vec<&str>)> = None;
    let mut bracketed: Option<bool> = None;
    let flush = |c: &mut Collector<'_>, e: Option<(usize, NaiveDateTime, &str, Vec<&str>)>| {
        let Some((line, at, first, mut body)) = e else {
            return Ok(());
        };
        let mut first = first.trim_end();
        let starred = first == "*" || first.ends_with(" *");
        if starred {
            first = first[..first.len() - 1].trim_end();
        }
        let (title, body_start) = split_title(first);
        while body.last().is_some_and(|l| l.trim().is_empty()) {
            body.pop();
        }
        let mut text = String::from(body_start);
        for l in &body {
            if !text.is_empty() || !l.trim().is_empty() {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(l);
            }
        }
        let mut tags = find_tags(title);
        for t in find_tags(&text) {
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        add_entry(
            c,
            opts,
            &format!("line {line}"),
            Entry {
                at,
                title,
                body: &text,
                tags,
                starred,
            },
        )
    };
    for (n, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let start =
            parse_entry_line(line).filter(|(_, _, b)| bracketed.is_none_or(|want| want == *b));
        if let Some((at, rest, b)) = start {
            bracketed = Some(b);
            flush(&mut c, current.take())?;
            current = Some((n + 1, at, rest, Vec::new()));
        } else if let Some((_, _, _, body)) = current.as_mut() {
            body.push(line);
        } else if !line.trim().is_empty() {
            return Err(ImportError::unreadable(
                file,
                format!(
                    "line {} {} is not a jrnl entry line (such as \"[2013-06-09 15:39] Title\"), so this is not a jrnl journal",
                    n + 1,
                    excerpt(line)
                ),
            ));
        }
    }
    flush(&mut c, current.take())?;
    if bracketed.is_none() {
        return Err(ImportError::unreadable(file, "holds no jrnl entries"));
    }
    Ok(c.finish())
}

/// Parses a jrnl JSON export.
pub fn parse_json(
    bytes: &[u8],
    file: &str,
    opts: &ParseOptions,
) -> Result<ImportBatch, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let doc: Value = serde_json::from_slice(bytes)
        .map_err(|e| ImportError::unreadable(file, format!("is not readable JSON ({e})")))?;
    let Some(entries) = doc.get("entries").and_then(Value::as_array) else {
        return Err(ImportError::unreadable(
            file,
            "has no \"entries\" list, so it is not a jrnl JSON export",
        ));
    };
    let mut c = Collector::new("jrnl", file, opts);
    for (i, e) in entries.iter().enumerate() {
        let rec = format!("entries[{i}]");
        let s = |k: &str| e.get(k).and_then(Value::as_str);
        let date_text = s("date").unwrap_or("");
        let Some(date) = parse_any_date(date_text) else {
            c.reject(
                &rec,
                "date",
                format!("{} is not a date (expected YYYY-MM-DD)", excerpt(date_text)),
            )?;
            continue;
        };
        let time = match s("time") {
            None => NaiveTime::MIN,
            Some(t) => match parse_time_of_day(t) {
                Some(t) => t,
                None => {
                    c.reject(
                        &rec,
                        "time",
                        format!("{} is not a time of day (expected HH:MM)", excerpt(t)),
                    )?;
                    continue;
                }
            },
        };
        let title = s("title").unwrap_or("");
        let body = s("body").unwrap_or("");
        let mut tags: Vec<String> = Vec::new();
        if let Some(list) = e.get("tags").and_then(Value::as_array) {
            for t in list.iter().filter_map(Value::as_str) {
                let t = t.trim().trim_start_matches('@').to_lowercase();
                if !t.is_empty() && !tags.contains(&t) {
                    tags.push(t);
                }
            }
        } else {
            tags = find_tags(title);
            for t in find_tags(body) {
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
        }
        let starred = e.get("starred").and_then(Value::as_bool).unwrap_or(false);
        add_entry(
            &mut c,
            opts,
            &rec,
            Entry {
                at: NaiveDateTime::new(date, time),
                title,
                body,
                tags,
                starred,
            },
        )?;
    }
    Ok(c.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_lines_in_every_style() {
        let (at, rest, b) = parse_entry_line("[2013-06-09 15:39] My title. Body").expect("entry");
        assert_eq!(at.to_string(), "2013-06-09 15:39:00");
        assert_eq!(rest, "My title. Body");
        assert!(b);
        let (at, _, _) = parse_entry_line("[09.06.2013 15:39] Dotted").expect("entry");
        assert_eq!(at.to_string(), "2013-06-09 15:39:00");
        let (at, rest, b) = parse_entry_line("2010-06-10 15:00 Old style").expect("entry");
        assert_eq!(
            (at.to_string().as_str(), rest, b),
            ("2010-06-10 15:00:00", "Old style", false)
        );
        let (at, rest, _) = parse_entry_line("2010-06-10 03:00 PM Afternoon").expect("entry");
        assert_eq!(
            (at.to_string().as_str(), rest),
            ("2010-06-10 15:00:00", "Afternoon")
        );
        assert!(parse_entry_line("[2013-06-09] no time").is_none());
        assert!(parse_entry_line("2013-06-09 is a date").is_none());
        assert!(parse_entry_line("[2013-06-09 15:39]x").is_none());
        assert!(parse_entry_line("Just words").is_none());
    }

    #[test]
    fn titles_end_at_sentence_punctuation() {
        assert_eq!(
            split_title("Hello world. More text"),
            ("Hello world.", "More text")
        );
        assert_eq!(
            split_title("Meet at 10:30 today? yes"),
            ("Meet at 10:30 today?", "yes")
        );
        assert_eq!(split_title("Note: body"), ("Note:", "body"));
        assert_eq!(split_title("v1.2 released"), ("v1.2 released", ""));
        assert_eq!(split_title("Done!"), ("Done!", ""));
    }

    #[test]
    fn tags_keep_their_punctuation() {
        assert_eq!(
            find_tags("Learning @C++ on @OS/2, mail me@example.com. @Work."),
            vec!["c++", "os/2", "work"]
        );
        assert_eq!(find_tags("(@home) @"), vec!["home"]);
    }
}

//! Loop Habit Tracker: the export zip, the unpacked folder, or a lone aggregate
//! `Checkmarks.csv`, in every app version's layout.
//!
//! Each habit is a recurring task (task = habit name, its question kept in the note). Each day:
//! YES_MANUAL → `completed`, SKIP → `skipped`, NO (due and not done) → `avoided`; YES_AUTO (not
//! due) and UNKNOWN are never logged. A numeric habit's amount (stored × 1000) against an
//! at-least target: meeting it → `completed`, a smaller non-zero amount → `unfinished` with
//! progress = amount / target, zero → `avoided`; against an at-most target: within it →
//! `completed`, above it → `avoided`; with no target known (files before v2.3.1) any amount →
//! `completed`, zero → `avoided`. Loop records days, not times: events are placed at 12:00 local
//! time on their day.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::formats::{
    excerpt, parse_any_date, utf8_text, Collector, Files, ImportError, ParseOptions,
};
use super::ImportBatch;
use crate::domain::{EventInput, Kind};

/// What Habits.csv says about one habit.
#[derive(Debug, Clone, Default)]
struct Habit {
    /// `Position` (the `NNN` of the habit's folder).
    position: Option<u32>,
    name: String,
    question: Option<String>,
    description: Option<String>,
    /// `Some` when the file says (v2.3.1+ `Type`); else inferred from the values.
    numeric: Option<bool>,
    unit: Option<String>,
    target: Option<Target>,
}

#[derive(Debug, Clone, Copy)]
struct Target {
    value: f64,
    at_most: bool,
}

/// One day's cell: the raw integer Loop stores, with where it came from.
struct Mark {
    date: NaiveDate,
    value: i64,
    note: Option<String>,
    record: String,
}

/// A Loop date: `2023-04-04`, or as a spreadsheet re-saved it (`04-04-23`, `4/4/2023`).
fn parse_loop_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    parse_any_date(s).or_else(|| {
        ["%m-%d-%y", "%m/%d/%y", "%m/%d/%Y", "%m-%d-%Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
    })
}

/// A cell's value: an integer, a v2.3.1+ name, or a v2.0 `Entry(timestamp=…, value=N)`.
fn parse_value(s: &str) -> Result<Option<i64>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let t = match t.strip_prefix("Entry(") {
        Some(inner) => inner
            .trim_end_matches(')')
            .split(',')
            .find_map(|p| p.trim().strip_prefix("value="))
            .ok_or_else(|| format!("{} has no value", excerpt(s)))?
            .trim(),
        None => t,
    };
    let v = match t {
        "YES_MANUAL" => 2,
        "YES_AUTO" => 1,
        "NO" => 0,
        "SKIP" => 3,
        "UNKNOWN" => -1,
        _ => t.parse::<i64>().map_err(|_| {
            format!(
                "{} is not a Loop check mark (YES_MANUAL, YES_AUTO, NO, SKIP, UNKNOWN or a number)",
                excerpt(s)
            )
        })?,
    };
    Ok(Some(v))
}

/// Joins the halves of v2.0's `Entry(timestamp=…, value=N)` cells, which the unquoted comma
/// split in two.
fn join_entry_cells<'a>(fields: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for f in fields {
        if open {
            if let Some(last) = out.last_mut() {
                last.push(',');
                last.push_str(f);
            }
            open = !f.contains(')');
        } else {
            out.push(f.to_string());
            let t = f.trim_start();
            open = t.starts_with("Entry(") && !t.contains(')');
        }
    }
    out
}

/// A file's name as the start of a phrase inside the import's message ("Habits.csv is empty");
/// empty when the import is that file itself.
fn part(name: &str) -> String {
    if name.is_empty() {
        String::new()
    } else {
        format!("{name} ")
    }
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn read_records(
    text: &str,
    file: &str,
    name: &str,
) -> Result<Vec<(u64, Vec<String>)>, ImportError> {
    let mut out = Vec::new();
    for r in csv_reader(text).records() {
        let r = r.map_err(|e| {
            ImportError::unreadable(file, format!("{}cannot be read as CSV ({e})", part(name)))
        })?;
        if r.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = r.position().map_or(0, |p| p.line());
        out.push((line, r.iter().map(str::to_string).collect()));
    }
    Ok(out)
}

fn parse_habits(text: &str, file: &str, name: &str) -> Result<Vec<Habit>, ImportError> {
    let rows = read_records(text, file, name)?;
    let Some(((_, header), rows)) = rows.split_first() else {
        return Err(ImportError::unreadable(
            file,
            format!(
                "{}is empty: it holds no header line and no rows",
                part(name)
            ),
        ));
    };
    let col = |n: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
    let name_col = col("Name").ok_or_else(|| {
        ImportError::unreadable(file, format!("{name} has no \"Name\" column in its header"))
    })?;
    let (pos_col, type_col, q_col, unit_col, tt_col, tv_col) = (
        col("Position"),
        col("Type"),
        col("Question"),
        col("Unit"),
        col("Target Type"),
        col("Target Value"),
    );
    let mut habits = Vec::new();
    for (line, row) in rows {
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let Some(hname) = get(Some(name_col)) else {
            return Err(ImportError::Invalid {
                file: file.to_string(),
                record: format!("{name} line {line}"),
                field: "Name".into(),
                reason: "is empty".into(),
            });
        };
        let numeric = get(type_col).map(|t| t.eq_ignore_ascii_case("NUMERICAL"));
        let target = get(tv_col)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0)
            .map(|value| Target {
                value,
                at_most: get(tt_col).is_some_and(|t| t.eq_ignore_ascii_case("AT_MOST")),
            });
        habits.push(Habit {
            position: get(pos_col).and_then(|p| p.parse().ok()),
            name: hname.to_string(),
            question: get(q_col).map(str::to_string),
            description: get(col("Description")).map(str::to_string),
            numeric,
            unit: get(unit_col).map(str::to_string),
            target,
        });
    }
    Ok(habits)
}

/// Parses a Loop export's files (from a zip or a folder).
pub fn parse_files(
    files: &Files,
    file: &str,
    opts: &ParseOptions,
) -> Result<ImportBatch, ImportError> {
    let depth = |p: &str| p.matches('/').count();
    let last = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let habits_file = files
        .iter()
        .filter(|(p, _)| last(p).eq_ignore_ascii_case("Habits.csv"))
        .min_by_key(|(p, _)| depth(p));
    let Some((habits_path, habits_bytes)) = habits_file else {
        // No Habits.csv: the aggregate Checkmarks.csv alone, if it is there.
        let agg = files
            .iter()
            .filter(|(p, _)| last(p).eq_ignore_ascii_case("Checkmarks.csv"))
            .min_by_key(|(p, _)| depth(p));
        return match agg {
            Some((_, bytes)) => parse_lone_csv(bytes, file, opts),
            None => Err(ImportError::unreadable(
                file,
                "holds neither Habits.csv nor Checkmarks.csv, so it is not a Loop Habit Tracker export",
            )),
        };
    };
    let base = habits_path
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    let habits = parse_habits(utf8_text(habits_bytes, file)?, file, "Habits.csv")?;

    // Per-habit files: `<base>NNN name/Checkmarks.csv`, matched by NNN.
    let mut per_habit: Vec<(u32, &str, &[u8])> = Vec::new();
    let mut aggregate: Option<&[u8]> = None;
    for (p, bytes) in files {
        let Some(rel) = p.strip_prefix(&base) else {
            continue;
        };
        match rel.split_once('/') {
            None if rel.eq_ignore_ascii_case("Checkmarks.csv") => aggregate = Some(bytes),
            Some((folder, inner)) if inner.eq_ignore_ascii_case("Checkmarks.csv") => {
                let digits: String = folder.chars().take_while(char::is_ascii_digit).collect();
                if let Ok(n) = digits.parse::<u32>() {
                    per_habit.push((n, rel, bytes));
                }
            }
            _ => {}
        }
    }

    let mut c = Collector::new("loop", file, opts);
    let mut agg_cols: Option<AggregateColumns> = None;
    for (i, habit) in habits.iter().enumerate() {
        let number = habit.position.unwrap_or(i as u32 + 1);
        // The habit's own file (it has the notes), unless it is missing or empty; then its
        // column of the aggregate file.
        let own = match per_habit.iter().find(|(n, _, _)| *n == number) {
            Some((_, rel, bytes)) => per_habit_marks(bytes, rel, file, &mut c)?,
            None => Vec::new(),
        };
        let marks = if !own.is_empty() {
            own
        } else if let Some(agg) = aggregate {
            if agg_cols.is_none() {
                let text = utf8_text(agg, file)?;
                let parsed =
                    read_aggregate(text, file, "Checkmarks.csv", Some(habits.len()), &mut c)?;
                agg_cols = Some(parsed);
            }
            let cols = agg_cols.as_ref().expect("filled just above");
            cols.marks_of(i)
        } else {
            Vec::new()
        };
        add_habit_events(&mut c, opts, habit, marks)?;
    }
    Ok(c.finish())
}

/// The aggregate `Checkmarks.csv` on its own (habit names from its header).
pub fn parse_lone_csv(
    bytes: &[u8],
    file: &str,
    opts: &ParseOptions,
) -> Result<ImportBatch, ImportError> {
    let text = utf8_text(bytes, file)?;
    let mut c = Collector::new("loop", file, opts);
    let cols = read_aggregate(text, file, "", None, &mut c)?;
    for (i, name) in cols.names.iter().enumerate() {
        let habit = Habit {
            name: name.clone(),
            ..Habit::default()
        };
        add_habit_events(&mut c, opts, &habit, cols.marks_of(i))?;
    }
    Ok(c.finish())
}

/// The aggregate file read into columns.
struct AggregateColumns {
    names: Vec<String>,
    /// Rows: (line, date, cells).
    rows: Vec<(u64, NaiveDate, Vec<String>)>,
    file_name: String,
}

impl AggregateColumns {
    fn marks_of(&self, col: usize) -> Vec<Mark> {
        self.rows
            .iter()
            .filter_map(|(line, date, cells)| {
                // Values were checked while reading.
                let v = parse_value(cells.get(col).map_or("", String::as_str)).ok()??;
                Some(Mark {
                    date: *date,
                    value: v,
                    note: None,
                    record: format!("{}line {line}", part(&self.file_name)),
                })
            })
            .collect()
    }
}

fn read_aggregate(
    text: &str,
    file: &str,
    name: &str,
    known_habits: Option<usize>,
    c: &mut Collector<'_>,
) -> Result<AggregateColumns, ImportError> {
    let records = read_records(text, file, name)?;
    let Some(((_, header), data)) = records.split_first() else {
        return Err(ImportError::unreadable(
            file,
            format!(
                "{}is empty: it holds no header line and no rows",
                part(name)
            ),
        ));
    };
    if !header.first().is_some_and(|h| {
        h.trim()
            .trim_matches('\u{feff}')
            .eq_ignore_ascii_case("Date")
    }) {
        return Err(ImportError::unreadable(
            file,
            format!(
                "{}does not start with a \"Date,…\" header line, so it is not Loop Habit Tracker's Checkmarks.csv",
                part(name)
            ),
        ));
    }
    let trim_trailing = |mut v: Vec<String>| {
        while v.last().is_some_and(|s| s.trim().is_empty()) {
            v.pop();
        }
        v
    };
    let mut pieces = trim_trailing(header[1..].to_vec());
    let rows: Vec<(u64, Vec<String>)> = data
        .iter()
        .map(|(l, r)| {
            (
                *l,
                trim_trailing(join_entry_cells(r.iter().map(String::as_str))),
            )
        })
        .collect();
    let width = rows
        .iter()
        .map(|(_, r)| r.len().saturating_sub(1))
        .max()
        .unwrap_or(pieces.len());
    let expected = known_habits.unwrap_or(width.max(usize::from(pieces.is_empty())));
    // Habit names with commas split the (unquoted) header: a piece starting with a space
    // continues the name before it.
    while pieces.len() > expected {
        let Some(j) = (1..pieces.len()).find(|&j| pieces[j].starts_with(' ')) else {
            break;
        };
        let piece = pieces.remove(j);
        pieces[j - 1].push(',');
        pieces[j - 1].push_str(&piece);
    }
    if known_habits.is_none() && pieces.len() != expected {
        return Err(ImportError::unreadable(
            file,
            format!(
                "{} header names {} habits but its rows hold up to {} values; a habit name containing a comma cannot be placed, so import the whole export (with Habits.csv) instead",
                if name.is_empty() { "its".to_string() } else { format!("{name}'s") },
                pieces.len(),
                expected
            ),
        ));
    }
    let names: Vec<String> = pieces.iter().map(|p| p.trim().to_string()).collect();
    let mut kept = Vec::with_capacity(rows.len());
    for (line, mut cells) in rows {
        let rec = format!("{}line {line}", part(name));
        let date_text = cells.first().cloned().unwrap_or_default();
        let Some(date) = parse_loop_date(&date_text) else {
            c.reject(
                &rec,
                "Date",
                format!("{} is not a date", excerpt(&date_text)),
            )?;
            continue;
        };
        cells.remove(0);
        if cells.len() > expected {
            c.reject(
                &rec,
                "",
                format!("has {} values but there are {expected} habits", cells.len()),
            )?;
            continue;
        }
        let mut bad = None;
        for (j, cell) in cells.iter().enumerate() {
            if let Err(reason) = parse_value(cell) {
                let habit = names
                    .get(j)
                    .map_or_else(|| format!("column {}", j + 2), Clone::clone);
                bad = Some((habit, reason));
                break;
            }
        }
        if let Some((habit, reason)) = bad {
            c.reject(&rec, habit, reason)?;
            continue;
        }
        kept.push((line, date, cells));
    }
    Ok(AggregateColumns {
        names,
        rows: kept,
        file_name: name.to_string(),
    })
}

fn per_habit_marks(
    bytes: &[u8],
    rel: &str,
    file: &str,
    c: &mut Collector<'_>,
) -> Result<Vec<Mark>, ImportError> {
    let text = utf8_text(bytes, file)?;
    let mut marks = Vec::new();
    let mut header: Option<(usize, usize, Option<usize>)> = None;
    for (n, (line, row)) in read_records(text, file, rel)?.into_iter().enumerate() {
        if n == 0
            && row.first().is_some_and(|f| {
                f.trim()
                    .trim_matches('\u{feff}')
                    .eq_ignore_ascii_case("Date")
            })
        {
            let col = |name: &str| row.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
            header = Some((0, col("Value").unwrap_or(1), col("Notes")));
            continue;
        }
        let (dc, vc, nc) = header.unwrap_or((0, 1, None));
        let rec = format!("{rel} line {line}");
        let fields = join_entry_cells(row.iter().map(String::as_str));
        let date_text = fields.get(dc).map_or("", String::as_str);
        let Some(date) = parse_loop_date(date_text) else {
            c.reject(
                &rec,
                "Date",
                format!("{} is not a date", excerpt(date_text)),
            )?;
            continue;
        };
        match parse_value(fields.get(vc).map_or("", String::as_str)) {
            Ok(Some(value)) => marks.push(Mark {
                date,
                value,
                note: nc
                    .and_then(|i| row.get(i))
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
                record: rec,
            }),
            Ok(None) => {}
            Err(reason) => c.reject(&rec, "Value", reason)?,
        }
    }
    Ok(marks)
}

fn add_habit_events(
    c: &mut Collector<'_>,
    opts: &ParseOptions,
    habit: &Habit,
    marks: Vec<Mark>,
) -> Result<(), ImportError> {
    let numeric = habit
        .numeric
        .unwrap_or_else(|| marks.iter().any(|m| !(-1..=3).contains(&m.value)));
    let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("noon exists");
    for m in marks {
        let (kind, progress, amount) = if numeric {
            if m.value == -1 {
                continue;
            }
            if m.value < 0 {
                c.reject(
                    &m.record,
                    habit.name.as_str(),
                    format!("{} is a negative amount", m.value),
                )?;
                continue;
            }
            let amount = m.value as f64 / 1000.0;
            let (kind, progress) = match habit.target {
                Some(t) if t.at_most => (
                    if amount <= t.value {
                        Kind::Completed
                    } else {
                        Kind::Avoided
                    },
                    None,
                ),
                Some(t) if amount >= t.value => (Kind::Completed, None),
                Some(t) if amount > 0.0 => (Kind::Unfinished, Some(amount / t.value)),
                _ if amount > 0.0 => (Kind::Completed, None),
                _ => (Kind::Avoided, None),
            };
            (kind, progress, Some(amount))
        } else {
            let kind = match m.value {
                2 => Kind::Completed,
                3 => Kind::Skipped,
                0 => Kind::Avoided,
                1 | -1 => continue,
                v => {
                    c.reject(
                        &m.record,
                        habit.name.as_str(),
                        format!("{v} is not a Loop check mark (-1, 0, 1, 2 or 3)"),
                    )?;
                    continue;
                }
            };
            (kind, None, None)
        };
        let local = NaiveDateTime::new(m.date, noon);
        let Some(at) = opts.zone.try_place(local) else {
            c.reject(&m.record, "date", super::formats::out_of_range(local))?;
            continue;
        };
        let mut input = EventInput::new(at, kind, habit.name.clone());
        input.progress = progress;
        let mut note = Vec::new();
        if let Some(n) = &m.note {
            note.push(n.clone());
        }
        if let Some(a) = amount {
            let unit = habit.unit.as_deref().unwrap_or("");
            note.push(format!(
                "Amount: {}{}{unit}",
                trim_float(a),
                if unit.is_empty() { "" } else { " " }
            ));
        }
        note.extend(habit.question.iter().cloned());
        note.extend(habit.description.iter().cloned());
        input.note = (!note.is_empty()).then(|| note.join("\n"));
        match input.normalized() {
            Ok(input) => {
                let date = m.date.format("%Y-%m-%d").to_string();
                let id = c.id(&[&habit.name, &date]);
                let source = c.source();
                c.batch.events.push(input.into_event(id, Some(source)));
            }
            Err(inv) => c.reject(&m.record, inv.field, inv.reason)?,
        }
    }
    Ok(())
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_in_every_version() {
        assert_eq!(parse_value("2"), Ok(Some(2)));
        assert_eq!(parse_value(" -1 "), Ok(Some(-1)));
        assert_eq!(parse_value("YES_MANUAL"), Ok(Some(2)));
        assert_eq!(parse_value("SKIP"), Ok(Some(3)));
        assert_eq!(
            parse_value("Entry(timestamp=2023-04-04, value=0)"),
            Ok(Some(0))
        );
        assert_eq!(parse_value("7350"), Ok(Some(7350)));
        assert_eq!(parse_value(""), Ok(None));
        assert!(parse_value("yes").unwrap_err().contains("YES_MANUAL"));
        assert!(parse_value("Entry(timestamp=2023-04-04)").is_err());
    }

    #[test]
    fn entry_halves_are_joined() {
        let cells = join_entry_cells(
            [
                "2023-04-04",
                "Entry(timestamp=2023-04-04",
                " value=2)",
                "Entry(timestamp=2023-04-04",
                " value=-1)",
                "",
            ]
            .into_iter(),
        );
        assert_eq!(cells.len(), 4);
        assert_eq!(cells[1], "Entry(timestamp=2023-04-04, value=2)");
        assert_eq!(parse_value(&cells[2]), Ok(Some(-1)));
    }

    #[test]
    fn spreadsheet_dates() {
        let d = NaiveDate::from_ymd_opt(2023, 4, 4);
        assert_eq!(parse_loop_date("2023-04-04"), d);
        assert_eq!(parse_loop_date("04-04-23"), d);
        assert_eq!(parse_loop_date("4/4/2023"), d);
        assert_eq!(parse_loop_date("13-04-23"), None);
        assert_eq!(trim_float(7.35), "7.35");
        assert_eq!(trim_float(10.0), "10");
    }
}

//! Recognising an import file by its content (never by its name or extension).

use std::path::Path;

use super::formats::{file_name, Format, ImportError, Input};

/// The layout recognised within a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    PlumblineJournal,
    DaylioCsv,
    DaylioBackup,
    LoopExport,
    LoopCheckmarks,
    JrnlJson,
    JrnlText,
}

impl Layout {
    pub fn format(self) -> Format {
        match self {
            Layout::PlumblineJournal => Format::Plumbline,
            Layout::DaylioCsv | Layout::DaylioBackup => Format::Daylio,
            Layout::LoopExport | Layout::LoopCheckmarks => Format::Loop,
            Layout::JrnlJson | Layout::JrnlText => Format::Jrnl,
        }
    }

    /// What was recognised, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Layout::PlumblineJournal => "a Plumbline journal file",
            Layout::DaylioCsv => "a Daylio CSV export",
            Layout::DaylioBackup => "a Daylio backup (.daylio)",
            Layout::LoopExport => "a Loop Habit Tracker export",
            Layout::LoopCheckmarks => "a Loop Habit Tracker Checkmarks.csv",
            Layout::JrnlJson => "a jrnl JSON export",
            Layout::JrnlText => "a jrnl plain-text journal",
        }
    }
}

/// The result of recognising a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    pub format: Format,
    pub layout: Layout,
}

impl Detected {
    pub fn new(layout: Layout) -> Self {
        Detected {
            format: layout.format(),
            layout,
        }
    }
}

impl std::fmt::Display for Detected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (format {})", self.layout.describe(), self.format)
    }
}

/// Why a file was not recognised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: not recognised as an import file: {reason}; name the format with --format plumbline, daylio, loop or jrnl if it is one of them")]
pub struct DetectError {
    pub file: String,
    pub reason: String,
}

/// Recognises the file or folder at `path`.
pub fn detect(path: &Path) -> Result<Detected, ImportError> {
    let file = file_name(path);
    let input = Input::read(path, &file)?;
    Ok(detect_input(&input).map_err(|reason| DetectError { file, reason })?)
}

/// Recognises a file's bytes (`file` names it in the message).
pub fn detect_bytes(bytes: &[u8], file: &str) -> Result<Detected, DetectError> {
    detect_content(bytes).map_err(|reason| DetectError {
        file: file.to_string(),
        reason,
    })
}

pub(crate) fn detect_input(input: &Input) -> Result<Detected, String> {
    match input {
        Input::Bytes(b) => detect_content(b),
        Input::Dir(files) => {
            if files.iter().any(|(p, _)| is_loop_member(p)) {
                Ok(Detected::new(Layout::LoopExport))
            } else {
                Err(
                    "it is a folder without Loop Habit Tracker's Habits.csv or Checkmarks.csv"
                        .into(),
                )
            }
        }
    }
}

fn is_loop_member(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.eq_ignore_ascii_case("Habits.csv") || name.eq_ignore_ascii_case("Checkmarks.csv")
}

pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

pub(crate) fn first_non_space(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

fn detect_content(bytes: &[u8]) -> Result<Detected, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    if is_zip(bytes) {
        return detect_zip(bytes);
    }
    if first_non_space(bytes).is_none() {
        return Err("the file holds only white space".into());
    }
    if first_non_space(bytes) == Some(b'{') {
        return detect_json(bytes);
    }
    if super::daylio::decode_backup_text(bytes).is_some() {
        return Ok(Detected::new(Layout::DaylioBackup));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
    let first = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if super::jrnl::is_entry_start(first) {
        return Ok(Detected::new(Layout::JrnlText));
    }
    let fields: Vec<String> = split_csv_line(first);
    let lower: Vec<String> = fields.iter().map(|f| f.trim().to_lowercase()).collect();
    let has = |n: &str| lower.iter().any(|f| f == n);
    if has("mood") && has("time") && (has("full_date") || has("year")) {
        return Ok(Detected::new(Layout::DaylioCsv));
    }
    if super::daylio::looks_like_headerless_row(&fields) {
        return Ok(Detected::new(Layout::DaylioCsv));
    }
    if lower.first().map(String::as_str) == Some("date") {
        if lower.len() == 3 && has("value") && has("notes") {
            return Err(single_habit());
        }
        let second = text
            .lines()
            .skip_while(|l| l.trim().is_empty())
            .nth(1)
            .unwrap_or("");
        let cells = split_csv_line(second);
        let is_scores = cells.iter().skip(1).any(|c| {
            let c = c.trim();
            c.contains('.') && c.parse::<f64>().is_ok()
        });
        if is_scores {
            return Err("it looks like Loop Habit Tracker's Scores.csv (habit strength), which holds no check marks; import Checkmarks.csv or the whole export".into());
        }
        return Ok(Detected::new(Layout::LoopCheckmarks));
    }
    if has("position") && has("name") {
        return Err("it looks like Loop Habit Tracker's Habits.csv, which holds no check marks; import the whole export (zip or folder) or Checkmarks.csv".into());
    }
    if fields.len() == 2
        && super::formats::parse_any_date(&fields[0]).is_some()
        && fields[1].trim().parse::<i64>().is_ok()
    {
        return Err(single_habit());
    }
    Err(format!(
        "its first line {} is neither a Daylio CSV header, a Loop Checkmarks.csv header nor a jrnl entry line",
        super::formats::excerpt(first)
    ))
}

fn single_habit() -> String {
    "it looks like one habit's Checkmarks.csv from a Loop Habit Tracker export, which does not name its habit; import the whole export (zip or folder) or the aggregate Checkmarks.csv".into()
}

fn detect_zip(bytes: &[u8]) -> Result<Detected, String> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("it starts like a zip archive but cannot be read ({e})"))?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    if names
        .iter()
        .any(|n| n.rsplit('/').next() == Some("backup.daylio"))
    {
        return Ok(Detected::new(Layout::DaylioBackup));
    }
    if names.iter().any(|n| is_loop_member(n)) {
        return Ok(Detected::new(Layout::LoopExport));
    }
    let mut shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    if names.len() > 5 {
        shown.push("…");
    }
    Err(format!(
        "it is a zip archive holding neither Daylio's backup.daylio nor Loop Habit Tracker's Habits.csv or Checkmarks.csv (it holds: {})",
        if shown.is_empty() { "nothing".to_string() } else { shown.join(", ") }
    ))
}

fn detect_json(bytes: &[u8]) -> Result<Detected, String> {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(default)]
        format: Option<serde_json::Value>,
        #[serde(default)]
        entries: Option<serde::de::IgnoredAny>,
        #[serde(default, rename = "dayEntries")]
        day_entries: Option<serde::de::IgnoredAny>,
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let probe: Probe = serde_json::from_slice(body)
        .map_err(|e| format!("it starts like JSON but is not a readable JSON object ({e})"))?;
    if probe.format.as_ref().and_then(|f| f.as_str()) == Some("plumbline-journal") {
        return Ok(Detected::new(Layout::PlumblineJournal));
    }
    if probe.entries.is_some() {
        return Ok(Detected::new(Layout::JrnlJson));
    }
    if probe.day_entries.is_some() {
        return Ok(Detected::new(Layout::DaylioBackup));
    }
    Err("it is a JSON object but neither a Plumbline journal (no \"format\": \"plumbline-journal\"), a jrnl export (no \"entries\" list) nor a Daylio backup (no \"dayEntries\")".into())
}

/// Splits one CSV line into fields (quotes honoured, doubled quotes unescaped).
pub(crate) fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_split_with_quotes() {
        assert_eq!(
            split_csv_line("a,\"b,c\",\"d\"\"e\","),
            vec!["a", "b,c", "d\"e", ""]
        );
        assert_eq!(split_csv_line(""), vec![""]);
    }

    #[test]
    fn base64_of_a_backup_is_recognised() {
        let d = detect_bytes(b"eyJkYXlFbnRyaWVzIjogW119", "backup.daylio").expect("recognised");
        assert_eq!(d.layout, Layout::DaylioBackup);
        assert!(detect_bytes(b"   \n", "x")
            .unwrap_err()
            .reason
            .contains("white space"));
    }
}

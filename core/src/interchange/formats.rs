//! Reading other apps' exports: the shared options, errors and helpers, and [`parse_file`], the
//! one entry point that picks the right parser.
//!
//! Every parser is pure: bytes in, an [`ImportBatch`] out. Records that cannot be read become
//! [`Rejected`] entries naming the record and field; without `skip_invalid` the first of them
//! fails the whole file, so nothing is half-imported. Record ids are derived from the record's
//! content (`daylio:…`, `loop:…`, `jrnl:…`), so importing the same file twice adds nothing.
//!
//! Naive local times (Daylio's CSV, jrnl, Loop's dates) are read in the zone given in
//! [`ParseOptions::zone`]. A wall-clock time that does not exist (inside a spring-forward gap) is
//! read with the offset in force just before the gap, so it lands as far after the gap as it
//! claimed to be into it (02:30 in a 02:00→03:00 gap becomes 03:30); a time that occurs twice
//! (fall back) is the first occurrence.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::detect::{self, DetectError, Detected, Layout};
use super::{ImportBatch, Rejected};
use crate::domain::Source;

/// The formats `import` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plumbline's own journal file (docs/contracts.md §3).
    Plumbline,
    /// Daylio: CSV export or `.daylio` backup.
    Daylio,
    /// Loop Habit Tracker: export zip, unpacked folder or aggregate `Checkmarks.csv`.
    Loop,
    /// jrnl: JSON export or plain-text journal.
    Jrnl,
}

impl Format {
    pub const ALL: [Format; 4] = [
        Format::Plumbline,
        Format::Daylio,
        Format::Loop,
        Format::Jrnl,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Plumbline => "plumbline",
            Format::Daylio => "daylio",
            Format::Loop => "loop",
            Format::Jrnl => "jrnl",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("{s:?} is not an import format; use plumbline, daylio, loop or jrnl")
            })
    }
}

pub use crate::zone::LocalZone;

/// The reason given for a date [`LocalZone::try_place`] cannot place.
pub(crate) fn out_of_range(local: NaiveDateTime) -> String {
    format!("{local} is outside the dates Plumbline can store (years 1–9999)")
}

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// `--mood-map`: mood name (lower-cased, spaces folded; see [`parse_mood_map`]) → level
    /// 1–5, consulted after the built-in names.
    pub mood_map: HashMap<String, u8>,
    /// `--skip-invalid`: keep the readable records and report the others.
    pub skip_invalid: bool,
    /// The zone naive local times are read in.
    pub zone: LocalZone,
}

/// Parses `--mood-map name=level,name=level` (levels 1–5, 5 best).
pub fn parse_mood_map(text: &str) -> Result<HashMap<String, u8>, String> {
    let mut map = HashMap::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((name, level)) = part.rsplit_once('=') else {
            return Err(format!(
                "mood map entry {part:?} is not of the form name=level (e.g. \"vaguely ok=3\")"
            ));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("mood map entry {part:?} has no mood name"));
        }
        let level: u8 = level
            .trim()
            .parse()
            .ok()
            .filter(|l| (1..=5).contains(l))
            .ok_or_else(|| {
                format!("mood map entry {part:?}: the level must be a whole number from 1 to 5")
            })?;
        map.insert(super::daylio::mood_key(name), level);
    }
    Ok(map)
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: cannot be read: {}", crate::paths::io_reason(source))]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Detect(#[from] DetectError),
    /// The file as a whole is not readable as the format.
    #[error("{file}: {reason}")]
    Unreadable { file: String, reason: String },
    /// One record is invalid (and `skip_invalid` is off): nothing is imported.
    #[error("{file}, {record}: {}{reason}", field_prefix(.field))]
    Invalid {
        file: String,
        record: String,
        field: String,
        reason: String,
    },
}

fn field_prefix(f: &str) -> String {
    if f.is_empty() {
        String::new()
    } else {
        format!("{f}: ")
    }
}

impl ImportError {
    pub(crate) fn unreadable(file: &str, reason: impl Into<String>) -> Self {
        ImportError::Unreadable {
            file: file.to_string(),
            reason: reason.into(),
        }
    }
}

/// Reads `path` (a file, or for Loop a folder), recognises its format unless `format` is given,
/// and parses it. Returns the format read and the batch, ready for the store.
pub fn parse_file(
    path: &Path,
    format: Option<Format>,
    opts: &ParseOptions,
) -> Result<(Format, ImportBatch), ImportError> {
    parse_file_detailed(path, format, opts).map(|(d, b)| (d.format, b))
}

/// As [`parse_file`], also saying which layout was read (for a message such as "read a Daylio
/// backup (.daylio)").
pub fn parse_file_detailed(
    path: &Path,
    format: Option<Format>,
    opts: &ParseOptions,
) -> Result<(Detected, ImportBatch), ImportError> {
    let file = file_name(path);
    let input = Input::read(path, &file)?;
    let format = match format {
        Some(f) => f,
        None => {
            detect::detect_input(&input)
                .map_err(|reason| DetectError {
                    file: file.clone(),
                    reason,
                })?
                .format
        }
    };
    parse_input(&input, format, &file, opts)
}

/// A `.json` name, or content that starts with `{`.
pub fn looks_like_json(path: &Path) -> bool {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return true;
    }
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let body = head[..n]
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&head[..n]);
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Reads `path` in whatever format it is: recognised from its content, and read as a
/// Plumbline journal when nothing is recognised but it looks like JSON (so a damaged journal
/// file gets the journal reader's exact complaint, with line and column).
pub fn read_auto(path: &Path, opts: &ParseOptions) -> Result<(Detected, ImportBatch), ImportError> {
    match parse_file_detailed(path, None, opts) {
        Err(ImportError::Detect(_)) if looks_like_json(path) => {
            parse_file_detailed(path, Some(Format::Plumbline), opts)
        }
        other => other,
    }
}

/// Parses bytes already in memory (a single file, or a zip) as `format`.
pub fn parse_bytes(
    bytes: &[u8],
    file: &str,
    format: Format,
    opts: &ParseOptions,
) -> Result<ImportBatch, ImportError> {
    parse_input(&Input::Bytes(bytes.to_vec()), format, file, opts).map(|(_, b)| b)
}

fn parse_input(
    input: &Input,
    format: Format,
    file: &str,
    opts: &ParseOptions,
) -> Result<(Detected, ImportBatch), ImportError> {
    let (layout, batch) = match format {
        Format::Plumbline => {
            let bytes = input.bytes(file, "a Plumbline journal file")?;
            (
                Layout::PlumblineJournal,
                parse_plumbline(bytes, file, opts)?,
            )
        }
        Format::Daylio => {
            let bytes = input.bytes(file, "a Daylio CSV export or .daylio backup")?;
            let batch = if detect::is_zip(bytes) {
                super::daylio::parse_backup_zip(bytes, file, opts)?
            } else if detect::first_non_space(bytes) == Some(b'{') {
                super::daylio::parse_backup_json(bytes, file, opts)?
            } else if let Some(json) = super::daylio::decode_backup_text(bytes) {
                super::daylio::parse_backup_json(&json, file, opts)?
            } else {
                return Ok((
                    Detected::new(Layout::DaylioCsv),
                    super::daylio::parse_csv(bytes, file, opts)?,
                ));
            };
            (Layout::DaylioBackup, batch)
        }
        Format::Loop => match input {
            Input::Dir(files) => (
                Layout::LoopExport,
                super::loop_habit::parse_files(files, file, opts)?,
            ),
            Input::Bytes(bytes) if detect::is_zip(bytes) => {
                let files = read_zip(bytes, file)?;
                (
                    Layout::LoopExport,
                    super::loop_habit::parse_files(&files, file, opts)?,
                )
            }
            Input::Bytes(bytes) => (
                Layout::LoopCheckmarks,
                super::loop_habit::parse_lone_csv(bytes, file, opts)?,
            ),
        },
        Format::Jrnl => {
            let bytes = input.bytes(file, "a jrnl JSON export or plain-text journal")?;
            if detect::first_non_space(bytes) == Some(b'{') {
                (
                    Layout::JrnlJson,
                    super::jrnl::parse_json(bytes, file, opts)?,
                )
            } else {
                (
                    Layout::JrnlText,
                    super::jrnl::parse_text(bytes, file, opts)?,
                )
            }
        }
    };
    Ok((Detected::new(layout), batch))
}

fn parse_plumbline(
    bytes: &[u8],
    file: &str,
    opts: &ParseOptions,
) -> Result<ImportBatch, ImportError> {
    // The journal's own messages already name the record as docs/contracts.md §3 spells it
    // (`events[57].friction: …`).
    super::journal::parse(bytes, opts.skip_invalid)
        .map_err(|e| ImportError::unreadable(file, e.to_string()))
}

/// What was read from disk: one file's bytes, or a folder's files (relative path → bytes).
#[derive(Debug)]
pub enum Input {
    Bytes(Vec<u8>),
    Dir(Files),
}

/// A set of files by relative path (`/`-separated), from a folder or a zip.
pub type Files = Vec<(String, Vec<u8>)>;

/// At most this much is read from one import (files, or a zip's unpacked contents).
pub const MAX_INPUT_BYTES: u64 = 512 * 1024 * 1024;

impl Input {
    /// Reads a regular file (through the byte cap) or a folder's CSV files (capped on the
    /// running total before each is read). Devices, pipes and sockets are refused at once.
    pub fn read(path: &Path, file: &str) -> Result<Input, ImportError> {
        let io = |source| ImportError::Io {
            file: file.to_string(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            let mut files = Vec::new();
            let mut total = 0u64;
            read_dir(path, "", 0, &mut files, &mut total).map_err(|e| match e {
                crate::files::ReadError::Io(source) => io(source),
                other => ImportError::unreadable(file, format!("holds a file that {other}")),
            })?;
            Ok(Input::Dir(files))
        } else {
            read_file(path, file).map(Input::Bytes)
        }
    }

    fn bytes(&self, file: &str, what: &str) -> Result<&[u8], ImportError> {
        match self {
            Input::Bytes(b) => Ok(b),
            Input::Dir(_) => Err(ImportError::unreadable(
                file,
                format!("is a folder; expected {what}"),
            )),
        }
    }
}

/// Reads one import file: a regular file only, never more than [`MAX_INPUT_BYTES`].
pub fn read_file(path: &Path, file: &str) -> Result<Vec<u8>, ImportError> {
    crate::files::read_capped(path, MAX_INPUT_BYTES).map_err(|e| match e {
        crate::files::ReadError::Io(source) => ImportError::Io {
            file: file.to_string(),
            source,
        },
        other => ImportError::unreadable(file, other.to_string()),
    })
}

fn read_dir(
    dir: &Path,
    prefix: &str,
    depth: usize,
    out: &mut Files,
    total: &mut u64,
) -> Result<(), crate::files::ReadError> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let ft = e.file_type()?;
        if ft.is_dir() {
            if depth < 3 {
                read_dir(&e.path(), &rel, depth + 1, out, total)?;
            }
        } else if ft.is_file() && rel.to_ascii_lowercase().ends_with(".csv") {
            // The cap applies to the running total before the file is read, not after.
            let left = MAX_INPUT_BYTES.saturating_sub(*total);
            let bytes = crate::files::read_capped(&e.path(), left).map_err(|err| match err {
                crate::files::ReadError::TooLarge { .. } => crate::files::ReadError::TooLarge {
                    cap: MAX_INPUT_BYTES,
                },
                other => other,
            })?;
            *total += bytes.len() as u64;
            out.push((rel, bytes));
        }
    }
    Ok(())
}

/// Unpacks a zip's files (not folders) into memory.
pub fn read_zip(bytes: &[u8], file: &str) -> Result<Files, ImportError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        ImportError::unreadable(file, format!("is not a readable zip archive ({e})"))
    })?;
    let mut out = Vec::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| {
            ImportError::unreadable(file, format!("zip entry {i} cannot be read ({e})"))
        })?;
        if f.is_dir() {
            continue;
        }
        let name = f.name().replace('\\', "/");
        // The declared size is checked against what is left before anything is unpacked; the
        // read below is capped as well, in case the declaration lies.
        if f.size() > MAX_INPUT_BYTES.saturating_sub(total) {
            return Err(ImportError::unreadable(
                file,
                "unpacks to more than an import reads",
            ));
        }
        let mut buf = Vec::new();
        let limit = MAX_INPUT_BYTES.saturating_sub(total) + 1;
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut f, limit), &mut buf).map_err(
            |e| {
                ImportError::unreadable(
                    file,
                    format!("zip entry {name:?} cannot be unpacked ({e})"),
                )
            },
        )?;
        total += buf.len() as u64;
        if total > MAX_INPUT_BYTES {
            return Err(ImportError::unreadable(
                file,
                "unpacks to more than an import reads",
            ));
        }
        out.push((name, buf));
    }
    Ok(out)
}

/// The last component of a path, as the person would recognise it.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the parsers

/// Collects a parser's records and rejections, enforcing all-or-nothing.
pub(crate) struct Collector<'a> {
    pub batch: ImportBatch,
    file: &'a str,
    skip_invalid: bool,
    seen: HashMap<String, u32>,
    app: &'static str,
}

impl<'a> Collector<'a> {
    pub fn new(app: &'static str, file: &'a str, opts: &ParseOptions) -> Self {
        Collector {
            batch: ImportBatch::default(),
            file,
            skip_invalid: opts.skip_invalid,
            seen: HashMap::new(),
            app,
        }
    }

    pub fn source(&self) -> Source {
        Source {
            app: self.app.to_string(),
            file: Some(self.file.to_string()),
            import_id: None,
        }
    }

    /// Records a rejection; fails at once unless invalid records are skipped.
    pub fn reject(
        &mut self,
        record: impl Into<String>,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Result<(), ImportError> {
        let r = Rejected {
            record: record.into(),
            field: field.into(),
            reason: reason.into(),
        };
        if self.skip_invalid {
            self.batch.rejected.push(r);
            Ok(())
        } else {
            Err(ImportError::Invalid {
                file: self.file.to_string(),
                record: r.record,
                field: r.field,
                reason: r.reason,
            })
        }
    }

    /// A stable id `<app>:<hash of parts>`; the n-th identical record in one file gets `-n`,
    /// so identical entries stay distinct and re-importing still adds nothing.
    pub fn id(&mut self, parts: &[&str]) -> String {
        let base = format!("{}:{}", self.app, stable_hash(parts));
        let n = self.seen.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{n}")
        }
    }

    pub fn finish(self) -> ImportBatch {
        self.batch
    }
}

/// A content hash that never changes between builds or platforms (FNV-1a, 128 bits, shown as
/// 24 hex digits). Parts are separated so ("ab","c") and ("a","bc") differ.
pub fn stable_hash(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(PRIME);
        }
        for b in p.as_bytes() {
            h ^= u128::from(*b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{:024x}", h >> 32)
}

/// Text from bytes: a UTF-8 byte-order mark dropped; invalid UTF-8 is an error naming where.
pub(crate) fn utf8_text<'b>(bytes: &'b [u8], file: &str) -> Result<&'b str, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        ImportError::unreadable(
            file,
            format!(
                "line {line} is not valid UTF-8 text (byte {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Parses a calendar date in the forms exports use: `2023-06-22`, `2023/06/22`, `22.06.2023`.
pub(crate) fn parse_any_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%Y.%m.%d"] {
        // A four-digit year only: `04-04-23` is not the year 4.
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            if chrono::Datelike::year(&d) >= 1000 {
                return Some(d);
            }
        }
    }
    None
}

/// Parses a time of day: `9:03`, `08:45`, `00:17`, `6:50 pm`, `1:49 PM`, `6:50 p.m.`,
/// `08:45:30`.
pub(crate) fn parse_time_of_day(s: &str) -> Option<NaiveTime> {
    let s: String = s
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect::<String>()
        .to_ascii_lowercase()
        .replace('.', "");
    let s = s.trim();
    let (clock, meridiem) = if let Some(c) = s.strip_suffix("am") {
        (c.trim(), Some(false))
    } else if let Some(c) = s.strip_suffix("pm") {
        (c.trim(), Some(true))
    } else {
        (s, None)
    };
    let mut it = clock.split(':');
    let h: u32 = digits(it.next()?)?;
    let m: u32 = digits(it.next()?)?;
    let sec: u32 = match it.next() {
        Some(x) => digits(x)?,
        None => 0,
    };
    if it.next().is_some() {
        return None;
    }
    let h = match meridiem {
        None => h,
        Some(pm) => {
            if !(1..=12).contains(&h) {
                return None;
            }
            (h % 12) + if pm { 12 } else { 0 }
        }
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Shortens a value for an error message.
pub(crate) fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    format!("{out:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_in_every_form() {
        let t = |s| parse_time_of_day(s).map(|t| t.format("%H:%M").to_string());
        assert_eq!(t("6:50 pm").as_deref(), Some("18:50"));
        assert_eq!(t("1:49 PM").as_deref(), Some("13:49"));
        assert_eq!(t("12:05 am").as_deref(), Some("00:05"));
        assert_eq!(t("12:30 pm").as_deref(), Some("12:30"));
        assert_eq!(t("6:50\u{a0}p.m.").as_deref(), Some("18:50"));
        assert_eq!(t("9:03").as_deref(), Some("09:03"));
        assert_eq!(t("00:17").as_deref(), Some("00:17"));
        assert_eq!(t("08:45:30").as_deref(), Some("08:45"));
        assert_eq!(t("25:00"), None);
        assert_eq!(t("13:00 pm"), None);
        assert_eq!(t("9"), None);
        assert_eq!(t("noon"), None);
        assert_eq!(t(""), None);
    }

    #[test]
    fn mood_map_parses_and_refuses_bad_entries() {
        let m = parse_mood_map("Vaguely OK=3, Sin animo=2,a=b=1").expect("valid map");
        assert_eq!(m.get("vaguely ok"), Some(&3));
        assert_eq!(m.get("sin animo"), Some(&2));
        assert_eq!(m.get("a=b"), Some(&1));
        assert!(parse_mood_map("meh").unwrap_err().contains("name=level"));
        assert!(parse_mood_map("meh=6").unwrap_err().contains("1 to 5"));
        assert!(parse_mood_map("=3").is_err());
    }

    #[test]
    fn hashes_are_stable_and_separate_parts() {
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
        assert_ne!(stable_hash(&["ab", "c"]), stable_hash(&["a", "bc"]));
        assert_eq!(stable_hash(&["2023-06-22"]).len(), 24);
    }

    #[test]
    fn formats_parse_by_name() {
        assert_eq!("Daylio".parse::<Format>(), Ok(Format::Daylio));
        assert!("csv".parse::<Format>().unwrap_err().contains("daylio"));
    }
}

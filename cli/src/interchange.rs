//! `import`, `imports` and `export`: moving records in and out of the journal.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{io, print_json, print_lines, CliError};
use plumbline_core::clock::Clock;
use plumbline_core::interchange::formats::{self, Format, LocalZone, ParseOptions};
use plumbline_core::interchange::{
    detect, export, journal, Added, ImportBatch, ImportMeta, ImportReport,
};
use plumbline_core::store::Store;

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// Tell from the file's content and name.
    Auto,
    /// Plumbline's own journal file (`export --format json`).
    Plumbline,
    /// Daylio CSV export or `.daylio` backup.
    Daylio,
    /// Loop Habit Tracker export (zip, folder or Checkmarks.csv).
    Loop,
    /// jrnl plain-text or JSON export.
    Jrnl,
}

const IMPORT_HELP: &str = "\
Reads the whole file first; if any record is invalid nothing is imported and the error names the
record and field (e.g. events[57].friction: 9 is out of range 1–5). With --skip-invalid exactly
those records are skipped and each is reported. Records already in the journal are skipped as
duplicates, so importing the same file twice adds nothing.

--json prints {\"import_id\", \"format\", \"added\": {\"events\", \"checkins\", \"reflections\"},
\"duplicates\", \"rejected\": [{\"record\", \"field\", \"reason\"}]} (import_id is null for --dry-run).

Examples:
  plumbline import journal.json --dry-run
  plumbline import journal.json --skip-invalid --json
  plumbline imports
  plumbline import --undo 0193f0a2-5c1e-7d4b-9a60-1b2c3d4e5f60";

#[derive(Debug, Clone, Args)]
#[command(after_help = IMPORT_HELP)]
pub struct ImportArgs {
    /// The file to import.
    #[arg(required_unless_present = "undo", conflicts_with = "undo")]
    pub file: Option<PathBuf>,
    /// The file's format.
    #[arg(long, value_enum, default_value_t = ImportFormat::Auto)]
    pub format: ImportFormat,
    /// Report what would be imported without changing the journal.
    #[arg(long)]
    pub dry_run: bool,
    /// Skip invalid records (each is reported) instead of refusing the file.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Daylio mood names to levels, for renamed moods: name=level,… (1–5, 5 best).
    #[arg(long, value_name = "MAP")]
    pub mood_map: Option<String>,
    /// The time zone of times written without an offset (IANA name such as Europe/Berlin;
    /// default: the system's).
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Remove exactly what one past import added (`plumbline imports` lists them).
    #[arg(long, value_name = "IMPORT_ID", conflicts_with_all = ["dry_run", "skip_invalid"])]
    pub undo: Option<String>,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:\n  plumbline imports\n  plumbline imports --json")]
pub struct ImportsArgs {
    /// Print JSON instead of lines.
    #[arg(long)]
    pub json: bool,
}

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The Plumbline journal file, lossless (format version 1).
    Json,
    /// Spreadsheet tables.
    Csv,
    /// A readable journal by day.
    Markdown,
}

const EXPORT_HELP: &str = "\
json is the journal file format (lossless; `plumbline import` reads it back).
csv: one row per event with the header
  id,at,date,kind,task,domain,planned_at,delay_minutes,progress,thought,emotion,friction,tags,note,source_app
(tags joined with `;`). With -o NAME.csv the check-ins and reflections are written beside it as
NAME.checkins.csv and NAME.reflections.csv; on standard output only the events table is printed.
markdown: the journal by day, then your beliefs, verdicts and pathways.

-o refuses a file that already exists unless --force is given, and always refuses the journal
itself, its -wal/-shm files and any SQLite database. In CSV, text that begins with = + - @ (or a
tab or carriage return) is written with a ' in front so spreadsheets show it as text instead of
running it as a formula.

Examples:
  plumbline export --format json -o journal.json
  plumbline export --format csv -o journal.csv
  plumbline export --format markdown > journal.md";

#[derive(Debug, Clone, Args)]
#[command(after_help = EXPORT_HELP)]
pub struct ExportArgs {
    /// json, csv or markdown.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE (and, for CSV, its companion files) when it exists. The journal, its
    /// -wal/-shm and any SQLite file are never replaced.
    #[arg(long)]
    pub force: bool,
}

/// Reads a file into an import batch, in the format given or recognised from its content.
/// Plumbline journals go through the journal reader; other apps' exports through their parsers.
pub fn read_batch(path: &Path, args: &ImportArgs) -> Result<(ImportBatch, &'static str), CliError> {
    let shown = path.display();
    let format = match args.format {
        ImportFormat::Plumbline => Format::Plumbline,
        ImportFormat::Daylio => Format::Daylio,
        ImportFormat::Loop => Format::Loop,
        ImportFormat::Jrnl => Format::Jrnl,
        ImportFormat::Auto => match detect::detect(path) {
            Ok(d) => d.format,
            // Something that looks like JSON but is not recognised gets the journal reader's
            // exact complaint (line and column, or which field says it is something else).
            Err(_) if formats::looks_like_json(path) => Format::Plumbline,
            Err(e) => return Err(CliError::failed(e)),
        },
    };
    if format == Format::Plumbline {
        let bytes = formats::read_file(path, &formats::file_name(path))
            .map_err(|e| CliError::failed(format!("cannot read {shown}: {e}")))?;
        return journal::parse(&bytes, args.skip_invalid)
            .map(|b| (b, "plumbline"))
            .map_err(|e| CliError::failed(format!("{shown}: {e}")));
    }
    let mood_map = match &args.mood_map {
        Some(m) => {
            formats::parse_mood_map(m).map_err(|e| CliError::failed(format!("--mood-map: {e}")))?
        }
        None => Default::default(),
    };
    let zone = match &args.tz {
        Some(z) => LocalZone::named(z).map_err(|e| CliError::failed(format!("--tz: {e}")))?,
        None => LocalZone::detect(),
    };
    let opts = ParseOptions {
        mood_map,
        skip_invalid: args.skip_invalid,
        zone,
    };
    formats::parse_file(path, Some(format), &opts)
        .map(|(f, b)| (b, f.as_str()))
        .map_err(CliError::failed)
}

/// `import FILE` / `import --undo ID`.
pub fn import(
    store: &mut Store,
    clock: &dyn Clock,
    args: &ImportArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if let Some(id) = &args.undo {
        return undo(store, id, args.json, out);
    }
    let Some(path) = &args.file else {
        return Err(CliError::Usage(
            "import needs a FILE, or --undo IMPORT_ID".to_string(),
        ));
    };
    let (batch, format) = read_batch(path, args)?;
    let meta = ImportMeta {
        format: format.to_string(),
        file: Some(path.display().to_string()),
        dry_run: args.dry_run,
    };
    let report = store
        .apply_import(&batch, &meta, clock)
        .map_err(|e| match e {
            plumbline_core::store::StoreError::Invalid(inv) => {
                CliError::failed(format!("{}: {inv}", path.display()))
            }
            other => CliError::from(other),
        })?;
    if !args.dry_run {
        super::embed_missing(store);
    }
    if args.json {
        return print_json(out, &report);
    }
    write_report(out, path, &report, args.dry_run)
}

fn counts(a: &Added) -> String {
    let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        n(a.events, "event", "events"),
        n(a.checkins, "check-in", "check-ins"),
        n(a.reflections, "reflection", "reflections")
    )
}

fn write_report(
    out: &mut dyn Write,
    path: &Path,
    r: &ImportReport,
    dry_run: bool,
) -> Result<(), CliError> {
    let dups = format!(
        "{} duplicate{} skipped",
        r.duplicates,
        if r.duplicates == 1 { "" } else { "s" }
    );
    let rej = format!("{} rejected", r.rejected.len());
    match (&r.import_id, dry_run) {
        (Some(id), false) => writeln!(
            out,
            "Imported {} ({}) as import {id}: added {}; {dups}; {rej}.",
            path.display(),
            r.format,
            counts(&r.added)
        ),
        _ => writeln!(
            out,
            "Dry run of {} ({}): would add {}; {dups}; {rej}. Nothing was changed.",
            path.display(),
            r.format,
            counts(&r.added)
        ),
    }
    .map_err(io)?;
    for x in &r.rejected {
        writeln!(out, "  rejected {x}").map_err(io)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct UndoReport<'a> {
    import_id: &'a str,
    removed: Added,
    kept: Added,
    verdicts_restored: usize,
    verdicts_kept: usize,
}

fn undo(store: &mut Store, id: &str, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let undone = store.undo_import(id).map_err(|e| match e {
        plumbline_core::store::StoreError::NotFound { .. } => CliError::failed(format!(
            "there is no import with id {id}; `plumbline imports` lists them"
        )),
        other => other.into(),
    })?;
    if json {
        return print_json(
            out,
            &UndoReport {
                import_id: id,
                removed: undone.removed,
                kept: undone.kept,
                verdicts_restored: undone.verdicts_restored,
                verdicts_kept: undone.verdicts_kept,
            },
        );
    }
    writeln!(
        out,
        "Undid import {id}: removed {}.",
        counts(&undone.removed)
    )
    .map_err(io)?;
    if undone.kept != Added::default() {
        writeln!(
            out,
            "Kept {} you changed after the import.",
            counts(&undone.kept)
        )
        .map_err(io)?;
    }
    if undone.verdicts_restored > 0 {
        writeln!(
            out,
            "Put back {} verdict{} the import had replaced.",
            undone.verdicts_restored,
            if undone.verdicts_restored == 1 {
                ""
            } else {
                "s"
            }
        )
        .map_err(io)?;
    }
    if undone.verdicts_kept > 0 {
        writeln!(
            out,
            "Kept {} verdict{} you gave after the import.",
            undone.verdicts_kept,
            if undone.verdicts_kept == 1 { "" } else { "s" }
        )
        .map_err(io)?;
    }
    Ok(())
}

/// `imports`: lists past imports, oldest first.
pub fn imports(
    store: &mut Store,
    _clock: &dyn Clock,
    args: &ImportsArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let list = store.imports()?;
    if args.json {
        return print_json(out, &list);
    }
    print_lines(out, &list, "No imports.", |r| {
        format!(
            "{}  {}  {:<9}  {}  added {}; {} duplicates, {} rejected",
            r.import_id,
            r.at,
            r.format,
            r.file.as_deref().unwrap_or("-"),
            counts(&r.added),
            r.duplicates,
            r.rejected
        )
    })
}

/// `export`: the whole journal as JSON, CSV or Markdown.
pub fn export(
    store: &mut Store,
    clock: &dyn Clock,
    args: &ExportArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let snap = store.snapshot()?;
    let now = super::now(clock);
    let format = match args.format {
        ExportFormat::Json => export::ExportFormat::Json,
        ExportFormat::Csv => export::ExportFormat::Csv,
        ExportFormat::Markdown => export::ExportFormat::Markdown,
    };
    let Some(path) = &args.output else {
        return out
            .write_all(export::render(&snap, format, &now).as_bytes())
            .map_err(io);
    };
    let target = export::Target {
        force: args.force,
        journal: store.path(),
    };
    let written = export::write_files(&snap, format, path, &now, target).map_err(|e| match e {
        export::ExportError::NotAFile { path } => CliError::failed(format!(
            "-o {}: name a file, not a directory",
            path.display()
        )),
        other => CliError::failed(other),
    })?;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    writeln!(
        out,
        "Exported {} events, {} check-ins and {} reflections to {}.",
        snap.events.len(),
        snap.checkins.len(),
        snap.reflections.len(),
        names.join(", ")
    )
    .map_err(io)?;
    if store.is_encrypted() {
        writeln!(
            out,
            "The export is not encrypted: anyone who can read {} can read your journal.",
            if names.len() == 1 {
                "that file"
            } else {
                "those files"
            }
        )
        .map_err(io)?;
    }
    Ok(())
}

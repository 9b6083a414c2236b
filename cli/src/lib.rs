//! The `plumbline` command line (docs/contracts.md §2).
//!
//! Each command group lives in its own module with a `clap::Args` struct and a `run` function
//! of the shape `fn run(store: &mut Store, clock: &dyn Clock, args: &XArgs,
//! out: &mut dyn std::io::Write) -> Result<(), CliError>`.
//!
//! Output is gathered in memory and written to stdout only when the command succeeded, so a
//! failed command prints nothing there (and `--json` output is never half a document). Every
//! command that writes does so in one store transaction: a failure leaves the journal as it was.

use std::fmt::Display;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::Timelike;
use clap::{Parser, Subcommand};

use plumbline_core::app::vectors::ModelSlot;
use plumbline_core::clock::{Clock, SystemClock};
use plumbline_core::domain::{parse_date, parse_instant, Instant, Invalid, Kind};
use plumbline_core::embed::Embedder;
use plumbline_core::paths;
use plumbline_core::store::{Store, StoreError};

pub mod analyze;
pub mod backup;
pub mod catalog;
pub mod checkins;
pub mod crypt;
pub mod demo;
pub mod docs;
pub mod events;
pub mod interchange;
pub mod reflections;
pub mod reminders;
pub mod search;

/// A command's failure: `Failed` exits with 1, `Usage` with 2. The message is one sentence
/// naming the file, record or field and the problem; it is printed to stderr.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Failed(String),
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Failed(_) => 1,
            CliError::Usage(_) => 2,
        }
    }

    /// A failure with a message.
    pub fn failed(msg: impl Display) -> Self {
        CliError::Failed(msg.to_string())
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(inv) => CliError::Failed(invalid_option(&inv)),
            other => CliError::Failed(other.to_string()),
        }
    }
}

/// "--friction: 9 is out of range 1–5": a validation failure named by the option that set it.
pub fn invalid_option(inv: &Invalid) -> String {
    if inv.field.is_empty() {
        return inv.reason.clone();
    }
    let field = inv.field.split('[').next().unwrap_or(&inv.field);
    let option = match field {
        "tags" => "tag".to_string(),
        "prompt_id" => "prompt".to_string(),
        f => f.replace('_', "-"),
    };
    format!("--{option}: {}", inv.reason)
}

/// Writing to the output buffer (in memory) cannot fail short of running out of memory.
pub(crate) fn io(e: std::io::Error) -> CliError {
    CliError::failed(format!(
        "could not write the output: {}",
        plumbline_core::paths::io_reason(&e)
    ))
}

/// Now, to the second: the default for `--at` and the export's `exported_at`.
pub(crate) fn now(clock: &dyn Clock) -> Instant {
    let n = clock.now();
    n.with_nanosecond(0).unwrap_or(n)
}

/// Parses `--kind`, naming the option in the error.
pub(crate) fn kind_arg(s: &str) -> Result<Kind, CliError> {
    s.parse::<Kind>()
        .map_err(|e| CliError::failed(format!("--kind: {e}")))
}

/// Parses an RFC 3339 instant option such as `--at`.
pub(crate) fn instant_arg(option: &str, s: &str) -> Result<Instant, CliError> {
    parse_instant(s).map_err(|e| CliError::failed(format!("{option}: {e}")))
}

/// Parses a `YYYY-MM-DD` option such as `--since`.
pub(crate) fn date_arg(option: &str, s: &str) -> Result<chrono::NaiveDate, CliError> {
    parse_date(s).map_err(|e| CliError::failed(format!("{option}: {e}")))
}

/// `--since`/`--until` for the listing commands.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DateRange {
    /// First local date to include (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last local date to include (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

impl DateRange {
    /// The dates, checked (see [`date_range`]).
    pub(crate) fn dates(
        &self,
    ) -> Result<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>), CliError> {
        date_range(&self.since, &self.until)
    }
}

/// Parses `--since`/`--until` (inclusive local dates) and refuses a range that is empty
/// because `--since` comes after `--until`.
pub(crate) fn date_range(
    since: &Option<String>,
    until: &Option<String>,
) -> Result<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>), CliError> {
    let since = since
        .as_deref()
        .map(|s| date_arg("--since", s))
        .transpose()?;
    let until = until
        .as_deref()
        .map(|s| date_arg("--until", s))
        .transpose()?;
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(CliError::failed(format!(
                "--since {s} is after --until {u}; nothing could match"
            )));
        }
    }
    Ok((since, until))
}

/// Checks a 1–5 rating option and narrows it.
pub(crate) fn scale_arg(option: &str, v: i64) -> Result<u8, CliError> {
    plumbline_core::domain::validate_scale(option, v)
        .map_err(|e| CliError::failed(format!("--{}: {}", e.field, e.reason)))?;
    Ok(v as u8)
}

/// Writes `value` as pretty JSON followed by a newline.
/// Prints one line per item, or `none` when there are no items.
pub(crate) fn print_lines<T>(
    out: &mut dyn Write,
    items: &[T],
    none: &str,
    line: impl Fn(&T) -> String,
) -> Result<(), CliError> {
    if items.is_empty() {
        return writeln!(out, "{none}").map_err(io);
    }
    for item in items {
        writeln!(out, "{}", line(item)).map_err(io)?;
    }
    Ok(())
}

pub(crate) fn print_json(
    out: &mut dyn Write,
    value: &impl serde::Serialize,
) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::failed(format!("could not write JSON: {e}")))?;
    writeln!(out, "{text}").map_err(io)
}

const AFTER_HELP: &str = "\
The journal is --db PATH, else $PLUMBLINE_DB, else the desktop app's journal in the platform
data directory. A missing file becomes a new journal.

An encrypted journal's passphrase comes from --passphrase-file FILE, else the file named by
$PLUMBLINE_PASSPHRASE_FILE, else a prompt on a terminal, else the key the desktop app was asked
to remember in the system keyring; never from the command line itself.

Exit codes: 0 success, 1 the command failed (nothing was changed), 2 usage error.

Examples:
  plumbline log --kind delayed_start --task \"Write the newsletter\" --friction 4 --tag publish
  plumbline checkin --alignment 3 --energy 2
  plumbline events --since 2026-11-01 --json
  plumbline export --format markdown -o journal.md";

/// Plumbline: a journal of execution events, daily check-ins and reflections.
#[derive(Debug, Parser)]
#[command(name = "plumbline", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// The journal file (default: $PLUMBLINE_DB, else the desktop app's journal).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A file holding the passphrase (or recovery key) of an encrypted journal (default:
    /// $PLUMBLINE_PASSPHRASE_FILE, else asked on a terminal, else the key remembered in the
    /// system keyring).
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add one execution event; prints its id.
    Log(events::LogArgs),
    /// Change one event: only the options given change.
    Edit(events::EditArgs),
    /// Delete one event.
    Delete(events::DeleteArgs),
    /// List events.
    Events(events::EventsArgs),
    /// Add or replace the day's check-in.
    Checkin(checkins::CheckinArgs),
    /// List check-ins.
    Checkins(checkins::CheckinsArgs),
    /// Add a reflection (a free entry, or an answer to a prompt); prints its id.
    Reflect(reflections::ReflectArgs),
    /// List reflections.
    Reflections(reflections::ReflectionsArgs),
    /// The reflection prompts, built-in and your own.
    Prompts(catalog::PromptsArgs),
    /// The belief catalog and your own beliefs.
    Beliefs(catalog::BeliefsArgs),
    /// Store your verdict on a belief link: confirmed or rejected.
    Verdict(catalog::VerdictArgs),
    /// Run the analyzer: recurring breaks, probable beliefs, layers, trends.
    Analyze(analyze::AnalyzeArgs),
    /// Import a journal file or another app's export, or undo an import.
    Import(interchange::ImportArgs),
    /// List past imports.
    Imports(interchange::ImportsArgs),
    /// Export everything as JSON (lossless), CSV or Markdown.
    Export(interchange::ExportArgs),
    /// Search everything you wrote: events, check-in notes, reflections.
    Search(search::SearchArgs),
    /// Fill an empty journal with a realistic generated journal.
    Demo(demo::DemoArgs),
    /// Write a consistent copy of the journal.
    Backup(backup::BackupArgs),
    /// Replace the journal with a backup (the replaced journal is kept).
    Restore(backup::RestoreArgs),
    /// Reminders: add, list, remove, and which fire when.
    #[command(after_help = REMINDERS_HELP)]
    Reminders(reminders::RemindersArgs),
    /// Encrypt the journal and its backups with a passphrase; prints a recovery key once.
    Encrypt(crypt::EncryptArgs),
    /// Turn an encrypted journal back into plaintext.
    Decrypt(crypt::DecryptArgs),
    /// Change an encrypted journal's passphrase.
    Rekey(crypt::RekeyArgs),
}

const REMINDERS_HELP: &str = "\
Times are wall-clock times in your local time zone (TZ, else the system's).

Examples:
  plumbline reminders add --at 07:30 --days mon,wed,fri --purpose checkin
  plumbline reminders list --json
  plumbline reminders due --now 2026-11-24T07:30:00+01:00 --json
  plumbline reminders next";

/// Runs the command line; the process's exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let mut out: Vec<u8> = Vec::new();
    match run(&cli, &SystemClock, &mut out) {
        Ok(()) => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&out).and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                // The reader went away (`plumbline events | head`): not our failure.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("plumbline: could not write to standard output: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(e) => {
            eprintln!("plumbline: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs one parsed command against the journal it names.
pub fn run(cli: &Cli, clock: &dyn Clock, out: &mut dyn Write) -> Result<(), CliError> {
    let path = paths::resolve_db(cli.db.clone()).ok_or_else(|| {
        CliError::failed(
            "there is no platform data directory for the journal; pass --db PATH or set PLUMBLINE_DB",
        )
    })?;
    let found = crypt::journal_key(&path, cli.passphrase_file.as_deref())?;
    let key = found.as_ref().map(|k| &k.key);
    // Restore replaces the journal file, so it checks and opens it itself.
    if let Command::Restore(args) = &cli.command {
        return backup::restore(&path, key, clock, args, out);
    }
    let existed = path.exists();
    let mut store =
        Store::open_keyed(&path, key).map_err(|e| crypt::open_failed(e, found.as_ref()))?;
    match &cli.command {
        Command::Encrypt(a) => return crypt::encrypt(store, a, out),
        Command::Decrypt(_) => return crypt::decrypt(store, out),
        _ => {}
    }
    let result = run_command(&mut store, clock, &cli.command, out);
    if result.is_err() && !existed {
        forget_new_journal(store, &path);
    }
    result
}

/// The text model, loaded at most once per run by the same slot the desktop uses. A missing or
/// damaged model is reported once, on stderr, and the run goes on without it (belief links then
/// rest on markers alone, and the analysis says so in its `text_model` note).
pub(crate) fn text_model() -> Option<Arc<Embedder>> {
    static SLOT: std::sync::OnceLock<ModelSlot> = std::sync::OnceLock::new();
    static WARNED: std::sync::Once = std::sync::Once::new();
    match SLOT.get_or_init(ModelSlot::default).get() {
        Ok(m) => Some(m),
        Err(e) => {
            WARNED.call_once(|| eprintln!("plumbline: warning: {e}."));
            None
        }
    }
}

/// Why the analysis has no text model (after [`text_model`] said so on stderr).
pub(crate) fn no_model() -> String {
    "the text model could not be loaded; see the warning on stderr".to_string()
}

/// Texts between two progress lines on stderr while embedding.
const PROGRESS_EVERY: usize = 10_000;

/// Embeds and stores the journal's texts that have no vector for the text model (after an
/// import, before an analysis); large runs report progress on stderr every
/// [`PROGRESS_EVERY`] texts. A failure here fails nothing: it is a warning, and the analysis
/// reads the texts without vectors by their markers.
pub(crate) fn embed_missing(store: &mut Store) {
    let Some(model) = text_model() else {
        return;
    };
    let mut reported = 0;
    let result = plumbline_core::app::vectors::backfill(store, &model, |done, total| {
        if total >= PROGRESS_EVERY && (done - reported >= PROGRESS_EVERY || done == total) {
            eprintln!("plumbline: read {done} of {total} texts with the text model");
            reported = done;
        }
    });
    if let Err(e) = result {
        eprintln!("plumbline: warning: the text vectors were not updated: {e}");
    }
}

/// A command failed on a journal this run created: leave no new file behind, so the failure
/// changed nothing. Only a journal that is still empty is removed.
fn forget_new_journal(store: Store, path: &std::path::Path) {
    let untouched =
        store.is_empty().unwrap_or(false) && store.imports().map(|i| i.is_empty()).unwrap_or(false);
    drop(store);
    if untouched {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

/// Runs one command on an open journal.
pub fn run_command(
    store: &mut Store,
    clock: &dyn Clock,
    command: &Command,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        Command::Log(a) => events::log(store, clock, a, out),
        Command::Edit(a) => events::edit(store, clock, a, out),
        Command::Delete(a) => events::delete(store, clock, a, out),
        Command::Events(a) => events::list(store, clock, a, out),
        Command::Checkin(a) => checkins::checkin(store, clock, a, out),
        Command::Checkins(a) => checkins::list(store, clock, a, out),
        Command::Reflect(a) => reflections::reflect(store, clock, a, out),
        Command::Reflections(a) => reflections::list(store, clock, a, out),
        Command::Prompts(a) => catalog::prompts(store, clock, a, out),
        Command::Beliefs(a) => catalog::beliefs(store, clock, a, out),
        Command::Verdict(a) => catalog::verdict(store, clock, a, out),
        Command::Analyze(a) => analyze::run(store, clock, a, out),
        Command::Import(a) => interchange::import(store, clock, a, out),
        Command::Imports(a) => interchange::imports(store, clock, a, out),
        Command::Export(a) => interchange::export(store, clock, a, out),
        Command::Search(a) => search::run(store, clock, a, out),
        Command::Demo(a) => demo::run(store, clock, a, out),
        Command::Backup(a) => backup::backup(store, clock, a, out),
        Command::Reminders(a) => reminders::run(store, clock, a, out),
        Command::Restore(a) => match store.path().map(std::path::Path::to_path_buf) {
            Some(p) => backup::restore(&p, store.key(), clock, a, out),
            None => Err(CliError::failed(
                "an in-memory journal cannot be restored into",
            )),
        },
        Command::Rekey(a) => crypt::rekey(store, a, out),
        Command::Encrypt(_) | Command::Decrypt(_) => Err(CliError::failed(
            "encrypt and decrypt replace the journal file; run them on their own",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_has_an_example_in_its_help() {
        let cmd = Cli::command();
        for sub in cmd.get_subcommands() {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.contains("plumbline "),
                "`{}` has no example in its --help",
                sub.get_name()
            );
        }
    }

    #[test]
    fn invalid_fields_are_named_by_their_option() {
        assert_eq!(
            invalid_option(&Invalid::new("friction", "9 is out of range 1–5")),
            "--friction: 9 is out of range 1–5"
        );
        assert_eq!(
            invalid_option(&Invalid::new("delay_minutes", "x")),
            "--delay-minutes: x"
        );
        assert_eq!(
            invalid_option(&Invalid::new("tags[2]", "is empty")),
            "--tag: is empty"
        );
    }
}

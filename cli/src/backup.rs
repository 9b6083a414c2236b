//! `backup` and `restore`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{io, CliError};
use plumbline_core::clock::Clock;
use plumbline_core::store::Store;

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "A consistent copy, taken while the journal may be in use.\n\nExample:\n  plumbline backup -o journal-2026-11-24.plumbline"
)]
pub struct BackupArgs {
    /// The file to write (must not exist yet).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "The file must be a sound Plumbline journal; the replaced journal is kept beside it\nas <name>.before-restore-<time>.bak. A journal that no longer opens is moved aside whole as\n<name>.unopenable-<time>.bak and the backup takes its place.\n\nExample:\n  plumbline restore journal-2026-11-24.plumbline"
)]
pub struct RestoreArgs {
    /// The backup to restore.
    pub file: PathBuf,
}

/// `backup -o FILE`: a consistent online copy; refuses to overwrite a file.
pub fn backup(
    store: &mut Store,
    _clock: &dyn Clock,
    args: &BackupArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if args.output.exists() {
        return Err(CliError::failed(format!(
            "{} already exists; choose a new file for the backup",
            args.output.display()
        )));
    }
    store.backup_to(&args.output)?;
    writeln!(out, "Backed up the journal to {}.", args.output.display()).map_err(io)
}

/// `restore FILE` into the journal at `journal`.
pub fn restore(
    journal: &Path,
    key: Option<&plumbline_core::keys::DataKey>,
    clock: &dyn Clock,
    args: &RestoreArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let kept = Store::restore_keyed(journal, &args.file, key, clock)?;
    match kept {
        Some(k) => writeln!(
            out,
            "Restored the journal from {}; the journal it replaced is kept at {}.",
            args.file.display(),
            k.display()
        ),
        None => writeln!(out, "Restored the journal from {}.", args.file.display()),
    }
    .map_err(io)
}

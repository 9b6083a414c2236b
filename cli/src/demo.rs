//! `demo`: fill an empty journal with a generated one.

use std::io::Write;

use clap::Args;

use super::{io, CliError};
use plumbline_core::clock::Clock;
use plumbline_core::store::Store;

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Refuses a journal that already holds records. The demo is recorded as an import, so\n`plumbline import --undo ID` removes it again.\n\nExample:\n  plumbline --db demo.plumbline demo --days 120 --seed 7\n  plumbline --db demo.plumbline demo --days 30 --end 2026-11-23"
)]
pub struct DemoArgs {
    /// How many days to fill, ending yesterday (or on --end) (1–3650).
    #[arg(long, value_name = "N", default_value_t = 90)]
    pub days: u32,
    /// The last day to fill, YYYY-MM-DD (default: yesterday). A fixed day gives the same
    /// journal whenever it is generated.
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,
    /// The random seed: the same seed gives the same journal.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
}

/// `demo`: generates and imports a demo journal in one transaction.
pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    args: &DemoArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if !(1..=3650).contains(&args.days) {
        return Err(CliError::failed(format!(
            "--days: {} is out of range 1–3650",
            args.days
        )));
    }
    if !store.is_empty()? {
        let at = store
            .path()
            .map(|p| format!(" at {}", p.display()))
            .unwrap_or_default();
        return Err(CliError::failed(format!(
            "the journal{at} already holds records; demo fills only an empty journal (use --db with a new file)"
        )));
    }
    let now = clock.now();
    // By default the generated days end yesterday, so no demo event lies in the future.
    let last = match &args.end {
        Some(end) => plumbline_core::domain::parse_date(end)
            .map_err(|e| CliError::failed(format!("--end: {e}")))?,
        None => now.date_naive().pred_opt().unwrap_or(now.date_naive()),
    };
    let report = plumbline_core::demo::fill(store, args.days, args.seed, last, clock)?;
    writeln!(
        out,
        "Filled the journal with {} days of demo data: {} events, {} check-ins, {} reflections (import {}).",
        args.days,
        report.added.events,
        report.added.checkins,
        report.added.reflections,
        report.import_id.unwrap_or_default()
    )
    .map_err(io)
}

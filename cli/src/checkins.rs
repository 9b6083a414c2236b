//! `checkin` and `checkins`: the daily check-in.

use std::io::Write;

use clap::Args;

use super::{date_arg, io, print_json, print_lines, scale_arg, CliError, DateRange};
use plumbline_core::clock::Clock;
use plumbline_core::domain::Checkin;
use plumbline_core::interchange::journal::CheckinOut;
use plumbline_core::store::{Query, Store};

const CHECKIN_HELP: &str = "\
Alignment: 1 = every action was enforced … 5 = it felt like continuation. Energy and mood are 1–5.
Saving a check-in for a date that already has one replaces it.

Example:
  plumbline checkin --date 2026-11-20 --alignment 2 --energy 3 --mood 3 --note \"Heavy day\"";

#[derive(Debug, Clone, Args)]
#[command(after_help = CHECKIN_HELP)]
pub struct CheckinArgs {
    /// The local date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// How execution felt, 1 (enforcement) – 5 (continuation).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub alignment: i64,
    /// Energy, 1–5.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub energy: Option<i64>,
    /// Mood, 1–5.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub mood: Option<i64>,
    /// A note.
    #[arg(long, value_name = "S")]
    pub note: Option<String>,
    /// A tag (repeat for several).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
}

const CHECKINS_HELP: &str = "\
--json prints a JSON array of check-in objects exactly as in the journal format.

Example:
  plumbline checkins --since 2026-11-01 --json";

#[derive(Debug, Clone, Args)]
#[command(after_help = CHECKINS_HELP)]
pub struct CheckinsArgs {
    #[command(flatten)]
    pub range: DateRange,
    /// Print JSON instead of lines.
    #[arg(long)]
    pub json: bool,
}

/// `checkin`: adds or replaces the day's check-in.
pub fn checkin(
    store: &mut Store,
    clock: &dyn Clock,
    args: &CheckinArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let date = match &args.date {
        Some(d) => date_arg("--date", d)?,
        None => clock.today(),
    };
    let mut c = Checkin::new(date, scale_arg("alignment", args.alignment)?);
    c.energy = args.energy.map(|v| scale_arg("energy", v)).transpose()?;
    c.mood = args.mood.map(|v| scale_arg("mood", v)).transpose()?;
    c.note = args.note.clone();
    c.tags = args.tags.clone();
    let replaced = store.checkin(date)?.is_some();
    let saved = store.save_checkin(c, clock)?;
    writeln!(
        out,
        "{} the check-in for {}: {}",
        if replaced { "Replaced" } else { "Saved" },
        saved.date.format("%Y-%m-%d"),
        line(&saved)
    )
    .map_err(io)
}

/// `checkins`: lists check-ins.
pub fn list(
    store: &mut Store,
    _clock: &dyn Clock,
    args: &CheckinsArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let (since, until) = args.range.dates()?;
    let q = Query {
        since,
        until,
        ..Query::default()
    };
    let checkins = store.checkins(&q)?;
    if args.json {
        let shaped: Vec<CheckinOut> = checkins.iter().map(CheckinOut::from).collect();
        return print_json(out, &shaped);
    }
    print_lines(out, &checkins, "No check-ins.", |c| {
        format!("{}  {}", c.date.format("%Y-%m-%d"), line(c))
    })
}

fn line(c: &Checkin) -> String {
    let mut parts = vec![format!("alignment {}", c.alignment)];
    if let Some(e) = c.energy {
        parts.push(format!("energy {e}"));
    }
    if let Some(m) = c.mood {
        parts.push(format!("mood {m}"));
    }
    parts.extend(c.tags.iter().map(|t| format!("#{t}")));
    if let Some(n) = &c.note {
        parts.push(format!("“{}”", n.replace('\n', " ")));
    }
    parts.join(" · ")
}

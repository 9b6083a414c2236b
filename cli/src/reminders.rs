//! `plumbline reminders add|list|remove|due|next` (docs/contracts.md §2).
//!
//! Times are wall-clock times in the person's local zone (`TZ`, else the system's). `due` and
//! `next` are queries: they change nothing, not even the log of prompts shown.

use std::io::Write;

use chrono::TimeZone;
use serde::Serialize;

use super::CliError;
use plumbline_core::app::reminders as journal;
use plumbline_core::clock::Clock;
use plumbline_core::domain::{format_instant, parse_instant, Instant, Invalid};
use plumbline_core::reminders::schedule::{self, Firing};
use plumbline_core::reminders::{LocalZone, Purpose, Reminder, ReminderInput, TimeOfDay, Weekdays};
use plumbline_core::store::{Store, StoreError};

/// Reminders: notifications at chosen times that carry a check-in, a reflection prompt or a
/// pathway's next action.
#[derive(Debug, clap::Args)]
pub struct RemindersArgs {
    #[command(subcommand)]
    pub command: RemindersCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum RemindersCommand {
    /// Add a reminder; prints its id.
    Add(AddArgs),
    /// List the reminders.
    List(ListArgs),
    /// Remove a reminder.
    Remove(RemoveArgs),
    /// The reminders that fire in the minute containing an instant, each with the prompt it
    /// would carry. A query: it changes nothing.
    Due(DueArgs),
    /// Each enabled reminder's next firing instant.
    Next(NextArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// Wall-clock time in the local time zone, 24-hour HH:MM.
    #[arg(long, value_name = "HH:MM")]
    pub at: String,
    /// Weekdays, comma-separated (mon,tue,wed,thu,fri,sat,sun); default every day.
    #[arg(long, value_name = "mon,tue,…")]
    pub days: Option<String>,
    /// checkin, reflection or pathway (default: pathway with --pathway, else reflection).
    #[arg(long, value_name = "PURPOSE")]
    pub purpose: Option<String>,
    /// The pathway whose cycle the reminder carries (for --purpose pathway).
    #[arg(long, value_name = "ID")]
    pub pathway: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The reminder's id (from `reminders list`).
    pub id: String,
}

#[derive(Debug, clap::Args)]
pub struct DueArgs {
    /// The instant, RFC 3339 with offset.
    #[arg(long, value_name = "RFC3339")]
    pub now: String,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct NextArgs {
    /// From this instant (RFC 3339 with offset) instead of now.
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

/// Runs a `reminders` command in the person's local zone (`TZ`, else the system's).
pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    args: &RemindersArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    run_in(store, clock, &LocalZone::detect(), args, out)
}

/// Runs a `reminders` command in the given zone.
pub fn run_in<Z: TimeZone>(
    store: &mut Store,
    clock: &dyn Clock,
    zone: &Z,
    args: &RemindersArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match &args.command {
        RemindersCommand::Add(a) => add(store, clock, a, out),
        RemindersCommand::List(a) => list(store, clock, a, out),
        RemindersCommand::Remove(a) => remove(store, clock, a, out),
        RemindersCommand::Due(a) => due(store, zone, a, out),
        RemindersCommand::Next(a) => next(store, clock, zone, a, out),
    }
}

fn add(
    store: &mut Store,
    clock: &dyn Clock,
    a: &AddArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let at: TimeOfDay = a.at.parse().map_err(|e| failed(format!("--at: {e}")))?;
    let days: Weekdays = match &a.days {
        Some(d) => d.parse().map_err(|e| failed(format!("--days: {e}")))?,
        None => Weekdays::EVERY_DAY,
    };
    let purpose: Purpose = match (&a.purpose, &a.pathway) {
        (Some(p), _) => p.parse().map_err(|e| failed(format!("--purpose: {e}")))?,
        (None, Some(_)) => Purpose::Pathway,
        (None, None) => Purpose::Reflection,
    };
    let input = ReminderInput {
        at,
        days,
        purpose,
        pathway_id: a.pathway.as_ref().map(|p| p.trim().to_string()),
    };
    let r = store.add_reminder(input, clock).map_err(store_error)?;
    writeln!(out, "{}", r.id).map_err(io)
}

fn list(
    store: &Store,
    clock: &dyn Clock,
    a: &ListArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let reminders = store.reminders().map_err(store_error)?;
    if a.json {
        // `{"id", "at": "HH:MM", "days": ["mon", …], "purpose", "pathway_id", "enabled",
        // "snoozed_until"}`
        return print_json(out, &reminders);
    }
    if reminders.is_empty() {
        writeln!(out, "No reminders.").map_err(io)?;
    }
    let now = clock.now();
    for r in &reminders {
        writeln!(out, "{}", describe(r, now)).map_err(io)?;
    }
    if let Some(q) = store.quiet_hours().map_err(store_error)? {
        writeln!(out, "Quiet hours: {q} (no reminder fires inside them)").map_err(io)?;
    }
    Ok(())
}

/// `<id>  07:30  every day  reflection [p1]  [(off)]  [(snoozed until …)]`; a snooze that
/// has passed is not mentioned.
fn describe(r: &Reminder, now: Instant) -> String {
    let mut s = format!("{}  {}  {}  {}", r.id, r.at, r.days.describe(), r.purpose);
    if let Some(p) = &r.pathway_id {
        s.push_str(&format!(" {p}"));
    }
    if !r.enabled {
        s.push_str("  (off)");
    }
    if let Some(u) = r.snoozed_until.as_ref().filter(|u| **u > now) {
        s.push_str(&format!("  (snoozed until {})", format_instant(u)));
    }
    s
}

fn remove(
    store: &mut Store,
    clock: &dyn Clock,
    a: &RemoveArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let r = store.remove_reminder(a.id.trim()).map_err(store_error)?;
    writeln!(out, "Removed reminder {}", describe(&r, clock.now())).map_err(io)
}

fn due<Z: TimeZone>(
    store: &Store,
    zone: &Z,
    a: &DueArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let now = instant_arg("--now", &a.now)?;
    let entries = journal::due(store, now, zone, || {
        journal::context_from_journal(store, now)
    })
    .map_err(store_error)?;
    if a.json {
        return print_json(out, &entries);
    }
    if entries.is_empty() {
        let local = now.with_timezone(zone).naive_local();
        return writeln!(
            out,
            "No reminder fires at {}.",
            local.format("%Y-%m-%d %H:%M")
        )
        .map_err(io);
    }
    for d in &entries {
        writeln!(out, "{}  {}  {}", format_instant(&d.at), d.purpose, d.id).map_err(io)?;
        if let Some(p) = &d.prompt {
            writeln!(out, "    {}", p.text).map_err(io)?;
        }
    }
    Ok(())
}

/// One entry of `reminders next --json`.
#[derive(Serialize)]
struct NextEntry<'a> {
    id: &'a str,
    at: Option<String>,
    purpose: Purpose,
    pathway_id: Option<&'a str>,
    snoozed: bool,
}

fn next<Z: TimeZone>(
    store: &Store,
    clock: &dyn Clock,
    zone: &Z,
    a: &NextArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let now = match &a.now {
        Some(s) => instant_arg("--now", s)?,
        None => clock.now(),
    };
    let reminders = store.reminders().map_err(store_error)?;
    let cond = journal::conditions(store, now, zone).map_err(store_error)?;
    let mut rows: Vec<(&Reminder, Option<Firing>)> = reminders
        .iter()
        .filter(|r| r.enabled)
        .map(|r| (r, schedule::next_firing(r, now, zone, &cond)))
        .collect();
    rows.sort_by(|(ra, fa), (rb, fb)| {
        let key = |f: &Option<Firing>| f.as_ref().map(|f| f.at);
        // Reminders that never fire go last.
        match (key(fa), key(fb)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| ra.id.cmp(&rb.id))
    });
    if a.json {
        let items: Vec<NextEntry<'_>> = rows
            .iter()
            .map(|(r, f)| NextEntry {
                id: &r.id,
                at: f.as_ref().map(|f| format_instant(&f.at)),
                purpose: r.purpose,
                pathway_id: r.pathway_id.as_deref(),
                snoozed: f.as_ref().is_some_and(|f| f.snoozed),
            })
            .collect();
        return print_json(out, &items);
    }
    if rows.is_empty() {
        return writeln!(out, "No enabled reminders.").map_err(io);
    }
    for (r, f) in &rows {
        let when = match f {
            Some(f) => format_instant(&f.at),
            None => format!(
                "never within {} days (inside the quiet hours)",
                schedule::HORIZON_DAYS
            ),
        };
        writeln!(out, "{when}  {}  {}  {}", r.purpose, r.at, r.id).map_err(io)?;
    }
    Ok(())
}

fn failed(msg: String) -> CliError {
    CliError::Failed(msg)
}

fn io(e: std::io::Error) -> CliError {
    CliError::Failed(format!(
        "could not write the output: {}",
        plumbline_core::paths::io_reason(&e)
    ))
}

fn instant_arg(option: &str, s: &str) -> Result<Instant, CliError> {
    parse_instant(s).map_err(|e| failed(format!("{option}: {e}")))
}

/// A store failure as one sentence; a validation failure names the option that set the field.
fn store_error(e: StoreError) -> CliError {
    match e {
        StoreError::Invalid(Invalid { field, reason }) if field == "pathway" => {
            failed(format!("--pathway: {reason}"))
        }
        other => failed(other.to_string()),
    }
}

fn print_json(out: &mut dyn Write, value: &impl Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| failed(format!("could not write JSON: {e}")))?;
    writeln!(out, "{text}").map_err(io)
}

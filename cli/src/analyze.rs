//! `analyze`: the analysis of the journal (docs/contracts.md §4).

use std::io::Write;

use clap::Args;

use super::{instant_arg, io, print_json, CliError};
use plumbline_core::analyze::costs::Answer;
use plumbline_core::analyze::{
    analyze_with as run_analysis, Analysis, AnalyzeError, AnalyzeOptions,
};
use plumbline_core::clock::{Clock, FixedClock};
use plumbline_core::store::Store;

const ANALYZE_HELP: &str = "\
--json prints the analysis document (format plumbline-analysis, version 1). Links between breaks
and beliefs are probable co-occurrences, not diagnoses. Below the minimum of logged data nothing
is claimed and the output says what is missing. The readable summary ends with the answer in two
parts: where the system reads most misaligned (weakest layer, top probable belief) and what it is
costing (cognitive friction, emotional volatility, behavioural leakage, each 0-1 with its trend
and the numbers behind it).

Examples:
  plumbline analyze
  plumbline analyze --since 2026-09-01 --json
  plumbline analyze --json --now 2026-11-24T09:00:00+01:00";

#[derive(Debug, Clone, Args)]
#[command(after_help = ANALYZE_HELP)]
pub struct AnalyzeArgs {
    /// First local date to analyse (default: the first logged day).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last local date to analyse (default: today).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Analyse as if it were this instant (RFC 3339 with offset; default: now).
    #[arg(long, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Print the analysis as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs the analyzer with the options' window and clock.
pub fn analysis(
    store: &Store,
    clock: &dyn Clock,
    args: &AnalyzeArgs,
) -> Result<Analysis, CliError> {
    let (since, until) = super::date_range(&args.since, &args.until)?;
    let opts = AnalyzeOptions { since, until };
    let fixed = args
        .now
        .as_deref()
        .map(|n| instant_arg("--now", n).map(FixedClock))
        .transpose()?;
    let clock: &dyn Clock = match &fixed {
        Some(c) => c,
        None => clock,
    };
    let model = super::text_model();
    run_analysis(
        store,
        &opts,
        clock,
        model.as_deref().ok_or_else(super::no_model),
    )
    .map_err(|e| match e {
        AnalyzeError::Store(s) => s.into(),
        other => CliError::failed(other),
    })
}

/// `analyze`: prints the analysis as JSON or as a readable summary.
pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    args: &AnalyzeArgs,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    super::embed_missing(store);
    let mut a = analysis(store, clock, args)?;
    if args.json {
        a.fill_event_ids(store)?;
        return print_json(out, &a);
    }
    let answer = Answer::of(&a, &store.beliefs()?);
    summary(&a, out).map_err(io)?;
    writeln!(out).map_err(io)?;
    for line in answer.lines() {
        writeln!(out, "{line}").map_err(io)?;
    }
    Ok(())
}

fn pct(r: f64) -> String {
    format!("{:.0}%", r * 100.0)
}

fn summary(a: &Analysis, out: &mut dyn Write) -> std::io::Result<()> {
    let t = &a.totals;
    writeln!(
        out,
        "{} to {}: {} days logged, {} events ({} breaks, {} completed, {} skipped){}",
        a.window.from,
        a.window.to,
        a.window.days_logged,
        t.events,
        t.breaks,
        t.completed,
        t.skipped,
        t.break_rate
            .map(|r| format!(", break rate {}", pct(r)))
            .unwrap_or_default()
    )?;
    if !a.enough_data {
        writeln!(out, "Not enough data to find patterns yet:")?;
        for m in &a.missing {
            writeln!(out, "  - {m}")?;
        }
        return Ok(());
    }
    if a.patterns.is_empty() {
        writeln!(out, "No recurring pattern stands out from the rest.")?;
    } else {
        writeln!(out, "\nRecurring patterns:")?;
        for p in &a.patterns {
            writeln!(
                out,
                "  {} ({}, {} events over {} weeks, {:?})",
                p.description, p.id, p.support, p.weeks, p.tier
            )?;
        }
    }
    if !a.beliefs.is_empty() {
        writeln!(
            out,
            "\nProbable belief constraints (co-occurrence, not diagnosis):"
        )?;
        for b in &a.beliefs {
            let verdict = b
                .verdict
                .map(|v| format!(", you {}", v.as_str()))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}: confidence {:.2} ({:?}{verdict}), {} breaks matched",
                b.belief_id, b.confidence, b.tier, b.evidence.breaks_matched
            )?;
            for q in &b.evidence.quotes {
                writeln!(out, "    “{q}”")?;
            }
        }
    }
    let l = &a.layers;
    writeln!(
        out,
        "\nLayers (1 = aligned): belief {:.2}, thinking {:.2}, execution {:.2}; weakest: {}",
        l.belief,
        l.thinking,
        l.execution,
        l.weakest.as_str()
    )?;
    for s in &a.shifts {
        writeln!(
            out,
            "Shift on {}: {} went from {:.2} to {:.2}",
            s.date, s.series, s.before, s.after
        )?;
    }
    Ok(())
}

//! Reminders against an open journal: the pure schedule and prompt choice
//! (`crate::reminders`), fed from the store, with the analyzer run lazily, only when a
//! reflection reminder fires. The CLI and the desktop shell both go through here, so they agree
//! on what fires and what it carries; [`super::tick`] is the timer's whole look.

use chrono::{Datelike, NaiveDate, TimeZone, Timelike};
use serde::Serialize;

use crate::domain::{block_of, normalise, Event, Instant, Kind, Layer, VerdictKind, BLOCKS};
use crate::reminders::choose::{
    choose_prompt, pathway_prompt, ChosenPrompt, PatternHint, PromptContext, NO_REPEAT_DAYS,
};
use crate::reminders::schedule::{self, Firing};
use crate::reminders::Conditions;
use crate::reminders::Purpose;
use crate::store::{Query, Store, StoreError};

/// A firing with the prompt it carries; serialises as one entry of `reminders due --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// The reminder's id.
    pub id: String,
    /// When it fires (or fired, for a missed one).
    #[serde(with = "crate::domain::instant_serde")]
    pub at: Instant,
    pub purpose: Purpose,
    pub pathway_id: Option<String>,
    /// Nothing for a check-in; the chosen prompt for a reflection; the next action for a
    /// pathway.
    pub prompt: Option<ChosenPrompt>,
    /// The local date the firing belongs to.
    #[serde(skip)]
    pub date: NaiveDate,
    /// Whether it is the firing a snooze asked for.
    #[serde(skip)]
    pub snoozed: bool,
}

/// The facts that suppress firings around `now`: quiet hours and the check-ins from the day
/// before `now`'s local date on.
pub fn conditions<Z: TimeZone>(
    store: &Store,
    now: Instant,
    zone: &Z,
) -> Result<Conditions, StoreError> {
    let today = now.with_timezone(zone).date_naive();
    store.reminder_conditions(today.pred_opt().unwrap_or(today))
}

/// What the prompt choice knows from the journal itself: the prompts shown or answered in the
/// week before `now` and the most recently confirmed belief. What the analysis found (weakest
/// layer, strongest pattern, whether there is enough data) is for the caller to add; without it
/// the choice rotates across the layers.
pub fn prompt_context(store: &Store, now: Instant) -> Result<PromptContext, StoreError> {
    let recent = store.recent_prompts(now - chrono::Duration::days(NO_REPEAT_DAYS))?;
    let confirmed_belief = store
        .verdicts()?
        .into_iter()
        .map(|(v, _)| v)
        .filter(|v| v.verdict == VerdictKind::Confirmed && v.at <= now)
        .max_by(|a, b| a.at.cmp(&b.at).then_with(|| a.belief_id.cmp(&b.belief_id)))
        .map(|v| v.belief_id);
    Ok(PromptContext {
        weakest_layer: None,
        top_pattern: None,
        confirmed_belief,
        recent_prompt_ids: recent,
        enough_data: false,
        cost: None,
    })
}

/// [`prompt_context`] with what the analysis found: whether it had enough data, its weakest
/// layer, and its strongest pattern as `(dimension, value, description)` (turned into this
/// week's numbers by [`pattern_hint`]).
pub fn analysed_context(
    store: &Store,
    now: Instant,
    enough_data: bool,
    weakest_layer: Option<Layer>,
    top_pattern: Option<(&str, &str, &str)>,
) -> Result<PromptContext, StoreError> {
    let mut ctx = prompt_context(store, now)?;
    ctx.enough_data = enough_data;
    ctx.weakest_layer = weakest_layer;
    ctx.top_pattern = match top_pattern {
        Some((dimension, value, description)) if enough_data => {
            Some(pattern_hint(store, now, dimension, value, description)?)
        }
        _ => None,
    };
    Ok(ctx)
}

/// The prompt context for `now` from a full analysis of the journal up to that instant: the
/// weakest layer and the strongest pattern steer the prompt. Runs the analyzer, so callers
/// pass it lazily (only when a reflection reminder actually fires).
pub fn context_from_journal(store: &Store, now: Instant) -> Result<PromptContext, StoreError> {
    let clock = crate::clock::FixedClock(now);
    let analysis =
        match crate::analyze::analyze(store, &crate::analyze::AnalyzeOptions::default(), &clock) {
            Ok(a) => a,
            Err(crate::analyze::AnalyzeError::Store(e)) => return Err(e),
            // An empty window cannot happen without --since/--until; fall back to the rotation.
            Err(_) => return prompt_context(store, now),
        };
    let top = analysis.patterns.first().map(|p| {
        (
            p.dimension.as_str(),
            p.value.as_str(),
            p.description.as_str(),
        )
    });
    let mut ctx = analysed_context(
        store,
        now,
        analysis.enough_data,
        analysis.enough_data.then_some(analysis.layers.weakest),
        top,
    )?;
    ctx.cost = cost_prompt(&analysis).filter(|_| analysis.enough_data);
    Ok(ctx)
}

/// The analysis's strongest pattern in the terms a prompt can use: its slice (`dimension`,
/// `value` as in the analysis) plus the breaks in it over the seven days up to `now` — the most
/// common kind, how many of that kind, the task most often involved as the person wrote it, and
/// the domain when one covers most of them. Slices this cannot recognise from single events
/// (`delay`, `after`) get no numbers, so no prompt claims any.
pub fn pattern_hint(
    store: &Store,
    now: Instant,
    dimension: &str,
    value: &str,
    description: &str,
) -> Result<PatternHint, StoreError> {
    let mut hint = PatternHint {
        dimension: dimension.to_string(),
        value: value.to_string(),
        description: description.to_string(),
        ..PatternHint::default()
    };
    let week_ago = now - chrono::Duration::days(7);
    let day = |t: Instant| t.date_naive();
    let events = store.events(&Query {
        since: day(week_ago).pred_opt(),
        until: day(now).succ_opt(),
        ..Query::default()
    })?;
    let dim = dimension.trim().to_ascii_lowercase();
    let value = normalise(value);
    let in_week: Vec<&Event> = events
        .iter()
        .filter(|e| e.at > week_ago && e.at <= now && e.kind.is_break())
        .filter(|e| in_slice(e, &dim, &value))
        .collect();
    // The most common kind; on a tie, the first in the order of `Kind::BREAKS`.
    let Some(kind) = Kind::BREAKS
        .into_iter()
        .map(|k| (k, in_week.iter().filter(|e| e.kind == k).count()))
        .filter(|(_, n)| *n > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k)
    else {
        return Ok(hint);
    };
    let of_kind: Vec<&Event> = in_week.into_iter().filter(|e| e.kind == kind).collect();
    hint.kind = Some(kind);
    hint.count_this_week = u32::try_from(of_kind.len()).unwrap_or(u32::MAX);
    hint.task = most_common(of_kind.iter().map(|e| Some(e.task.as_str()))).map(|(t, _)| t);
    hint.domain = most_common(of_kind.iter().map(|e| e.domain.as_deref()))
        .filter(|(_, n)| 2 * n > of_kind.len())
        .map(|(d, _)| d);
    Ok(hint)
}

/// Whether an event falls in an analysis slice (values compared as the analysis normalises
/// them).
/// The prompt citing a cost of misalignment that has stayed high for weeks, if one has.
fn cost_prompt(a: &crate::analyze::Analysis) -> Option<ChosenPrompt> {
    crate::analyze::costs::prompt_hint(a).map(|h| ChosenPrompt {
        id: h.id,
        layer: h.layer,
        text: h.text,
    })
}

fn in_slice(e: &Event, dim: &str, value: &str) -> bool {
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let same = |s: &str| normalise(s) == value;
    match dim {
        "weekday" => WEEKDAYS[e.at.weekday().num_days_from_monday() as usize] == value,
        "block" => {
            let minute = u16::try_from(e.at.hour() * 60 + e.at.minute()).unwrap_or(0);
            BLOCKS[block_of(minute)] == value
        }
        "domain" => e.domain.as_deref().is_some_and(same),
        "tag" => e.tags.iter().any(|t| same(t)),
        "task" => same(&e.task),
        "emotion" => e.emotion.as_deref().is_some_and(same),
        "friction" => e.friction.is_some_and(|f| f.to_string() == value),
        "kind" => e.kind.as_str() == value,
        _ => false,
    }
}

/// The most frequent text (grouped as normalised, shown as last written) and its count; on a
/// tie, the one written most recently.
fn most_common<'a>(items: impl Iterator<Item = Option<&'a str>>) -> Option<(String, usize)> {
    let mut groups: Vec<(String, String, usize, usize)> = Vec::new();
    for (i, item) in items.enumerate() {
        let Some(text) = item.map(str::trim).filter(|t| !t.is_empty()) else {
            continue;
        };
        let key = normalise(text);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => {
                g.1 = text.to_string();
                g.2 += 1;
                g.3 = i;
            }
            None => groups.push((key, text.to_string(), 1, i)),
        }
    }
    groups
        .into_iter()
        .max_by(|a, b| a.2.cmp(&b.2).then(a.3.cmp(&b.3)))
        .map(|g| (g.1, g.2))
}

/// The reminders that fire in the minute containing `now`, with their prompts. `context` is
/// asked for the prompt context only if a reflection reminder fires (it may run the analyzer).
/// Reads the journal only.
pub fn due<Z: TimeZone>(
    store: &Store,
    now: Instant,
    zone: &Z,
    context: impl FnOnce() -> Result<PromptContext, StoreError>,
) -> Result<Vec<Delivery>, StoreError> {
    let reminders = store.reminders()?;
    let firings = schedule::due(&reminders, now, zone, &conditions(store, now, zone)?);
    with_prompts(store, firings, context)
}

/// What to deliver on start or wake (see [`schedule::due_on_start`]): missed firings of today,
/// at most one per reminder, plus those of the current minute, with their prompts.
pub fn on_start<Z: TimeZone>(
    store: &Store,
    last_run: Option<Instant>,
    now: Instant,
    zone: &Z,
    context: impl FnOnce() -> Result<PromptContext, StoreError>,
) -> Result<Vec<Delivery>, StoreError> {
    let reminders = store.reminders()?;
    let cond = conditions(store, now, zone)?;
    let firings = schedule::due_on_start(&reminders, last_run, now, zone, &cond);
    with_prompts(store, firings, context)
}

/// The next instant any reminder fires strictly after `now`, for the desktop's one timer.
pub fn next_wakeup<Z: TimeZone>(
    store: &Store,
    now: Instant,
    zone: &Z,
) -> Result<Option<Instant>, StoreError> {
    let reminders = store.reminders()?;
    Ok(schedule::next_wakeup(
        &reminders,
        now,
        zone,
        &conditions(store, now, zone)?,
    ))
}

/// The prompt Today offers on `date` when no reminder brought one: the choice a reflection
/// reminder makes at the start of that day (in `offset`) from the journal alone — the prompts
/// shown or answered in the week before and the confirmed belief — so it stays the same all day
/// and, like the reminders' choice, never repeats within seven days.
pub fn day_prompt(
    store: &Store,
    date: NaiveDate,
    offset: chrono::FixedOffset,
) -> Result<Option<ChosenPrompt>, StoreError> {
    let Some(at) = date
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(offset).single())
    else {
        return Ok(None);
    };
    let ctx = prompt_context(store, at)?;
    Ok(choose_prompt(&store.prompts(None)?, &ctx, at))
}

/// Notes the reflection prompts that were shown, so they are not repeated within a week.
pub fn record_delivered(store: &mut Store, deliveries: &[Delivery]) -> Result<(), StoreError> {
    for d in deliveries {
        if let (Purpose::Reflection, Some(p)) = (d.purpose, &d.prompt) {
            store.record_prompt_shown(&p.id, d.at)?;
        }
    }
    Ok(())
}

/// Attaches to each firing the prompt it carries. Two reflection reminders firing together get
/// different prompts.
pub fn with_prompts(
    store: &Store,
    firings: Vec<Firing>,
    context: impl FnOnce() -> Result<PromptContext, StoreError>,
) -> Result<Vec<Delivery>, StoreError> {
    let mut context = Some(context);
    let mut ctx: Option<PromptContext> = None;
    let mut prompts = None;
    let mut out = Vec::with_capacity(firings.len());
    for f in firings {
        let prompt = match f.purpose {
            Purpose::Checkin => None,
            Purpose::Pathway => match &f.pathway_id {
                Some(id) => store.pathway(id)?.as_ref().and_then(pathway_prompt),
                None => None,
            },
            Purpose::Reflection => {
                if ctx.is_none() {
                    let make = context
                        .take()
                        .expect("the context is made once, when it is first needed");
                    ctx = Some(make()?);
                }
                let ctx = ctx.as_mut().expect("made just above");
                let prompts = match &prompts {
                    Some(p) => p,
                    None => prompts.insert(store.prompts(None)?),
                };
                let chosen = choose_prompt(prompts, ctx, f.at);
                if let Some(c) = &chosen {
                    ctx.recent_prompt_ids.push((c.id.clone(), f.at));
                }
                chosen
            }
        };
        out.push(Delivery {
            id: f.reminder_id,
            at: f.at,
            purpose: f.purpose,
            pathway_id: f.pathway_id,
            prompt,
            date: f.date,
            snoozed: f.snoozed,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::parse_instant;
    use crate::reminders::{ReminderInput, TimeOfDay};
    use chrono_tz::Europe::Berlin;

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("valid instant in test")
    }

    #[test]
    fn the_desktop_loop_delivers_each_firing_once_and_does_not_repeat_prompts() {
        let mut s = Store::open_in_memory().unwrap();
        let clock = FixedClock(at("2026-11-24T06:00:00+01:00"));
        let t = |x: &str| x.parse::<TimeOfDay>().unwrap();
        s.add_reminder(ReminderInput::new(t("08:00"), Purpose::Reflection), &clock)
            .unwrap();
        s.add_reminder(ReminderInput::new(t("20:00"), Purpose::Checkin), &clock)
            .unwrap();

        // Start at 06:00: nothing yet; the timer is for 08:00.
        let now = at("2026-11-24T06:00:00+01:00");
        assert!(on_start(&s, None, now, &Berlin, || prompt_context(&s, now))
            .unwrap()
            .is_empty());
        s.set_reminders_last_run(now).unwrap();
        let wake = next_wakeup(&s, now, &Berlin).unwrap().unwrap();
        assert_eq!(wake, at("2026-11-24T08:00:00+01:00"));

        // The timer rings: one reflection with a prompt, which gets recorded.
        let ring = due(&s, wake, &Berlin, || prompt_context(&s, wake)).unwrap();
        assert_eq!(ring.len(), 1);
        let first = ring[0]
            .prompt
            .clone()
            .expect("a reflection carries a prompt");
        record_delivered(&mut s, &ring).unwrap();
        s.set_reminders_last_run(wake).unwrap();

        // The laptop sleeps from 08:00 to 21:00 the next day: the missed 08:00 reflection and
        // 20:00 check-in of that day come once each; the day before's 20:00 does not.
        let back = at("2026-11-25T21:00:00+01:00");
        let last = s.reminders_last_run().unwrap();
        let missed = on_start(&s, last, back, &Berlin, || prompt_context(&s, back)).unwrap();
        let got: Vec<(Purpose, Instant)> = missed.iter().map(|d| (d.purpose, d.at)).collect();
        assert_eq!(
            got,
            [
                (Purpose::Reflection, at("2026-11-25T08:00:00+01:00")),
                (Purpose::Checkin, at("2026-11-25T20:00:00+01:00")),
            ]
        );
        assert_ne!(
            missed[0].prompt.as_ref().unwrap().id,
            first.id,
            "no repeat within a week"
        );
        assert_eq!(missed[1].prompt, None);

        // A pure query: asking again changes nothing and answers the same.
        let again = on_start(&s, last, back, &Berlin, || prompt_context(&s, back)).unwrap();
        assert_eq!(again, missed);
    }

    #[test]
    fn a_daily_reflection_reminder_does_not_repeat_over_seven_days_without_records() {
        let mut s = Store::open_in_memory().unwrap();
        let clock = FixedClock(at("2026-11-20T06:00:00+01:00"));
        s.add_reminder(
            ReminderInput::new("21:00".parse().unwrap(), Purpose::Reflection),
            &clock,
        )
        .unwrap();
        // As `plumbline reminders due` asks, day after day, with nothing recorded in between.
        for start in 0..7 {
            let mut ids = Vec::new();
            let mut days = Vec::new();
            for d in 0..7 {
                let now = at("2026-11-20T21:00:00+01:00") + chrono::Duration::days(start + d);
                let got = due(&s, now, &Berlin, || context_from_journal(&s, now)).unwrap();
                assert_eq!(got.len(), 1);
                ids.push(got[0].prompt.clone().unwrap().id);
                // Today's prompt for the same days comes from the same rotation.
                days.push(
                    day_prompt(&s, now.date_naive(), *now.offset())
                        .unwrap()
                        .unwrap()
                        .id,
                );
            }
            // On a journal without enough data to analyse, the reminder and Today agree.
            assert_eq!(ids, days);
            for list in [&ids, &days] {
                let mut distinct = list.clone();
                distinct.sort();
                distinct.dedup();
                assert_eq!(distinct.len(), 7, "a repeat within a week: {list:?}");
            }
        }
    }

    #[test]
    fn the_context_is_only_made_when_a_reflection_fires() {
        let mut s = Store::open_in_memory().unwrap();
        let clock = FixedClock(at("2026-11-24T06:00:00+01:00"));
        s.add_reminder(
            ReminderInput::new("20:00".parse().unwrap(), Purpose::Checkin),
            &clock,
        )
        .unwrap();
        let now = at("2026-11-24T20:00:00+01:00");
        let got = due(&s, now, &Berlin, || -> Result<PromptContext, StoreError> {
            panic!("no reflection fires, so the analysis must not run")
        })
        .unwrap();
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn a_pattern_hint_counts_this_weeks_breaks_in_the_slice() {
        use crate::domain::EventInput;
        let mut s = Store::open_in_memory().unwrap();
        let clock = FixedClock(at("2026-11-24T21:00:00+01:00"));
        let mut log = |when: &str, kind: Kind, task: &str, tag: &str, domain: Option<&str>| {
            let mut e = EventInput::new(at(when), kind, task);
            e.tags = vec![tag.to_string()];
            e.domain = domain.map(str::to_string);
            s.log_event(e, &clock).unwrap();
        };
        log(
            "2026-11-18T10:00:00+01:00",
            Kind::DelayedStart,
            "Publish the newsletter",
            "publish",
            Some("content"),
        );
        log(
            "2026-11-20T10:00:00+01:00",
            Kind::DelayedStart,
            "Post on LinkedIn",
            "Publish",
            Some("content"),
        );
        log(
            "2026-11-23T10:00:00+01:00",
            Kind::DelayedStart,
            "publish the newsletter",
            "publish",
            None,
        );
        log(
            "2026-11-24T09:00:00+01:00",
            Kind::Avoided,
            "Send the pitch",
            "publish",
            Some("sales"),
        );
        log(
            "2026-11-24T09:30:00+01:00",
            Kind::DelayedStart,
            "Invoices",
            "admin",
            Some("admin"),
        );
        log(
            "2026-11-24T11:00:00+01:00",
            Kind::Completed,
            "Publish the newsletter",
            "publish",
            Some("content"),
        );
        // Outside the seven days: a week and a day before, and after `now`.
        log(
            "2026-11-16T10:00:00+01:00",
            Kind::DelayedStart,
            "Publish the newsletter",
            "publish",
            Some("content"),
        );
        log(
            "2026-11-24T22:00:00+01:00",
            Kind::DelayedStart,
            "Publish the newsletter",
            "publish",
            Some("content"),
        );

        let now = at("2026-11-24T21:00:00+01:00");
        let h = pattern_hint(&s, now, "tag", "publish", "Breaks on tasks tagged publish").unwrap();
        assert_eq!(h.kind, Some(Kind::DelayedStart));
        assert_eq!(h.count_this_week, 3);
        assert_eq!(
            h.task.as_deref(),
            Some("publish the newsletter"),
            "the latest spelling"
        );
        assert_eq!(h.domain.as_deref(), Some("content"), "two of three");

        let ctx = analysed_context(
            &s,
            now,
            true,
            Some(Layer::Thinking),
            Some(("tag", "publish", "Breaks on tasks tagged publish")),
        )
        .unwrap();
        assert_eq!(ctx.top_pattern, Some(h));
        // On a day whose group of prompts holds the one on delays (27 November), it is filled.
        let p = choose_prompt(
            &s.prompts(None).unwrap(),
            &ctx,
            at("2026-11-27T21:00:00+01:00"),
        )
        .unwrap();
        assert_eq!(
            p.text,
            "You put off \u{201c}publish the newsletter\u{201d} 3 times this week — what did you tell yourself right before?"
        );

        let h = pattern_hint(&s, now, "domain", "Sales", "").unwrap();
        assert_eq!((h.kind, h.count_this_week), (Some(Kind::Avoided), 1));
        let h = pattern_hint(&s, now, "weekday", "tue", "").unwrap();
        assert_eq!((h.kind, h.count_this_week), (Some(Kind::DelayedStart), 1));
        let h = pattern_hint(&s, now, "block", "morning", "").unwrap();
        assert_eq!(h.count_this_week, 4);
        // Slices that single events cannot show carry no numbers.
        let h = pattern_hint(&s, now, "after", "win", "").unwrap();
        assert_eq!((h.kind, h.count_this_week, h.task), (None, 0, None));
    }

    #[test]
    fn a_full_analysis_steers_the_prompt_to_the_weakest_layer() {
        let mut s = Store::open_in_memory().unwrap();
        let now = at("2026-11-24T21:00:00+01:00");
        crate::demo::fill(
            &mut s,
            120,
            7,
            now.date_naive(),
            &crate::clock::FixedClock(now),
        )
        .unwrap();
        let analysis = crate::analyze::analyze(
            &s,
            &crate::analyze::AnalyzeOptions::default(),
            &crate::clock::FixedClock(now),
        )
        .unwrap();
        assert!(analysis.enough_data, "a 120-day demo journal is enough");
        let ctx = context_from_journal(&s, now).unwrap();
        assert!(ctx.enough_data);
        assert_eq!(ctx.weakest_layer, Some(analysis.layers.weakest));
        assert_eq!(
            ctx.top_pattern.as_ref().map(|p| p.value.clone()),
            analysis.patterns.first().map(|p| normalise(&p.value))
        );
        assert_eq!(ctx.cost, cost_prompt(&analysis));
        // Each day picks from its own group: a cost that stayed high is cited first on its one
        // day of the week; otherwise, whenever the group holds a prompt of the weakest layer not
        // answered in the week before, that layer is chosen.
        let prompts = s.prompts(None).unwrap();
        let mut steered = 0;
        let mut cited = 0;
        for d in 0..7 {
            let when = now + chrono::Duration::days(d);
            let group = crate::reminders::choose::day_group(when.date_naive());
            let recent = |id: &str| {
                ctx.recent_prompt_ids.iter().any(|(p, t)| {
                    p == id && *t <= when && *t > when - chrono::Duration::days(NO_REPEAT_DAYS)
                })
            };
            let p = choose_prompt(&prompts, &ctx, when).unwrap();
            if let Some(c) = ctx
                .cost
                .as_ref()
                .filter(|c| crate::reminders::choose::id_group(&c.id) == group)
            {
                assert_eq!(
                    (p.id.as_str(), p.text.as_str()),
                    (c.id.as_str(), c.text.as_str())
                );
                cited += 1;
                continue;
            }
            let open = prompts.iter().enumerate().any(|(i, p)| {
                i % 7 == group && p.layer == analysis.layers.weakest && !recent(&p.id)
            });
            if open {
                assert_eq!(p.layer, analysis.layers.weakest, "{}", p.id);
                steered += 1;
            }
        }
        assert_eq!(cited, usize::from(ctx.cost.is_some()), "once a week");
        assert!(steered >= 2, "the weakest layer leads on {steered} days");

        // An empty journal falls back to the rotation.
        let empty = Store::open_in_memory().unwrap();
        let ctx = context_from_journal(&empty, now).unwrap();
        assert!(!ctx.enough_data);
        assert_eq!(ctx.weakest_layer, None);
    }

    #[test]
    fn the_latest_confirmed_belief_steers_the_context() {
        let mut s = Store::open_in_memory().unwrap();
        s.set_verdict(
            "undeserving",
            VerdictKind::Confirmed,
            at("2026-11-01T10:00:00Z"),
            None,
        )
        .unwrap();
        s.set_verdict(
            "visibility_risk",
            VerdictKind::Confirmed,
            at("2026-11-10T10:00:00Z"),
            None,
        )
        .unwrap();
        s.set_verdict(
            "consistency_trap",
            VerdictKind::Rejected,
            at("2026-11-20T10:00:00Z"),
            None,
        )
        .unwrap();
        let ctx = prompt_context(&s, at("2026-11-24T10:00:00Z")).unwrap();
        assert_eq!(ctx.confirmed_belief.as_deref(), Some("visibility_risk"));
        assert!(!ctx.enough_data && ctx.weakest_layer.is_none());
        // As of an earlier instant, only the earlier verdict existed.
        let ctx = prompt_context(&s, at("2026-11-05T10:00:00Z")).unwrap();
        assert_eq!(ctx.confirmed_belief.as_deref(), Some("undeserving"));
    }
}

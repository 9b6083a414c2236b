//! A generated journal for trying Plumbline out (`plumbline demo`).
//!
//! It reads like a freelancer's months: client work, content, admin, health and family; a few
//! events on most days, completions and breaks, planned skips, days with nothing logged, daily
//! check-ins and now and then a reflection. Two recurring patterns run through it, the kind a
//! person recognises once they are shown:
//!
//! - **Publishing and sending** (newsletters, posts, pitches, invoices to new clients) get
//!   delayed, avoided or left unfinished at high progress, with visibility-flavoured inner
//!   dialogue ("someone will spot the mistake"). The pattern strengthens partway through, so a
//!   shift can be found.
//! - **Monday admin** gets avoided ("Mondays are for real work").
//!
//! Everything else breaks at an ordinary rate with ordinary reasons. The same seed always gives
//! the same journal.

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Weekday};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::clock::Clock;
use crate::domain::{Checkin, EventInput, Instant, Kind, ReflectionInput};
use crate::interchange::{ImportBatch, ImportMeta, ImportReport};
use crate::store::{Store, StoreError};

/// One kind of planned work.
struct Task {
    task: &'static str,
    domain: &'static str,
    tags: &'static [&'static str],
    /// Usual hour of the day it is planned for.
    hour: u32,
    theme: Theme,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Theme {
    /// Publishing, posting, pitching, sending: being seen.
    Visible,
    Admin,
    Deep,
    Body,
    Family,
}

const TASKS: &[Task] = &[
    // client work
    Task {
        task: "Draft the proposal for Hartley & Co",
        domain: "client work",
        tags: &["proposal"],
        hour: 9,
        theme: Theme::Deep,
    },
    Task {
        task: "Fix the checkout bug for Lumen",
        domain: "client work",
        tags: &["dev"],
        hour: 10,
        theme: Theme::Deep,
    },
    Task {
        task: "Review the Meyer contract",
        domain: "client work",
        tags: &["contracts"],
        hour: 14,
        theme: Theme::Deep,
    },
    Task {
        task: "Prepare slides for the Thursday client call",
        domain: "client work",
        tags: &["slides"],
        hour: 11,
        theme: Theme::Deep,
    },
    Task {
        task: "Send the pitch to the Northwind team",
        domain: "client work",
        tags: &["pitch", "send"],
        hour: 10,
        theme: Theme::Visible,
    },
    Task {
        task: "Present the redesign to the client",
        domain: "client work",
        tags: &["present"],
        hour: 15,
        theme: Theme::Visible,
    },
    // content
    Task {
        task: "Write the weekly newsletter",
        domain: "content",
        tags: &["newsletter"],
        hour: 9,
        theme: Theme::Deep,
    },
    Task {
        task: "Send the newsletter",
        domain: "content",
        tags: &["newsletter", "publish"],
        hour: 11,
        theme: Theme::Visible,
    },
    Task {
        task: "Publish the blog post on pricing",
        domain: "content",
        tags: &["blog", "publish"],
        hour: 10,
        theme: Theme::Visible,
    },
    Task {
        task: "Post the case study on LinkedIn",
        domain: "content",
        tags: &["social", "publish"],
        hour: 12,
        theme: Theme::Visible,
    },
    Task {
        task: "Record the podcast intro",
        domain: "content",
        tags: &["podcast"],
        hour: 16,
        theme: Theme::Visible,
    },
    Task {
        task: "Outline next month's articles",
        domain: "content",
        tags: &["planning"],
        hour: 14,
        theme: Theme::Deep,
    },
    // admin
    Task {
        task: "Send this month's invoices",
        domain: "admin",
        tags: &["money", "admin"],
        hour: 9,
        theme: Theme::Admin,
    },
    Task {
        task: "Do the bookkeeping",
        domain: "admin",
        tags: &["money", "admin"],
        hour: 10,
        theme: Theme::Admin,
    },
    Task {
        task: "Answer the accountant's email",
        domain: "admin",
        tags: &["admin", "email"],
        hour: 11,
        theme: Theme::Admin,
    },
    Task {
        task: "File receipts",
        domain: "admin",
        tags: &["admin"],
        hour: 16,
        theme: Theme::Admin,
    },
    Task {
        task: "Weekly planning",
        domain: "admin",
        tags: &["planning", "routine"],
        hour: 8,
        theme: Theme::Admin,
    },
    // health
    Task {
        task: "Morning run",
        domain: "health",
        tags: &["exercise", "routine"],
        hour: 7,
        theme: Theme::Body,
    },
    Task {
        task: "Gym session",
        domain: "health",
        tags: &["exercise"],
        hour: 18,
        theme: Theme::Body,
    },
    Task {
        task: "Walk at lunch",
        domain: "health",
        tags: &["routine"],
        hour: 13,
        theme: Theme::Body,
    },
    Task {
        task: "Cook a proper dinner",
        domain: "health",
        tags: &["food"],
        hour: 19,
        theme: Theme::Body,
    },
    // family
    Task {
        task: "Call Mum",
        domain: "family",
        tags: &["calls"],
        hour: 19,
        theme: Theme::Family,
    },
    Task {
        task: "Homework with Leo",
        domain: "family",
        tags: &["kids"],
        hour: 17,
        theme: Theme::Family,
    },
    Task {
        task: "Plan the weekend trip",
        domain: "family",
        tags: &["planning"],
        hour: 20,
        theme: Theme::Family,
    },
];

const VISIBLE_THOUGHTS: &[&str] = &[
    "It isn't ready for anyone to see yet",
    "Someone will spot the mistake and say so",
    "What if people think this is obvious?",
    "One more pass and then I'll send it",
    "I'll post it when it's better",
    "They'll see I don't really know what I'm doing",
    "Better to wait until I have more to show",
    "If it lands badly everyone will remember",
    "Who am I to put this out there",
    "I'll polish the intro first, it sounds amateur",
];
const ADMIN_THOUGHTS: &[&str] = &[
    "Mondays are for real work, admin can wait",
    "I'll do the admin when my head is clear",
    "It's boring and it'll take five minutes later",
    "I can't face the numbers today",
    "I'll batch it all on Friday",
];
const ORDINARY_BREAK_THOUGHTS: &[&str] = &[
    "Got pulled into email first",
    "The meeting before ran over",
    "Too tired after lunch",
    "I needed a coffee before starting",
    "Waiting on an answer from the client",
    "Felt like I had to clear small things first",
];
const COMPLETED_THOUGHTS: &[&str] = &[
    "Easier than I made it out to be",
    "Just started and it carried itself",
    "Felt good to get it done",
    "Did it before I could argue with myself",
    "Short and done",
];
const SKIP_NOTES: &[&str] = &[
    "Rest day",
    "Cancelled by the client",
    "Rained out",
    "Leo was sick, stayed home",
    "Planned day off",
];
const SWITCH_NOTES: &[&str] = &[
    "Started redesigning the website instead",
    "Switched to reorganising my task list",
    "Went down a rabbit hole researching tools",
    "Answered old messages instead",
];
const BREAK_EMOTIONS: &[&str] = &["anxious", "restless", "heavy", "tired", "irritated"];
const VISIBLE_EMOTIONS: &[&str] = &["anxious", "exposed", "tense", "embarrassed"];
const GOOD_EMOTIONS: &[&str] = &["calm", "focused", "relieved", "proud", "light"];
const NEUTRAL_EMOTIONS: &[&str] = &["calm", "tired", "flat", "busy"];
const VISIBLE_DONE_THOUGHTS: &[&str] = &[
    "Sent it before I could reread it again",
    "Hit publish with my stomach in knots",
    "Nobody replied yet and that's fine",
    "Good enough is good enough",
];

/// Answers to built-in reflection prompts, by prompt id.
const ANSWERS: &[(&str, &str)] = &[
    ("belief.sustainable_if", "For this to be sustainable I'd have to accept that some posts will be ordinary, and that ordinary is allowed."),
    ("belief.identity", "Someone who puts work out every week without rereading it ten times. That person feels exposed; I'm more comfortable being the one who is always preparing."),
    ("belief.resisting_part", "It would say: stay small and nobody can be disappointed, and nobody can point at the mistakes."),
    ("belief.cost_of_success", "If the newsletter really took off, people would expect one every week, and they'd notice when it isn't good."),
    ("thinking.before_delay", "I told myself the newsletter needed one more pass. It didn't; I just didn't want anyone to read it yet."),
    ("thinking.before_delay", "I said I'd do the admin when my head was clear. My head is never clear on Mondays."),
    ("thinking.setback_reading", "The pitch got no reply and I read it as proof it was bad, not as a busy inbox."),
    ("thinking.quiet_reframe", "I keep calling the delay 'quality control'. It is mostly fear with a nicer name."),
    ("execution.where_it_breaks", "Right at the end: the send button, the publish button. The work itself is fine."),
    ("execution.repeating_pattern", "I finish 90% of the post and then stall for days."),
    ("execution.avoided_clear_action", "Sending the invoices on Monday. It takes twenty minutes."),
    ("execution.switch_point", "I switched to redesigning the website right when the post was ready to go out. It felt productive; it was a hiding place."),
    ("execution.smallest_step", "Open the draft and send it to one friend, not the whole list."),
];
const REVIEW_TEXTS: &[&str] = &[
    "Good week for client work. The newsletter went out two days late again.",
    "Ran three times, which feels like a win. Didn't post anything.",
    "Heavy week. Admin piled up; I kept moving it to Friday and Friday never came.",
    "Published the pricing post in the end. Nobody said anything bad. Noted.",
    "Family weekend, no work, no guilt. More of that.",
];

fn at(date: NaiveDate, hour: u32, minute: u32, offset: FixedOffset) -> Instant {
    let t = NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0).unwrap_or(NaiveTime::MIN);
    offset
        .from_local_datetime(&date.and_time(t))
        .single()
        .expect("a fixed offset maps every local time to exactly one instant")
}

fn pick<'a>(rng: &mut ChaCha8Rng, items: &'a [&'a str]) -> &'a str {
    items.choose(rng).copied().unwrap_or("")
}

/// The demo journal's file: `demo.plumbline` beside the person's journal, never the journal
/// itself.
pub fn demo_path(journal: &std::path::Path) -> std::path::PathBuf {
    let name = if journal.file_name().is_some_and(|n| n == "demo.plumbline") {
        "demo-2.plumbline"
    } else {
        "demo.plumbline"
    };
    journal.with_file_name(name)
}

/// Opens a fresh demo journal beside `journal` — 120 days ending yesterday — replacing an
/// earlier demo there. The person's journal is not touched.
pub fn open_fresh_demo(journal: &std::path::Path, clock: &dyn Clock) -> Result<Store, StoreError> {
    let path = demo_path(journal);
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_os_string();
        p.push(suffix);
        match std::fs::remove_file(std::path::PathBuf::from(&p)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(StoreError::Io {
                    path: p.into(),
                    source,
                })
            }
        }
    }
    let mut store = Store::open(&path)?;
    let today = clock.now().date_naive();
    fill(&mut store, 120, 7, today.pred_opt().unwrap_or(today), clock)?;
    Ok(store)
}

/// Generates `days` days ending on `last` (inclusive) in the clock's time zone and imports them
/// as one import (format `demo`), so it can be undone like any other.
pub fn fill(
    store: &mut Store,
    days: u32,
    seed: u64,
    last: NaiveDate,
    clock: &dyn Clock,
) -> Result<ImportReport, StoreError> {
    let batch = generate(days, seed, last, *clock.now().offset());
    let meta = ImportMeta {
        format: "demo".to_string(),
        file: None,
        dry_run: false,
    };
    store.apply_import(&batch, &meta, clock)
}

/// Generates `days` days ending on `today` (inclusive) in the time zone `offset`.
pub fn generate(days: u32, seed: u64, today: NaiveDate, offset: FixedOffset) -> ImportBatch {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut batch = ImportBatch::default();
    let first = today - Duration::days(i64::from(days.max(1)) - 1);
    // The visibility pattern strengthens from here on.
    let shift = first + Duration::days(i64::from(days) * 2 / 5);
    let mut n_event = 0u32;
    let mut n_reflection = 0u32;

    for d in 0..days.max(1) {
        let date = first + Duration::days(i64::from(d));
        let weekday = date.weekday();
        let weekend = matches!(weekday, Weekday::Sat | Weekday::Sun);
        let not_logged = if weekend { 0.35 } else { 0.1 };
        if rng.random_bool(not_logged) {
            continue;
        }

        // The day's plan: a few work tasks on weekdays, body and family every day.
        let mut plan: Vec<&Task> = Vec::new();
        let work: Vec<&Task> = TASKS
            .iter()
            .filter(|t| matches!(t.theme, Theme::Visible | Theme::Admin | Theme::Deep))
            .collect();
        let life: Vec<&Task> = TASKS
            .iter()
            .filter(|t| matches!(t.theme, Theme::Body | Theme::Family))
            .collect();
        if !weekend {
            let n_work = rng.random_range(2..=4);
            for _ in 0..n_work {
                if let Some(t) = work.choose(&mut rng) {
                    if !plan.iter().any(|p| p.task == t.task) {
                        plan.push(t);
                    }
                }
            }
            if weekday == Weekday::Mon {
                // Monday is admin day on paper.
                for t in TASKS.iter().filter(|t| t.theme == Theme::Admin).take(2) {
                    if !plan.iter().any(|p| p.task == t.task) {
                        plan.push(t);
                    }
                }
            }
        }
        for _ in 0..rng.random_range(1..=2) {
            if let Some(t) = life.choose(&mut rng) {
                if !plan.iter().any(|p| p.task == t.task) {
                    plan.push(t);
                }
            }
        }
        plan.sort_by_key(|t| t.hour);

        let mut breaks = 0u32;
        for t in &plan {
            let planned = at(date, t.hour, [0, 15, 30][rng.random_range(0..3)], offset);
            let break_p = match t.theme {
                Theme::Visible if date >= shift => 0.72,
                Theme::Visible => 0.4,
                Theme::Admin if weekday == Weekday::Mon => 0.7,
                Theme::Admin => 0.22,
                Theme::Deep => 0.18,
                Theme::Body | Theme::Family => 0.15,
            };
            let skip_p = match t.theme {
                Theme::Body | Theme::Family => 0.1,
                _ => 0.03,
            };
            let roll: f64 = rng.random();
            let mut e;
            if roll < skip_p {
                e = EventInput::new(planned, Kind::Skipped, t.task);
                e.note = Some(pick(&mut rng, SKIP_NOTES).to_string());
            } else if roll < skip_p + break_p {
                breaks += 1;
                let r: u32 = rng.random_range(0..10);
                let kind = match t.theme {
                    Theme::Visible => match r {
                        0..=3 => Kind::DelayedStart,
                        4..=6 => Kind::Avoided,
                        _ => Kind::Unfinished,
                    },
                    Theme::Admin if r <= 5 => Kind::Avoided,
                    Theme::Admin => Kind::DelayedStart,
                    _ => match r {
                        0..=4 => Kind::DelayedStart,
                        5..=6 => Kind::Unfinished,
                        7..=8 => Kind::Switched,
                        _ => Kind::Avoided,
                    },
                };
                let delay = rng.random_range(20..=150u32);
                let when = match kind {
                    Kind::DelayedStart => planned + Duration::minutes(i64::from(delay)),
                    _ => planned + Duration::minutes(rng.random_range(0..50)),
                };
                e = EventInput::new(when, kind, t.task);
                if kind == Kind::DelayedStart {
                    e.planned_at = Some(planned);
                    e.delay_minutes = Some(delay);
                }
                let (thoughts, emotions, friction) = match t.theme {
                    Theme::Visible => (VISIBLE_THOUGHTS, VISIBLE_EMOTIONS, rng.random_range(3..=5)),
                    Theme::Admin => (ADMIN_THOUGHTS, BREAK_EMOTIONS, rng.random_range(2..=5)),
                    _ => (
                        ORDINARY_BREAK_THOUGHTS,
                        BREAK_EMOTIONS,
                        rng.random_range(1..=4),
                    ),
                };
                if rng.random_bool(0.85) {
                    e.thought = Some(pick(&mut rng, thoughts).to_string());
                }
                // Feelings overlap with completed work: not every break feels bad.
                let feeling = rng.random_range(0..10);
                if feeling < 7 {
                    e.emotion = Some(pick(&mut rng, emotions).to_string());
                } else if feeling < 9 {
                    e.emotion = Some(pick(&mut rng, NEUTRAL_EMOTIONS).to_string());
                }
                e.friction = Some(friction);
                match kind {
                    Kind::Unfinished => {
                        let p = if t.theme == Theme::Visible {
                            rng.random_range(80..=95)
                        } else {
                            rng.random_range(20..=70)
                        };
                        e.progress = Some(f64::from(p) / 100.0);
                    }
                    Kind::Switched => {
                        e.progress = Some(f64::from(rng.random_range(1..=4u32)) / 10.0);
                        e.note = Some(pick(&mut rng, SWITCH_NOTES).to_string());
                    }
                    _ => {}
                }
            } else {
                let when = planned + Duration::minutes(rng.random_range(0..15));
                e = EventInput::new(when, Kind::Completed, t.task);
                if t.theme == Theme::Visible {
                    // Done anyway: sending still costs something.
                    e.friction = Some(rng.random_range(2..=5));
                    if rng.random_bool(0.4) {
                        e.thought = Some(pick(&mut rng, VISIBLE_DONE_THOUGHTS).to_string());
                    }
                    if rng.random_bool(0.6) {
                        let pool = if rng.random_bool(0.5) {
                            VISIBLE_EMOTIONS
                        } else {
                            GOOD_EMOTIONS
                        };
                        e.emotion = Some(pick(&mut rng, pool).to_string());
                    }
                } else {
                    e.friction = Some(rng.random_range(1..=4).min(rng.random_range(1..=4)));
                    if rng.random_bool(0.35) {
                        e.thought = Some(pick(&mut rng, COMPLETED_THOUGHTS).to_string());
                    }
                    if rng.random_bool(0.5) {
                        let pool = match rng.random_range(0..10) {
                            0..=5 => GOOD_EMOTIONS,
                            6..=8 => NEUTRAL_EMOTIONS,
                            _ => BREAK_EMOTIONS,
                        };
                        e.emotion = Some(pick(&mut rng, pool).to_string());
                    }
                }
            }
            e.domain = Some(t.domain.to_string());
            e.tags = t.tags.iter().map(|s| s.to_string()).collect();
            n_event += 1;
            batch
                .events
                .push(e.into_event(format!("demo-{seed:x}-e{n_event:05}"), None));
        }

        // The check-in: most logged days; alignment follows how the day went.
        if rng.random_bool(0.8) {
            let share = f64::from(breaks) / plan.len().max(1) as f64;
            let base = 5.0 - 4.0 * share + rng.random_range(-0.8..0.8);
            let alignment = base.round().clamp(1.0, 5.0) as u8;
            let mut c = Checkin::new(date, alignment);
            c.energy = Some(rng.random_range(2..=5));
            c.mood = Some((alignment + rng.random_range(0..=1)).clamp(1, 5));
            if rng.random_bool(0.25) {
                c.note = Some(
                    match alignment {
                        1 | 2 => "Everything felt forced today",
                        3 => "Mixed day",
                        _ => "Things flowed",
                    }
                    .to_string(),
                );
            }
            batch.checkins.push(c);
        }

        // Reflections: an answer to a prompt every few days, a weekly review on Sundays.
        let evening = at(date, 21, rng.random_range(0..50), offset);
        if rng.random_bool(0.22) {
            let (prompt_id, answer) = ANSWERS[rng.random_range(0..ANSWERS.len())];
            let mut r = ReflectionInput::new(evening, answer);
            match crate::catalog::prompt(prompt_id) {
                Some(p) => r.prompt_id = Some(p.id),
                None => r.title = Some("Reflection".to_string()),
            }
            r.mood = Some(rng.random_range(2..=4));
            n_reflection += 1;
            batch
                .reflections
                .push(r.into_reflection(format!("demo-{seed:x}-r{n_reflection:05}"), None));
        }
        if weekday == Weekday::Sun {
            let mut r =
                ReflectionInput::new(evening + Duration::minutes(5), pick(&mut rng, REVIEW_TEXTS));
            r.title = Some("Sunday review".to_string());
            r.tags = vec!["weekly".to_string()];
            r.starred = rng.random_bool(0.2);
            n_reflection += 1;
            batch
                .reflections
                .push(r.into_reflection(format!("demo-{seed:x}-r{n_reflection:05}"), None));
        }
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parse_date;

    fn today() -> NaiveDate {
        parse_date("2026-11-24").expect("date")
    }

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(3600).expect("offset")
    }

    #[test]
    fn the_demo_lives_beside_the_journal_and_leaves_it_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = dir.path().join("journal.plumbline");
        std::fs::write(&journal, b"").expect("an empty journal file");
        let clock = crate::clock::FixedClock(
            crate::domain::parse_instant("2026-11-24T09:00:00+01:00").expect("now"),
        );
        let demo = open_fresh_demo(&journal, &clock).expect("demo");
        assert_eq!(
            demo.path(),
            Some(dir.path().join("demo.plumbline").as_path())
        );
        assert!(demo.counts().expect("counts").events > 100);
        drop(demo);
        // Opened again, it starts fresh rather than doubling up.
        let again = open_fresh_demo(&journal, &clock).expect("demo");
        assert_eq!(again.imports().expect("imports").len(), 1);
        assert_eq!(std::fs::read(&journal).expect("journal"), b"");
        assert_ne!(demo_path(&demo_path(&journal)), demo_path(&journal));
    }

    #[test]
    fn same_seed_same_journal_other_seed_other_journal() {
        let a = generate(60, 7, today(), tz());
        let b = generate(60, 7, today(), tz());
        let c = generate(60, 8, today(), tz());
        assert_eq!(a, b);
        assert_ne!(a.events, c.events);
    }

    #[test]
    fn every_record_is_valid_and_inside_the_window() {
        let b = generate(120, 3, today(), tz());
        let first = today() - Duration::days(119);
        assert!(b.events.len() > 300, "{} events", b.events.len());
        for e in &b.events {
            e.input().validate().expect("valid event");
            assert!(e.local_date() >= first && e.local_date() <= today());
            assert_eq!(e.at.offset(), &tz());
        }
        for c in &b.checkins {
            c.validate().expect("valid check-in");
        }
        for r in &b.reflections {
            r.input().validate().expect("valid reflection");
        }
        let mut ids: Vec<&str> = b.events.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), b.events.len(), "event ids are unique");
        let mut dates: Vec<NaiveDate> = b.checkins.iter().map(|c| c.date).collect();
        dates.dedup();
        assert_eq!(dates.len(), b.checkins.len(), "one check-in per date");
        // Some days are not logged at all.
        let logged: std::collections::BTreeSet<NaiveDate> =
            b.events.iter().map(|e| e.local_date()).collect();
        assert!(
            logged.len() < 120 && logged.len() > 70,
            "{} logged days",
            logged.len()
        );
        for k in Kind::ALL {
            assert!(b.events.iter().any(|e| e.kind == k), "no {k} event");
        }
        assert!(b.reflections.len() >= 20);
        assert!(b
            .reflections
            .iter()
            .any(|r| r.title.as_deref() == Some("Sunday review")));
        let builtin: Vec<String> = crate::catalog::builtin_prompts()
            .into_iter()
            .map(|p| p.id)
            .collect();
        for r in &b.reflections {
            if let Some(p) = &r.prompt_id {
                assert!(builtin.contains(p), "{p} is not a built-in prompt");
            }
        }
        assert!(
            b.reflections
                .iter()
                .filter(|r| r.prompt_id.is_some())
                .count()
                >= 10
        );
        for (id, _) in ANSWERS {
            assert!(
                builtin.iter().any(|p| p == id),
                "{id} is not a built-in prompt"
            );
        }
    }

    fn break_rate<'a>(events: impl Iterator<Item = &'a crate::domain::Event>) -> f64 {
        let (mut breaks, mut done) = (0.0, 0.0);
        for e in events {
            if e.kind.is_break() {
                breaks += 1.0;
            } else if e.kind == Kind::Completed {
                done += 1.0;
            }
        }
        breaks / (breaks + done)
    }

    #[test]
    fn the_recurring_patterns_are_there() {
        let b = generate(180, 11, today(), tz());
        let publish = |e: &&crate::domain::Event| {
            e.tags
                .iter()
                .any(|t| ["publish", "send", "pitch", "present"].contains(&t.as_str()))
                || e.task.starts_with("Record")
        };
        let visible = break_rate(b.events.iter().filter(publish));
        let rest = break_rate(
            b.events
                .iter()
                .filter(|e| !publish(e) && e.domain.as_deref() != Some("admin")),
        );
        assert!(
            visible > rest + 0.3,
            "publishing {visible:.2} vs rest {rest:.2}"
        );
        let admin = |e: &&crate::domain::Event| e.domain.as_deref() == Some("admin");
        let monday = break_rate(
            b.events
                .iter()
                .filter(admin)
                .filter(|e| e.at.weekday() == Weekday::Mon),
        );
        let other = break_rate(
            b.events
                .iter()
                .filter(admin)
                .filter(|e| e.at.weekday() != Weekday::Mon),
        );
        assert!(
            monday > other + 0.25,
            "Monday admin {monday:.2} vs other days {other:.2}"
        );
        // Visibility breaks carry visibility-flavoured thoughts.
        let thoughts: Vec<&str> = b
            .events
            .iter()
            .filter(publish)
            .filter(|e| e.kind.is_break())
            .filter_map(|e| e.thought.as_deref())
            .collect();
        assert!(thoughts.iter().all(|t| VISIBLE_THOUGHTS.contains(t)));
        // The pattern strengthens: later publishing breaks more than earlier.
        let cut = today() - Duration::days(90);
        let early = break_rate(
            b.events
                .iter()
                .filter(publish)
                .filter(|e| e.local_date() < cut),
        );
        let late = break_rate(
            b.events
                .iter()
                .filter(publish)
                .filter(|e| e.local_date() >= cut),
        );
        assert!(late > early + 0.15, "early {early:.2} late {late:.2}");
    }
}

//! Generated journals with known answers, for the analyzer's tests.
//!
//! A journal is a few months of days; some days are not logged at all, some events are
//! deliberate skips. Every counted event is a break with a base probability; in a *planted*
//! journal the events in one belief's context (its kind of work, or the days after wins) break
//! much more often (strong) or somewhat more often (weak), those breaks take the kinds the
//! belief tends to leave, and the person's thoughts on them speak of the belief — in wording
//! written here, independently of the analyzer's markers. A *null* journal has no plant: breaks
//! fall on every kind of work alike. Every journal also carries noise: generic excuses, thoughts
//! of other beliefs on ordinary breaks, empty thoughts.

use chrono::{Duration, FixedOffset, NaiveDate, TimeZone};
use plumbline_core::domain::{Checkin, Event, Kind, Reflection};
use plumbline_core::interchange::ImportBatch;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The catalog beliefs a journal can have planted.
pub const BELIEFS: [&str; 10] = [
    "identity_ceiling",
    "scale_control",
    "visibility_risk",
    "consistency_trap",
    "perfection_standard",
    "failure_exposure",
    "success_burden",
    "belonging_loss",
    "undeserving",
    "autonomy_resistance",
];

/// How strongly a belief is planted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    Weak,
    Strong,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub seed: u64,
    pub start: NaiveDate,
    pub days: u32,
    /// The planted belief, or `None` for a null journal.
    pub plant: Option<(&'static str, Strength)>,
    /// Share of days not logged at all.
    pub not_logged: f64,
    /// Events per logged day: uniform in this range (inclusive).
    pub per_day: (u32, u32),
    /// From this day on (0-based), every break is this much more likely (a shift).
    pub shift: Option<(u32, f64)>,
    /// A tag put on a fifth of the events, which then break this much more often.
    pub tag_plant: Option<(&'static str, f64)>,
}

impl Config {
    pub fn null(seed: u64) -> Config {
        Config {
            seed,
            start: NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date"),
            days: 98,
            plant: None,
            not_logged: 0.15,
            per_day: (2, 6),
            shift: None,
            tag_plant: None,
        }
    }

    pub fn planted(seed: u64, belief: &'static str, strength: Strength) -> Config {
        Config {
            plant: Some((belief, strength)),
            ..Config::null(seed)
        }
    }
}

/// A generated journal and its known answer.
#[derive(Debug, Clone)]
pub struct Generated {
    pub batch: ImportBatch,
    pub planted: Option<&'static str>,
}

/// Work that is the context of each belief (index as [`BELIEFS`]). Some names share no word
/// with any signature on purpose.
const CONTEXT_TASKS: [&[&str]; 10] = [
    // identity_ceiling: stretch goals, scaling up after a good run
    &[
        "Set the revenue target for next quarter",
        "Work on the big stretch goal",
        "Plan the milestone review",
        "Map out doubling the client base",
        "Draft the growth plan",
    ],
    // scale_control
    &[
        "Delegate the bookkeeping to the assistant",
        "Write the onboarding guide for the new hire",
        "Automate the weekly export",
        "Interview a contractor for design work",
        "Hand off customer support to the team",
        "Set up the shared task board",
    ],
    // visibility_risk
    &[
        "Publish the blog post",
        "Post the video on the channel",
        "Send the newsletter",
        "Pitch the podcast host",
        "Share the portfolio update",
        "Go live on Instagram",
        "Record the intro clip for the course page",
    ],
    // consistency_trap
    &[
        "Daily writing session",
        "Morning workout",
        "Weekly review",
        "Evening journaling",
        "Piano practice",
        "Inbox zero routine",
    ],
    // perfection_standard
    &[
        "Finish the final draft of the proposal",
        "Edit chapter three",
        "Polish the landing page design",
        "Revise the slide deck",
        "Rewrite the about page",
    ],
    // failure_exposure
    &[
        "Prepare for the certification exam",
        "Practice the interview answers",
        "Study for the key assessment",
        "Fill in the scholarship application",
        "Train for the competition",
    ],
    // success_burden
    &[
        "Reply to the promotion offer",
        "Plan the next phase of the project",
        "Follow up on the expansion opportunity",
        "Take the lead role on the new account",
        "Prepare the pitch for the bigger retainer",
    ],
    // belonging_loss
    &[
        "Register for the conference",
        "Apply for the degree course",
        "Speak at the networking evening",
        "Start the business plan",
        "Update my title on the profile",
    ],
    // undeserving
    &[
        "Update the pricing page",
        "Ask for a referral",
        "Negotiate the fee with the new client",
        "Raise my hourly rate",
        "Request a testimonial",
        "Chase the unpaid money",
    ],
    // autonomy_resistance
    &[
        "Fill in the timesheet",
        "Finish the compliance training",
        "Submit the expense report",
        "Prepare what the boss requested",
        "File the tax paperwork",
        "Do the mandatory survey",
    ],
];

/// Ordinary work that belongs to no belief.
const ORDINARY_TASKS: &[&str] = &[
    "Clean the kitchen",
    "Call the dentist",
    "Water the plants",
    "Fix the printer",
    "Grocery shopping",
    "Read a chapter of the novel",
    "Sort the photos",
    "Walk the dog",
    "Back up the laptop",
    "Cook dinner",
    "Tidy the desk",
    "Renew the library books",
];

const DOMAINS: &[&str] = &["work", "home", "health", "learning", "content"];
const EMOTIONS: &[&str] = &["anxious", "tired", "calm", "bored", "restless", "neutral"];

/// What the person told themselves on a break driven by each belief. Written for these tests,
/// not taken from the analyzer's markers.
const BELIEF_THOUGHTS: [&[&str]; 10] = [
    // identity_ceiling
    &[
        "This kind of success isn't meant for someone from my background",
        "Every time things go this well I find a way to wreck them",
        "I got lucky this month, it will all fall apart soon",
        "Someone like me doesn't stay at this level for long",
        "Things are too good, I'm waiting for the crash",
        "I don't really belong at this level",
    ],
    // scale_control
    &[
        "By the time I explain it I could have finished it myself",
        "If someone else touches it they will break it",
        "I'd rather keep every piece in my own hands",
        "Nobody does it the way I want it done",
        "Handing this over feels like losing my grip on the whole thing",
        "I'll just redo what they send anyway",
    ],
    // visibility_risk
    &[
        "Everyone is going to see this and think I'm a joke",
        "I keep imagining the comments tearing it apart",
        "Once it's out there I can't take it back",
        "What if people I know read it and cringe",
        "I'd rather stay invisible for now",
        "Putting my face on this feels dangerous",
    ],
    // consistency_trap
    &[
        "Doing the same thing again feels like a cage",
        "I want to do something different today",
        "The plan feels like a prison this week",
        "Why lock myself into this every single morning",
        "I need to keep my options open",
        "Sticking to a fixed plan makes me feel dead inside",
    ],
    // perfection_standard
    &[
        "It's almost done but it still looks wrong",
        "I can't let anyone see it in this state",
        "Needs another round before it's acceptable",
        "If it's not flawless it reflects badly on me",
        "I keep finding little things to fix",
        "It has to be impressive or there's no point",
    ],
    // failure_exposure
    &[
        "If I give it everything and still don't make it, then I'm just not capable",
        "Better to not really try than to try and come up short",
        "I'm scared this will show I'm not up to it",
        "If I don't prepare properly at least there's an excuse",
        "This one matters too much to get wrong",
        "Half effort means it doesn't count if it goes badly",
    ],
    // success_burden
    &[
        "Now they'll expect this every time",
        "If I do well again the bar just goes up",
        "I can't keep delivering at this pace forever",
        "Winning just means more weight on my shoulders",
        "Every success adds another thing I have to carry",
        "I'm afraid I can't repeat it",
    ],
    // belonging_loss
    &[
        "My family will think I've gotten too big for my boots",
        "My old friends won't recognise me if I do this",
        "People back home don't do things like this",
        "I'll end up alone if I keep climbing",
        "They'll say I've forgotten where I started",
        "It feels like betraying the people I grew up with",
    ],
    // undeserving
    &[
        "Who would pay that much for what I do",
        "I haven't done enough to ask for that",
        "Sooner or later they'll realise I'm not that good",
        "Asking feels like I'm taking advantage",
        "I feel guilty charging them",
        "I'm not experienced enough to ask for more",
    ],
    // autonomy_resistance
    &[
        "I'm sick of doing things just because I'm told",
        "Nobody asked me whether this makes sense",
        "It's their priority, not mine",
        "I'll do it when I decide to",
        "This is someone else's agenda again",
        "Jumping through their hoops again",
    ],
];

/// Ordinary excuses on breaks.
const GENERIC_BREAK_THOUGHTS: &[&str] = &[
    "I'll start after lunch",
    "Too tired right now",
    "Got pulled into something else",
    "The afternoon got away from me",
    "Other things came up",
    "I wasn't feeling well",
    "Ran out of time today",
    "Kept getting interrupted",
];

/// Thoughts on completed work.
const COMPLETION_THOUGHTS: &[&str] = &[
    "Went fine once I started",
    "Felt good to get it done",
    "Easier than I expected",
    "Just did it without thinking",
    "Quick and done",
    "Nice to tick that off",
    "Took a while but it's finished",
];

/// Reflections per belief (for planted journals) and ordinary ones.
const BELIEF_REFLECTIONS: [&str; 10] = [
    "Whenever a month goes well I start waiting for it to end; I don't picture myself staying up here.",
    "I noticed I keep every task to myself. Letting the team run anything makes me tense.",
    "Today I realised how much I dread anyone actually reading what I make.",
    "The plan I made last week already feels like a trap. I crave doing something unplanned.",
    "I spent the evening adjusting details nobody will notice. Finished is never finished enough.",
    "I hold back on what matters most so that if it goes wrong it wasn't my real attempt.",
    "After the good news I felt heavier, not lighter. More will be wanted from me now.",
    "I wonder what my brother would say if he saw me on that stage.",
    "I rewrote the email about my fee four times and still didn't send it.",
    "Everything on my list today was put there by someone else and I resent it.",
];
const ORDINARY_REFLECTIONS: &[&str] = &[
    "A quiet day. Got through most of the list.",
    "Slept badly, still managed the essentials.",
    "Good walk in the afternoon, cleared my head.",
    "Busy day with errands; nothing special to note.",
];

/// Kinds a belief's breaks take (weights over delayed, unfinished, avoided, switched).
fn kind_weights(belief: Option<usize>) -> [f64; 4] {
    match belief {
        Some(0) => [0.3, 0.3, 0.3, 0.1],
        Some(1) => [0.4, 0.2, 0.4, 0.0],
        Some(2) => [0.4, 0.2, 0.4, 0.0],
        Some(3) => [0.3, 0.1, 0.2, 0.4],
        Some(4) => [0.25, 0.7, 0.05, 0.0],
        Some(5) => [0.5, 0.1, 0.4, 0.0],
        Some(6) => [0.3, 0.3, 0.3, 0.1],
        Some(7) => [0.3, 0.1, 0.4, 0.2],
        Some(8) => [0.3, 0.0, 0.7, 0.0],
        Some(9) => [0.5, 0.2, 0.3, 0.0],
        _ => [0.4, 0.25, 0.2, 0.15],
    }
}

fn pick_kind(rng: &mut ChaCha8Rng, w: [f64; 4]) -> Kind {
    let total: f64 = w.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, wi) in w.iter().enumerate() {
        if x < *wi {
            return Kind::BREAKS[i];
        }
        x -= wi;
    }
    Kind::DelayedStart
}

fn choose<'a>(rng: &mut ChaCha8Rng, xs: &[&'a str]) -> &'a str {
    xs.choose(rng).copied().unwrap_or("")
}

/// The work the generator uses as a belief's context (index as [`BELIEFS`]).
pub fn context_tasks(belief: usize) -> &'static [&'static str] {
    CONTEXT_TASKS[belief]
}

/// The thoughts the generator writes on breaks driven by a belief (index as [`BELIEFS`]).
pub fn belief_thoughts(belief: usize) -> &'static [&'static str] {
    BELIEF_THOUGHTS[belief]
}

/// Generates one journal.
pub fn journal(cfg: &Config) -> Generated {
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let plant = cfg.plant.map(|(b, s)| {
        (
            BELIEFS
                .iter()
                .position(|x| *x == b)
                .expect("a catalog belief"),
            s,
        )
    });
    let lift = match plant.map(|p| p.1) {
        Some(Strength::Strong) => 0.45,
        Some(Strength::Weak) => 0.25,
        None => 0.0,
    };
    let offset_hours = rng.random_range(-8..=9);
    let tz = FixedOffset::east_opt(offset_hours * 3600).expect("valid offset");
    let base = rng.random_range(0.18..0.32);
    let after_win_plant = matches!(plant, Some((0 | 6, _)));
    let context_share = 0.25;

    let mut batch = ImportBatch::default();
    let mut prev_day_win = false;
    let mut n = 0usize;
    for d in 0..cfg.days {
        let date = cfg.start + Duration::days(i64::from(d));
        if rng.random::<f64>() < cfg.not_logged {
            // Not logged: the win streak does not carry over a gap.
            prev_day_win = false;
            continue;
        }
        let count = rng.random_range(cfg.per_day.0..=cfg.per_day.1);
        let (mut comp, mut brk) = (0, 0);
        let mut day_breaks = 0u32;
        for k in 0..count {
            let minute = rng.random_range(7 * 60..22 * 60) + k;
            let at = tz
                .from_local_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight"))
                .single()
                .expect("fixed offsets are unambiguous")
                + Duration::minutes(i64::from(minute));
            // Which work: a context task of some belief (the planted one more often), or
            // ordinary work.
            let ctx: Option<usize> = if rng.random::<f64>() < context_share {
                match plant {
                    Some((b, _)) if rng.random::<f64>() < 0.5 => Some(b),
                    _ => Some(rng.random_range(0..10)),
                }
            } else {
                None
            };
            let task = match ctx {
                Some(b) => choose(&mut rng, CONTEXT_TASKS[b]),
                None => choose(&mut rng, ORDINARY_TASKS),
            };
            // The planted belief's own work breaks more; beliefs that react to wins also
            // break more on most work the day after a win day.
            let planted_here = match plant {
                Some((b, _)) if ctx == Some(b) => true,
                Some(_) if after_win_plant => prev_day_win && rng.random::<f64>() < 0.6,
                _ => false,
            };
            let tagged = cfg.tag_plant.is_some() && rng.random::<f64>() < 0.2;
            let mut p_break = if planted_here { base + lift } else { base };
            if tagged {
                p_break += cfg.tag_plant.map_or(0.0, |t| t.1);
            }
            if let Some((from, up)) = cfg.shift {
                if d >= from {
                    p_break += up;
                }
            }
            let skipped = rng.random::<f64>() < 0.05;
            let is_break = !skipped && rng.random::<f64>() < p_break;
            let kind = if skipped {
                Kind::Skipped
            } else if is_break {
                if planted_here {
                    pick_kind(&mut rng, kind_weights(plant.map(|p| p.0)))
                } else {
                    pick_kind(&mut rng, kind_weights(None))
                }
            } else {
                Kind::Completed
            };
            let thought = if rng.random::<f64>() < 0.2 {
                None
            } else if kind.is_break() {
                let r = rng.random::<f64>();
                if planted_here && r < 0.75 {
                    Some(choose(&mut rng, BELIEF_THOUGHTS[plant.map_or(0, |p| p.0)]))
                } else if r < 0.08 {
                    // Noise: some belief's wording on an ordinary break.
                    let other = rng.random_range(0..10);
                    Some(choose(&mut rng, BELIEF_THOUGHTS[other]))
                } else {
                    Some(choose(&mut rng, GENERIC_BREAK_THOUGHTS))
                }
            } else if kind == Kind::Completed {
                Some(choose(&mut rng, COMPLETION_THOUGHTS))
            } else {
                None
            };
            let progress = match kind {
                Kind::Unfinished | Kind::Switched => {
                    Some(if planted_here && plant.map(|p| p.0) == Some(4) {
                        rng.random_range(0.7..0.98)
                    } else {
                        rng.random_range(0.05..0.95)
                    })
                }
                _ => None,
            };
            let delay = (kind == Kind::DelayedStart).then(|| rng.random_range(5..150));
            // Friction is unrelated to the outcome except on planted breaks, which took more
            // negotiation.
            let friction = (rng.random::<f64>() < 0.7).then(|| {
                if planted_here && kind.is_break() {
                    rng.random_range(3..=5)
                } else {
                    rng.random_range(1..=5)
                }
            });
            let domain = (rng.random::<f64>() < 0.8).then(|| choose(&mut rng, DOMAINS).to_string());
            let emotion =
                (rng.random::<f64>() < 0.5).then(|| choose(&mut rng, EMOTIONS).to_string());
            let mut tags = Vec::new();
            if let (true, Some((t, _))) = (tagged, cfg.tag_plant) {
                tags.push(t.to_string());
            }
            if rng.random::<f64>() < 0.3 {
                tags.push(choose(&mut rng, &["focus", "errand", "deep", "quick"]).to_string());
            }
            match kind {
                Kind::Completed => comp += 1,
                Kind::Skipped => {}
                _ => {
                    brk += 1;
                    day_breaks += 1;
                }
            }
            n += 1;
            batch.events.push(Event {
                id: format!("gen-{}-{n}", cfg.seed),
                at,
                kind,
                task: task.to_string(),
                domain,
                planned_at: None,
                delay_minutes: delay,
                progress,
                thought: thought.map(str::to_string),
                emotion,
                friction,
                tags,
                note: None,
                source: None,
            });
        }
        prev_day_win = comp >= 2 && brk == 0;
        if rng.random::<f64>() < 0.7 {
            let noise: i32 = rng.random_range(-1..=1);
            let a = (4 - i32::try_from(day_breaks).unwrap_or(0) + noise).clamp(1, 5);
            let mut c = Checkin::new(date, u8::try_from(a).unwrap_or(3));
            // Mood follows alignment and energy wanders with the day, without drawing on the
            // generator (so every journal's other draws stay as they were).
            c.mood = Some(u8::try_from(a).unwrap_or(3));
            c.energy = Some(u8::try_from(2 + (d % 4)).unwrap_or(3));
            batch.checkins.push(c);
        }
        if rng.random::<f64>() < 0.1 {
            let text = match plant {
                Some((b, _)) if rng.random::<f64>() < 0.5 => BELIEF_REFLECTIONS[b],
                _ => choose(&mut rng, ORDINARY_REFLECTIONS),
            };
            let at = tz
                .from_local_datetime(&date.and_hms_opt(21, 30, 0).expect("valid time"))
                .single()
                .expect("fixed offsets are unambiguous");
            batch.reflections.push(Reflection {
                id: format!("gen-{}-r{d}", cfg.seed),
                at,
                prompt_id: None,
                title: None,
                text: text.to_string(),
                mood: None,
                tags: Vec::new(),
                starred: false,
                source: None,
            });
        }
    }
    Generated {
        batch,
        planted: cfg.plant.map(|p| p.0),
    }
}

/// The day after the last generated day: a natural "now" for analysing the journal.
pub fn end_of(cfg: &Config) -> chrono::DateTime<FixedOffset> {
    let d = cfg.start + Duration::days(i64::from(cfg.days));
    FixedOffset::east_opt(0)
        .expect("utc")
        .from_local_datetime(&d.and_hms_opt(12, 0, 0).expect("noon"))
        .single()
        .expect("utc is unambiguous")
}

//! One look of the reminder timer, the sequence every front end that runs reminders follows:
//! ask what is due since the last look (a firing missed while the computer slept or the app was
//! closed comes once, and only on its own day), record the prompts shown and the time of this
//! look, and work out when to look again — never later than [`MAX_SLEEP`], so a wake from
//! sleep, a clock set by hand or a new time zone is noticed within a minute.

use std::time::Duration;

use chrono::{NaiveDate, TimeZone};

use crate::app::reminders::{self as journal, Delivery};
use crate::domain::Instant;
use crate::reminders::Purpose;
use crate::store::{Query, Store, StoreError};

/// The longest the timer sleeps: once a minute it looks at the wall clock again, which catches
/// a wake from sleep (the monotonic sleep does not count suspended time), a clock set by hand
/// and a change of time zone.
pub const MAX_SLEEP: Duration = Duration::from_secs(60);

/// A little past the firing instant, so the minute it names has begun when the timer looks.
pub const PAST_THE_MINUTE: Duration = Duration::from_millis(300);

/// What one look found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    /// What to deliver now (already recorded as shown).
    pub deliveries: Vec<Delivery>,
    /// The local date of `now`.
    pub today: NaiveDate,
    /// How long to sleep before the next look.
    pub sleep: Duration,
}

/// Looks at the reminders at `now` in `zone`: what is due since the last look (the analyzer
/// runs only if a reflection reminder fires), records the prompts shown and the last run, and
/// says how long to sleep.
pub fn tick<Z: TimeZone>(store: &mut Store, now: Instant, zone: &Z) -> Result<Tick, StoreError> {
    let last = store.reminders_last_run()?;
    let deliveries = journal::on_start(store, last, now, zone, || {
        journal::prompt_context(store, now)
    })?;
    journal::record_delivered(store, &deliveries)?;
    store.set_reminders_last_run(now)?;
    let next = journal::next_wakeup(store, now, zone)?;
    Ok(Tick {
        deliveries,
        today: now.with_timezone(zone).date_naive(),
        sleep: sleep_until(now, next),
    })
}

/// How long to sleep from `now` until just past `next`, at most [`MAX_SLEEP`].
pub fn sleep_until(now: Instant, next: Option<Instant>) -> Duration {
    next.and_then(|n| (n - now).to_std().ok())
        .map_or(MAX_SLEEP, |d| (d + PAST_THE_MINUTE).min(MAX_SLEEP))
}

/// The notification's title and text for a firing.
pub fn wording(d: &Delivery) -> (String, String) {
    match (d.purpose, &d.prompt) {
        (Purpose::Checkin, _) => (
            "Daily check-in".to_string(),
            "One minute: how aligned did today feel?".to_string(),
        ),
        (Purpose::Pathway, Some(p)) => ("Your pathway".to_string(), p.text.clone()),
        (Purpose::Pathway, None) => (
            "Your pathway".to_string(),
            "Time for your pathway's next step.".to_string(),
        ),
        (Purpose::Reflection, Some(p)) => ("A question for you".to_string(), p.text.clone()),
        (Purpose::Reflection, None) => (
            "A question for you".to_string(),
            "A moment to reflect on today.".to_string(),
        ),
    }
}

/// The notification's title and text for a firing without the person's words (while the
/// journal is locked, or when they chose not to see their words in notifications).
pub fn neutral_wording(d: &Delivery) -> (String, String) {
    let title = match d.purpose {
        Purpose::Checkin => "Daily check-in",
        Purpose::Pathway | Purpose::Reflection => "Plumbline",
    };
    (
        title.to_string(),
        "A moment for your journal, when you are ready.".to_string(),
    )
}

/// Whether the prompt `prompt_id` a reminder carried at `at` has been answered since, by a
/// reflection on that day.
pub fn answered(store: &Store, prompt_id: &str, at: Instant) -> Result<bool, StoreError> {
    Ok(store
        .reflections(&Query::on(at.date_naive()))?
        .iter()
        .any(|r| r.prompt_id.as_deref() == Some(prompt_id) && r.at >= at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parse_instant;

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("valid instant in test")
    }

    #[test]
    fn neutral_wording_never_carries_the_prompt() {
        use crate::reminders::choose::ChosenPrompt;
        let d = Delivery {
            id: "r".into(),
            at: at("2026-11-24T21:00:00+01:00"),
            purpose: Purpose::Pathway,
            pathway_id: Some("p".into()),
            prompt: Some(ChosenPrompt {
                id: "custom:1".into(),
                layer: crate::domain::Layer::Belief,
                text: "my private step 7731".into(),
            }),
            date: "2026-11-24".parse().expect("date"),
            snoozed: false,
        };
        assert!(tick_words(&wording(&d)).contains("7731"));
        assert!(!tick_words(&neutral_wording(&d)).contains("7731"));
    }

    fn tick_words((title, body): &(String, String)) -> String {
        format!("{title} {body}")
    }

    #[test]
    fn the_timer_sleeps_to_just_past_the_next_firing_but_never_more_than_a_minute() {
        let now = at("2026-11-24T20:59:30+01:00");
        assert_eq!(
            sleep_until(now, Some(at("2026-11-24T21:00:00+01:00"))),
            Duration::from_secs(30) + PAST_THE_MINUTE
        );
        assert_eq!(
            sleep_until(now, Some(at("2026-11-25T08:00:00+01:00"))),
            MAX_SLEEP
        );
        assert_eq!(sleep_until(now, None), MAX_SLEEP);
        // A firing behind `now` cannot be slept to; the next look is a minute away at most.
        assert_eq!(
            sleep_until(now, Some(at("2026-11-24T20:00:00+01:00"))),
            MAX_SLEEP
        );
    }
}

//! The injected clock. Everything that asks "what time is it" or "what day is today" takes a
//! [`Clock`], so scheduling and analysis are tested with fixed dates.

use chrono::{Local, NaiveDate};

use crate::domain::Instant;

pub trait Clock: Send + Sync {
    /// Now, with the local UTC offset in force.
    fn now(&self) -> Instant;

    /// Today's date in the person's local calendar.
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// The system clock in the local time zone (the system's, or `TZ`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Local::now().fixed_offset()
    }
}

/// A clock stopped at one instant, for tests and for `--now`.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Instant);

impl Clock for FixedClock {
    fn now(&self) -> Instant {
        self.0
    }
}

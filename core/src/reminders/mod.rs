//! Reminders' logic: when they fire ([`schedule`]) and which prompt a reflection reminder
//! carries ([`choose`]). Both are pure: nothing here reads the clock or the database; the
//! reminder types are the domain's ([`crate::domain::reminder`]), the store keeps them, and
//! `crate::app::reminders` joins the two for the CLI and the desktop shell, which pass the
//! instant and the zone in.

pub mod choose;
pub mod schedule;

pub use crate::domain::reminder::{
    Conditions, Purpose, QuietHours, Reminder, ReminderInput, TimeOfDay, Weekdays,
};
pub use crate::zone::LocalZone;

//! Settings: the reminders with their next firing, and the forms that change reminders and
//! quiet hours (the desktop's Settings view sends these shapes).

use std::fmt::Display;
use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};

use crate::app::reminders as journal;
use crate::domain::{format_instant, Instant, Invalid};
use crate::reminders::schedule::next_firing;
use crate::reminders::{Purpose, QuietHours, Reminder, ReminderInput, Weekdays};
use crate::store::{Store, StoreError};

use super::forms::time_of_day;
use super::refusal::Refusal;
use super::session::Session;
use super::timer::{Permission, Timer, TimerState};
use super::AppError;

/// A reminder as Settings shows it: the stored fields and its next firing.
#[derive(Debug, Clone, Serialize)]
pub struct ReminderView {
    #[serde(flatten)]
    pub reminder: Reminder,
    /// The next firing (RFC 3339 with offset), or nothing when off or never firing.
    pub next: Option<String>,
}

/// `reminders` with their next firing after `now` in `zone`.
pub fn reminder_views<Z: TimeZone>(
    store: &Store,
    reminders: Vec<Reminder>,
    now: Instant,
    zone: &Z,
) -> Result<Vec<ReminderView>, StoreError> {
    let cond = journal::conditions(store, now, zone)?;
    Ok(reminders
        .into_iter()
        .map(|r| {
            let next = next_firing(&r, now, zone, &cond).map(|f| format_instant(&f.at));
            ReminderView { reminder: r, next }
        })
        .collect())
}

/// `reminder` with its next firing after `now` in `zone`.
pub fn reminder_view<Z: TimeZone>(
    store: &Store,
    reminder: Reminder,
    now: Instant,
    zone: &Z,
) -> Result<ReminderView, StoreError> {
    let mut views = reminder_views(store, vec![reminder], now, zone)?;
    Ok(views.pop().expect("one reminder in, one view out"))
}

/// Every reminder of the session's journal with its next firing after now in the session's
/// zone.
pub fn reminder_views_in(session: &Session) -> Result<Vec<ReminderView>, Refusal> {
    let store = session.store()?;
    let all = store.reminders()?;
    Ok(reminder_views(&store, all, session.now(), session.zone())?)
}

/// [`reminder_view`] in the session: its next firing after now in the session's zone.
pub fn reminder_view_in(session: &Session, reminder: Reminder) -> Result<ReminderView, Refusal> {
    let store = session.store()?;
    Ok(reminder_view(
        &store,
        reminder,
        session.now(),
        session.zone(),
    )?)
}

/// Adds the reminder the Settings form describes and wakes the timer; the reminder with its
/// next firing.
pub fn add_reminder_in(
    session: &Session,
    timer: &TimerState,
    form: ReminderForm,
) -> Result<ReminderView, Refusal> {
    let input = form.into_input()?;
    let r = session.store()?.add_reminder(input, session.clock())?;
    timer.rearm();
    reminder_view_in(session, r)
}

/// Changes reminder `id` to what the form describes and wakes the timer.
pub fn update_reminder_in(
    session: &Session,
    timer: &TimerState,
    id: &str,
    form: ReminderForm,
) -> Result<ReminderView, Refusal> {
    let input = form.into_input()?;
    let r = session.store()?.update_reminder(id, input)?;
    timer.rearm();
    reminder_view_in(session, r)
}

/// Turns reminder `id` on or off and wakes the timer.
pub fn set_reminder_enabled_in(
    session: &Session,
    timer: &TimerState,
    id: &str,
    enabled: bool,
) -> Result<ReminderView, Refusal> {
    let r = session.store()?.set_reminder_enabled(id, enabled)?;
    timer.rearm();
    reminder_view_in(session, r)
}

/// Removes reminder `id` and wakes the timer; the reminder removed.
pub fn remove_reminder_in(
    session: &Session,
    timer: &TimerState,
    id: &str,
) -> Result<Reminder, Refusal> {
    let r = session.store()?.remove_reminder(id)?;
    timer.rearm();
    Ok(r)
}

/// Sets quiet hours (`None`: off) and wakes the timer; the quiet hours kept.
pub fn set_quiet_hours_in(
    session: &Session,
    timer: &TimerState,
    quiet: Option<QuietForm>,
) -> Result<Option<QuietHours>, Refusal> {
    let quiet = quiet.map(QuietForm::into_quiet_hours).transpose()?;
    session.store()?.set_quiet_hours(quiet)?;
    timer.rearm();
    Ok(quiet)
}

/// Settings' reminder and backup settings.
#[derive(Debug, Clone, Serialize)]
pub struct ReminderSettings {
    pub quiet_hours: Option<QuietHours>,
    pub backup_keep: usize,
    pub notifications: Permission,
    pub paused_today: bool,
}

/// The reminder settings of `store`, with what the reminder `timer` knows on `today`.
pub fn reminder_settings(
    store: &Store,
    timer: &Timer,
    today: NaiveDate,
) -> Result<ReminderSettings, StoreError> {
    Ok(ReminderSettings {
        quiet_hours: store.quiet_hours()?,
        backup_keep: store.backup_keep()?,
        notifications: timer.permission(),
        paused_today: timer.paused(today),
    })
}

/// [`reminder_settings`] of the session's journal with what `timer` knows on the session's
/// today.
pub fn reminder_settings_in(
    session: &Session,
    timer: &TimerState,
) -> Result<ReminderSettings, Refusal> {
    let store = session.store()?;
    Ok(reminder_settings(&store, &timer.timer(), session.today())?)
}

/// A reminder as the Settings form sends it.
#[derive(Debug, Clone, Deserialize)]
pub struct ReminderForm {
    pub at: String,
    #[serde(default)]
    pub days: Vec<String>,
    pub purpose: String,
    #[serde(default)]
    pub pathway_id: Option<String>,
}

impl ReminderForm {
    /// The reminder the form describes; a refusal names the form's field.
    pub fn into_input(self) -> Result<ReminderInput, Invalid> {
        let at = time_of_day("at", &self.at)?;
        if self.days.iter().all(|d| d.trim().is_empty()) {
            return Err(Invalid::new("days", "needs at least one day"));
        }
        let days: Weekdays = self
            .days
            .join(",")
            .parse()
            .map_err(|reason: String| Invalid::new("days", reason))?;
        let purpose: Purpose = self
            .purpose
            .parse()
            .map_err(|reason: String| Invalid::new("purpose", reason))?;
        let pathway_id = self
            .pathway_id
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        Ok(ReminderInput {
            at,
            days,
            purpose,
            pathway_id,
        })
    }
}

/// Quiet hours as the form sends them: both times, or neither to turn them off.
#[derive(Debug, Clone, Deserialize)]
pub struct QuietForm {
    pub start: String,
    pub end: String,
}

impl QuietForm {
    /// The quiet hours the form describes; a refusal names `quiet_start` or `quiet_end`.
    pub fn into_quiet_hours(self) -> Result<QuietHours, Invalid> {
        let start = time_of_day("quiet_start", &self.start)?;
        let end = time_of_day("quiet_end", &self.end)?;
        QuietHours::new(start, end)
    }
}

/// Whether the app starts at login, as the system answered through `read`; a failure is a
/// refusal shown at Settings' `autostart` box.
pub fn autostart_enabled<E: Display>(
    read: impl FnOnce() -> Result<bool, E>,
) -> Result<bool, Refusal> {
    read().map_err(|e| {
        Refusal::of(
            "autostart",
            format!("Could not read whether Plumbline starts at login: {e}"),
        )
    })
}

/// Makes the app start at login (`enabled`) or not through `change`, which the system carries
/// out; the setting now, or a refusal shown at Settings' `autostart` box.
pub fn set_autostart<E: Display>(
    enabled: bool,
    change: impl FnOnce(bool) -> Result<(), E>,
) -> Result<bool, Refusal> {
    change(enabled).map_err(|e| {
        Refusal::of(
            "autostart",
            format!("Could not change whether Plumbline starts at login: {e}"),
        )
    })?;
    Ok(enabled)
}

/// The automatic daily backup of a journal file into `backups/` beside it, keeping the newest
/// as many as the `backup_keep` setting says. Nothing for a journal in memory; the path of the
/// backup written, if one was due.
pub fn daily_backup(store: &Store, today: NaiveDate) -> Result<Option<PathBuf>, AppError> {
    let Some(dir) = store
        .path()
        .and_then(|p| p.parent())
        .map(|d| d.join("backups"))
    else {
        return Ok(None);
    };
    std::fs::create_dir_all(&dir).map_err(|source| AppError::Folder {
        path: dir.clone(),
        source,
    })?;
    let keep = store.backup_keep()?;
    Ok(store.daily_backup(&dir, today, keep)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_names_the_field_it_refuses() {
        let form = |at: &str, days: &[&str], purpose: &str| ReminderForm {
            at: at.into(),
            days: days.iter().map(|d| d.to_string()).collect(),
            purpose: purpose.into(),
            pathway_id: None,
        };
        let field = |f: ReminderForm| f.into_input().unwrap_err().field;
        assert_eq!(field(form("25:00", &["mon"], "checkin")), "at");
        assert_eq!(field(form("21:00", &[], "checkin")), "days");
        assert_eq!(field(form("21:00", &["funday"], "checkin")), "days");
        assert_eq!(field(form("21:00", &["mon"], "nap")), "purpose");
        let ok = form("7:05", &["mon", "fri"], "reflection")
            .into_input()
            .unwrap();
        assert_eq!(ok.at.to_string(), "07:05");
        assert_eq!(ok.days.names(), ["mon", "fri"]);
    }

    #[test]
    fn the_settings_show_the_timer_s_pause_and_permission() {
        let mut store = Store::open_in_memory().expect("journal");
        let mut timer = Timer::new();
        let today: NaiveDate = "2026-11-24".parse().expect("date");
        let s = reminder_settings(&store, &timer, today).expect("settings");
        assert_eq!(s.quiet_hours, None);
        assert_eq!(s.notifications, Permission::Unknown);
        assert!(!s.paused_today);
        let quiet = QuietForm {
            start: "22:00".into(),
            end: "07:00".into(),
        };
        store
            .set_quiet_hours(Some(quiet.into_quiet_hours().expect("quiet")))
            .expect("saved");
        timer.set_paused(today, true);
        timer.set_permission(Permission::Denied);
        let s = reminder_settings(&store, &timer, today).expect("settings");
        assert!(s.quiet_hours.is_some() && s.paused_today);
        assert_eq!(s.notifications, Permission::Denied);
        assert_eq!(s.backup_keep, store.backup_keep().expect("keep"));
    }

    #[test]
    fn starting_at_login_is_what_the_system_did_and_a_refusal_says_why() {
        assert_eq!(autostart_enabled(|| Ok::<_, String>(true)), Ok(true));
        let unread = autostart_enabled(|| Err::<bool, _>("no session bus")).expect_err("refused");
        assert_eq!(unread.field.as_deref(), Some("autostart"));
        assert_eq!(
            unread.message,
            "Could not read whether Plumbline starts at login: no session bus"
        );
        let mut asked = None;
        let done = set_autostart(false, |on| {
            asked = Some(on);
            Ok::<_, String>(())
        });
        assert_eq!((done, asked), (Ok(false), Some(false)));
        let refused = set_autostart(true, |_| Err("read-only home")).expect_err("refused");
        assert_eq!(
            refused,
            Refusal::of(
                "autostart",
                "Could not change whether Plumbline starts at login: read-only home"
            )
        );
    }

    #[test]
    fn settings_in_a_session_go_by_the_session_s_zone() {
        use crate::app::lock::Held;
        use crate::clock::FixedClock;
        use crate::domain::parse_instant;
        let now = parse_instant("2026-11-24T11:00:00Z").expect("instant");
        let mut store = Store::open_in_memory().expect("journal");
        let form = ReminderForm {
            at: "00:30".into(),
            days: vec!["mon".into(), "tue".into(), "wed".into(), "thu".into()],
            purpose: "checkin".into(),
            pathway_id: None,
        };
        let input = form.into_input().expect("input");
        let r = store.add_reminder(input, &FixedClock(now)).expect("added");
        // 01:00 on Wednesday the 25th at UTC+14, still 11:00 on the 24th by UTC.
        let zone = crate::zone::LocalZone::named("Pacific/Kiritimati").expect("zone");
        let session = Session::new(Held::Open(store), Box::new(FixedClock(now)), zone);
        let views = reminder_views_in(&session).expect("views");
        assert_eq!(views.len(), 1);
        assert_eq!(views[0].next.as_deref(), Some("2026-11-26T00:30:00+14:00"));
        let one = reminder_view_in(&session, r).expect("view");
        assert_eq!(one.next, views[0].next);
        let timer = TimerState::new();
        timer.pause_in(&session, true).expect("paused");
        let s = reminder_settings_in(&session, &timer).expect("settings");
        assert!(s.paused_today);
        assert!(timer.timer().paused("2026-11-25".parse().expect("date")));
    }

    #[test]
    fn the_settings_changes_write_the_journal_and_wake_the_timer() {
        use crate::clock::FixedClock;
        use crate::domain::parse_instant;
        let now = parse_instant("2026-11-24T09:00:00+01:00").expect("instant");
        let session = Session::fixed(Store::open_in_memory().expect("journal"), FixedClock(now));
        let timer = TimerState::new();
        let rx = timer.wake_channel();
        let woken = || rx.try_iter().count() == 1;
        let form = |at: &str| ReminderForm {
            at: at.into(),
            days: vec!["tue".into()],
            purpose: "checkin".into(),
            pathway_id: None,
        };
        let bad = add_reminder_in(&session, &timer, form("25:00")).expect_err("refused");
        assert_eq!(bad.field.as_deref(), Some("at"));
        assert!(!woken(), "a refusal changes nothing");
        let added = add_reminder_in(&session, &timer, form("21:00")).expect("added");
        assert_eq!(added.next.as_deref(), Some("2026-11-24T21:00:00+01:00"));
        assert!(woken());
        let id = added.reminder.id.clone();
        let moved = update_reminder_in(&session, &timer, &id, form("22:00")).expect("moved");
        assert_eq!(moved.next.as_deref(), Some("2026-11-24T22:00:00+01:00"));
        assert!(woken());
        let off = set_reminder_enabled_in(&session, &timer, &id, false).expect("off");
        assert!(!off.reminder.enabled && woken());
        let quiet = QuietForm {
            start: "22:00".into(),
            end: "07:00".into(),
        };
        let kept = set_quiet_hours_in(&session, &timer, Some(quiet)).expect("quiet");
        assert_eq!(
            session.store().expect("open").quiet_hours().expect("read"),
            kept
        );
        assert!(kept.is_some() && woken());
        let removed = remove_reminder_in(&session, &timer, &id).expect("removed");
        assert_eq!(removed.id, id);
        assert!(woken());
        assert!(session
            .store()
            .expect("open")
            .reminders()
            .expect("read")
            .is_empty());
    }

    #[test]
    fn one_reminder_comes_back_with_its_next_firing() {
        use crate::domain::parse_instant;
        let mut store = Store::open_in_memory().expect("journal");
        let now = parse_instant("2026-11-24T09:00:00+01:00").expect("instant");
        let clock = crate::clock::FixedClock(now);
        let form = ReminderForm {
            at: "21:00".into(),
            days: vec!["tue".into()],
            purpose: "checkin".into(),
            pathway_id: None,
        };
        let r = store
            .add_reminder(form.into_input().expect("input"), &clock)
            .expect("added");
        let zone = chrono::FixedOffset::east_opt(3600).expect("offset");
        let v = reminder_view(&store, r.clone(), now, &zone).expect("view");
        assert_eq!(v.reminder, r);
        assert_eq!(v.next.as_deref(), Some("2026-11-24T21:00:00+01:00"));
    }
}

//! Reminders, the quiet-hours setting and the log of prompts reminders carried.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{new_id, stamp, Query, Result, Store, StoreError};
use crate::clock::Clock;
use crate::domain::reminder::Conditions;
use crate::domain::reminder::{Purpose, QuietHours, Reminder, ReminderInput, TimeOfDay, Weekdays};
use crate::domain::{format_instant, parse_instant, Instant, Invalid};

const REMINDER_COLUMNS: &str = "id, at_minute, days, purpose, pathway_id, enabled, snoozed_until";

/// The `settings` key of the quiet hours (`HH:MM-HH:MM`).
const QUIET_HOURS_KEY: &str = "quiet_hours";

/// The `settings` key of the instant reminders were last checked (RFC 3339).
const LAST_RUN_KEY: &str = "reminders_last_run";
const PAUSED_ON_KEY: &str = "reminders_paused_on";

/// Prompt-log entries older than this are dropped when a new one is written; the choice only
/// looks back a week.
const PROMPT_LOG_KEEP_DAYS: i64 = 90;

impl Store {
    /// Validates and adds a reminder (enabled, not snoozed); returns it with its new id.
    pub fn add_reminder(&mut self, input: ReminderInput, clock: &dyn Clock) -> Result<Reminder> {
        input.validate()?;
        let tx = self.conn_mut().transaction()?;
        check_pathway(&tx, &input)?;
        let id = new_id();
        tx.execute(
            "INSERT INTO reminders (id, at_minute, days, purpose, pathway_id, enabled,
                 snoozed_until, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, NULL, ?6)",
            params![
                id,
                input.at.minute_of_day(),
                input.days.bits(),
                input.purpose.as_str(),
                input.pathway_id,
                stamp(&clock.now()),
            ],
        )?;
        let r = get(&tx, &id)?;
        tx.commit()?;
        Ok(r)
    }

    /// Every reminder, by time of day then id.
    pub fn reminders(&self) -> Result<Vec<Reminder>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {REMINDER_COLUMNS} FROM reminders ORDER BY at_minute, id"
        ))?;
        let rows = stmt.query_map([], raw_from_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row?.into_reminder()?);
        }
        Ok(out)
    }

    /// One reminder by id.
    pub fn reminder(&self, id: &str) -> Result<Option<Reminder>> {
        select(self.conn(), id)
    }

    /// Changes a reminder's time, days, purpose and pathway; its snooze is cleared.
    pub fn update_reminder(&mut self, id: &str, input: ReminderInput) -> Result<Reminder> {
        input.validate()?;
        let tx = self.conn_mut().transaction()?;
        get(&tx, id)?;
        check_pathway(&tx, &input)?;
        tx.execute(
            "UPDATE reminders SET at_minute = ?2, days = ?3, purpose = ?4, pathway_id = ?5,
                 snoozed_until = NULL
             WHERE id = ?1",
            params![
                id,
                input.at.minute_of_day(),
                input.days.bits(),
                input.purpose.as_str(),
                input.pathway_id,
            ],
        )?;
        let r = get(&tx, id)?;
        tx.commit()?;
        Ok(r)
    }

    /// Turns a reminder on or off (turning it off also clears its snooze).
    pub fn set_reminder_enabled(&mut self, id: &str, enabled: bool) -> Result<Reminder> {
        let tx = self.conn_mut().transaction()?;
        get(&tx, id)?;
        tx.execute(
            "UPDATE reminders SET enabled = ?2,
                 snoozed_until = CASE WHEN ?2 THEN snoozed_until ELSE NULL END
             WHERE id = ?1",
            params![id, enabled],
        )?;
        let r = get(&tx, id)?;
        tx.commit()?;
        Ok(r)
    }

    /// Snoozes a reminder until an instant (its regular firings before then are dropped and it
    /// fires once then), or clears the snooze with `None`.
    pub fn snooze_reminder(&mut self, id: &str, until: Option<Instant>) -> Result<Reminder> {
        let tx = self.conn_mut().transaction()?;
        get(&tx, id)?;
        tx.execute(
            "UPDATE reminders SET snoozed_until = ?2 WHERE id = ?1",
            params![id, until.as_ref().map(format_instant)],
        )?;
        let r = get(&tx, id)?;
        tx.commit()?;
        Ok(r)
    }

    /// Deletes a reminder and returns it.
    pub fn remove_reminder(&mut self, id: &str) -> Result<Reminder> {
        let tx = self.conn_mut().transaction()?;
        let r = get(&tx, id)?;
        tx.execute("DELETE FROM reminders WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(r)
    }

    /// The quiet hours, if set.
    pub fn quiet_hours(&self) -> Result<Option<QuietHours>> {
        let value = self.setting(QUIET_HOURS_KEY)?;
        value
            .map(|v| {
                v.parse::<QuietHours>()
                    .map_err(|reason| Invalid::new("settings.quiet_hours", reason).into())
            })
            .transpose()
    }

    /// Sets the quiet hours, or clears them with `None`.
    pub fn set_quiet_hours(&mut self, quiet: Option<QuietHours>) -> Result<()> {
        self.set_setting(QUIET_HOURS_KEY, quiet.map(|q| q.to_string()).as_deref())
    }

    /// When reminders were last checked (by the desktop app), so missed ones can be delivered
    /// once on the next start.
    pub fn reminders_last_run(&self) -> Result<Option<Instant>> {
        let value = self.setting(LAST_RUN_KEY)?;
        value
            .map(|v| {
                parse_instant(&v)
                    .map_err(|reason| Invalid::new("settings.reminders_last_run", reason).into())
            })
            .transpose()
    }

    /// Stores when reminders were last checked.
    pub fn set_reminders_last_run(&mut self, at: Instant) -> Result<()> {
        self.set_setting(LAST_RUN_KEY, Some(&format_instant(&at)))
    }

    /// The local date whose remaining reminders the person paused ("Pause reminders for
    /// today"), if any. A pause from an earlier day no longer applies.
    pub fn reminders_paused_on(&self) -> Result<Option<NaiveDate>> {
        let value = self.setting(PAUSED_ON_KEY)?;
        value
            .map(|v| {
                crate::domain::parse_date(&v)
                    .map_err(|reason| Invalid::new("settings.reminders_paused_on", reason).into())
            })
            .transpose()
    }

    /// Pauses the rest of `date`'s reminders, or (with `None`) lifts the pause.
    pub fn set_reminders_paused_on(&mut self, date: Option<NaiveDate>) -> Result<()> {
        self.set_setting(PAUSED_ON_KEY, date.map(|d| d.to_string()).as_deref())
    }

    /// Records that a reminder showed a prompt at an instant, so it is not repeated within a
    /// week.
    pub fn record_prompt_shown(&mut self, prompt_id: &str, at: Instant) -> Result<()> {
        let prompt_id = prompt_id.trim();
        if prompt_id.is_empty() {
            return Err(Invalid::new("prompt_id", "is required and must not be empty").into());
        }
        let secs = at.timestamp();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO prompt_log (prompt_id, at_utc) VALUES (?1, ?2)",
            params![prompt_id, secs],
        )?;
        tx.execute(
            "DELETE FROM prompt_log WHERE at_utc < ?1",
            [secs - PROMPT_LOG_KEEP_DAYS * 86_400],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Prompts shown by reminders or answered in reflections at or after `since`, oldest first,
    /// with when (in UTC).
    pub fn recent_prompts(&self, since: Instant) -> Result<Vec<(String, Instant)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT prompt_id, at_utc FROM prompt_log WHERE at_utc >= ?1
             UNION ALL
             SELECT prompt_id, at_utc FROM reflections
                 WHERE prompt_id IS NOT NULL AND at_utc >= ?1
             ORDER BY 2, 1",
        )?;
        let rows = stmt.query_map([since.timestamp()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, secs) = row?;
            if let Some(t) = DateTime::<Utc>::from_timestamp(secs, 0) {
                out.push((id, t.fixed_offset()));
            }
        }
        Ok(out)
    }

    /// What besides the reminders decides whether they fire: the quiet hours and the dates from
    /// `from` on that already have a check-in.
    pub fn reminder_conditions(&self, from: NaiveDate) -> Result<Conditions> {
        let checkins: BTreeSet<NaiveDate> = self
            .checkins(&Query {
                since: Some(from),
                ..Query::default()
            })?
            .into_iter()
            .map(|c| c.date)
            .collect();
        Ok(Conditions {
            quiet: self.quiet_hours()?,
            checkins,
        })
    }
}

fn check_pathway(conn: &Connection, input: &ReminderInput) -> Result<()> {
    if let Some(p) = &input.pathway_id {
        if !super::exists(conn, "SELECT 1 FROM pathways WHERE id = ?1", p)? {
            return Err(Invalid::new("pathway", format!("{p:?} is not a known pathway")).into());
        }
    }
    Ok(())
}

fn select(conn: &Connection, id: &str) -> Result<Option<Reminder>> {
    let raw = conn
        .query_row(
            &format!("SELECT {REMINDER_COLUMNS} FROM reminders WHERE id = ?1"),
            [id],
            raw_from_row,
        )
        .optional()?;
    raw.map(Raw::into_reminder).transpose()
}

fn get(conn: &Connection, id: &str) -> Result<Reminder> {
    select(conn, id)?.ok_or_else(|| StoreError::NotFound {
        what: "reminder",
        id: id.to_string(),
    })
}

/// A row as stored, before its values are checked.
struct Raw {
    id: String,
    at_minute: i64,
    days: i64,
    purpose: String,
    pathway_id: Option<String>,
    enabled: bool,
    snoozed_until: Option<String>,
}

fn raw_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Raw> {
    Ok(Raw {
        id: r.get(0)?,
        at_minute: r.get(1)?,
        days: r.get(2)?,
        purpose: r.get(3)?,
        pathway_id: r.get(4)?,
        enabled: r.get(5)?,
        snoozed_until: r.get(6)?,
    })
}

impl Raw {
    fn into_reminder(self) -> Result<Reminder> {
        let bad = |field: &str, reason: String| -> StoreError {
            Invalid::new(format!("reminder {}: {field}", self.id), reason).into()
        };
        let at = TimeOfDay::from_minute(self.at_minute).ok_or_else(|| {
            bad(
                "at_minute",
                format!("{} is not a minute of the day", self.at_minute),
            )
        })?;
        let days = Weekdays::from_bits(self.days)
            .ok_or_else(|| bad("days", format!("{} is not a set of weekdays", self.days)))?;
        let purpose = self
            .purpose
            .parse::<Purpose>()
            .map_err(|e| bad("purpose", e))?;
        let snoozed_until = self
            .snoozed_until
            .as_deref()
            .map(parse_instant)
            .transpose()
            .map_err(|e| bad("snoozed_until", e))?;
        Ok(Reminder {
            id: self.id,
            at,
            days,
            purpose,
            pathway_id: self.pathway_id,
            enabled: self.enabled,
            snoozed_until,
        })
    }
}

/// Inserts a reminder exactly as given (id, state and all), e.g. when a deletion is undone.
pub(crate) fn insert_as_is(conn: &Connection, r: &Reminder, created_at: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO reminders (id, at_minute, days, purpose, pathway_id, enabled,
             snoozed_until, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            r.id,
            r.at.minute_of_day(),
            r.days.bits(),
            r.purpose.as_str(),
            r.pathway_id,
            r.enabled,
            r.snoozed_until.as_ref().map(format_instant),
            created_at,
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{Checkin, Pathway, ReflectionInput};

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("valid instant in test")
    }

    fn clock() -> FixedClock {
        FixedClock(at("2026-11-24T09:00:00+01:00"))
    }

    fn input(time: &str, purpose: Purpose) -> ReminderInput {
        ReminderInput::new(time.parse().expect("valid time in test"), purpose)
    }

    fn pathway(store: &mut Store) -> Pathway {
        let p = Pathway {
            id: "p1".into(),
            belief_id: "visibility_risk".into(),
            reframe: None,
            next_action: Some("Post the draft".into()),
            cycle: None,
            if_then: None,
            started_on: NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"),
        };
        store.save_pathway(p.clone()).expect("pathway saved");
        p
    }

    #[test]
    fn add_list_get_remove() {
        let mut s = Store::open_in_memory().unwrap();
        let mut evening = input("21:00", Purpose::Reflection);
        evening.days = "mon,thu".parse().unwrap();
        let a = s.add_reminder(evening, &clock()).unwrap();
        let b = s
            .add_reminder(input("07:30", Purpose::Checkin), &clock())
            .unwrap();
        assert!(a.enabled && a.snoozed_until.is_none());
        assert_eq!(a.days.names(), ["mon", "thu"]);
        let all = s.reminders().unwrap();
        assert_eq!(all, vec![b.clone(), a.clone()], "ordered by time of day");
        assert_eq!(s.reminder(&a.id).unwrap(), Some(a.clone()));
        assert_eq!(s.remove_reminder(&a.id).unwrap(), a);
        assert_eq!(s.reminders().unwrap(), vec![b]);
        let e = s.remove_reminder(&a.id).unwrap_err();
        assert!(
            matches!(
                e,
                StoreError::NotFound {
                    what: "reminder",
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn pathway_reminders_need_an_existing_pathway_and_go_with_it() {
        let mut s = Store::open_in_memory().unwrap();
        let mut r = input("10:00", Purpose::Pathway);
        r.pathway_id = Some("p1".into());
        let e = s.add_reminder(r.clone(), &clock()).unwrap_err();
        assert_eq!(e.to_string(), "pathway: \"p1\" is not a known pathway");
        assert!(s.reminders().unwrap().is_empty());
        assert_eq!(
            s.add_reminder(input("10:00", Purpose::Pathway), &clock())
                .unwrap_err()
                .field(),
            Some("pathway")
        );
        pathway(&mut s);
        let added = s.add_reminder(r, &clock()).unwrap();
        assert_eq!(added.pathway_id.as_deref(), Some("p1"));
        s.delete_pathway("p1").unwrap();
        assert!(
            s.reminders().unwrap().is_empty(),
            "deleting the pathway removes its reminders"
        );
    }

    #[test]
    fn update_enable_and_snooze() {
        let mut s = Store::open_in_memory().unwrap();
        let r = s
            .add_reminder(input("07:30", Purpose::Checkin), &clock())
            .unwrap();
        let until = at("2026-11-24T07:40:00+01:00");
        let snoozed = s.snooze_reminder(&r.id, Some(until)).unwrap();
        assert_eq!(snoozed.snoozed_until, Some(until));
        assert_eq!(
            s.reminder(&r.id).unwrap().unwrap().snoozed_until,
            Some(until)
        );
        let off = s.set_reminder_enabled(&r.id, false).unwrap();
        assert!(!off.enabled && off.snoozed_until.is_none());
        assert!(s.set_reminder_enabled(&r.id, true).unwrap().enabled);
        s.snooze_reminder(&r.id, Some(until)).unwrap();
        let mut changed = input("08:15", Purpose::Reflection);
        changed.days = "sat,sun".parse().unwrap();
        let u = s.update_reminder(&r.id, changed).unwrap();
        assert_eq!(
            (u.at.to_string(), u.purpose, u.snoozed_until),
            ("08:15".to_string(), Purpose::Reflection, None)
        );
        // A failed update changes nothing.
        let mut bad = input("09:00", Purpose::Pathway);
        bad.pathway_id = Some("nope".into());
        assert!(s.update_reminder(&r.id, bad).is_err());
        assert_eq!(s.reminder(&r.id).unwrap().unwrap(), u);
        assert!(matches!(
            s.snooze_reminder("missing", None).unwrap_err(),
            StoreError::NotFound { .. }
        ));
        assert!(s
            .update_reminder("missing", input("09:00", Purpose::Checkin))
            .is_err());
        assert!(s.set_reminder_enabled("missing", true).is_err());
    }

    #[test]
    fn quiet_hours_round_trip() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.quiet_hours().unwrap(), None);
        let q: QuietHours = "22:00-07:00".parse().unwrap();
        s.set_quiet_hours(Some(q)).unwrap();
        assert_eq!(s.quiet_hours().unwrap(), Some(q));
        let q2: QuietHours = "23:30-06:00".parse().unwrap();
        s.set_quiet_hours(Some(q2)).unwrap();
        assert_eq!(s.quiet_hours().unwrap(), Some(q2));
        s.set_quiet_hours(None).unwrap();
        assert_eq!(s.quiet_hours().unwrap(), None);
    }

    #[test]
    fn last_run_round_trip() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.reminders_last_run().unwrap(), None);
        let t = at("2026-11-24T07:00:00+01:00");
        s.set_reminders_last_run(t).unwrap();
        assert_eq!(s.reminders_last_run().unwrap(), Some(t));
        let t2 = at("2026-11-24T08:00:00-05:00");
        s.set_reminders_last_run(t2).unwrap();
        assert_eq!(s.reminders_last_run().unwrap(), Some(t2));
        assert_eq!(s.reminders_paused_on().unwrap(), None);
        let d = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        s.set_reminders_paused_on(Some(d)).unwrap();
        assert_eq!(s.reminders_paused_on().unwrap(), Some(d));
        s.set_reminders_paused_on(None).unwrap();
        assert_eq!(s.reminders_paused_on().unwrap(), None);
    }

    #[test]
    fn recent_prompts_merge_the_log_and_answered_reflections() {
        let mut s = Store::open_in_memory().unwrap();
        s.record_prompt_shown("thinking.before_delay", at("2026-11-20T21:00:00+01:00"))
            .unwrap();
        s.record_prompt_shown("belief.identity", at("2026-11-10T21:00:00+01:00"))
            .unwrap();
        let mut answer = ReflectionInput::new(at("2026-11-22T21:05:00+01:00"), "I said later.");
        answer.prompt_id = Some("execution.smallest_step".into());
        s.add_reflection(answer, &clock()).unwrap();
        s.add_reflection(
            ReflectionInput::new(at("2026-11-23T21:05:00+01:00"), "free entry"),
            &clock(),
        )
        .unwrap();
        let got = s.recent_prompts(at("2026-11-17T09:00:00+01:00")).unwrap();
        let ids: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["thinking.before_delay", "execution.smallest_step"]);
        assert_eq!(got[0].1, at("2026-11-20T20:00:00Z"));
        assert!(s
            .record_prompt_shown("  ", at("2026-11-20T21:00:00+01:00"))
            .is_err());
        // Old entries are pruned when new ones are written.
        s.record_prompt_shown("belief.permission", at("2027-03-01T21:00:00+01:00"))
            .unwrap();
        let all = s.recent_prompts(at("2000-01-01T00:00:00Z")).unwrap();
        assert!(all
            .iter()
            .all(|(id, _)| id != "thinking.before_delay" && id != "belief.identity"));
    }

    #[test]
    fn conditions_hold_quiet_hours_and_checkin_dates() {
        let mut s = Store::open_in_memory().unwrap();
        let d = |x: &str| crate::domain::parse_date(x).unwrap();
        s.save_checkin(Checkin::new(d("2026-11-22"), 3), &clock())
            .unwrap();
        s.save_checkin(Checkin::new(d("2026-11-24"), 4), &clock())
            .unwrap();
        s.set_quiet_hours(Some("22:00-07:00".parse().unwrap()))
            .unwrap();
        let c = s.reminder_conditions(d("2026-11-23")).unwrap();
        assert_eq!(
            c.checkins.into_iter().collect::<Vec<_>>(),
            vec![d("2026-11-24")]
        );
        assert_eq!(c.quiet.unwrap().to_string(), "22:00-07:00");
    }
}

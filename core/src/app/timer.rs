//! The reminder timer of a long-running front end, without its thread: what it remembers
//! between looks ([`Timer`]: today's pause, the prompt waiting to be answered, whether
//! notifications may be shown, the date of the last daily backup) and what one look decides
//! ([`Timer::look`]): the firings to deliver and with which words, whether the daily backup is
//! due, whether an encrypted journal left idle locks now, and how long to sleep.
//!
//! The front end owns the thread that sleeps for [`Look::sleep`], shows the notifications, runs
//! the [`DailyBackup`] on a thread of its own and locks the journal when told; the clock, the
//! zone and the idle time are handed in, so all of it is tested on fixed dates.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{NaiveDate, TimeZone};
use serde::Serialize;

use super::lock::Held;
use super::refusal::Refusal;
use super::reminders::Delivery;
use super::session::Session;
use super::tick::{self, MAX_SLEEP};
use crate::domain::Instant;
use crate::keys::DataKey;
use crate::reminders::choose::ChosenPrompt;
use crate::reminders::Purpose;
use crate::store::{Store, StoreError};

/// Whether notifications may be shown, as the platform answered when asked once at start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    #[default]
    Unknown,
    Granted,
    Denied,
}

/// A reminder that fired and carried a prompt, waiting to be answered in Today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pending {
    pub prompt: ChosenPrompt,
    pub purpose: Purpose,
    #[serde(with = "crate::domain::instant_serde")]
    pub at: Instant,
}

/// One firing as the front end delivers it: the notification's words, and what the window is
/// told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fired {
    pub purpose: Purpose,
    pub title: String,
    pub body: String,
    pub prompt: Option<ChosenPrompt>,
    /// Whether the window should show it itself, because notifications were refused (then no
    /// notification is sent).
    pub banner: bool,
}

/// The daily backup a look found due: run it off the journal's lock (it opens a connection of
/// its own, with the journal's key when it is encrypted).
#[derive(Clone)]
pub struct DailyBackup {
    pub journal: PathBuf,
    pub key: Option<DataKey>,
    pub today: NaiveDate,
    pub keep: usize,
}

impl DailyBackup {
    /// Writes `<journal's folder>/backups/<name>-<today>.bak` unless it exists, keeping the
    /// newest `keep`; the path written, if any.
    pub fn run(&self) -> Result<Option<PathBuf>, StoreError> {
        let dir = crate::paths::backups_dir(&self.journal);
        Store::daily_backup_at(
            &self.journal,
            self.key.as_ref(),
            &dir,
            self.today,
            self.keep,
        )
    }
}

/// What one look decided.
pub struct Look {
    /// The firings to deliver now (already recorded as shown), in order.
    pub fired: Vec<Fired>,
    /// The daily backup to start, when the local date changed (or at the first look).
    pub backup: Option<DailyBackup>,
    /// Whether the encrypted journal has been idle long enough to lock now.
    pub lock: bool,
    /// How long to sleep before the next look.
    pub sleep: Duration,
    /// Why the reminders could not be checked this time (the next look tries again).
    pub problem: Option<StoreError>,
}

/// The idle time before an encrypted journal locks: `minutes`, or `instead` when given (a test
/// build's shorter time).
pub fn lock_after(minutes: u32, instead: Option<Duration>) -> Duration {
    instead.unwrap_or(Duration::from_secs(u64::from(minutes) * 60))
}

/// Whether a journal idle for `idle` locks now, and the sleep shortened so the timer wakes in
/// time to lock it when `after` runs out.
pub fn idle_lock(after: Duration, idle: Duration, sleep: Duration) -> (bool, Duration) {
    if idle >= after {
        return (true, sleep);
    }
    (false, sleep.min(after - idle + Duration::from_millis(200)))
}

/// The timer's memory between looks.
#[derive(Debug, Default)]
pub struct Timer {
    pending: Option<Pending>,
    paused_on: Option<NaiveDate>,
    permission: Permission,
    backed_up_on: Option<NaiveDate>,
}

impl Timer {
    pub fn new() -> Self {
        Self::default()
    }

    /// True the first time it is asked on each local date (so the daily backup runs at start
    /// and again whenever the date changes while the app runs).
    pub fn backup_due(&mut self, today: NaiveDate) -> bool {
        if self.backed_up_on == Some(today) {
            return false;
        }
        self.backed_up_on = Some(today);
        true
    }

    pub fn permission(&self) -> Permission {
        self.permission
    }

    pub fn set_permission(&mut self, p: Permission) {
        self.permission = p;
    }

    /// Whether reminders are paused for `today`.
    pub fn paused(&self, today: NaiveDate) -> bool {
        self.paused_on == Some(today)
    }

    /// Pauses (or resumes) the rest of `today`'s reminders.
    pub fn set_paused(&mut self, today: NaiveDate, paused: bool) {
        self.paused_on = paused.then_some(today);
    }

    /// The prompt waiting in Today: the last one a reminder carried, until it is answered or its
    /// day is over.
    pub fn pending(&mut self, store: &Store, today: NaiveDate) -> Option<Pending> {
        let p = self.pending.clone()?;
        let answered = || tick::answered(store, &p.prompt.id, p.at).unwrap_or(false);
        if p.at.date_naive() != today || answered() {
            self.pending = None;
            return None;
        }
        Some(p)
    }

    /// One look of the timer at `now` in `zone`, with the journal `held` (open or locked) and
    /// the window idle for `idle`: delivers what is due since the last look (a missed reminder
    /// at most once; nothing while today is paused), finds the daily backup due when the date
    /// has changed, and decides whether an encrypted journal left idle locks. While the journal
    /// is locked the reminders still fire, from the schedule kept in memory, with neutral
    /// words; `lock_after_instead` replaces the person's idle minutes (a test build's seconds).
    pub fn look<Z: TimeZone>(
        &mut self,
        held: &mut Held,
        now: Instant,
        zone: &Z,
        idle: Duration,
        lock_after_instead: Option<Duration>,
    ) -> Look {
        let (store, locked) = held.for_timer();
        let words = !locked && store.notifications_show_words().unwrap_or(false);
        let idle_minutes = if !locked && store.is_encrypted() {
            store.lock_after_minutes().ok().flatten()
        } else {
            None
        };
        let backup = (!locked)
            .then(|| store.path().map(std::path::Path::to_path_buf))
            .flatten()
            .map(|p| (p, store.key().cloned(), store.backup_keep()));
        let mut look = Look {
            fired: Vec::new(),
            backup: None,
            lock: false,
            sleep: MAX_SLEEP,
            problem: None,
        };
        match tick::tick(store, now, zone) {
            Ok(t) => {
                if let Some((journal, key, Ok(keep))) = backup {
                    if self.backup_due(t.today) {
                        let today = t.today;
                        look.backup = Some(DailyBackup {
                            journal,
                            key,
                            today,
                            keep,
                        });
                    }
                }
                if !self.paused(t.today) {
                    look.fired = t.deliveries.iter().map(|d| self.fire(d, words)).collect();
                }
                look.sleep = t.sleep;
            }
            Err(e) => look.problem = Some(e),
        }
        if let Some(minutes) = idle_minutes {
            let after = lock_after(minutes, lock_after_instead);
            (look.lock, look.sleep) = idle_lock(after, idle, look.sleep);
        }
        look
    }

    /// One firing's words (the person's own only when `words`, else a neutral line); a prompt
    /// it carried waits in Today.
    fn fire(&mut self, d: &Delivery, words: bool) -> Fired {
        let (title, body) = if words {
            tick::wording(d)
        } else {
            tick::neutral_wording(d)
        };
        if let (Some(prompt), true) = (&d.prompt, words) {
            self.pending = Some(Pending {
                prompt: prompt.clone(),
                purpose: d.purpose,
                at: d.at,
            });
        }
        Fired {
            purpose: d.purpose,
            title,
            body,
            prompt: d.prompt.clone().filter(|_| words),
            banner: self.permission == Permission::Denied,
        }
    }
}

/// The longest the timer's first look waits for the window to say its first view is ready
/// ([`TimerState::first_look`]): a window that never says so (started hidden, or broken) still
/// gets its reminders, catch-up and daily backup.
pub const FIRST_LOOK_AT_THE_LATEST: Duration = Duration::from_secs(10);

/// In a debug build, the idle time `PLUMBLINE_TEST_IDLE_SECONDS` names (the end-to-end tests'
/// stand-in for [`lock_after`]'s minutes); release builds ignore it.
pub fn test_idle_from_env() -> Option<Duration> {
    let seconds = std::env::var("PLUMBLINE_TEST_IDLE_SECONDS").ok();
    let seconds = seconds.filter(|_| cfg!(debug_assertions))?.parse().ok();
    seconds.map(Duration::from_secs)
}

/// The reminder timer a long-running front end shares between its timer thread and its
/// commands: the [`Timer`] and the channel that wakes the thread. Its dates are the session's
/// ("today" in [`Session::zone`]), never the system's. The journal's lock (and, before it, the
/// lock of the person's own journal set aside for the demo) is always taken before the timer's.
#[derive(Default)]
pub struct TimerState {
    wake: Mutex<Option<Sender<()>>>,
    timer: Mutex<Timer>,
    window_ready: AtomicBool,
}

impl TimerState {
    pub fn new() -> Self {
        Self::default()
    }

    /// The timer's memory (its state stays sound even if a holder panicked).
    pub fn timer(&self) -> MutexGuard<'_, Timer> {
        super::unpoisoned(&self.timer)
    }

    /// The channel the timer's thread waits on between looks; [`TimerState::rearm`] sends on
    /// it (a later call replaces the earlier channel).
    pub fn wake_channel(&self) -> Receiver<()> {
        let (tx, rx) = mpsc::channel();
        *super::unpoisoned(&self.wake) = Some(tx);
        rx
    }

    /// The window's first view is on screen and answers the keyboard: the timer's first look
    /// (the reminders' catch-up, the daily backup) may run now. Only the first call counts.
    pub fn window_ready(&self) {
        if !self.window_ready.swap(true, Ordering::SeqCst) {
            self.rearm();
        }
    }

    /// Waits on `rx` (from [`TimerState::wake_channel`]) before the timer's first look, so the
    /// catch-up and the daily backup never compete with the window for the first view: until
    /// [`TimerState::window_ready`] (or any other rearm), and at most `at_the_latest`. False
    /// when the channel is gone (the app is ending).
    pub fn first_look(&self, rx: &Receiver<()>, at_the_latest: Duration) -> bool {
        if self.window_ready.load(Ordering::SeqCst) {
            // The wake that said so is not a change to look at again.
            while rx.try_recv().is_ok() {}
            return true;
        }
        match rx.recv_timeout(at_the_latest) {
            Ok(()) => {
                while rx.try_recv().is_ok() {}
                true
            }
            Err(mpsc::RecvTimeoutError::Timeout) => true,
            Err(mpsc::RecvTimeoutError::Disconnected) => false,
        }
    }

    /// Asks the timer to look again now (after any change to reminders or their settings).
    pub fn rearm(&self) {
        if let Some(tx) = self.wake.lock().ok().as_deref().and_then(Option::as_ref) {
            let _ = tx.send(());
        }
    }

    /// One look of the timer ([`Timer::look`]) at the session's now, in its zone, with its
    /// idle time; `lock_after_instead` as there.
    ///
    /// While the demo journal is open the look is at the person's own journal, set aside: their
    /// reminders keep coming from its schedule (with neutral words when it is encrypted, as it
    /// is locked then), while the demo's never fire. A prompt such a reminder carries is in the
    /// notification but does not wait in the window, which shows the demo.
    pub fn look_in(
        &self,
        session: &Session,
        lock_after_instead: Option<Duration>,
    ) -> Result<Look, Refusal> {
        let (now, idle) = (session.now(), session.idle_for());
        let mut own = session.own_held()?;
        if let Some(own) = own.as_mut() {
            let mut timer = self.timer();
            let waiting = timer.pending.take();
            let mut look = timer.look(own, now, session.zone(), idle, lock_after_instead);
            timer.pending = waiting;
            for fired in &mut look.fired {
                fired.prompt = None;
            }
            return Ok(look);
        }
        drop(own);
        let mut held = session.held()?;
        Ok(self
            .timer()
            .look(&mut held, now, session.zone(), idle, lock_after_instead))
    }

    /// Whether the rest of today's reminders are paused.
    pub fn paused_in(&self, session: &Session) -> bool {
        self.timer().paused(session.today())
    }

    /// Pauses (or resumes) the rest of today's reminders and keeps the pause in the journal,
    /// so a restart keeps it. The timer pauses even when the journal cannot keep it (locked, or
    /// a failed write); the error says why.
    pub fn pause_in(&self, session: &Session, paused: bool) -> Result<(), Refusal> {
        let today = session.today();
        self.timer().set_paused(today, paused);
        let mut store = session.store()?;
        Ok(store.set_reminders_paused_on(paused.then_some(today))?)
    }

    /// Takes up a pause kept in the journal (at start and after unlocking; it applies only on
    /// its own day).
    pub fn restore_pause_in(&self, session: &Session) {
        let Ok(store) = session.store() else { return };
        if let Ok(Some(day)) = store.reminders_paused_on() {
            self.timer().set_paused(day, true);
        }
    }

    /// The journal was just unlocked: today's pause kept in it is taken up again and the timer
    /// looks at the schedule it can now read.
    pub fn unlocked_in(&self, session: &Session) {
        self.restore_pause_in(session);
        self.rearm();
    }

    /// The prompt waiting in Today ([`Timer::pending`]) on the session's today.
    pub fn pending_in(&self, session: &Session) -> Result<Option<Pending>, Refusal> {
        let store = session.store()?;
        Ok(self.timer().pending(&store, session.today()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{parse_instant, Layer, ReflectionInput};
    use crate::keys::{KdfParams, Secret};
    use crate::reminders::{ReminderInput, TimeOfDay};
    use chrono::FixedOffset;

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("valid instant in test")
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn zone() -> FixedOffset {
        FixedOffset::east_opt(3600).expect("offset")
    }

    /// A journal file with one reminder at `time` for `purpose`, looked at last at `last`.
    fn journal(dir: &std::path::Path, time: &str, purpose: Purpose, last: &str) -> Store {
        let mut store = Store::open(&dir.join("journal.plumbline")).expect("journal");
        let clock = FixedClock(at(last));
        let t: TimeOfDay = time.parse().expect("time");
        store
            .add_reminder(ReminderInput::new(t, purpose), &clock)
            .expect("reminder");
        store.set_reminders_last_run(at(last)).expect("last run");
        store
    }

    #[test]
    fn the_daily_backup_is_due_once_per_date_and_again_when_the_date_changes() {
        let mut t = Timer::new();
        assert!(t.backup_due(d("2026-11-20")));
        assert!(!t.backup_due(d("2026-11-20")));
        assert!(
            t.backup_due(d("2026-11-21")),
            "a new day while the app runs"
        );
        assert!(!t.backup_due(d("2026-11-21")));
    }

    #[test]
    fn the_daily_backup_writes_through_its_own_connection() {
        let dir = tempfile::tempdir().expect("dir");
        let journal = dir.path().join("journal.plumbline");
        let store = Store::open(&journal).expect("journal");
        let backup = |today: &str| DailyBackup {
            journal: journal.clone(),
            key: None,
            today: d(today),
            keep: 3,
        };
        let first = backup("2026-11-20").run().expect("ran").expect("written");
        assert!(first.starts_with(dir.path().join("backups")));
        let next = backup("2026-11-21").run().expect("ran").expect("next day");
        assert_ne!(first, next);
        assert!(backup("2026-11-21").run().expect("ran").is_none());
        drop(store);
    }

    #[test]
    fn a_pause_holds_for_its_day_only() {
        let mut t = Timer::new();
        let day = d("2026-11-24");
        assert!(!t.paused(day));
        t.set_paused(day, true);
        assert!(t.paused(day));
        assert!(!t.paused(day.succ_opt().expect("next day")));
        t.set_paused(day, false);
        assert!(!t.paused(day));
    }

    #[test]
    fn the_pending_prompt_waits_until_answered_or_its_day_ends() {
        let mut store = Store::open_in_memory().expect("journal");
        let fired = at("2026-11-24T20:00:00+01:00");
        let mut t = Timer::new();
        let p = Pending {
            prompt: ChosenPrompt {
                id: "thinking.before_delay".into(),
                layer: Layer::Thinking,
                text: "What did you tell yourself?".into(),
            },
            purpose: Purpose::Reflection,
            at: fired,
        };
        t.pending = Some(p.clone());
        let today = fired.date_naive();
        assert_eq!(t.pending(&store, today), Some(p.clone()));
        assert_eq!(t.pending(&store, today.succ_opt().expect("next day")), None);
        t.pending = Some(p.clone());
        let clock = FixedClock(at("2026-11-24T20:05:00+01:00"));
        let mut input = ReflectionInput::new(clock.0, "I said one more email.");
        input.prompt_id = Some(p.prompt.id.clone());
        store.add_reflection(input, &clock).expect("reflection");
        assert_eq!(t.pending(&store, today), None, "answered");
    }

    #[test]
    fn a_look_delivers_with_words_keeps_the_prompt_and_backs_up_once_a_day() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = journal(
            dir.path(),
            "20:00",
            Purpose::Reflection,
            "2026-11-24T19:00:00+01:00",
        );
        store.set_notifications_show_words(true).expect("words");
        let mut held = Held::Open(store);
        let mut t = Timer::new();
        let now = at("2026-11-24T20:00:30+01:00");
        let look = t.look(&mut held, now, &zone(), Duration::ZERO, None);
        assert!(look.problem.is_none());
        assert_eq!(look.fired.len(), 1);
        let fired = &look.fired[0];
        assert_eq!(fired.purpose, Purpose::Reflection);
        assert!(!fired.banner);
        let prompt = fired.prompt.clone().expect("the prompt, with words on");
        assert_eq!(fired.body, prompt.text);
        let store = held.store().expect("open");
        let pending = t
            .pending(store, now.date_naive())
            .expect("waiting in Today");
        assert_eq!(pending.prompt, prompt);
        let backup = look.backup.expect("the first look of the day backs up");
        assert_eq!(backup.today, d("2026-11-24"));
        assert_eq!(backup.keep, store.backup_keep().expect("keep"));
        assert!(!look.lock, "a plaintext journal never locks");
        assert!(look.sleep <= MAX_SLEEP);

        let again = t.look(
            &mut held,
            at("2026-11-24T20:01:00+01:00"),
            &zone(),
            Duration::ZERO,
            None,
        );
        assert!(again.fired.is_empty(), "delivered once");
        assert!(again.backup.is_none(), "backed up once a day");
    }

    #[test]
    fn a_look_without_words_or_permission_says_only_that_it_is_time() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = journal(
            dir.path(),
            "20:00",
            Purpose::Reflection,
            "2026-11-24T19:00:00+01:00",
        );
        store.set_notifications_show_words(false).expect("no words");
        let mut held = Held::Open(store);
        let mut t = Timer::new();
        t.set_permission(Permission::Denied);
        let now = at("2026-11-24T20:00:30+01:00");
        let look = t.look(&mut held, now, &zone(), Duration::ZERO, None);
        assert_eq!(look.fired.len(), 1);
        assert!(look.fired[0].prompt.is_none());
        assert!(
            look.fired[0].banner,
            "refused notifications: the window shows a banner"
        );
        let store = held.store().expect("open");
        assert!(t.pending(store, now.date_naive()).is_none());
    }

    #[test]
    fn a_paused_day_delivers_nothing_and_does_not_deliver_it_later() {
        let dir = tempfile::tempdir().expect("dir");
        let store = journal(
            dir.path(),
            "20:00",
            Purpose::Checkin,
            "2026-11-24T19:00:00+01:00",
        );
        let mut held = Held::Open(store);
        let mut t = Timer::new();
        t.set_paused(d("2026-11-24"), true);
        let look = t.look(
            &mut held,
            at("2026-11-24T20:00:30+01:00"),
            &zone(),
            Duration::ZERO,
            None,
        );
        assert!(look.fired.is_empty());
        t.set_paused(d("2026-11-24"), false);
        let look = t.look(
            &mut held,
            at("2026-11-24T20:01:00+01:00"),
            &zone(),
            Duration::ZERO,
            None,
        );
        assert!(
            look.fired.is_empty(),
            "the paused firing was recorded as looked at"
        );
    }

    #[test]
    fn an_encrypted_journal_locks_after_its_idle_time_and_the_timer_wakes_for_it() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = journal(
            dir.path(),
            "08:00",
            Purpose::Checkin,
            "2026-11-24T09:00:00+01:00",
        );
        store.set_lock_after_minutes(Some(5)).expect("idle minutes");
        let mut held = Held::Open(store);
        held.encrypt_with(&Secret::new("pw"), KdfParams::TEST)
            .expect("encrypted");
        let mut t = Timer::new();
        let now = at("2026-11-24T12:00:00+01:00");
        let look = t.look(
            &mut held,
            now,
            &zone(),
            Duration::from_secs(4 * 60 + 50),
            None,
        );
        assert!(!look.lock);
        assert_eq!(
            look.sleep,
            Duration::from_secs(10) + Duration::from_millis(200)
        );
        let look = t.look(&mut held, now, &zone(), Duration::from_secs(5 * 60), None);
        assert!(look.lock, "five minutes idle");
        let shorter = Some(Duration::from_secs(5));
        let look = t.look(&mut held, now, &zone(), Duration::from_secs(6), shorter);
        assert!(look.lock, "a test build's seconds stand in for the minutes");

        held.lock(&FixedClock(now)).expect("locked");
        let look = t.look(&mut held, now, &zone(), Duration::from_secs(3600), None);
        assert!(!look.lock, "already locked");
        assert!(look.backup.is_none(), "no backup while locked");
    }

    #[test]
    fn the_person_s_reminders_keep_coming_while_the_demo_is_open() {
        use crate::app::analysis::AnalysisState;
        use crate::app::welcome::{close_demo_in, open_demo_in};
        // Each journal has a reminder at 20:00 looked at last at 19:00; it is 21:30 now.
        let now = FixedClock(at("2026-11-24T21:30:00+01:00"));
        for encrypted in [false, true] {
            let dir = tempfile::tempdir().expect("dir");
            let store = journal(
                dir.path(),
                "20:00",
                Purpose::Reflection,
                "2026-11-24T19:00:00+01:00",
            );
            let session = Session::fixed(store, now);
            if encrypted {
                let mut held = session.held().expect("held");
                held.encrypt_with(&Secret::new("pw"), KdfParams::TEST)
                    .expect("encrypted");
            }
            let analysis = AnalysisState::new();
            let timer = TimerState::new();
            open_demo_in(&session, &analysis).expect("demo");

            let look = timer.look_in(&session, None).expect("looked");
            assert_eq!(look.fired.len(), 1, "encrypted: {encrypted}");
            let fired = &look.fired[0];
            assert_eq!(fired.purpose, Purpose::Reflection);
            assert_eq!(fired.prompt, None, "no prompt waits in the demo's window");
            assert!(timer.pending_in(&session).expect("demo open").is_none());
            // Locked for the demo, an encrypted journal's words stay in it; a plaintext one's
            // notification carries the prompt.
            let neutral = "A moment for your journal, when you are ready.";
            assert_eq!(fired.body == neutral, encrypted, "{}", fired.body);
            // Delivered once: not again while the demo is open, nor once back.
            let again = timer.look_in(&session, None).expect("looked");
            assert!(again.fired.is_empty(), "encrypted: {encrypted}");
            close_demo_in(&session, &analysis).expect("own again");
            assert_eq!(session.is_locked(), encrypted);
            if encrypted {
                assert!(timer
                    .look_in(&session, None)
                    .expect("locked")
                    .fired
                    .is_empty());
                session.unlock(&Secret::new("pw"), false).expect("unlocked");
            }
            let back = timer.look_in(&session, None).expect("looked");
            assert!(back.fired.is_empty(), "encrypted: {encrypted}");
            // The demo's own reminders never fired: the person's journal is the one looked at.
            let own = session.store().expect("own");
            assert_eq!(
                own.path(),
                Some(dir.path().join("journal.plumbline").as_path())
            );
            assert_eq!(
                own.reminders_last_run().expect("read"),
                Some(now.0),
                "encrypted: {encrypted}"
            );
        }
    }

    /// A session on `store` at 2026-11-24 11:00 UTC in the IANA zone `zone`.
    fn session_in(store: Store, zone: &str) -> Session {
        let zone = crate::zone::LocalZone::named(zone).expect("zone");
        let clock = Box::new(FixedClock(at("2026-11-24T11:00:00Z")));
        Session::new(Held::Open(store), clock, zone)
    }

    // At 11:00 UTC it is already the 25th at UTC+14 and still the 23rd at UTC−12: whatever the
    // system's zone, it cannot give both dates, so these fail if the timer asks the system.

    #[test]
    fn a_pause_is_for_today_in_the_session_s_zone_and_kept_in_the_journal() {
        for (zone, today) in [
            ("Pacific/Kiritimati", "2026-11-25"),
            ("Etc/GMT+12", "2026-11-23"),
        ] {
            let session = session_in(Store::open_in_memory().expect("journal"), zone);
            let timer = TimerState::new();
            timer.pause_in(&session, true).expect("kept");
            assert!(timer.timer().paused(d(today)), "{zone}");
            assert!(timer.paused_in(&session));
            let kept = session.store().expect("open").reminders_paused_on();
            assert_eq!(kept.expect("read"), Some(d(today)), "{zone}");

            let restarted = TimerState::new();
            restarted.restore_pause_in(&session);
            assert!(restarted.paused_in(&session), "{zone}: a restart keeps it");
            timer.pause_in(&session, false).expect("kept");
            assert!(!timer.paused_in(&session));
            let kept = session.store().expect("open").reminders_paused_on();
            assert_eq!(kept.expect("read"), None);
        }
    }

    #[test]
    fn a_look_fires_by_the_wall_clock_of_the_session_s_zone() {
        for (zone, fires) in [
            ("Pacific/Kiritimati", Purpose::Checkin),
            ("Etc/GMT+12", Purpose::Reflection),
        ] {
            let mut store = Store::open_in_memory().expect("journal");
            let clock = FixedClock(at("2026-11-24T10:00:00Z"));
            for (time, purpose) in [("00:30", Purpose::Checkin), ("22:30", Purpose::Reflection)] {
                let t: TimeOfDay = time.parse().expect("time");
                let input = ReminderInput::new(t, purpose);
                store.add_reminder(input, &clock).expect("reminder");
            }
            store.set_reminders_last_run(clock.0).expect("last run");
            let session = session_in(store, zone);
            let timer = TimerState::new();
            let look = timer.look_in(&session, None).expect("looked");
            assert!(look.problem.is_none(), "{zone}");
            let purposes: Vec<Purpose> = look.fired.iter().map(|f| f.purpose).collect();
            assert_eq!(purposes, [fires], "{zone}");
        }
    }

    #[test]
    fn a_rearm_wakes_the_thread_s_channel() {
        let timer = TimerState::new();
        timer.rearm();
        let rx = timer.wake_channel();
        assert!(rx.try_recv().is_err(), "nothing before a change");
        timer.rearm();
        assert_eq!(rx.try_recv(), Ok(()));
    }

    #[test]
    fn the_first_look_waits_for_the_window_once_and_gives_up_waiting_in_time() {
        let timer = TimerState::new();
        let rx = timer.wake_channel();
        // Nothing said yet: the wait ends at the latest given.
        assert!(timer.first_look(&rx, Duration::from_millis(1)));
        timer.window_ready();
        // Said before the wait: no wait at all (an hour would hang the test).
        assert!(timer.first_look(&rx, Duration::from_secs(3600)));
        assert!(rx.try_recv().is_err(), "the wake was drained");
        timer.window_ready();
        assert!(
            rx.try_recv().is_err(),
            "only the first ready wakes the timer"
        );
        // A timer whose channel is gone (the app ending) does not look at all.
        let ending = TimerState::new();
        let rx = ending.wake_channel();
        let _ = ending.wake_channel();
        assert!(!ending.first_look(&rx, Duration::from_secs(3600)));
    }

    #[test]
    fn after_unlocking_the_kept_pause_is_taken_up_and_the_timer_looks_again() {
        let clock = FixedClock(at("2026-11-24T09:00:00+01:00"));
        let session = Session::fixed(Store::open_in_memory().expect("journal"), clock);
        session
            .store()
            .expect("open")
            .set_reminders_paused_on(Some(d("2026-11-24")))
            .expect("kept");
        let state = TimerState::new();
        let rx = state.wake_channel();
        assert!(!state.paused_in(&session));
        state.unlocked_in(&session);
        assert!(state.paused_in(&session), "today's kept pause");
        assert_eq!(rx.try_recv(), Ok(()), "the timer was woken");
    }

    #[test]
    fn idle_time_is_minutes_unless_a_test_build_says_seconds() {
        assert_eq!(lock_after(5, None), Duration::from_secs(300));
        assert_eq!(
            lock_after(5, Some(Duration::from_secs(5))),
            Duration::from_secs(5)
        );
        let sleep = Duration::from_secs(60);
        assert_eq!(
            idle_lock(Duration::from_secs(300), Duration::from_secs(290), sleep),
            (false, Duration::from_millis(10_200))
        );
        assert_eq!(
            idle_lock(Duration::from_secs(300), Duration::from_secs(10), sleep),
            (false, sleep)
        );
        assert_eq!(
            idle_lock(Duration::from_secs(300), Duration::from_secs(300), sleep),
            (true, sleep)
        );
    }
}

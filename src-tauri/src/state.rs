//! What every command shares: the journal (open, or locked when it is encrypted), the clock,
//! the zone typed times are placed in ([`AppState`]), and [`CommandError`], the refusal the
//! window shows next to the field it names.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use plumbline_core::app::lock::{Held, LockError};
use plumbline_core::app::AppError;
use plumbline_core::domain::{Instant, Invalid};
use plumbline_core::zone::LocalZone;
use plumbline_core::{Clock, Store, StoreError};
use serde::{Deserialize, Serialize};

/// What every command shares: the journal, the clock and the zone typed times are placed in.
pub struct AppState {
    journal: Mutex<Held>,
    clock: Box<dyn Clock>,
    zone: LocalZone,
    /// Files chosen in the system's file chooser for import, by opaque handle: the window
    /// names a chosen file by its handle, never by a path.
    chosen: Mutex<HashMap<String, PathBuf>>,
    /// When the window was last used (for the idle lock).
    last_used: Mutex<std::time::Instant>,
    /// While a demo journal is open: the person's own journal file, set aside untouched.
    own_journal: Mutex<Option<std::path::PathBuf>>,
}

/// The open journal, behind the app's lock (see [`AppState::store`]).
pub struct StoreGuard<'a>(MutexGuard<'a, Held>);

impl Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        // Made only by `AppState::store`, which checked the journal is open under this lock.
        self.0
            .store()
            .expect("checked open when the guard was made")
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.0
            .store_mut()
            .expect("checked open when the guard was made")
    }
}

impl AppState {
    /// The running app: system clock, system time zone.
    pub fn new(journal: Held, clock: Box<dyn Clock>) -> Self {
        Self {
            journal: Mutex::new(journal),
            clock,
            zone: LocalZone::System,
            chosen: Mutex::default(),
            last_used: Mutex::new(std::time::Instant::now()),
            own_journal: Mutex::new(None),
        }
    }

    /// A fixed clock whose offset also places typed wall-clock times (tests).
    pub fn fixed(store: Store, clock: plumbline_core::FixedClock) -> Self {
        let offset = *clock.0.offset();
        Self {
            journal: Mutex::new(Held::Open(store)),
            clock: Box::new(clock),
            zone: LocalZone::Fixed(offset),
            chosen: Mutex::default(),
            last_used: Mutex::new(std::time::Instant::now()),
            own_journal: Mutex::new(None),
        }
    }

    /// The open journal, for the shell's other modules (never held across a wait); refused
    /// while it is locked.
    pub fn store(&self) -> Result<StoreGuard<'_>, CommandError> {
        Ok(self.open_journal()?)
    }

    /// [`AppState::store`] for core's functions, which speak [`AppError`].
    pub fn open_journal(&self) -> Result<StoreGuard<'_>, AppError> {
        let held = self.held().map_err(|_| AppError::Unavailable)?;
        if held.is_locked() {
            return Err(AppError::Lock(LockError::Locked));
        }
        Ok(StoreGuard(held))
    }

    /// The journal, open or locked (for locking, unlocking and the reminder timer).
    pub fn held(&self) -> Result<MutexGuard<'_, Held>, CommandError> {
        self.journal.lock().map_err(|_| CommandError {
            message: "The journal is unavailable after an earlier failure; restart Plumbline."
                .into(),
            field: None,
        })
    }

    /// Whether the journal is locked now.
    pub fn is_locked(&self) -> bool {
        self.held().is_ok_and(|h| h.is_locked())
    }

    /// Remembers a file chosen for import and gives the opaque handle the window uses for it.
    pub fn remember_chosen(&self, path: PathBuf) -> String {
        let handle = uuid::Uuid::new_v4().to_string();
        if let Ok(mut chosen) = self.chosen.lock() {
            chosen.insert(handle.clone(), path);
        }
        handle
    }

    /// The file a handle from [`AppState::remember_chosen`] stands for.
    pub fn chosen(&self, handle: &str) -> Option<PathBuf> {
        self.chosen.lock().ok()?.get(handle).cloned()
    }

    /// The window was used just now.
    pub fn touch(&self) {
        if let Ok(mut t) = self.last_used.lock() {
            *t = std::time::Instant::now();
        }
    }

    /// How long since the window was last used.
    pub fn idle_for(&self) -> std::time::Duration {
        self.last_used
            .lock()
            .map_or(std::time::Duration::ZERO, |t| t.elapsed())
    }

    /// The person's own journal file while a demo journal is open.
    pub fn own_journal(&self) -> Option<std::path::PathBuf> {
        self.own_journal.lock().ok().and_then(|o| o.clone())
    }

    /// Puts `store` in place of the open journal; `own` is the person's journal file while
    /// `store` is a demo, `None` when it is their own again.
    pub fn switch_journal(
        &self,
        store: Store,
        own: Option<std::path::PathBuf>,
    ) -> Result<(), CommandError> {
        *self.store()? = store;
        if let Ok(mut o) = self.own_journal.lock() {
            *o = own;
        }
        Ok(())
    }

    /// Now, from the app's clock.
    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    /// The app's clock.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The zone wall-clock times typed in the window are placed in.
    pub fn zone(&self) -> &LocalZone {
        &self.zone
    }
}

/// A refusal the window can show: one plain sentence, and the form field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub message: String,
    pub field: Option<String>,
}

impl From<Invalid> for CommandError {
    fn from(inv: Invalid) -> Self {
        // `tags[3]` is shown next to the tags field.
        let field = inv
            .field
            .split('[')
            .next()
            .unwrap_or(&inv.field)
            .to_string();
        let label = field_label(&field);
        let reason = inv.reason.trim_end_matches('.');
        let verb = ["is ", "has ", "contains ", "needs "]
            .iter()
            .any(|v| reason.starts_with(v));
        CommandError {
            message: if verb {
                format!("{label} {reason}.")
            } else {
                format!("{label}: {reason}.")
            },
            field: Some(field),
        }
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(inv) => inv.into(),
            other => CommandError {
                message: other.to_string(),
                field: None,
            },
        }
    }
}

impl From<LockError> for CommandError {
    fn from(e: LockError) -> Self {
        let field = match e {
            LockError::WrongSecret { .. } => Some("passphrase".into()),
            LockError::EmptyPassphrase => Some("new_passphrase".into()),
            LockError::Mismatch => Some("confirm_passphrase".into()),
            _ => None,
        };
        let message = match &e {
            LockError::Locked => "The journal is locked; unlock it first.".to_string(),
            LockError::WrongSecret { .. } => {
                "That passphrase does not open the journal; nothing was changed.".to_string()
            }
            other => sentence(&other.to_string()),
        };
        CommandError { message, field }
    }
}

/// A message as a sentence: capitalised, with a full stop.
fn sentence(s: &str) -> String {
    let mut out = s.trim_end_matches('.').to_string();
    if let Some(first) = out.get(..1) {
        let upper = first.to_uppercase();
        out.replace_range(..1, &upper);
    }
    out.push('.');
    out
}

impl From<AppError> for CommandError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid(inv) => inv.into(),
            AppError::Store(s) => s.into(),
            AppError::Lock(l) => l.into(),
            other => CommandError {
                message: other.to_string(),
                field: None,
            },
        }
    }
}

/// The words the form uses for a field.
fn field_label(field: &str) -> String {
    match field {
        "at" | "time" => "Time".into(),
        "planned_at" | "planned" => "Planned time".into(),
        "delay_minutes" => "Delay".into(),
        "prompt_id" => "Prompt".into(),
        "quiet_start" => "Quiet hours start".into(),
        "quiet_end" => "Quiet hours end".into(),
        "backup_keep" => "Daily backups to keep".into(),
        "belief_id" => "Belief".into(),
        "if_then" => "If–then plan".into(),
        "started_on" => "Start date".into(),
        other => {
            let mut s = other.replace('_', " ");
            if let Some(first) = s.get(..1) {
                let upper = first.to_uppercase();
                s.replace_range(..1, &upper);
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_names_the_form_field_in_words() {
        let e: CommandError = Invalid::new("tags[2]", "is empty").into();
        assert_eq!(e.field.as_deref(), Some("tags"));
        assert_eq!(e.message, "Tags is empty.");
        let e: CommandError = Invalid::new("delay_minutes", "-3 is negative").into();
        assert_eq!(e.message, "Delay: -3 is negative.");
        let e: CommandError = Invalid::new("task", "is required and must not be empty").into();
        assert_eq!(e.message, "Task is required and must not be empty.");
    }
}

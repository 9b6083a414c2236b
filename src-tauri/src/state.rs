//! What every command shares: the open journal, the clock, the zone typed times are placed
//! in ([`AppState`]), and [`CommandError`], the refusal the window shows next to the field it
//! names.

use std::sync::{Mutex, MutexGuard};

use plumbline_core::app::AppError;
use plumbline_core::domain::{Instant, Invalid};
use plumbline_core::zone::LocalZone;
use plumbline_core::{Clock, Store, StoreError};
use serde::{Deserialize, Serialize};

/// What every command shares: the open journal, the clock and the zone typed times are placed
/// in.
pub struct AppState {
    store: Mutex<Store>,
    clock: Box<dyn Clock>,
    zone: LocalZone,
    /// While a demo journal is open: the person's own journal file, set aside untouched.
    own_journal: Mutex<Option<std::path::PathBuf>>,
}

impl AppState {
    /// The running app: system clock, system time zone.
    pub fn new(store: Store, clock: Box<dyn Clock>) -> Self {
        Self {
            store: Mutex::new(store),
            clock,
            zone: LocalZone::System,
            own_journal: Mutex::new(None),
        }
    }

    /// A fixed clock whose offset also places typed wall-clock times (tests).
    pub fn fixed(store: Store, clock: plumbline_core::FixedClock) -> Self {
        let offset = *clock.0.offset();
        Self {
            store: Mutex::new(store),
            clock: Box::new(clock),
            zone: LocalZone::Fixed(offset),
            own_journal: Mutex::new(None),
        }
    }

    /// The open journal, for the shell's other modules (never held across a wait).
    pub fn store(&self) -> Result<MutexGuard<'_, Store>, CommandError> {
        self.store.lock().map_err(|_| CommandError {
            message: "The journal is unavailable after an earlier failure; restart Plumbline."
                .into(),
            field: None,
        })
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

    /// The journal behind its lock, for core's functions that lock it themselves.
    pub fn journal(&self) -> &Mutex<Store> {
        &self.store
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

impl From<AppError> for CommandError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid(inv) => inv.into(),
            AppError::Store(s) => s.into(),
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

//! What a window shows when a command is refused: one plain sentence, and the form field it is
//! about ([`Refusal`]), made from every error the application layer gives.

use serde::{Deserialize, Serialize};

use super::data::DataError;
use super::lock::LockError;
use super::AppError;
use crate::domain::Invalid;
use crate::store::StoreError;

/// A refusal a window can show: one plain sentence, and the form field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub message: String,
    pub field: Option<String>,
}

impl Refusal {
    /// A refusal about no field in particular.
    pub fn plain(message: impl std::fmt::Display) -> Self {
        Refusal {
            message: message.to_string(),
            field: None,
        }
    }

    /// A refusal shown next to `field`.
    pub fn of(field: &str, message: impl Into<String>) -> Self {
        Refusal {
            message: message.into(),
            field: Some(field.to_string()),
        }
    }
}

impl From<Invalid> for Refusal {
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
        Refusal {
            message: if verb {
                format!("{label} {reason}.")
            } else {
                format!("{label}: {reason}.")
            },
            field: Some(field),
        }
    }
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(inv) => inv.into(),
            other => Refusal::plain(other),
        }
    }
}

impl From<LockError> for Refusal {
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
        Refusal { message, field }
    }
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid(inv) => inv.into(),
            AppError::Store(s) => s.into(),
            AppError::Lock(l) => l.into(),
            other => Refusal::plain(other),
        }
    }
}

impl From<DataError> for Refusal {
    fn from(e: DataError) -> Self {
        match e {
            DataError::Read(_) | DataError::Record { .. } => Refusal::of("path", e.to_string()),
            DataError::Store(s) => s.into(),
            other => Refusal::plain(other),
        }
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
        let e: Refusal = Invalid::new("tags[2]", "is empty").into();
        assert_eq!(e.field.as_deref(), Some("tags"));
        assert_eq!(e.message, "Tags is empty.");
        let e: Refusal = Invalid::new("delay_minutes", "-3 is negative").into();
        assert_eq!(e.message, "Delay: -3 is negative.");
        let e: Refusal = Invalid::new("task", "is required and must not be empty").into();
        assert_eq!(e.message, "Task is required and must not be empty.");
    }

    #[test]
    fn lock_errors_are_sentences_next_to_their_field() {
        let e: Refusal = LockError::Mismatch.into();
        assert_eq!(
            e.message,
            "The two passphrases differ; type the same one twice."
        );
        assert_eq!(e.field.as_deref(), Some("confirm_passphrase"));
        let e: Refusal = LockError::EmptyPassphrase.into();
        assert_eq!(e.field.as_deref(), Some("new_passphrase"));
        assert!(e.message.starts_with("The passphrase is empty") && e.message.ends_with('.'));
        let wrong = LockError::WrongSecret {
            journal: "/j.plumbline".into(),
        };
        let e: Refusal = AppError::Lock(wrong).into();
        assert_eq!(
            e.message,
            "That passphrase does not open the journal; nothing was changed."
        );
        assert_eq!(e.field.as_deref(), Some("passphrase"));
        let e: Refusal = AppError::Lock(LockError::Locked).into();
        assert_eq!(
            (e.message.as_str(), e.field),
            ("The journal is locked; unlock it first.", None)
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_is_shown_at_the_path_field() {
        let e: Refusal = DataError::NoSuchImport { id: "i1".into() }.into();
        assert_eq!(e.field, None);
        assert!(e.message.contains("i1"), "{}", e.message);
        let bad = DataError::Record {
            file: "day.csv".into(),
            invalid: Invalid::new("events[3].friction", "9 is out of range 1–5"),
        };
        let e: Refusal = bad.into();
        assert_eq!(e.field.as_deref(), Some("path"));
        assert_eq!(
            e.message,
            "day.csv: events[3].friction: 9 is out of range 1–5"
        );
        let e: Refusal =
            DataError::Store(StoreError::Invalid(Invalid::new("tags[0]", "is empty"))).into();
        assert_eq!(e.field.as_deref(), Some("tags"));
    }
}

//! "Remember on this device": an encrypted journal's data key kept in the system keyring
//! (Secret Service on Linux, the Keychain on macOS, the Credential Manager on Windows), one
//! entry per journal path.
//!
//! The desktop app reads it at launch only (a journal locked by the idle time or "Lock now"
//! always asks again); the command line reads it last, after `--passphrase-file`,
//! `PLUMBLINE_PASSPHRASE_FILE` and a prompt on a terminal (docs/contracts.md §2). Where no keyring
//! answers (headless, over ssh) nothing is remembered and the passphrase is asked for.

use std::path::Path;

use crate::keys::DataKey;

/// The keyring's service name for Plumbline's entries.
const SERVICE: &str = "plumbline-journal";

fn entry(journal: &Path) -> Result<keyring::Entry, String> {
    keyring::Entry::new(SERVICE, &journal.display().to_string()).map_err(explain)
}

/// Why the keyring could not be used, in plain words.
fn explain(e: keyring::Error) -> String {
    match e {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            "No system keyring is available here, so Plumbline will ask for the passphrase each \
             time."
                .to_string()
        }
        other => format!("The system keyring refused to keep the key ({other})."),
    }
}

/// Keeps `key` for `journal`; an error says in plain words why it could not.
pub fn remember(journal: &Path, key: &DataKey) -> Result<(), String> {
    entry(journal)?.set_password(&key.to_hex()).map_err(explain)
}

/// The key remembered for `journal`, if the keyring has one.
pub fn recall(journal: &Path) -> Option<DataKey> {
    let text = zeroize::Zeroizing::new(entry(journal).ok()?.get_password().ok()?);
    DataKey::from_hex(&text)
}

/// Forgets the key remembered for `journal` (nothing when there is none or no keyring).
pub fn forget(journal: &Path) {
    if let Ok(e) = entry(journal) {
        let _ = e.delete_credential();
    }
}

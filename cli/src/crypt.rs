//! `encrypt`, `decrypt`, `rekey`, and finding the passphrase of an encrypted journal.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::{io, CliError};
use plumbline_core::keys::{key_file_path, DataKey, KdfParams, KeyFile, Secret};
use plumbline_core::paths;
use plumbline_core::store::{Converted, Store, StoreError};

const ENCRYPT_HELP: &str = "\
Encrypts the journal in place (SQLCipher), and the plaintext backups Plumbline made of it;
any backup that stays plaintext is named. The data key is kept in <journal>.keys beside the
journal, sealed under the passphrase and under a recovery key printed once: write the recovery
key down, it opens the journal wherever a passphrase does. Nothing changes if it fails.

Example:
  plumbline encrypt --new-passphrase-file ~/.config/plumbline/passphrase";

const DECRYPT_HELP: &str = "\
Turns an encrypted journal (and its encrypted backups) back into plaintext. Needs the current
passphrase (--passphrase-file, PLUMBLINE_PASSPHRASE_FILE, the prompt, or the key remembered
in the system keyring), and forgets that remembered key.

Example:
  plumbline --passphrase-file pass.txt decrypt";

const REKEY_HELP: &str = "\
Changes the passphrase: the data key is sealed again under the new one; the journal itself is
not rewritten, and the recovery key keeps working. Needs the current passphrase.

Example:
  plumbline --passphrase-file old.txt rekey --new-passphrase-file new.txt";

#[derive(Debug, Clone, Args)]
#[command(after_help = ENCRYPT_HELP)]
pub struct EncryptArgs {
    /// A file holding the new passphrase (one trailing newline is ignored).
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: PathBuf,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = DECRYPT_HELP)]
pub struct DecryptArgs {}

#[derive(Debug, Clone, Args)]
#[command(after_help = REKEY_HELP)]
pub struct RekeyArgs {
    /// A file holding the new passphrase (one trailing newline is ignored).
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: PathBuf,
}

fn key_error(e: plumbline_core::keys::KeyError) -> CliError {
    CliError::failed(e)
}

/// The data key that opens an encrypted journal, and where it came from.
pub struct JournalKey {
    pub key: DataKey,
    /// Whether it is the key remembered in the system keyring (no passphrase was given).
    pub remembered: bool,
}

/// The data key of the journal at `path` when it is encrypted (a key file beside it and a
/// file that does not read as plaintext SQLite); `None` otherwise. The passphrase comes from
/// `--passphrase-file`, else `PLUMBLINE_PASSPHRASE_FILE`, else a prompt on a terminal; else the
/// key is the one the person chose to remember in the system keyring (docs/contracts.md §2).
pub fn journal_key(
    path: &Path,
    passphrase_file: Option<&Path>,
) -> Result<Option<JournalKey>, CliError> {
    let key_file = key_file_path(path);
    if !plumbline_core::store::looks_encrypted(path) || !key_file.is_file() {
        return Ok(None);
    }
    let keys = KeyFile::load(&key_file).map_err(key_error)?;
    let secret = match passphrase(path, passphrase_file)? {
        Some(secret) => secret,
        None => {
            return match plumbline_core::remember::recall(path) {
                Some(key) => Ok(Some(JournalKey {
                    key,
                    remembered: true,
                })),
                None => Err(CliError::failed(format!(
                    "{} is encrypted; give its passphrase with --passphrase-file FILE or {} (or \
                     run in a terminal to be asked); no key for it is remembered in a system \
                     keyring here; it was left untouched",
                    path.display(),
                    paths::PASSPHRASE_FILE_ENV
                ))),
            };
        }
    };
    keys.unlock(&secret, path)
        .map(|key| {
            Some(JournalKey {
                key,
                remembered: false,
            })
        })
        .map_err(|e| CliError::failed(format!("{e}; it was left untouched")))
}

/// Opening the journal with `key` failed: when the key came from the keyring, says so, since
/// the person gave no passphrase that could be wrong.
pub fn open_failed(e: StoreError, key: Option<&JournalKey>) -> CliError {
    match (e, key) {
        (StoreError::WrongKey { path }, Some(k)) if k.remembered => CliError::failed(format!(
            "the key remembered in the system keyring does not open {} (was the journal \
             encrypted again since?); give its passphrase with --passphrase-file FILE or {}; \
             it was left untouched",
            path.display(),
            paths::PASSPHRASE_FILE_ENV
        )),
        (e, _) => e.into(),
    }
}

/// The passphrase given for `journal`: from a file named on the command line or by the
/// environment, else asked on a terminal; `None` when neither is possible.
fn passphrase(journal: &Path, explicit: Option<&Path>) -> Result<Option<Secret>, CliError> {
    let from_env = paths::passphrase_file_from_env();
    if let Some(file) = explicit.map(Path::to_path_buf).or(from_env) {
        return Secret::from_file(&file).map(Some).map_err(key_error);
    }
    if std::io::stdin().is_terminal() {
        let text = rpassword::prompt_password(format!("Passphrase for {}: ", journal.display()))
            .map_err(|e| CliError::failed(format!("could not read the passphrase: {e}")))?;
        if text.is_empty() {
            return Err(CliError::failed("no passphrase was given"));
        }
        return Ok(Some(Secret::new(text)));
    }
    Ok(None)
}

fn report(out: &mut dyn Write, done: &[Converted], what: &str) -> Result<(), CliError> {
    let changed = done.iter().filter(|c| c.left.is_none()).count();
    if changed > 0 {
        writeln!(
            out,
            "{what} {changed} backup{} of it as well.",
            if changed == 1 { "" } else { "s" }
        )
        .map_err(io)?;
    }
    for c in done {
        if let Some(why) = &c.left {
            writeln!(out, "Left {} as it was: {why}.", c.path.display()).map_err(io)?;
        }
    }
    Ok(())
}

/// `encrypt --new-passphrase-file FILE` on the (plaintext) journal in `store`.
pub fn encrypt(store: Store, args: &EncryptArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let path = store
        .path()
        .map(Path::to_path_buf)
        .ok_or_else(|| CliError::failed("an in-memory journal cannot be encrypted"))?;
    if store.is_encrypted() {
        return Err(CliError::failed(format!(
            "{} is already encrypted; `plumbline rekey` changes its passphrase",
            path.display()
        )));
    }
    let secret = Secret::from_file(&args.new_passphrase_file).map_err(key_error)?;
    let (keys, key, recovery) =
        KeyFile::create(&secret, KdfParams::for_passphrase()).map_err(key_error)?;
    let backups = paths::backups_dir(&path);
    let (_store, done) = store.encrypt(&key, &keys, Some(&backups))?;
    writeln!(
        out,
        "Encrypted {}. Its key is sealed in {} under your passphrase.",
        path.display(),
        key_file_path(&path).display()
    )
    .map_err(io)?;
    report(out, &done, "Encrypted")?;
    writeln!(
        out,
        "Recovery key (shown only now; write it down and keep it apart from your passphrase):\n  {}",
        recovery.as_str()
    )
    .map_err(io)
}

/// `decrypt` on the (encrypted, unlocked) journal in `store`.
pub fn decrypt(store: Store, out: &mut dyn Write) -> Result<(), CliError> {
    let path = store
        .path()
        .map(Path::to_path_buf)
        .ok_or_else(|| CliError::failed("an in-memory journal cannot be decrypted"))?;
    if !store.is_encrypted() {
        return Err(CliError::failed(format!(
            "{} is not encrypted",
            path.display()
        )));
    }
    let backups = paths::backups_dir(&path);
    let (_store, done) = store.decrypt(Some(&backups))?;
    // A plaintext journal needs no key; one encrypted again later gets a new key.
    plumbline_core::remember::forget(&path);
    writeln!(
        out,
        "Decrypted {}: it is plaintext again, readable by anyone who can read the file.",
        path.display()
    )
    .map_err(io)?;
    report(out, &done, "Decrypted")
}

/// `rekey --new-passphrase-file FILE` on the (encrypted, unlocked) journal in `store`.
pub fn rekey(store: &Store, args: &RekeyArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let path = store
        .path()
        .map(Path::to_path_buf)
        .ok_or_else(|| CliError::failed("an in-memory journal has no passphrase"))?;
    let Some(key) = store.key() else {
        return Err(CliError::failed(format!(
            "{} is not encrypted; `plumbline encrypt` encrypts it",
            path.display()
        )));
    };
    let secret = Secret::from_file(&args.new_passphrase_file).map_err(key_error)?;
    let keys = KeyFile::load(&key_file_path(&path)).map_err(key_error)?;
    let keys = keys
        .rewrap(key, &secret, KdfParams::for_passphrase())
        .map_err(key_error)?;
    store.rekey(&keys, Some(&paths::backups_dir(&path)))?;
    writeln!(
        out,
        "Changed the passphrase of {}; the recovery key still works.",
        path.display()
    )
    .map_err(io)
}

//! Encryption at rest: the journal's data key and how it is kept.
//!
//! An encrypted journal is an SQLCipher database whose pages (and WAL, and backups) are
//! encrypted with a random 256-bit *data key*, given to SQLCipher as a raw key (no key
//! derivation of its own, so opening is fast once the key is known). The data key is never
//! stored as it is: the *key file* beside the journal (`<journal>.keys`, 0600) holds it
//! *wrapped* — sealed with XChaCha20-Poly1305 under a key derived from a secret with Argon2id —
//! once for the passphrase and once for the recovery key. The Argon2id parameters are stored
//! with each wrap, so they can be raised later without breaking older key files.
//!
//! Changing the passphrase seals the same data key again under the new passphrase: the journal
//! itself is not re-encrypted. The recovery key, shown once when encryption is turned on, is a
//! 256-bit random secret written as 64 hexadecimal digits in groups; it opens the journal
//! wherever a passphrase does.
//!
//! Secrets live in [`zeroize::Zeroizing`] buffers, wiped when dropped.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::files;

/// The key file's `format` field.
const FORMAT: &str = "plumbline-keys";
/// Associated data of every wrap: a sealed key is bound to its purpose.
const AAD: &[u8] = b"plumbline data key v1";

/// Argon2id cost: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl KdfParams {
    /// For a passphrase: chosen so that deriving takes about half a second on a typical
    /// laptop core (measured by the `unlock` group of `core/benches/encryption.rs`).
    pub const PASSPHRASE: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
    /// For the recovery key, which carries 256 bits of its own: a light derivation suffices.
    pub const RECOVERY: KdfParams = KdfParams {
        m_kib: 8 * 1024,
        t: 1,
        p: 1,
    };
    /// Light parameters for tests (debug builds honour `PLUMBLINE_TEST_KDF=fast`).
    pub const TEST: KdfParams = KdfParams {
        m_kib: 256,
        t: 1,
        p: 1,
    };

    /// The most a key file may ask for: 1 GiB of memory and 16 passes over it. A key file asking
    /// for more is refused as damaged, so a changed number cannot make unlocking allocate
    /// terabytes (an abort) or run for days.
    pub const MAX: KdfParams = KdfParams {
        m_kib: 1024 * 1024,
        t: 16,
        p: 16,
    };

    /// Whether these parameters are within [`KdfParams::MAX`].
    fn within_max(self) -> bool {
        self.m_kib <= KdfParams::MAX.m_kib
            && self.t <= KdfParams::MAX.t
            && self.p <= KdfParams::MAX.p
    }

    /// The passphrase parameters in use: [`KdfParams::PASSPHRASE`], or in a debug build with
    /// `PLUMBLINE_TEST_KDF=fast`, [`KdfParams::TEST`] (release builds ignore the variable).
    pub fn for_passphrase() -> KdfParams {
        if cfg!(debug_assertions)
            && std::env::var_os("PLUMBLINE_TEST_KDF").is_some_and(|v| v == "fast")
        {
            KdfParams::TEST
        } else {
            KdfParams::PASSPHRASE
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the passphrase does not open {}", journal.display())]
    WrongSecret { journal: PathBuf },
    #[error("{}: the passphrase file is empty", path.display())]
    EmptySecret { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a Plumbline key file ({reason})", path.display())]
    BadKeyFile { path: PathBuf, reason: String },
    #[error("deriving the key failed: {0}")]
    Kdf(String),
}

/// The journal's 256-bit data key.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

impl DataKey {
    /// A fresh random key.
    pub fn random() -> DataKey {
        let mut k = Zeroizing::new([0u8; 32]);
        rand::rng().fill_bytes(&mut k[..]);
        DataKey(k)
    }

    /// The key as 64 hexadecimal digits, for the system keyring ("Remember on this device").
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex(&self.0[..]))
    }

    /// A key kept by [`DataKey::to_hex`]; `None` when `text` is not 64 hexadecimal digits.
    pub fn from_hex(text: &str) -> Option<DataKey> {
        let bytes = Zeroizing::new(unhex(text.trim())?);
        let mut k = Zeroizing::new([0u8; 32]);
        if bytes.len() != k.len() {
            return None;
        }
        k.copy_from_slice(&bytes);
        Some(DataKey(k))
    }

    /// The value of `PRAGMA key` for SQLCipher: the raw key, `x'<64 hex digits>'`.
    pub(crate) fn pragma(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(67));
        s.push_str("x'");
        s.push_str(&Zeroizing::new(hex(&self.0[..])));
        s.push('\'');
        s
    }
}

/// A secret that unlocks the data key: a passphrase or the recovery key, as read.
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(Zeroizing::new(s.into()))
    }

    /// Whether nothing was given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Reads a passphrase (or recovery key) file: the whole file, less one trailing newline.
    pub fn from_file(path: &Path) -> Result<Secret, KeyError> {
        let bytes = files::read_capped(path, 64 * 1024).map_err(|e| KeyError::Read {
            path: path.to_path_buf(),
            source: match e {
                files::ReadError::Io(io) => io,
                other => std::io::Error::other(other.to_string()),
            },
        })?;
        let text = Zeroizing::new(String::from_utf8(bytes).map_err(|_| KeyError::Read {
            path: path.to_path_buf(),
            source: std::io::Error::other("it is not UTF-8 text"),
        })?);
        let trimmed = text
            .strip_suffix("\r\n")
            .or_else(|| text.strip_suffix('\n'))
            .unwrap_or(&text);
        if trimmed.is_empty() {
            return Err(KeyError::EmptySecret {
                path: path.to_path_buf(),
            });
        }
        Ok(Secret::new(trimmed))
    }

    /// The recovery key's 32 bytes, when this secret is written as one.
    fn as_recovery(&self) -> Option<Zeroizing<Vec<u8>>> {
        let digits: Zeroizing<String> = Zeroizing::new(
            self.0
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect(),
        );
        if digits.len() != 64 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        unhex(&digits).map(Zeroizing::new)
    }
}

/// The recovery key, shown once: 64 hexadecimal digits in groups of eight.
pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    fn random() -> (RecoveryKey, Zeroizing<Vec<u8>>) {
        let mut raw = Zeroizing::new(vec![0u8; 32]);
        rand::rng().fill_bytes(&mut raw[..]);
        let digits = Zeroizing::new(hex(&raw).to_ascii_uppercase());
        let groups: Vec<&str> = (0..8).map(|i| &digits[i * 8..i * 8 + 8]).collect();
        (RecoveryKey(Zeroizing::new(groups.join("-"))), raw)
    }

    /// The key as the person writes it down.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum WrapKind {
    Passphrase,
    Recovery,
}

/// The data key sealed under one secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Wrap {
    kind: WrapKind,
    kdf: String,
    params: KdfParams,
    salt: String,
    nonce: String,
    sealed: String,
}

/// The key file: the data key's wraps. Holds no secret in the clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    format: String,
    version: u32,
    wraps: Vec<Wrap>,
}

/// `<journal>.keys`: the key file beside a journal (or a backup).
pub fn key_file_path(journal: &Path) -> PathBuf {
    let mut name = journal.as_os_str().to_os_string();
    name.push(".keys");
    PathBuf::from(name)
}

impl KeyFile {
    /// Turns encryption on: a new data key sealed under `passphrase` and under a new recovery
    /// key, which is returned to be shown once.
    pub fn create(
        passphrase: &Secret,
        params: KdfParams,
    ) -> Result<(KeyFile, DataKey, RecoveryKey), KeyError> {
        let key = DataKey::random();
        let (recovery, raw) = RecoveryKey::random();
        let file = KeyFile {
            format: FORMAT.to_string(),
            version: 1,
            wraps: vec![
                seal(&key, WrapKind::Passphrase, passphrase.0.as_bytes(), params)?,
                seal(&key, WrapKind::Recovery, &raw, KdfParams::RECOVERY)?,
            ],
        };
        Ok((file, key, recovery))
    }

    /// The data key, unsealed with a passphrase or the recovery key. `journal` names the
    /// journal in the error.
    pub fn unlock(&self, secret: &Secret, journal: &Path) -> Result<DataKey, KeyError> {
        let recovery = secret.as_recovery();
        for w in &self.wraps {
            let opened = match (w.kind, &recovery) {
                (WrapKind::Recovery, Some(raw)) => open(w, raw)?,
                (WrapKind::Passphrase, _) => open(w, secret.0.as_bytes())?,
                (WrapKind::Recovery, None) => None,
            };
            if let Some(key) = opened {
                return Ok(key);
            }
        }
        Err(KeyError::WrongSecret {
            journal: journal.to_path_buf(),
        })
    }

    /// The same data key sealed under a new passphrase (the recovery key's wrap is kept).
    pub fn rewrap(
        &self,
        key: &DataKey,
        passphrase: &Secret,
        params: KdfParams,
    ) -> Result<KeyFile, KeyError> {
        let mut wraps: Vec<Wrap> = self
            .wraps
            .iter()
            .filter(|w| w.kind != WrapKind::Passphrase)
            .cloned()
            .collect();
        wraps.insert(
            0,
            seal(key, WrapKind::Passphrase, passphrase.0.as_bytes(), params)?,
        );
        Ok(KeyFile {
            format: FORMAT.to_string(),
            version: 1,
            wraps,
        })
    }

    /// Reads a key file.
    pub fn load(path: &Path) -> Result<KeyFile, KeyError> {
        let bytes = files::read_capped(path, 1024 * 1024).map_err(|e| KeyError::Read {
            path: path.to_path_buf(),
            source: match e {
                files::ReadError::Io(io) => io,
                other => std::io::Error::other(other.to_string()),
            },
        })?;
        KeyFile::parse(&bytes, path)
    }

    /// Reads a key file's bytes; `path` names the file in the error.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<KeyFile, KeyError> {
        let bad = |reason: String| KeyError::BadKeyFile {
            path: path.to_path_buf(),
            reason,
        };
        let file: KeyFile = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        if file.format != FORMAT || file.version != 1 {
            return Err(bad(format!(
                "format {} version {}",
                file.format, file.version
            )));
        }
        if let Some((i, w)) = file
            .wraps
            .iter()
            .enumerate()
            .find(|(_, w)| !w.params.within_max())
        {
            let KdfParams { m_kib, t, p } = w.params;
            return Err(bad(format!(
                "wraps[{i}] asks for Argon2id with {m_kib} KiB, {t} passes and {p} lanes, more than Plumbline ever uses"
            )));
        }
        Ok(file)
    }

    /// Writes the key file atomically, readable by the owner only.
    pub fn save(&self, path: &Path) -> Result<(), KeyError> {
        let text = serde_json::to_string_pretty(self).map_err(|e| KeyError::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other(e),
        })?;
        files::write_atomic(path, text.as_bytes()).map_err(|source| KeyError::Write {
            path: path.to_path_buf(),
            source,
        })
    }
}

fn derive(secret: &[u8], salt: &[u8], params: KdfParams) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let p = Params::new(params.m_kib, params.t, params.p, Some(32))
        .map_err(|e| KeyError::Kdf(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, p)
        .hash_password_into(secret, salt, &mut out[..])
        .map_err(|e| KeyError::Kdf(e.to_string()))?;
    Ok(out)
}

fn seal(key: &DataKey, kind: WrapKind, secret: &[u8], params: KdfParams) -> Result<Wrap, KeyError> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    rand::rng().fill_bytes(&mut salt);
    rand::rng().fill_bytes(&mut nonce);
    let kek = derive(secret, &salt, params)?;
    let cipher = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(&kek[..]));
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &key.0[..],
                aad: AAD,
            },
        )
        .map_err(|e| KeyError::Kdf(e.to_string()))?;
    Ok(Wrap {
        kind,
        kdf: "argon2id".to_string(),
        params,
        salt: hex(&salt),
        nonce: hex(&nonce),
        sealed: hex(&sealed),
    })
}

/// Unseals a wrap with a secret: `None` when the secret is not the one it was sealed with.
fn open(w: &Wrap, secret: &[u8]) -> Result<Option<DataKey>, KeyError> {
    let (Some(salt), Some(nonce), Some(sealed)) =
        (unhex(&w.salt), unhex(&w.nonce), unhex(&w.sealed))
    else {
        return Ok(None);
    };
    if w.kdf != "argon2id" || nonce.len() != 24 {
        return Ok(None);
    }
    let kek = derive(secret, &salt, w.params)?;
    let cipher = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(&kek[..]));
    let Ok(plain) = cipher.decrypt(
        XNonce::from_slice(&nonce),
        Payload {
            msg: &sealed,
            aad: AAD,
        },
    ) else {
        return Ok(None);
    };
    let plain = Zeroizing::new(plain);
    let mut k = Zeroizing::new([0u8; 32]);
    if plain.len() != 32 {
        return Ok(None);
    }
    k.copy_from_slice(&plain);
    Ok(Some(DataKey(k)))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_and_recovery_key_open_the_same_data_key_and_rewrap_keeps_it() {
        let pass = Secret::new("correct horse");
        let (file, key, recovery) = KeyFile::create(&pass, KdfParams::TEST).expect("create");
        let j = Path::new("j");
        assert_eq!(
            file.unlock(&pass, j).expect("passphrase").pragma(),
            key.pragma()
        );
        let rec = Secret::new(recovery.as_str().to_lowercase());
        assert_eq!(
            file.unlock(&rec, j).expect("recovery").pragma(),
            key.pragma()
        );
        assert!(matches!(
            file.unlock(&Secret::new("wrong"), j),
            Err(KeyError::WrongSecret { .. })
        ));
        let new = Secret::new("battery staple");
        let re = file.rewrap(&key, &new, KdfParams::TEST).expect("rewrap");
        assert!(
            re.unlock(&pass, j).is_err(),
            "the old passphrase no longer opens it"
        );
        assert_eq!(re.unlock(&new, j).expect("new").pragma(), key.pragma());
        assert_eq!(re.unlock(&rec, j).expect("recovery").pragma(), key.pragma());
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("j.keys");
        re.save(&p).expect("save");
        assert_eq!(KeyFile::load(&p).expect("load"), re);
        let text = std::fs::read_to_string(&p).expect("read");
        assert!(
            !text.contains(&hex(&key.0[..])),
            "the data key is never stored"
        );
        #[cfg(unix)]
        assert_eq!(files::mode_of(&p).expect("mode"), 0o600);
    }

    #[test]
    fn a_key_file_asking_for_absurd_argon2_costs_is_refused_not_run() {
        let (file, _, _) = KeyFile::create(&Secret::new("pass"), KdfParams::TEST).expect("create");
        let text = serde_json::to_string(&file).expect("json");
        let path = Path::new("journal.db.keys");
        assert_eq!(
            KeyFile::parse(text.as_bytes(), path).expect("as made"),
            file
        );
        for (from, to) in [
            ("\"m_kib\":256", "\"m_kib\":4294967295"),
            ("\"t\":1", "\"t\":4294967295"),
            ("\"p\":1", "\"p\":16777215"),
        ] {
            assert!(text.contains(from), "{text}");
            let damaged = text.replacen(from, to, 1);
            let err = KeyFile::parse(damaged.as_bytes(), path).expect_err(to);
            assert!(
                matches!(err, KeyError::BadKeyFile { .. })
                    && err
                        .to_string()
                        .starts_with("journal.db.keys is not a Plumbline key file (wraps[0] asks"),
                "{err}"
            );
        }
        assert!(KdfParams::PASSPHRASE.within_max() && KdfParams::RECOVERY.within_max());
    }

    #[test]
    fn passphrase_files_lose_one_trailing_newline_and_must_not_be_empty() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("pass");
        std::fs::write(&p, "two words \n").expect("write");
        assert_eq!(&*Secret::from_file(&p).expect("read").0, "two words ");
        std::fs::write(&p, "\n").expect("write");
        assert!(matches!(
            Secret::from_file(&p),
            Err(KeyError::EmptySecret { .. })
        ));
    }
}

//! Turning encryption on and off: the journal (and its backups) rewritten with or without the
//! data key.
//!
//! A conversion never changes the file in place: the whole database is exported with
//! `sqlcipher_export` into a new private file beside it, that file is fsynced, and only then
//! renamed over the original (and the folder fsynced). A conversion killed at any point leaves
//! the original journal as it was, or the converted one — both open. The key file is written
//! before the rename when encrypting (a plaintext journal with a key file beside it is still
//! read as plaintext) and removed after it when decrypting.

use std::path::{Path, PathBuf};

use rusqlite::OpenFlags;

use super::{connect, latest_version, Result, Store, StoreError, APPLICATION_ID};
use crate::files;
use crate::keys::{key_file_path, DataKey, KeyFile};

/// What happened to one backup when encryption was turned on or off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub path: PathBuf,
    /// `None` when it was rewritten; else why it was left as it was.
    pub left: Option<String>,
}

impl Store {
    /// Encrypts the journal with `key`, whose wraps `keys` holds (written beside the journal as
    /// `<journal>.keys`), then every plaintext backup of it: the `.bak` copies beside it and
    /// the daily backups in `backups`. Returns the journal reopened and what happened to each
    /// backup.
    pub fn encrypt(
        self,
        key: &DataKey,
        keys: &KeyFile,
        backups: Option<&Path>,
    ) -> Result<(Store, Vec<Converted>)> {
        let path = self.own_path()?;
        if self.key.is_some() {
            return Err(StoreError::Io {
                path,
                source: std::io::Error::other("it is already encrypted"),
            });
        }
        let key_file = key_file_path(&path);
        let keys_io = |p: &Path| {
            let p = p.to_path_buf();
            move |e: crate::keys::KeyError| StoreError::Io {
                path: p,
                source: std::io::Error::other(e.to_string()),
            }
        };
        convert(self, &path, Some(key), |p| {
            keys.save(&key_file).map_err(keys_io(p))
        })?;
        let mut done = Vec::new();
        for copy in backup_copies(&path, backups) {
            done.push(convert_copy(&copy, None, Some(key)));
        }
        if let Some(dir) = backups.filter(|d| d.is_dir()) {
            let name = path.file_name().unwrap_or_default();
            let beside = key_file_path(&dir.join(name));
            keys.save(&beside).map_err(keys_io(&beside))?;
        }
        Ok((Store::open_keyed(&path, Some(key))?, done))
    }

    /// Decrypts the journal (and its encrypted backups, with the same key), then removes the
    /// key file. Returns the journal reopened and what happened to each backup.
    pub fn decrypt(self, backups: Option<&Path>) -> Result<(Store, Vec<Converted>)> {
        let path = self.own_path()?;
        let Some(key) = self.key.clone() else {
            return Err(StoreError::Io {
                path,
                source: std::io::Error::other("it is not encrypted"),
            });
        };
        convert(self, &path, None, |_| Ok(()))?;
        let mut done = Vec::new();
        for copy in backup_copies(&path, backups) {
            done.push(convert_copy(&copy, Some(&key), None));
        }
        let _ = std::fs::remove_file(key_file_path(&path));
        if let Some(dir) = backups {
            let name = path.file_name().unwrap_or_default();
            let _ = std::fs::remove_file(key_file_path(&dir.join(name)));
        }
        Ok((Store::open(&path)?, done))
    }

    fn own_path(&self) -> Result<PathBuf> {
        self.path.clone().ok_or_else(|| StoreError::NotFound {
            what: "journal file",
            id: ":memory:".into(),
        })
    }
}

/// Rewrites the journal at `path` (open in `store`) with `to` (a key, or none for plaintext);
/// `before_rename` runs once the new file is complete and synced, just before it replaces the
/// old one.
fn convert(
    store: Store,
    path: &Path,
    to: Option<&DataKey>,
    before_rename: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    // The WAL folded into the file first (a checkpoint survives a kill: the WAL stays until
    // it is done); the journal itself is only read from here on — its journal mode is not
    // changed, which would leave a hot rollback journal if killed, and no other write
    // happens. Closing the only connection removes the WAL and its index.
    store
        .conn
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    let tmp = files::temp_beside(path, "converting");
    export(&store.conn, &tmp, to)?;
    if let Err(e) = into_wal(&tmp, to) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    drop(store);
    // Another connection (the desktop app) keeps the WAL alive: what it holds would be lost,
    // or laid over the new file. Nothing is replaced then.
    let wal = super::sidecar(path, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        let _ = std::fs::remove_file(&tmp);
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(
                "it is open in another program (the Plumbline app?); close it and try again — nothing was changed",
            ),
        });
    }
    before_rename(path)?;
    files::rename_durable(&tmp, path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Puts the new file in WAL mode, as the journal is, before it replaces the journal: switching
/// the mode is a write, and the first open after the rename, killed during that write, would
/// leave a hot rollback journal that no read-only look at the journal can get past.
fn into_wal(file: &Path, key: Option<&DataKey>) -> Result<()> {
    {
        let conn = connect(
            file,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            key,
        )?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    }
    std::fs::File::open(file)
        .and_then(|f| f.sync_all())
        .map_err(|source| StoreError::Io {
            path: file.to_path_buf(),
            source,
        })
}

/// Exports the whole database behind `conn` into a new private file `dest` with key `to`,
/// schema version and application id included, and fsyncs it. On failure `dest` is removed.
fn export(conn: &rusqlite::Connection, dest: &Path, to: Option<&DataKey>) -> Result<()> {
    let io = |source| StoreError::Io {
        path: dest.to_path_buf(),
        source,
    };
    let name = dest
        .to_str()
        .ok_or_else(|| io(std::io::Error::other("the path is not valid UTF-8")))?;
    let _ = std::fs::remove_file(dest);
    files::create_private_file(dest).map_err(io)?;
    let key = to.map(DataKey::pragma);
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let result = (|| -> Result<()> {
        conn.execute(
            "ATTACH DATABASE ?1 AS converted KEY ?2",
            rusqlite::params![name, key.as_deref().map_or("", String::as_str)],
        )?;
        let exported = conn
            .query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))
            .map_err(StoreError::from)
            .and_then(|()| {
                conn.execute_batch(&format!(
                    "PRAGMA converted.user_version = {version};
                     PRAGMA converted.application_id = {app};"
                ))?;
                Ok(())
            });
        conn.execute_batch("DETACH DATABASE converted;")?;
        exported?;
        std::fs::File::open(dest)
            .and_then(|f| f.sync_all())
            .map_err(io)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    result
}

/// The copies of a journal Plumbline made: `<name>.before-*.bak` beside it and the daily
/// backups `<name>-<date>.bak` in `backups`.
pub fn backup_copies(journal: &Path, backups: Option<&Path>) -> Vec<PathBuf> {
    let Some(name) = journal.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let dir = journal
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let list = |dir: &Path, prefix: &str| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".bak"))
            })
            .collect();
        v.sort();
        v
    };
    let mut out = list(dir, &format!("{name}.before-"));
    if let Some(b) = backups {
        out.extend(list(b, &format!("{name}-")));
    }
    out
}

/// Rewrites one backup copy from key `from` to key `to` the same way as the journal.
fn convert_copy(path: &Path, from: Option<&DataKey>, to: Option<&DataKey>) -> Converted {
    let encrypted = super::looks_encrypted(path);
    let result = (|| -> Result<Option<String>> {
        if encrypted == to.is_some() {
            return Ok(None);
        }
        if encrypted && from.is_none() {
            return Ok(Some(
                "it is encrypted with a key this journal does not have".into(),
            ));
        }
        let conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            if encrypted { from } else { None },
        )?;
        let app: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|_| StoreError::WrongKey {
                path: path.to_path_buf(),
            })?;
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if app != APPLICATION_ID || version > latest_version() {
            return Ok(Some("it is not a copy of this journal".into()));
        }
        let tmp = files::temp_beside(path, "converting");
        export(&conn, &tmp, to)?;
        drop(conn);
        files::rename_durable(&tmp, path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(None)
    })();
    Converted {
        path: path.to_path_buf(),
        left: match result {
            Ok(left) => left,
            Err(e) => Some(e.to_string()),
        },
    }
}

impl Store {
    /// Seals the data key under a new passphrase: the journal is not rewritten. The key file
    /// beside the journal (and the copy in `backups`) are replaced atomically.
    pub fn rekey(&self, keys: &KeyFile, backups: Option<&Path>) -> Result<()> {
        let path = self.own_path()?;
        let save = |p: &Path| {
            keys.save(p).map_err(|e| StoreError::Io {
                path: p.to_path_buf(),
                source: std::io::Error::other(e.to_string()),
            })
        };
        save(&key_file_path(&path))?;
        if let Some(dir) = backups {
            let name = path.file_name().unwrap_or_default();
            let beside = key_file_path(&dir.join(name));
            if beside.exists() {
                save(&beside)?;
            }
        }
        Ok(())
    }
}

const LOCK_AFTER_KEY: &str = "lock_after_minutes";
const SHOW_WORDS_KEY: &str = "notifications_show_words";

/// The idle time after which the desktop app locks an encrypted journal, by default.
pub const DEFAULT_LOCK_AFTER_MINUTES: u32 = 5;

impl Store {
    /// Minutes without use after which the desktop app locks an encrypted journal; `None`:
    /// never by idleness.
    pub fn lock_after_minutes(&self) -> Result<Option<u32>> {
        Ok(match self.setting(LOCK_AFTER_KEY)? {
            None => Some(DEFAULT_LOCK_AFTER_MINUTES),
            Some(v) if v == "never" => None,
            Some(v) => Some(v.parse().unwrap_or(DEFAULT_LOCK_AFTER_MINUTES)),
        })
    }

    /// Changes the idle lock: 1–1440 minutes, or `None` for never.
    pub fn set_lock_after_minutes(&mut self, minutes: Option<u32>) -> Result<()> {
        let value = match minutes {
            None => "never".to_string(),
            Some(m) if (1..=1440).contains(&m) => m.to_string(),
            Some(m) => {
                return Err(crate::domain::Invalid::new(
                    "lock_after_minutes",
                    format!("{m} is out of range 1–1440"),
                )
                .into())
            }
        };
        self.set_setting(LOCK_AFTER_KEY, Some(&value))
    }

    /// Whether notifications may carry the person's own words (prompt texts, pathway steps).
    /// Unset, that is yes for a plaintext journal and no for an encrypted one.
    pub fn notifications_show_words(&self) -> Result<bool> {
        Ok(match self.setting(SHOW_WORDS_KEY)? {
            Some(v) => v == "1",
            None => !self.is_encrypted(),
        })
    }

    /// Changes whether notifications carry the person's own words.
    pub fn set_notifications_show_words(&mut self, show: bool) -> Result<()> {
        self.set_setting(SHOW_WORDS_KEY, Some(if show { "1" } else { "0" }))
    }
}

#[cfg(test)]
mod settings_tests {
    use super::*;

    #[test]
    fn idle_lock_and_notification_words_have_safe_defaults_and_round_trip() {
        let mut s = Store::open_in_memory().expect("journal");
        assert_eq!(
            s.lock_after_minutes().expect("read"),
            Some(DEFAULT_LOCK_AFTER_MINUTES)
        );
        s.set_lock_after_minutes(Some(15)).expect("set");
        assert_eq!(s.lock_after_minutes().expect("read"), Some(15));
        s.set_lock_after_minutes(None).expect("never");
        assert_eq!(s.lock_after_minutes().expect("read"), None);
        let err = s.set_lock_after_minutes(Some(0)).expect_err("zero");
        assert!(err.to_string().contains("lock_after_minutes"), "{err}");
        assert!(s.notifications_show_words().expect("plaintext default"));
        s.set_notifications_show_words(false).expect("set");
        assert!(!s.notifications_show_words().expect("read"));
    }
}

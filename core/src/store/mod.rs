//! The SQLite store: the one file that is the source of truth.
//!
//! Opening a journal (docs/contracts.md §1):
//! 1. A missing or 0-byte file becomes a new journal.
//! 2. Anything else is inspected read-only first: not SQLite, SQLite with another
//!    `application_id`, a non-empty SQLite database without ours, or a schema newer than this
//!    program knows are refused with [`StoreError::NotAJournal`] / [`StoreError::TooNew`], and the
//!    file is not modified in any byte.
//! 3. Pending migrations run in one transaction, after a consistent copy of the file is written
//!    beside it (`<name>.before-v<N>.bak`). Only then is the journal switched to WAL.
//!
//! Every public write method is one transaction. SQL lives in this module and its children,
//! one file per concern.

mod analysis;
mod backup;
mod catalog;
mod checkins;
mod crypt;
mod days;
mod events;
mod imports;
mod reflections;
mod reminders;
mod search;
mod vectors;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::domain::{Instant, Invalid, Kind};
use crate::embed::Embedder;
use crate::files;
use crate::keys::DataKey;

pub use analysis::{EventRows, RowIn, SideRecords};
pub use backup::{Snapshot, DEFAULT_BACKUP_KEEP};
pub use crypt::{backup_copies, Converted};
pub use days::{DayRecords, FirstDays};
pub use imports::{Added, ImportBatch, ImportMeta, ImportRecord, ImportReport, Rejected, Undone};
pub use search::{HitType, SearchHit, SearchKind, SearchQuery, MAX_SEARCH_LIMIT, SEARCH_LIMIT};

/// `PRAGMA application_id` of a Plumbline journal: "PLMB".
pub const APPLICATION_ID: i32 = 0x504C_4D42;

/// One schema migration: its number (= the `user_version` after it) and its SQL.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// The migrations, in order. Never edit one that has been released; add a new file.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "journal",
        sql: include_str!("../../migrations/0001_journal.sql"),
    },
    Migration {
        version: 2,
        name: "reminders",
        sql: include_str!("../../migrations/0002_reminders.sql"),
    },
    Migration {
        version: 3,
        name: "text_vectors",
        sql: include_str!("../../migrations/0003_text_vectors.sql"),
    },
    Migration {
        version: 4,
        name: "search",
        sql: include_str!("../../migrations/0004_search.sql"),
    },
    Migration {
        version: 5,
        name: "import_undo",
        sql: include_str!("../../migrations/0005_import_undo.sql"),
    },
    Migration {
        version: 6,
        name: "search_by_type",
        sql: include_str!("../../migrations/0006_search_by_type.sql"),
    },
    Migration {
        version: 7,
        name: "analysis_rows",
        sql: include_str!("../../migrations/0007_analysis_rows.sql"),
    },
];

/// The schema version this program writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{} is not a Plumbline journal ({reason}); it was left untouched", path.display())]
    NotAJournal { path: PathBuf, reason: String },
    #[error(
        "{} was written by a newer Plumbline (journal schema version {found}, this program knows up to {supported}); update Plumbline to open it — the file was left untouched",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "{} looks like an SQLite URI; Plumbline opens plain file paths only (write ./{} for a file whose name starts with \"file:\")",
        path.display(), path.display()
    )]
    UriPath { path: PathBuf },
    #[error(
        "{} is encrypted (or is not a journal at all): give its passphrase with --passphrase-file FILE or PLUMBLINE_PASSPHRASE_FILE; it was left untouched",
        path.display()
    )]
    Encrypted { path: PathBuf },
    #[error("the passphrase does not open {}; it was left untouched", path.display())]
    WrongKey { path: PathBuf },
    #[error("cannot use {}: {}", path.display(), crate::paths::io_reason(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "upgrading {} to schema version {version} failed ({source}); the journal was left as it was",
        path.display()
    )]
    Migration {
        path: PathBuf,
        version: u32,
        source: rusqlite::Error,
    },
    #[error("{} failed its integrity check: {detail}", path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("there is no {what} with id {id}")]
    NotFound { what: &'static str, id: String },
    #[error("there is {what} {id} in the journal again, so nothing was put back")]
    Taken { what: &'static str, id: String },
    #[error("the journal database reported an error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// The field a validation error is about, for forms that show errors next to fields.
    pub fn field(&self) -> Option<&str> {
        match self {
            StoreError::Invalid(i) => Some(&i.field),
            _ => None,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Filters for listing records. `since`/`until` are inclusive local dates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub kind: Option<Kind>,
    pub limit: Option<usize>,
}

impl Query {
    pub fn on(date: NaiveDate) -> Self {
        Query {
            since: Some(date),
            until: Some(date),
            ..Query::default()
        }
    }
}

/// What a suggestion list is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Suggest {
    Task,
    Domain,
    Tag,
    Emotion,
}

/// How many records of each type the journal holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub events: u64,
    pub checkins: u64,
    pub reflections: u64,
}

/// An open journal.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The data key of an encrypted journal (wiped when the store is dropped).
    key: Option<DataKey>,
    /// The sentence model that embeds the texts this connection writes, in the same
    /// transaction ([`Store::set_embedder`]).
    embedder: Option<Arc<Embedder>>,
    /// Set once this connection counts the changes the analyzer follows
    /// ([`Store::analysis_edit_count`]).
    counting: std::sync::OnceLock<()>,
    /// What records this connection deleted belonged to an import, by table and key (with
    /// their `edited` mark), so an undo of the delete puts them back in it
    /// ([`imports::import_of`]). Undo comes within seconds, on the same connection.
    deleted_from_imports: imports::DeletedFromImports,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating or upgrading as needed) the journal at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_key(path, MIGRATIONS, None)
    }

    /// Opens the journal at `path` with the data key of an encrypted journal (a plaintext
    /// journal is opened as it is; a new one is created encrypted with `key`).
    pub fn open_keyed(path: &Path, key: Option<&DataKey>) -> Result<Store> {
        Store::open_with_key(path, MIGRATIONS, key)
    }

    /// An empty journal in memory (tests, previews).
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        let path = PathBuf::from(":memory:");
        migrate(&mut conn, &path, 0, MIGRATIONS)?;
        Ok(Store {
            conn,
            path: None,
            key: None,
            embedder: None,
            counting: std::sync::OnceLock::new(),
            deleted_from_imports: imports::DeletedFromImports::default(),
        })
    }

    /// [`Store::open`] with an explicit migration list (tests of upgrades and failures).
    #[doc(hidden)]
    pub fn open_with(path: &Path, migrations: &[Migration]) -> Result<Store> {
        Store::open_with_key(path, migrations, None)
    }

    fn open_with_key(
        path: &Path,
        migrations: &[Migration],
        key: Option<&DataKey>,
    ) -> Result<Store> {
        let supported = migrations.last().map_or(0, |m| m.version);
        let (state, encrypted) = inspect_keyed(path, supported, key)?;
        // A plaintext journal is opened as it is; a new one takes the key given.
        let key = match state {
            FileState::Missing | FileState::Empty => key,
            _ if encrypted => key,
            _ => None,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            files::create_private_dir(parent).map_err(|source| StoreError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        make_private(path, state)?;
        let mut conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            key,
        )
        .map_err(|e| StoreError::NotAJournal {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        configure(&conn)?;
        let current = match state {
            FileState::Journal(v) => v,
            _ => 0,
        };
        if current < supported {
            if current > 0 {
                let backup = backup_path(path, supported);
                backup::copy_consistent(&conn, &backup, key)?;
            }
            migrate(&mut conn, path, current, migrations)?;
        }
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        debug_assert!(mode.eq_ignore_ascii_case("wal") || mode.eq_ignore_ascii_case("memory"));
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            key: key.cloned(),
            embedder: None,
            counting: std::sync::OnceLock::new(),
            deleted_from_imports: imports::DeletedFromImports::default(),
        })
    }

    /// A second, read-only connection to an open journal (for reading it whole while the
    /// first connection goes on writing). Refuses a file at another schema version.
    pub fn open_reader(path: &Path) -> Result<Store> {
        Store::open_reader_keyed(path, None)
    }

    /// [`Store::open_reader`] for an encrypted journal.
    pub fn open_reader_keyed(path: &Path, key: Option<&DataKey>) -> Result<Store> {
        plain_path(path)?;
        let conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            key,
        )
        .map_err(|e| StoreError::NotAJournal {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let supported = MIGRATIONS.last().map_or(0, |m| m.version);
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| match key {
                Some(_) if is_not_a_database(&e) => StoreError::WrongKey {
                    path: path.to_path_buf(),
                },
                _ => e.into(),
            })?;
        if version != supported {
            return Err(StoreError::NotAJournal {
                path: path.to_path_buf(),
                reason: format!("schema version {version}, not {supported}"),
            });
        }
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            key: key.cloned(),
            embedder: None,
            counting: std::sync::OnceLock::new(),
            deleted_from_imports: imports::DeletedFromImports::default(),
        })
    }

    /// A second, read-only connection to this journal, with its key.
    pub fn reader(&self) -> Result<Store> {
        let path = self.path.as_deref().ok_or_else(|| StoreError::NotFound {
            what: "journal file",
            id: ":memory:".into(),
        })?;
        Store::open_reader_keyed(path, self.key.as_ref())
    }

    /// True when the journal is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The data key of an encrypted journal.
    pub fn key(&self) -> Option<&DataKey> {
        self.key.as_ref()
    }

    /// A value of the `settings` table, if set.
    pub(crate) fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets a value of the `settings` table, or (with `None`) removes it; one transaction.
    pub(crate) fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        match value {
            Some(v) => tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, v],
            )?,
            None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
        tx.commit()?;
        Ok(())
    }

    /// Whether the person has been through the first-run screen on this journal.
    pub fn welcomed(&self) -> Result<bool> {
        Ok(self.setting("welcomed")?.is_some())
    }

    /// Notes that the first-run screen was answered; one transaction.
    pub fn set_welcomed(&mut self) -> Result<()> {
        self.set_setting("welcomed", Some("yes"))
    }

    /// The journal's file, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open journal.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// How many events, check-ins and reflections the journal holds.
    pub fn counts(&self) -> Result<Counts> {
        let count = |sql: &str| -> Result<u64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        Ok(Counts {
            events: count("SELECT count(*) FROM events")?,
            checkins: count("SELECT count(*) FROM checkins")?,
            reflections: count("SELECT count(*) FROM reflections")?,
        })
    }

    /// True when the journal holds no events, check-ins or reflections.
    pub fn is_empty(&self) -> Result<bool> {
        let any: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM checkins)
                 OR EXISTS (SELECT 1 FROM reflections)",
            [],
            |r| r.get(0),
        )?;
        Ok(!any)
    }

    /// `PRAGMA integrity_check`, as a list of problems (empty when the file is sound).
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        integrity_problems(&self.conn)
    }

    /// The underlying connection, for the store's own modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// The consistent copy written before migrating to `version`: `<name>.before-v<N>.bak`.
pub fn backup_path(path: &Path, version: u32) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".before-v{version}.bak"));
    path.with_file_name(name)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileState {
    Missing,
    Empty,
    /// A SQLite database with nothing in it and no application id: becomes a journal.
    BlankSqlite,
    Journal(u32),
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses a path SQLite would read as a URI (`file:…`): SQLite is built to interpret those
/// even without the URI flag, and a URI can name another database or options such as
/// `mode=rw` that bypass the read-only inspection.
pub(crate) fn plain_path(path: &Path) -> Result<()> {
    if path.as_os_str().as_encoded_bytes().starts_with(b"file:") {
        return Err(StoreError::UriPath {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// The journal and its `-wal`/`-shm` readable by the owner only: a new journal is created
/// 0600 before SQLite opens it (SQLite gives its `-wal` and `-shm` the journal's mode), and an
/// existing one made so.
fn make_private(path: &Path, state: FileState) -> Result<()> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| StoreError::Io { path: p, source }
    };
    if state == FileState::Missing {
        match files::create_private_file(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(path)(e)),
        }
    }
    files::restrict(path).map_err(io(path))?;
    for suffix in ["-wal", "-shm"] {
        let side = sidecar(path, suffix);
        files::restrict(&side).map_err(io(&side))?;
    }
    Ok(())
}

/// `<journal>-wal`, `<journal>-shm`.
pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Opens a connection, giving SQLCipher the data key first when there is one.
pub(crate) fn connect(
    path: &Path,
    flags: OpenFlags,
    key: Option<&DataKey>,
) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    if let Some(k) = key {
        conn.pragma_update(None, "key", &*k.pragma())?;
    }
    Ok(conn)
}

/// SQLITE_NOTADB: what SQLCipher answers when the key does not decrypt the file.
fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase)
}

/// True when `path` exists, is not empty and does not start as a plaintext SQLite database
/// does: an encrypted journal, or not a journal at all.
pub fn looks_encrypted(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    match std::fs::File::open(path).and_then(|mut f| f.read(&mut header)) {
        Ok(0) | Err(_) => false,
        Ok(_) => &header != SQLITE_HEADER,
    }
}

/// Looks at an existing file without changing it (with the data key of an encrypted journal);
/// also says whether it is encrypted.
fn inspect_keyed(path: &Path, supported: u32, key: Option<&DataKey>) -> Result<(FileState, bool)> {
    plain_path(path)?;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((FileState::Missing, false))
        }
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let not_journal = |reason: &str| StoreError::NotAJournal {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if meta.is_dir() {
        return Err(not_journal("it is a directory"));
    }
    if meta.len() == 0 {
        return Ok((FileState::Empty, false));
    }
    let mut header = [0u8; 16];
    let encrypted = {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let n = f.read(&mut header).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        n < header.len() || &header != SQLITE_HEADER
    };
    let key = match (encrypted, key) {
        (false, _) => None,
        (true, None) if crate::keys::key_file_path(path).is_file() => {
            return Err(StoreError::Encrypted {
                path: path.to_path_buf(),
            })
        }
        (true, None) => {
            return Err(not_journal(&format!(
            "it is not an SQLite database, nor an encrypted journal with its key file {} beside it",
            crate::keys::key_file_path(path).display()
        )))
        }
        (true, Some(k)) => Some(k),
    };
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
    .map_err(|e| not_journal(&format!("SQLite cannot open it: {e}")))?;
    let read = || -> rusqlite::Result<(i32, u32, i64)> {
        let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        Ok((app, version, objects))
    };
    if encrypted {
        if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        }) {
            return Err(if is_not_a_database(&e) {
                StoreError::WrongKey {
                    path: path.to_path_buf(),
                }
            } else {
                not_journal(&format!("SQLite cannot read it: {e}"))
            });
        }
    }
    let (app, version, objects) =
        read().map_err(|e| not_journal(&format!("SQLite cannot read it: {e}")))?;
    if app == APPLICATION_ID {
        if version > supported {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported,
            });
        }
        return Ok((FileState::Journal(version), encrypted));
    }
    if app == 0 && objects == 0 && version == 0 {
        return Ok((FileState::BlankSqlite, encrypted));
    }
    if app == 0 {
        return Err(not_journal("it is an SQLite database of another program"));
    }
    Err(not_journal(&format!(
        "it is an SQLite database with application id {app:#010x}"
    )))
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // WAL checkpoints are the only writes that wait on the disk; every 4,000 pages (~16 MB of
    // WAL) instead of SQLite's 1,000 makes them four times rarer, which keeps them out of the
    // 99th percentile of single-event logging. The last connection to close checkpoints anyway.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA wal_autocheckpoint = 4000;",
    )?;
    Ok(())
}

/// Applies the migrations after `current`, all in one transaction.
fn migrate(
    conn: &mut Connection,
    path: &Path,
    current: u32,
    migrations: &[Migration],
) -> Result<()> {
    let pending: Vec<&Migration> = migrations.iter().filter(|m| m.version > current).collect();
    let Some(last) = pending.last() else {
        return Ok(());
    };
    let target = last.version;
    let fail = |version: u32| {
        move |source: rusqlite::Error| StoreError::Migration {
            path: path.to_path_buf(),
            version,
            source,
        }
    };
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
        .map_err(fail(target))?;
    if current == 0 {
        tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))
            .map_err(fail(target))?;
    }
    for m in pending {
        tx.execute_batch(m.sql).map_err(fail(m.version))?;
        tx.execute_batch(&format!("PRAGMA user_version = {};", m.version))
            .map_err(fail(m.version))?;
    }
    tx.commit().map_err(fail(target))?;
    Ok(())
}

fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for r in rows {
        let r = r?;
        if r != "ok" {
            out.push(r);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the store's modules.

const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// Days since 1970-01-01 of a local date.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE
}

/// The local date of a day number.
pub fn date_of_day(day: i64) -> Option<NaiveDate> {
    i32::try_from(day + UNIX_EPOCH_DAYS_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// The day-number range of a query (inclusive), unbounded ends as extremes.
pub(crate) fn day_range(q: &Query) -> (i64, i64) {
    (
        q.since.map_or(i64::MIN, day_number),
        q.until.map_or(i64::MAX, day_number),
    )
}

pub(crate) fn limit_of(q: &Query) -> i64 {
    q.limit
        .and_then(|l| i64::try_from(l).ok())
        .unwrap_or(i64::MAX)
}

/// Milliseconds since the epoch, for `created_at`/`updated_at`.
pub(crate) fn stamp(now: &Instant) -> i64 {
    now.timestamp_millis()
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub(crate) fn tags_to_sql(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".to_string())
}

pub(crate) fn tags_from_sql(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

pub(crate) fn source_to_sql(s: &Option<crate::domain::Source>) -> Option<String> {
    s.as_ref().and_then(|s| serde_json::to_string(s).ok())
}

pub(crate) fn source_from_sql(s: Option<String>) -> Option<crate::domain::Source> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

/// True if a row with this primary key / unique id exists in `table`.
pub(crate) fn exists(conn: &Connection, sql: &str, key: &str) -> rusqlite::Result<bool> {
    // Cached: imports ask this once per record.
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt.query_row([key], |_| Ok(())).optional()?.is_some())
}

#[cfg(test)]
mod tests;

//! Files Plumbline creates: readable by the owner only, replaced atomically and durably.
//!
//! On Unix every file Plumbline creates (the journal, its `-wal`/`-shm`, backups, exports and
//! their temporary files) is created with mode 0600 and every folder it creates with 0700. A
//! replaced file is replaced by a new 0600 file, never rewritten in place, and the folder is
//! fsynced after the rename so the rename itself survives a power cut.
//!
//! Reading an import goes through [`read_capped`]: only regular files, never more than a byte
//! cap, so a device (`/dev/zero`) or a FIFO is refused at once instead of filling memory or
//! blocking.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Mode of the files Plumbline creates (Unix).
pub const FILE_MODE: u32 = 0o600;
/// Mode of the folders Plumbline creates (Unix).
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` and any missing parents, each created one 0700 (existing folders are left as
/// they are: they may be the person's own).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(DIR_MODE);
    }
    b.create(dir)
}

/// Creates a new, empty file readable by the owner only; fails if `path` exists.
pub fn create_private_file(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(FILE_MODE);
    }
    o.open(path)
}

/// Makes an existing file readable by the owner only (Unix; a no-op elsewhere). Missing files
/// are ignored.
pub fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() && m.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(FILE_MODE))
            }
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Fsyncs the folder holding `path`, so a rename into it is durable (Unix; elsewhere the
/// rename is as durable as the platform makes it).
pub fn sync_parent(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        File::open(parent)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// A temporary name beside `path`: `<name>.<tag>-<pid>`.
pub fn temp_beside(path: &Path, tag: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".{tag}-{}", std::process::id()));
    path.with_file_name(name)
}

/// Renames `from` onto `to` and fsyncs the folder.
pub fn rename_durable(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::rename(from, to)?;
    sync_parent(to)
}

/// Writes `bytes` to `path` atomically: a new 0600 temporary file beside it, fsynced, renamed
/// over `path`, then the folder fsynced. On failure the temporary file is removed and `path` is
/// as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_beside(path, "tmp");
    let _ = std::fs::remove_file(&tmp);
    let result = create_private_file(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| rename_durable(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Why a file could not be read within the cap.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("is not a regular file (a device, pipe or socket is never read)")]
    NotRegular,
    #[error("is more than {cap} bytes, more than an import reads")]
    TooLarge { cap: u64 },
    #[error("cannot be read: {0}")]
    Io(#[from] std::io::Error),
}

/// Reads a regular file whole, refusing anything else at once and anything larger than `cap`
/// bytes (counted while reading, not trusted from the file's reported length).
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge { cap });
    }
    let f = File::open(path)?;
    // The file may have been swapped between the two looks: check what was opened.
    if !f.metadata()?.file_type().is_file() {
        return Err(ReadError::NotRegular);
    }
    let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    f.take(cap.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > cap {
        return Err(ReadError::TooLarge { cap });
    }
    Ok(buf)
}

/// True when `a` and `b` are the same file (same device and inode on Unix, the same
/// canonical path elsewhere), following symbolic links. False when either does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `path` with symbolic links and `..` resolved as far as it exists: the existing folder part
/// canonicalised and the rest appended (for naming a file that does not exist yet).
pub fn resolve_lenient(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            std::fs::canonicalize(parent)
                .map(|p| p.join(name))
                .unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// Mode bits of a file (Unix), for tests and checks.
#[cfg(unix)]
pub fn mode_of(path: &Path) -> std::io::Result<u32> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o777)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn created_files_and_folders_are_private_even_when_replacing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("a").join("b");
        create_private_dir(&sub).expect("dir");
        assert_eq!(mode_of(&sub).expect("mode"), 0o700);
        assert_eq!(mode_of(&dir.path().join("a")).expect("mode"), 0o700);
        let f = sub.join("x.txt");
        std::fs::write(&f, "old").expect("write");
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        }
        write_atomic(&f, b"new").expect("atomic");
        assert_eq!(std::fs::read(&f).expect("read"), b"new");
        assert_eq!(mode_of(&f).expect("mode"), 0o600);
        assert_eq!(std::fs::read_dir(&sub).expect("list").count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_at_once_and_files_are_capped() {
        let err = read_capped(Path::new("/dev/zero"), 1024).expect_err("device");
        assert!(matches!(err, ReadError::NotRegular), "{err}");
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let err = read_capped(&fifo, 1024).expect_err("fifo");
        assert!(matches!(err, ReadError::NotRegular), "{err}");
        let f = dir.path().join("f");
        std::fs::write(&f, [7u8; 100]).expect("write");
        assert_eq!(read_capped(&f, 100).expect("fits").len(), 100);
        assert!(matches!(
            read_capped(&f, 99).expect_err("too large"),
            ReadError::TooLarge { cap: 99 }
        ));
    }

    #[cfg(unix)]
    #[test]
    fn same_file_follows_links_and_hard_links() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = dir.path().join("a");
        std::fs::write(&a, "x").expect("write");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&a, &link).expect("symlink");
        let hard = dir.path().join("hard");
        std::fs::hard_link(&a, &hard).expect("hard link");
        assert!(same_file(&a, &link));
        assert!(same_file(&a, &hard));
        assert!(!same_file(&a, &dir.path().join("missing")));
    }
}

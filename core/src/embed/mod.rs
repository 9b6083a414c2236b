//! Plumbline's sentence embedder: a static table distilled from the pretrained
//! `all-MiniLM-L6-v2` sentence model (Apache-2.0) by `scripts/text-model/distill.py`.
//!
//! A text's vector is the sum of its WordPiece tokens' rows, L2-normalised: no network, no
//! neural network at run time, a few microseconds per sentence. The table lives in one file,
//! `plumbline-text-v2.bin`, found by [`Embedder::locate`].
//!
//! File format (little-endian), version 1:
//!
//! | bytes | what |
//! |---|---|
//! | 8 | magic `PLMBTXT\0` |
//! | 4 | format version (`u32`, 1) |
//! | 4 | dimension (`u32`, = [`DIM`]) |
//! | 4 | vocabulary size `n` (`u32`) |
//! | 8 | payload length in bytes (`u64`) |
//! | 32 | sha256 of the payload |
//! | payload | `n` tokens (`u8` length + UTF-8, in id order), `n` row scales (`f32`), `n × dim` `i8` |
//!
//! Row `i` of the table is `scale[i] × q[i]`. The file as a whole must have the sha256
//! [`MODEL_SHA256`]: the program only reads the model it was built with, and [`Embedder::id`]
//! carries that hash so stored vectors of another model are never mixed in.
//!
//! Architecture invariant: this module depends on nothing of the store or the analyzer.

mod tokenizer;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use tokenizer::{WordPiece, SPECIAL_TOKENS};

/// The dimension of every vector the embedder returns.
pub const DIM: usize = 128;
/// The model file's name.
pub const MODEL_FILE: &str = "plumbline-text-v2.bin";
/// The environment variable that names the model file.
pub const MODEL_ENV: &str = "PLUMBLINE_MODEL";
/// The sha256 of the model file this program is built for (see `scripts/text-model/README.md`).
pub const MODEL_SHA256: &str = "da8528e7b8e1ec028c6a10792fb4e6fff055b6db2a74d08e8444b234c26aa61f";

const MAGIC: &[u8; 8] = b"PLMBTXT\0";
const VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 4 + 4 + 8 + 32;

/// Why the text model could not be used. Each message names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error(
        "the text model ({file}) was not found (looked in: {places}); reinstall Plumbline, or set {env} to the file",
        file = MODEL_FILE,
        env = MODEL_ENV,
        places = list(searched)
    )]
    NotFound { searched: Vec<PathBuf> },
    #[error(
        "cannot read the text model {}: {source}; check the file's permissions, or set {env} to another copy",
        path.display(),
        env = MODEL_ENV
    )]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the text model {} is damaged or not a Plumbline text model ({reason}); reinstall Plumbline, or remake it with scripts/text-model/distill.py",
        path.display()
    )]
    Corrupt { path: PathBuf, reason: String },
    #[error(
        "the text model {} is not the one this Plumbline was built with (sha256 {found}, expected {expected}); reinstall Plumbline, or set {env} to the model that came with it",
        path.display(),
        expected = MODEL_SHA256,
        env = MODEL_ENV
    )]
    Mismatch { path: PathBuf, found: String },
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The loaded table and its tokenizer. Immutable once loaded; share it behind an `Arc`.
pub struct Embedder {
    wordpiece: WordPiece,
    /// Token ids that never contribute to a vector ([PAD], [UNK], [CLS], [SEP], [MASK]).
    skip: Vec<u32>,
    scales: Vec<f32>,
    rows: Vec<i8>,
    id: String,
    path: PathBuf,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("id", &self.id)
            .field("path", &self.path)
            .field("vocabulary", &self.scales.len())
            .finish()
    }
}

impl Embedder {
    /// Loads and verifies a model file: magic, version, dimension, sizes and sha256.
    pub fn load(path: &Path) -> Result<Embedder, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                ModelError::NotFound {
                    searched: vec![path.to_path_buf()],
                }
            } else {
                ModelError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            }
        })?;
        Embedder::from_bytes(&bytes, path)
    }

    /// Finds and loads the model: `extra` (the desktop's bundled resource) if that file exists,
    /// else `PLUMBLINE_MODEL`, else beside the running program (or in `../share/plumbline/`
    /// from it, for installed packages), else the data dir; debug builds finally look in the
    /// repository's `models/`.
    pub fn locate(extra: Option<&Path>) -> Result<Embedder, ModelError> {
        if let Some(p) = extra.filter(|p| p.is_file()) {
            return Embedder::load(p);
        }
        if let Some(v) = std::env::var_os(MODEL_ENV).filter(|v| !v.is_empty()) {
            // An explicit choice: a missing file is an error, not a reason to look elsewhere.
            return Embedder::load(Path::new(&v));
        }
        let mut searched: Vec<PathBuf> = extra.map(Path::to_path_buf).into_iter().collect();
        for candidate in candidates() {
            if candidate.is_file() {
                return Embedder::load(&candidate);
            }
            searched.push(candidate);
        }
        Err(ModelError::NotFound { searched })
    }

    /// The model's id: the file name's stem and the start of its sha256. Vectors stored under
    /// one id are never compared with another's.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The file the model was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The L2-normalised vector of `text`, [`DIM`] long; all zeros when the text has no word
    /// the model knows (an empty text, only punctuation the vocabulary lacks).
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let mut acc = vec![0f32; DIM];
        self.wordpiece.encode_with(text, |id| {
            if self.skip.contains(&id) {
                return;
            }
            let i = id as usize;
            let scale = self.scales[i];
            let row = &self.rows[i * DIM..(i + 1) * DIM];
            for (a, &q) in acc.iter_mut().zip(row) {
                *a += scale * f32::from(q);
            }
        });
        let norm = acc.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            acc.iter_mut().for_each(|x| *x /= norm);
        }
        acc
    }

    /// The token ids of `text` (without `[CLS]`/`[SEP]`), as `tokenizer.json` would give them.
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        self.wordpiece.encode(text)
    }

    /// Bytes held by the loaded table and vocabulary (an estimate of the resident memory).
    pub fn memory_bytes(&self) -> usize {
        let vocab: usize = self.wordpiece.heap_bytes();
        self.rows.len() + self.scales.len() * 4 + vocab
    }

    /// Verifies and loads a model file's bytes, as [`Embedder::load`] does; `path` names the
    /// file in the error and is what [`Embedder::path`] returns.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Embedder, ModelError> {
        let corrupt = |reason: String| ModelError::Corrupt {
            path: path.to_path_buf(),
            reason,
        };
        if bytes.len() < HEADER_LEN {
            return Err(corrupt(format!(
                "{} bytes, shorter than the {HEADER_LEN}-byte header",
                bytes.len()
            )));
        }
        if &bytes[..8] != MAGIC {
            return Err(corrupt("it does not start with PLMBTXT".into()));
        }
        let u32_at = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let version = u32_at(8);
        if version != VERSION {
            return Err(corrupt(format!(
                "format version {version}, this program reads version {VERSION}"
            )));
        }
        let dim = u32_at(12) as usize;
        if dim != DIM {
            return Err(corrupt(format!(
                "dimension {dim}, this program needs {DIM}"
            )));
        }
        let n = u32_at(16) as usize;
        let mut len8 = [0u8; 8];
        len8.copy_from_slice(&bytes[20..28]);
        let payload_len = u64::from_le_bytes(len8);
        let payload = &bytes[HEADER_LEN..];
        if payload.len() as u64 != payload_len {
            return Err(corrupt(format!(
                "the header announces {payload_len} bytes of data, the file holds {} (truncated?)",
                payload.len()
            )));
        }
        let file_hash = hex(&Sha256::digest(bytes));
        if file_hash != MODEL_SHA256 {
            if Sha256::digest(payload)[..] != bytes[28..60] {
                return Err(corrupt("its checksum does not match its contents".into()));
            }
            return Err(ModelError::Mismatch {
                path: path.to_path_buf(),
                found: file_hash,
            });
        }
        let mut at = 0usize;
        let mut vocab = Vec::with_capacity(n);
        for i in 0..n {
            let len = *payload
                .get(at)
                .ok_or_else(|| corrupt(format!("the vocabulary ends at token {i} of {n}")))?
                as usize;
            let token = payload
                .get(at + 1..at + 1 + len)
                .and_then(|b| std::str::from_utf8(b).ok())
                .ok_or_else(|| corrupt(format!("token {i} is cut short or not UTF-8")))?;
            vocab.push(token.to_string());
            at += 1 + len;
        }
        let need = n * 4 + n * DIM;
        if payload.len() - at != need {
            return Err(corrupt(format!(
                "the table holds {} bytes, {need} expected for {n} tokens",
                payload.len() - at
            )));
        }
        let scales: Vec<f32> = payload[at..at + n * 4]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let rows: Vec<i8> = payload[at + n * 4..]
            .iter()
            .map(|&b| i8::from_le_bytes([b]))
            .collect();
        let wordpiece = WordPiece::new(&vocab)
            .ok_or_else(|| corrupt("the vocabulary has no [UNK] token".into()))?;
        let skip = SPECIAL_TOKENS
            .iter()
            .filter_map(|t| wordpiece.id(t))
            .collect();
        Ok(Embedder {
            wordpiece,
            skip,
            scales,
            rows,
            // The file is the one this program is built for (its hash was checked above).
            id: model_id(),
            path: path.to_path_buf(),
        })
    }
}

/// The id of the model this program is built for ([`Embedder::id`] once it is loaded): the
/// file name's stem and the start of [`MODEL_SHA256`].
pub fn model_id() -> String {
    let stem = Path::new(MODEL_FILE)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("plumbline-text");
    format!("{stem}-{}", &MODEL_SHA256[..12])
}

/// The places [`Embedder::locate`] looks after the explicit ones, in order.
fn candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        out.push(dir.join(MODEL_FILE));
        out.push(
            dir.join("..")
                .join("share")
                .join("plumbline")
                .join(MODEL_FILE),
        );
    }
    if let Some(data) = crate::paths::data_dir() {
        out.push(data.join(MODEL_FILE));
    }
    if cfg!(debug_assertions) {
        out.push(repository_model());
    }
    out
}

/// The model committed in the repository (development, tests and benchmarks).
pub fn repository_model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("models")
        .join(MODEL_FILE)
}

/// The cosine similarity of two vectors; 0 when either is all zeros or the lengths differ.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na.sqrt() * nb.sqrt())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;

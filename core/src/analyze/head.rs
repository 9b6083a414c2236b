//! The belief head: a linear read of a thought's sentence vector for the catalog's beliefs,
//! fitted on labelled wording, on top of the prototypes' nearest-neighbour similarities.
//!
//! Nearest prototypes alone read a thought by the few exemplar sentences closest to it, so a
//! belief is recognised only in wording near the exemplars. The head adds, for every catalog
//! belief and the neutral class, a direction in the sentence space learned from many people's
//! wording: a class's logit is
//!
//! `scale · similarity / TEMPERATURE + weights · centred vector + bias`
//!
//! A softmax over these logits splits the share that the prototypes give the catalog's classes
//! and the neutral class together; a custom belief, which the head has never seen, keeps the
//! share its prototypes give it ([`super::semantic::Prototypes::shares`]).
//!
//! The head is a multinomial logistic regression with an L2 penalty, fitted by
//! `cargo run --release -p plumbline-tests --example fit_belief_head` on the held-out banks
//! named in [`TRAINING_BANKS`] (never on the banks the analyzer is judged on). It belongs to one
//! text model: it is used only with the model whose id it names.
//!
//! File format (little-endian): `PLBHEAD1`; the model id (u32 length, UTF-8); the dimension and
//! the number of classes (u32 each); each class id (u32 length, UTF-8), the neutral class last;
//! `scale` (f32); one bias per class (f32); one row of `dimension` weights per class (f32).

use std::sync::OnceLock;

/// The held-out banks the committed head was fitted on (`tests/heldout/`). The analyzer's
/// choices are judged on the others.
pub const TRAINING_BANKS: [&str; 7] = [
    "tune", "report", "fresh", "fresh2", "fresh3", "fresh4", "fresh5",
];

/// The class id of the head's last row.
pub const NEUTRAL: &str = "neutral";

const MAGIC: &[u8; 8] = b"PLBHEAD1";

/// The committed head.
static COMMITTED: &[u8] = include_bytes!("belief_head.bin");

/// A fitted head.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    /// The text model whose vectors it reads.
    pub model: String,
    pub dim: usize,
    /// Class ids; the neutral class last.
    pub ids: Vec<String>,
    pub scale: f32,
    pub bias: Vec<f32>,
    /// `ids.len()` rows of `dim`.
    pub weights: Vec<f32>,
}

/// Why a head file cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HeadError {
    #[error("the belief head does not start with {expected:?}")]
    Magic { expected: &'static str },
    #[error("the belief head ends early, at byte {at}")]
    Short { at: usize },
    #[error("the belief head has a name that is not UTF-8, at byte {at}")]
    Name { at: usize },
    #[error("the belief head has {extra} bytes after its weights")]
    Trailing { extra: usize },
    #[error("the belief head's last class is {found:?}, not {NEUTRAL:?}")]
    NoNeutral { found: String },
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], HeadError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(HeadError::Short { at: self.at })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<usize, HeadError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }
    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, HeadError> {
        let b = self.take(n.checked_mul(4).ok_or(HeadError::Short { at: self.at })?)?;
        Ok(b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    fn name(&mut self) -> Result<String, HeadError> {
        let n = self.u32()?;
        let at = self.at;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| HeadError::Name { at })
    }
}

impl Head {
    /// Reads a head file.
    pub fn parse(bytes: &[u8]) -> Result<Head, HeadError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len()).ok() != Some(MAGIC.as_slice()) {
            return Err(HeadError::Magic {
                expected: "PLBHEAD1",
            });
        }
        let model = r.name()?;
        let dim = r.u32()?;
        let classes = r.u32()?;
        let ids = (0..classes)
            .map(|_| r.name())
            .collect::<Result<Vec<_>, _>>()?;
        match ids.last() {
            Some(last) if last == NEUTRAL => {}
            other => {
                return Err(HeadError::NoNeutral {
                    found: other.cloned().unwrap_or_default(),
                })
            }
        }
        let scale = r.f32s(1)?[0];
        let bias = r.f32s(classes)?;
        let weights = r.f32s(
            classes
                .checked_mul(dim)
                .ok_or(HeadError::Short { at: r.at })?,
        )?;
        if r.at != bytes.len() {
            return Err(HeadError::Trailing {
                extra: bytes.len() - r.at,
            });
        }
        Ok(Head {
            model,
            dim,
            ids,
            scale,
            bias,
            weights,
        })
    }

    /// The head as a file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let name = |out: &mut Vec<u8>, s: &str| {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        };
        name(&mut out, &self.model);
        out.extend_from_slice(&(self.dim as u32).to_le_bytes());
        out.extend_from_slice(&(self.ids.len() as u32).to_le_bytes());
        for id in &self.ids {
            name(&mut out, id);
        }
        for x in std::iter::once(&self.scale)
            .chain(&self.bias)
            .chain(&self.weights)
        {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out
    }

    /// The committed head, when it reads (a test checks that it does).
    pub fn committed() -> Option<&'static Head> {
        static HEAD: OnceLock<Option<Head>> = OnceLock::new();
        HEAD.get_or_init(|| Head::parse(COMMITTED).ok()).as_ref()
    }

    /// The row of class `id`, if the head has one.
    pub fn row(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|x| x == id)
    }

    /// The logit of row `row` for a thought with the nearest-prototype `similarity` (already
    /// divided by the temperature) and the `centred` vector.
    pub fn logit(&self, row: usize, similarity: f32, centred: &[f32]) -> f32 {
        let w = &self.weights[row * self.dim..(row + 1) * self.dim];
        self.scale * similarity + self.bias[row] + super::semantic::dot(w, centred)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Head {
        Head {
            model: "m".into(),
            dim: 2,
            ids: vec!["a".into(), NEUTRAL.into()],
            scale: 0.5,
            bias: vec![1.0, -1.0],
            weights: vec![2.0, 0.0, 0.0, 3.0],
        }
    }

    #[test]
    fn a_head_reads_back_what_it_wrote_and_bad_files_are_named() {
        let h = small();
        let bytes = h.to_bytes();
        assert_eq!(Head::parse(&bytes), Ok(h.clone()));
        assert_eq!(
            Head::parse(&bytes[..bytes.len() - 1]),
            // The weights, 2 rows of 2, start 16 bytes before the end.
            Err(HeadError::Short {
                at: bytes.len() - 16
            })
        );
        let mut more = bytes.clone();
        more.push(0);
        assert_eq!(Head::parse(&more), Err(HeadError::Trailing { extra: 1 }));
        assert_eq!(
            Head::parse(b"PLBHEAD0"),
            Err(HeadError::Magic {
                expected: "PLBHEAD1"
            })
        );
        let mut no_neutral = h;
        no_neutral.ids[1] = "b".into();
        assert_eq!(
            Head::parse(&no_neutral.to_bytes()),
            Err(HeadError::NoNeutral { found: "b".into() })
        );
    }

    #[test]
    fn a_logit_is_the_scaled_similarity_plus_the_row_read() {
        let h = small();
        // Row 0: 0.5·4 + 1 + (2, 0)·(1, 1) = 5; row 1: 0.5·4 − 1 + (0, 3)·(1, 1) = 4.
        assert_eq!(h.logit(0, 4.0, &[1.0, 1.0]), 5.0);
        assert_eq!(h.logit(1, 4.0, &[1.0, 1.0]), 4.0);
    }

    #[test]
    fn the_committed_head_reads_and_belongs_to_the_committed_model() {
        let h = Head::committed().expect("the committed head reads");
        assert_eq!(h.dim, crate::embed::DIM);
        let expected = format!(
            "{}-{}",
            std::path::Path::new(crate::embed::MODEL_FILE)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default(),
            &crate::embed::MODEL_SHA256[..12]
        );
        assert_eq!(h.model, expected, "refit the head for the new text model");
        let mut ids: Vec<&str> = crate::catalog::builtin_belief_ids();
        ids.push(NEUTRAL);
        assert_eq!(h.ids, ids);
        assert!(h.scale > 0.0);
    }
}

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
//! named in [`TRAINING_BANKS`] (never on the banks the analyzer is judged on), which writes its
//! numbers as Rust constants (`belief_head.rs`): compiled in, nothing to read or check at run
//! time. It belongs to one text model: it is used only with the model whose id it names.

#[path = "belief_head.rs"]
mod committed;

/// The held-out banks the committed head was fitted on (`tests/heldout/`). The analyzer's
/// choices are judged on the others.
pub const TRAINING_BANKS: [&str; 7] = [
    "tune", "report", "fresh", "fresh2", "fresh3", "fresh4", "fresh5",
];

/// The class id of the head's last row.
pub const NEUTRAL: &str = "neutral";

/// A fitted head.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Head {
    /// The text model whose vectors it reads.
    pub model: &'static str,
    pub dim: usize,
    /// Class ids; the neutral class last.
    pub ids: &'static [&'static str],
    pub scale: f32,
    pub bias: &'static [f32],
    /// `ids.len()` rows of `dim`.
    pub weights: &'static [f32],
}

impl Head {
    /// The committed head.
    pub fn committed() -> &'static Head {
        &committed::HEAD
    }

    /// The row of class `id`, if the head has one.
    pub fn row(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|x| *x == id)
    }

    /// The logit of row `row` for a thought with the nearest-prototype `similarity` (already
    /// divided by the temperature) and the `centred` vector.
    pub fn logit(&self, row: usize, similarity: f32, centred: &[f32]) -> f32 {
        let w = &self.weights[row * self.dim..(row + 1) * self.dim];
        self.scale * similarity + self.bias[row] + super::semantic::dot(w, centred)
    }

    /// The head as Rust source (what `belief_head.rs` holds): every number written so that it
    /// reads back as the same `f32`.
    pub fn to_rust(&self) -> String {
        let floats = |xs: &[f32]| -> String {
            xs.chunks(8)
                .map(|c| {
                    let line: Vec<String> = c.iter().map(|x| format!("{x:?}")).collect();
                    format!("        {},\n", line.join(", "))
                })
                .collect()
        };
        let ids: Vec<String> = self.ids.iter().map(|id| format!("{id:?}")).collect();
        format!(
            "//! The committed belief head (see `head.rs`). Written by `cargo run --release -p \
             plumbline-tests\n//! --example fit_belief_head`; not edited by hand.\n\n\
             use super::Head;\n\n\
             #[rustfmt::skip]\n\
             pub(super) static HEAD: Head = Head {{\n    \
             model: {model:?},\n    \
             dim: {dim},\n    \
             ids: &[{ids}],\n    \
             scale: {scale:?},\n    \
             bias: &[\n{bias}    ],\n    \
             weights: &[\n{weights}    ],\n\
             }};\n",
            model = self.model,
            dim = self.dim,
            ids = ids.join(", "),
            scale = self.scale,
            bias = floats(self.bias),
            weights = floats(self.weights),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Head {
        Head {
            model: "m",
            dim: 2,
            ids: &["a", NEUTRAL],
            scale: 0.5,
            bias: &[1.0, -1.0],
            weights: &[2.0, 0.0, 0.0, 3.0],
        }
    }

    #[test]
    fn a_logit_is_the_scaled_similarity_plus_the_row_read() {
        let h = small();
        // Row 0: 0.5·4 + 1 + (2, 0)·(1, 1) = 5; row 1: 0.5·4 − 1 + (0, 3)·(1, 1) = 4.
        assert_eq!(h.logit(0, 4.0, &[1.0, 1.0]), 5.0);
        assert_eq!(h.logit(1, 4.0, &[1.0, 1.0]), 4.0);
        assert_eq!(h.row(NEUTRAL), Some(1));
        assert_eq!(h.row("b"), None);
    }

    #[test]
    fn the_committed_head_is_what_its_source_says_number_for_number() {
        // Written out again, the committed head gives its own file back: every number reads
        // back as the same f32.
        let h = Head::committed();
        assert_eq!(h.to_rust(), include_str!("belief_head.rs"));
        assert_eq!(h.weights.len(), h.ids.len() * h.dim);
        assert_eq!(h.bias.len(), h.ids.len());
        assert!(h.weights.iter().chain(h.bias).all(|x| x.is_finite()));
    }

    #[test]
    fn the_committed_head_belongs_to_the_committed_model() {
        let h = Head::committed();
        assert_eq!(h.dim, crate::embed::DIM);
        assert_eq!(
            h.model,
            crate::embed::model_id(),
            "refit the head for the new text model"
        );
        let mut ids: Vec<&str> = crate::catalog::builtin_belief_ids();
        ids.push(NEUTRAL);
        assert_eq!(h.ids, ids);
        assert!(h.scale > 0.0);
    }
}

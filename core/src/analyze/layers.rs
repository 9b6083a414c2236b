//! The three layers, read per week and now (the last four weeks), each in [0, 1] where higher
//! means better aligned:
//!
//! - **execution** = 1 − break rate;
//! - **thinking** = the mean of 1 − (mean friction − 1) / 4 and 1 − the share of break thoughts
//!   that justify a delay or catastrophise (see `text::distortion_markers`);
//! - **belief** = the mean of 1 − the confidence of the strongest belief link on behaviour and
//!   text alone (likely or strong; emerging links do not count), and (mean alignment − 1) / 4.
//!   The person's verdicts do not enter it: rejecting or confirming a link changes what is
//!   listed, not how the journal reads.
//!
//! Each reading comes with its basis in plain words: what it is made of, on what data.
//!
//! A layer without data reads 0.5 (no evidence either way). The weakest layer (ties: belief,
//! then thinking, then execution) is the one prompts should address.

use super::stats::r3;
use super::trends::Week;
use super::{LayerBasis, Layers};
use crate::domain::Layer;

/// How many recent weeks make "now".
pub const NOW_WEEKS: usize = 4;

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Sums of the inputs the layers need over some weeks.
#[derive(Default)]
struct Sums {
    breaks: usize,
    completed: usize,
    friction: (f64, usize),
    thoughts: (usize, usize),
    alignment: (f64, usize),
}

impl Sums {
    fn add(&mut self, w: &Week) {
        self.breaks += w.breaks;
        self.completed += w.completed;
        if let Some(f) = w.friction {
            self.friction.0 += f;
            self.friction.1 += 1;
        }
        self.thoughts.0 += w.thoughts.0;
        self.thoughts.1 += w.thoughts.1;
        if let Some(a) = w.alignment {
            self.alignment.0 += a;
            self.alignment.1 += 1;
        }
    }

    fn layers(&self, top_link: f64) -> Layers {
        let counted = self.breaks + self.completed;
        let execution = if counted > 0 {
            1.0 - self.breaks as f64 / counted as f64
        } else {
            0.5
        };
        let execution_basis = if counted > 0 {
            format!(
                "1 minus the break rate: {} {} against {} {}",
                self.breaks,
                plural(self.breaks, "break", "breaks"),
                self.completed,
                plural(self.completed, "completion", "completions")
            )
        } else {
            "no breaks or completions logged, so it reads the middle, 0.5".to_string()
        };
        let mut t = Vec::new();
        let mut parts = Vec::new();
        if self.friction.1 > 0 {
            let f = self.friction.0 / self.friction.1 as f64;
            t.push(1.0 - (f - 1.0) / 4.0);
            parts.push(format!(
                "how hard actions felt (friction {f:.1} of 5 on average)"
            ));
        }
        if self.thoughts.0 > 0 {
            t.push(1.0 - self.thoughts.1 as f64 / self.thoughts.0 as f64);
            parts.push(format!(
                "the share of thoughts on breaks that justify a delay or expect the worst ({} of {})",
                self.thoughts.1, self.thoughts.0
            ));
        }
        let thinking = mean(&t).unwrap_or(0.5);
        let thinking_basis = if parts.is_empty() {
            "no friction ratings or thoughts on breaks, so it reads the middle, 0.5".to_string()
        } else {
            format!("read from {}", parts.join(" and "))
        };
        let mut b = vec![1.0 - top_link];
        let link_part = if top_link > 0.0 {
            format!(
                "the strongest likely belief link on behaviour and text ({:.0}%)",
                top_link * 100.0
            )
        } else {
            "no likely belief link on behaviour and text".to_string()
        };
        let belief_basis = if self.alignment.1 > 0 {
            let a = self.alignment.0 / self.alignment.1 as f64;
            b.push((a - 1.0) / 4.0);
            format!("read from {link_part} and the check-in alignment ({a:.1} of 5 on average); your verdicts do not move it")
        } else {
            format!("read from {link_part}; no check-ins to add; your verdicts do not move it")
        };
        let belief = mean(&b).unwrap_or(0.5);
        let (belief, thinking, execution) = (
            r3(belief.clamp(0.0, 1.0)),
            r3(thinking.clamp(0.0, 1.0)),
            r3(execution.clamp(0.0, 1.0)),
        );
        let mut weakest = Layer::Belief;
        let mut low = belief;
        if thinking < low {
            weakest = Layer::Thinking;
            low = thinking;
        }
        if execution < low {
            weakest = Layer::Execution;
        }
        Layers {
            belief,
            thinking,
            execution,
            weakest,
            basis: LayerBasis {
                belief: belief_basis,
                thinking: thinking_basis,
                execution: execution_basis,
            },
        }
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The layers now (the last [`NOW_WEEKS`] weeks) and per week.
pub(crate) fn read(weeks: &[Week], top_link: f64) -> (Layers, Vec<Layers>) {
    let per_week = weeks
        .iter()
        .map(|w| {
            let mut s = Sums::default();
            s.add(w);
            s.layers(top_link)
        })
        .collect();
    let mut now = Sums::default();
    for w in weeks.iter().rev().take(NOW_WEEKS) {
        now.add(w);
    }
    (now.layers(top_link), per_week)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_reads_neutral_and_names_a_weakest() {
        let l = Sums::default().layers(0.0);
        assert_eq!(l.execution, 0.5);
        assert_eq!(l.thinking, 0.5);
        assert_eq!(l.belief, 1.0);
        assert_eq!(l.weakest, Layer::Thinking);
        let l = Sums::default().layers(0.9);
        assert_eq!(l.weakest, Layer::Belief);
    }
}

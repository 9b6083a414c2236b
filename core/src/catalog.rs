//! Built-in reflection prompts and the belief catalog (being written).
use crate::domain::{Belief, Prompt};
pub fn builtin_prompts() -> Vec<Prompt> {
    Vec::new()
}
pub fn builtin_beliefs() -> Vec<Belief> {
    Vec::new()
}

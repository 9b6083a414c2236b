//! The three layers where belief, thinking and execution disagree ([`Layer`]), and reflection
//! prompts ([`Prompt`]), built-in or the person's own.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The three layers where belief, thinking and execution disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Belief,
    Thinking,
    Execution,
}

impl Layer {
    pub const ALL: [Layer; 3] = [Layer::Belief, Layer::Thinking, Layer::Execution];

    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Belief => "belief",
            Layer::Thinking => "thinking",
            Layer::Execution => "execution",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Layer {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Layer::ALL
            .into_iter()
            .find(|l| l.as_str() == s.trim())
            .ok_or_else(|| format!("{s:?} is not a layer; use belief, thinking or execution"))
    }
}

/// A reflection prompt, built-in or the person's own (`custom:` ids).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    pub id: String,
    pub layer: Layer,
    pub text: String,
    #[serde(default)]
    pub builtin: bool,
}

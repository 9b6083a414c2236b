//! Belief constraints ([`Belief`]: the catalog's and the person's own, [`CustomBelief`]) and
//! the person's verdicts on a belief link ([`Verdict`]).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::time::{instant_serde, Instant};
use super::validation::{
    validate_custom_id, validate_required_text, validate_tags, Invalid, MAX_SHORT_TEXT,
};

/// A belief constraint: catalog entries and the person's own (`custom:<slug>` ids).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Belief {
    pub id: String,
    pub statement: String,
    #[serde(default)]
    pub description: String,
    /// The behavioural signature it tends to leave, in words.
    #[serde(default)]
    pub signature: String,
    /// Text markers: words and phrases that tend to appear in thoughts it drives.
    #[serde(default)]
    pub markers: Vec<String>,
    #[serde(default)]
    pub builtin: bool,
}

/// The person's own belief, as stored and as written in the journal file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomBelief {
    pub id: String,
    pub statement: String,
    #[serde(default)]
    pub markers: Vec<String>,
}

impl CustomBelief {
    pub fn validate(&self) -> Result<(), Invalid> {
        validate_custom_id("id", &self.id)?;
        validate_required_text("statement", &self.statement, MAX_SHORT_TEXT)?;
        validate_tags("markers", &self.markers)?;
        Ok(())
    }
}

/// The person's verdict on a belief link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Confirmed,
    Rejected,
}

impl VerdictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Confirmed => "confirmed",
            VerdictKind::Rejected => "rejected",
        }
    }
}

impl FromStr for VerdictKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "confirmed" => Ok(VerdictKind::Confirmed),
            "rejected" => Ok(VerdictKind::Rejected),
            _ => Err(format!("{s:?} is not a verdict; use confirmed or rejected")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub belief_id: String,
    pub verdict: VerdictKind,
    #[serde(with = "instant_serde")]
    pub at: Instant,
}

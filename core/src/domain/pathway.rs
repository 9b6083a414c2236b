//! Realignment pathways: the reframe and the simpler execution design for a belief, as stored
//! ([`Pathway`]) and as a person gives it ([`PathwayInput`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::validation::{
    clean_opt, validate_opt_text, validate_required_text, Invalid, MAX_LONG_TEXT, MAX_SHORT_TEXT,
    MAX_YEAR, MIN_YEAR,
};

/// A realignment pathway: the reframe and the simpler execution design for a belief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pathway {
    pub id: String,
    pub belief_id: String,
    pub reframe: Option<String>,
    pub next_action: Option<String>,
    pub cycle: Option<String>,
    pub if_then: Option<String>,
    pub started_on: NaiveDate,
}

impl Pathway {
    pub fn validate(&self) -> Result<(), Invalid> {
        validate_required_text("id", &self.id, MAX_SHORT_TEXT)?;
        self.validate_fields()
    }

    /// Everything but the id.
    fn validate_fields(&self) -> Result<(), Invalid> {
        validate_required_text("belief_id", &self.belief_id, MAX_SHORT_TEXT)?;
        validate_opt_text("reframe", &self.reframe, MAX_LONG_TEXT)?;
        validate_opt_text("next_action", &self.next_action, MAX_LONG_TEXT)?;
        validate_opt_text("cycle", &self.cycle, MAX_LONG_TEXT)?;
        validate_opt_text("if_then", &self.if_then, MAX_LONG_TEXT)?;
        Ok(())
    }
}

/// What a person gives to start or change a pathway. The next action is required: a pathway
/// is a simpler way to act, and its next action is that way's first step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathwayInput {
    pub belief_id: String,
    #[serde(default)]
    pub reframe: Option<String>,
    #[serde(default)]
    pub next_action: Option<String>,
    #[serde(default)]
    pub cycle: Option<String>,
    #[serde(default)]
    pub if_then: Option<String>,
    pub started_on: NaiveDate,
}

impl PathwayInput {
    /// Trims every text (empty ones become absent) and checks them.
    pub fn normalized(mut self) -> Result<Self, Invalid> {
        self.belief_id = self.belief_id.trim().to_string();
        self.reframe = clean_opt(self.reframe);
        self.next_action = clean_opt(self.next_action);
        self.cycle = clean_opt(self.cycle);
        self.if_then = clean_opt(self.if_then);
        if self.belief_id.is_empty() {
            return Err(Invalid::new(
                "belief_id",
                "choose the belief this pathway answers",
            ));
        }
        if self.next_action.is_none() {
            return Err(Invalid::new(
                "next_action",
                "write the smallest next step, one you could take today",
            ));
        }
        let year = chrono::Datelike::year(&self.started_on);
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(Invalid::new(
                "started_on",
                format!(
                    "{} is outside the years {MIN_YEAR}–{MAX_YEAR}",
                    self.started_on
                ),
            ));
        }
        self.clone().into_pathway(String::new()).validate_fields()?;
        Ok(self)
    }

    pub fn into_pathway(self, id: String) -> Pathway {
        Pathway {
            id,
            belief_id: self.belief_id,
            reframe: self.reframe,
            next_action: self.next_action,
            cycle: self.cycle,
            if_then: self.if_then,
            started_on: self.started_on,
        }
    }
}

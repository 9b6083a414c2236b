//! The daily check-in: one per local date, with its alignment and optional energy, mood and
//! note.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::event::Source;
use super::validation::{
    clean_opt, clean_tags, validate_opt_text, validate_scale, validate_tags, Invalid,
    MAX_LONG_TEXT, MAX_YEAR, MIN_YEAR,
};

/// The daily check-in: one per local date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkin {
    pub date: NaiveDate,
    pub alignment: u8,
    pub energy: Option<u8>,
    pub mood: Option<u8>,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// Provenance; not part of the v1 file's check-in object but kept for undo of imports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

impl Checkin {
    pub fn new(date: NaiveDate, alignment: u8) -> Self {
        Self {
            date,
            alignment,
            energy: None,
            mood: None,
            note: None,
            tags: Vec::new(),
            source: None,
        }
    }

    pub fn normalized(mut self) -> Result<Self, Invalid> {
        self.note = clean_opt(self.note);
        self.tags = clean_tags(self.tags);
        self.validate()?;
        Ok(self)
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        validate_scale("alignment", i64::from(self.alignment))?;
        if let Some(e) = self.energy {
            validate_scale("energy", i64::from(e))?;
        }
        if let Some(m) = self.mood {
            validate_scale("mood", i64::from(m))?;
        }
        validate_opt_text("note", &self.note, MAX_LONG_TEXT)?;
        validate_tags("tags", &self.tags)?;
        let year = chrono::Datelike::year(&self.date);
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(Invalid::new(
                "date",
                format!("{} is outside the years {MIN_YEAR}–{MAX_YEAR}", self.date),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parse_date;

    #[test]
    fn checkin_validation() {
        let d = parse_date("2026-11-20").expect("date");
        assert!(Checkin::new(d, 3).normalized().is_ok());
        assert_eq!(
            Checkin::new(d, 0).validate().unwrap_err().to_string(),
            "alignment: 0 is out of range 1–5"
        );
        let mut c = Checkin::new(d, 3);
        c.mood = Some(6);
        assert_eq!(c.validate().unwrap_err().field, "mood");
    }
}

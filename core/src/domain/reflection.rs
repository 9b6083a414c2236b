//! Reflections: a free journal entry or the answer to a prompt, as stored ([`Reflection`]) and
//! as a person gives it ([`ReflectionInput`]).

use serde::{Deserialize, Serialize};

use super::event::Source;
use super::time::{instant_serde, Instant};
use super::validation::{
    check_no_nul, clean_opt, clean_tags, validate_instant_range, validate_opt_text, validate_scale,
    validate_tags, Invalid, MAX_REFLECTION_TEXT, MAX_SHORT_TEXT,
};

/// A free journal entry, or the answer to a reflection prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    pub id: String,
    #[serde(with = "instant_serde")]
    pub at: Instant,
    pub prompt_id: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub mood: Option<u8>,
    pub tags: Vec<String>,
    pub starred: bool,
    pub source: Option<Source>,
}

/// The fields a person supplies for a reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionInput {
    #[serde(with = "instant_serde")]
    pub at: Instant,
    #[serde(default)]
    pub prompt_id: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub mood: Option<u8>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub starred: bool,
}

impl ReflectionInput {
    pub fn new(at: Instant, text: impl Into<String>) -> Self {
        Self {
            at,
            prompt_id: None,
            title: None,
            text: text.into(),
            mood: None,
            tags: Vec::new(),
            starred: false,
        }
    }

    pub fn normalized(mut self) -> Result<Self, Invalid> {
        // Text keeps its inner whitespace and line breaks; only the ends are trimmed.
        self.text = self.text.trim().to_string();
        self.title = clean_opt(self.title);
        self.prompt_id = clean_opt(self.prompt_id);
        self.tags = clean_tags(self.tags);
        self.validate()?;
        Ok(self)
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.text.trim().is_empty() && self.title.as_deref().unwrap_or("").trim().is_empty() {
            return Err(Invalid::new("text", "is empty; write a text or a title"));
        }
        if self.text.chars().count() > MAX_REFLECTION_TEXT {
            return Err(Invalid::new(
                "text",
                format!("is longer than {MAX_REFLECTION_TEXT} characters"),
            ));
        }
        check_no_nul("text", &self.text)?;
        validate_opt_text("title", &self.title, MAX_SHORT_TEXT)?;
        validate_opt_text("prompt_id", &self.prompt_id, MAX_SHORT_TEXT)?;
        if let Some(m) = self.mood {
            validate_scale("mood", i64::from(m))?;
        }
        validate_tags("tags", &self.tags)?;
        validate_instant_range("at", &self.at)?;
        Ok(())
    }

    pub fn into_reflection(self, id: String, source: Option<Source>) -> Reflection {
        Reflection {
            id,
            at: self.at,
            prompt_id: self.prompt_id,
            title: self.title,
            text: self.text,
            mood: self.mood,
            tags: self.tags,
            starred: self.starred,
            source,
        }
    }
}

impl Reflection {
    pub fn input(&self) -> ReflectionInput {
        ReflectionInput {
            at: self.at,
            prompt_id: self.prompt_id.clone(),
            title: self.title.clone(),
            text: self.text.clone(),
            mood: self.mood,
            tags: self.tags.clone(),
            starred: self.starred,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parse_instant;

    fn at(s: &str) -> Instant {
        parse_instant(s).expect("valid instant in test")
    }

    #[test]
    fn reflection_validation() {
        let r = ReflectionInput::new(at("2026-11-20T21:10:00+01:00"), "  ");
        assert_eq!(r.normalized().unwrap_err().field, "text");
        let mut r = ReflectionInput::new(at("2026-11-20T21:10:00+01:00"), "");
        r.title = Some("Only a title".into());
        assert!(r.normalized().is_ok());
    }
}

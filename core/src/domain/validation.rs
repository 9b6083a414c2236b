//! What every write goes through: [`Invalid`] (the field and the reason), the limits on text,
//! tags, delays and years, and the cleaning and checks the records' `normalized()` and
//! `validate()` share.

use super::time::{format_instant, Instant};

/// A validation failure: which field, and why, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct Invalid {
    pub field: String,
    pub reason: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// Longest task, domain, emotion, tag or title, in characters.
pub const MAX_SHORT_TEXT: usize = 500;
/// Longest thought or note, in characters.
pub const MAX_LONG_TEXT: usize = 10_000;
/// Longest reflection text, in characters.
pub const MAX_REFLECTION_TEXT: usize = 200_000;
/// At most this many tags on one record.
pub const MAX_TAGS: usize = 64;
pub const MAX_DELAY_MINUTES: u32 = 525_600;
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2999;

pub(super) fn clean_opt(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Trims tags, drops a leading `#`, drops empties and duplicates (keeping first-seen order).
pub fn clean_tags(tags: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for t in tags {
        let t = t.trim().trim_start_matches('#').trim().to_string();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Splits comma-separated tag text ("a, b ,c") into clean tags.
pub fn split_tags(text: &str) -> Vec<String> {
    clean_tags(text.split(',').map(str::to_string).collect())
}

pub(super) fn check_no_nul(field: &str, s: &str) -> Result<(), Invalid> {
    if s.contains('\0') {
        return Err(Invalid::new(field, "contains a NUL character"));
    }
    Ok(())
}

pub fn validate_required_text(field: &str, s: &str, max: usize) -> Result<(), Invalid> {
    if s.trim().is_empty() {
        return Err(Invalid::new(field, "is required and must not be empty"));
    }
    validate_text(field, s, max)
}

pub(super) fn validate_text(field: &str, s: &str, max: usize) -> Result<(), Invalid> {
    check_no_nul(field, s)?;
    if s.chars().count() > max {
        return Err(Invalid::new(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(())
}

pub(super) fn validate_opt_text(
    field: &str,
    s: &Option<String>,
    max: usize,
) -> Result<(), Invalid> {
    match s {
        Some(s) => validate_text(field, s, max),
        None => Ok(()),
    }
}

pub(super) fn validate_tags(field: &str, tags: &[String]) -> Result<(), Invalid> {
    if tags.len() > MAX_TAGS {
        return Err(Invalid::new(
            field,
            format!("has {} entries; at most {MAX_TAGS} are allowed", tags.len()),
        ));
    }
    for (i, t) in tags.iter().enumerate() {
        if t.trim().is_empty() {
            return Err(Invalid::new(format!("{field}[{i}]"), "is empty"));
        }
        validate_text(&format!("{field}[{i}]"), t, MAX_SHORT_TEXT)?;
    }
    Ok(())
}

/// A 1–5 rating (friction, alignment, energy, mood).
pub fn validate_scale(field: &str, v: i64) -> Result<(), Invalid> {
    if !(1..=5).contains(&v) {
        return Err(Invalid::new(field, format!("{v} is out of range 1–5")));
    }
    Ok(())
}

pub(super) fn validate_instant_range(field: &str, at: &Instant) -> Result<(), Invalid> {
    let year = chrono::Datelike::year(at);
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(Invalid::new(
            field,
            format!(
                "{} is outside the years {MIN_YEAR}–{MAX_YEAR}",
                format_instant(at)
            ),
        ));
    }
    Ok(())
}

/// `custom:<slug>`: lowercase letters, digits, `-` and `_`.
pub fn validate_custom_id(field: &str, id: &str) -> Result<(), Invalid> {
    let Some(slug) = id.strip_prefix("custom:") else {
        return Err(Invalid::new(
            field,
            format!("{id:?} must start with \"custom:\""),
        ));
    };
    let ok = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !ok {
        return Err(Invalid::new(
            field,
            format!("{id:?} needs a slug of lowercase letters, digits, - or _ after \"custom:\""),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids() {
        assert!(validate_custom_id("id", "custom:no-time").is_ok());
        assert!(validate_custom_id("id", "no-time").is_err());
        assert!(validate_custom_id("id", "custom:No Time").is_err());
        assert!(validate_custom_id("id", "custom:").is_err());
    }
}

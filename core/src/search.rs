//! The words of a search, without SQL: turning what the person typed into a safe FTS5 query, and
//! cutting a snippet with the matching words marked out of a record's text.
//!
//! Whatever is typed — quotes, `AND`/`OR`/`NOT`/`NEAR`, `*`, `:`, `^`, parentheses, emoji, a very
//! long line — becomes a list of quoted phrases joined by AND, so nothing in it is ever read as
//! FTS5 syntax. The last word is a prefix (`"newsl"*`) unless the text ends in a space, so results
//! follow typing.
//!
//! Snippets are plain text split into [`Segment`]s; a marked segment is a matching word. Nothing
//! here produces markup: the desktop builds the highlight with `textContent`, the CLI prints the
//! text.

use serde::{Deserialize, Serialize};

/// The most words of a query that are searched; the rest are ignored.
pub const MAX_TERMS: usize = 16;
/// The longest word kept, in characters.
const MAX_TERM_CHARS: usize = 64;
/// Words of context shown around the first match.
const CONTEXT_WORDS: usize = 8;
/// The longest snippet, in characters, before it is cut.
const MAX_SNIPPET_CHARS: usize = 160;

/// One searched word: lower-cased letters and digits, matched whole or (`prefix`) as a start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub prefix: bool,
}

/// What the person typed, as terms. Empty when there is nothing searchable in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms(pub Vec<Term>);

impl Terms {
    /// Splits `input` into words the way the index does (letters and digits; everything else
    /// separates). The last word is a prefix unless `input` ends in whitespace.
    pub fn parse(input: &str) -> Terms {
        let mut terms: Vec<Term> = words(input)
            .map(|(_, w)| Term {
                text: w.chars().take(MAX_TERM_CHARS).collect(),
                prefix: false,
            })
            .take(MAX_TERMS)
            .collect();
        let ends_open = input.chars().last().is_some_and(|c| !c.is_whitespace());
        if let Some(last) = terms.last_mut() {
            last.prefix = ends_open;
        }
        Terms(terms)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The FTS5 MATCH expression: each term a quoted string (a term holds only letters and
    /// digits, so it cannot close its quotes), joined by implicit AND; the prefix term ends `*`.
    pub fn fts_query(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|t| {
                let quoted = format!("\"{}\"", t.text.replace('"', "\"\""));
                if t.prefix {
                    quoted + "*"
                } else {
                    quoted
                }
            })
            .collect();
        parts.join(" ")
    }

    /// True when `word` (already lower-cased) is one of the terms.
    fn matches(&self, word: &str) -> bool {
        self.0.iter().any(|t| {
            if t.prefix {
                word.starts_with(&t.text)
            } else {
                word == t.text
            }
        })
    }
}

/// A piece of a snippet: plain text, `mark` when it is a matching word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mark: bool,
}

/// Segments as one plain text.
pub fn plain(segments: &[Segment]) -> String {
    segments.iter().map(|s| s.text.as_str()).collect()
}

/// The words of `text` as (byte offset, lower-cased word): runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, String)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = chars.peek() {
            if c.is_alphanumeric() {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        let range = start..end;
        let lower = fold(&text[range.clone()]);
        Some((range, lower))
    })
}

/// Lower case without the commonest Latin diacritics, close to the index's `unicode61
/// remove_diacritics 2` folding, so marked words agree with what the index matched.
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ñ' | 'ń' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
            'ý' | 'ÿ' => 'y',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            c => c,
        })
        .collect()
}

/// True when some word of `text` matches the terms.
pub fn contains(text: &str, terms: &Terms) -> bool {
    words(text).any(|(_, w)| terms.matches(&w))
}

/// A snippet of `text` around its first matching word, the matching words marked. Long text is
/// cut to a few words either side of the first match, with "…" where it was cut; text with no
/// matching word gives its beginning.
pub fn snippet(text: &str, terms: &Terms) -> Vec<Segment> {
    let all: Vec<(std::ops::Range<usize>, bool)> =
        words(text).map(|(r, w)| (r, terms.matches(&w))).collect();
    let first = all.iter().position(|(_, m)| *m).unwrap_or(0);
    let (mut from, mut to) = (0, text.len());
    if text.chars().count() > MAX_SNIPPET_CHARS && !all.is_empty() {
        let start_word = first.saturating_sub(CONTEXT_WORDS);
        let end_word = (first + CONTEXT_WORDS * 2).min(all.len() - 1);
        if start_word > 0 {
            from = all[start_word].0.start;
        }
        if end_word + 1 < all.len() {
            to = all[end_word].0.end;
        }
    }
    let mut out = Vec::new();
    let mut push = |s: &str, mark: bool| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Segment { text, mark: m }) if *m == mark && !mark => text.push_str(s),
            _ => out.push(Segment {
                text: s.to_string(),
                mark,
            }),
        }
    };
    if from > 0 {
        push("…", false);
    }
    let mut at = from;
    for (r, m) in all.iter().filter(|(r, _)| r.start >= from && r.end <= to) {
        if *m {
            push(&text[at..r.start], false);
            push(&text[r.clone()], true);
            at = r.end;
        }
    }
    push(&text[at..to], false);
    if to < text.len() {
        push("…", false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(segments: &[Segment]) -> Vec<&str> {
        segments
            .iter()
            .filter(|s| s.mark)
            .map(|s| s.text.as_str())
            .collect()
    }

    #[test]
    fn odd_input_becomes_quoted_words() {
        assert_eq!(Terms::parse("linkedin").fts_query(), "\"linkedin\"*");
        assert_eq!(Terms::parse("Mixed day ").fts_query(), "\"mixed\" \"day\"");
        assert_eq!(
            Terms::parse("\"a\" OR NOT(b*) NEAR c:d ^e").fts_query(),
            "\"a\" \"or\" \"not\" \"b\" \"near\" \"c\" \"d\" \"e\"*"
        );
        assert!(Terms::parse("").is_empty());
        assert!(Terms::parse("   \"\" ** () 🙂 ").is_empty());
        assert_eq!(Terms::parse("don't").fts_query(), "\"don\" \"t\"*");
        // Folded as the index folds: "café" is looked up as "cafe".
        assert_eq!(Terms::parse("café 🙂 ok").fts_query(), "\"cafe\" \"ok\"*");
        let long = "word ".repeat(10_000);
        assert_eq!(Terms::parse(&long).0.len(), MAX_TERMS);
        let one = "x".repeat(10_000);
        assert_eq!(Terms::parse(&one).0[0].text.chars().count(), 64);
    }

    #[test]
    fn snippets_mark_matching_words_only() {
        let t = Terms::parse("news ");
        let s = snippet("The news, the newsletter and NEWS.", &t);
        assert_eq!(marked(&s), vec!["news", "NEWS"]);
        assert_eq!(plain(&s), "The news, the newsletter and NEWS.");
        let t = Terms::parse("news");
        assert_eq!(
            marked(&snippet("The news, the newsletter", &t)),
            vec!["news", "newsletter"]
        );
        // Markup in the text is text.
        let s = snippet("<b>bold</b> move", &Terms::parse("bold"));
        assert_eq!(plain(&s), "<b>bold</b> move");
        assert_eq!(marked(&s), vec!["bold"]);
        assert!(contains("Un café noir", &Terms::parse("cafe ")));
    }

    #[test]
    fn long_text_is_cut_around_the_first_match() {
        let text = format!(
            "{} lighthouse {}",
            "early words ".repeat(40),
            "late words ".repeat(40)
        );
        let s = snippet(&text, &Terms::parse("lighthouse"));
        let p = plain(&s);
        assert!(p.starts_with('…') && p.ends_with('…'), "{p}");
        assert!(p.chars().count() < 200, "{p}");
        assert_eq!(marked(&s), vec!["lighthouse"]);
        // No match: the beginning.
        let s = snippet(&text, &Terms::parse("absent"));
        assert!(plain(&s).starts_with("early words"));
        assert!(marked(&s).is_empty());
    }
}

//! Text: the tokenizer, a light suffix-stripping stemmer, negation scope, marker matching and a
//! small multinomial naive Bayes model, all offline and deterministic.
//!
//! - Tokens are runs of letters/digits (any script) lowercased; apostrophes inside words are
//!   kept so "don't" stays one token.
//! - [`stem`] strips common English inflections (plural, -ing, -ed, -ly, -ness, -ment, -ation…)
//!   so "publishing", "published" and "publish" meet; other scripts pass through unchanged.
//! - Negation: a negator ("not", "never", "don't", "no", "without"…) negates the next three
//!   tokens or up to the next punctuation mark. A marker does not match negated words unless the
//!   marker itself contains a negator ("never good enough").
//! - [`NaiveBayes`]: multinomial, Laplace-smoothed, trained on the person's labelled thoughts.

use std::collections::HashMap;

/// One token of a text: its stem, and whether it sits in a negation scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub stem: String,
    pub negated: bool,
}

const NEGATORS: &[&str] = &[
    "not",
    "no",
    "never",
    "nothing",
    "nobody",
    "none",
    "without",
    "hardly",
    "don't",
    "dont",
    "didn't",
    "didnt",
    "doesn't",
    "doesnt",
    "isn't",
    "isnt",
    "wasn't",
    "wasnt",
    "can't",
    "cant",
    "cannot",
    "won't",
    "wont",
    "aren't",
    "arent",
    "shouldn't",
    "wouldn't",
    "couldn't",
    "nor",
];

fn is_negator(raw: &str) -> bool {
    NEGATORS.contains(&raw) || raw.ends_with("n't")
}

/// Splits text into lowercase word tokens and the punctuation boundaries between them.
fn raw_tokens(text: &str) -> Vec<(String, bool)> {
    // (word, punctuation_follows)
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = if c == '\u{2019}' { '\'' } else { c };
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if c == '\'' && !cur.is_empty() && chars.peek().is_some_and(|n| n.is_alphanumeric())
        {
            cur.push('\'');
        } else {
            if !cur.is_empty() {
                out.push((std::mem::take(&mut cur), false));
            }
            if matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '—' | '–' | '\n'
            ) {
                if let Some(last) = out.last_mut() {
                    last.1 = true;
                }
            }
        }
    }
    if !cur.is_empty() {
        out.push((cur, false));
    }
    out
}

/// Tokenizes and stems `text`, marking negated tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let raw = raw_tokens(text);
    let mut out = Vec::with_capacity(raw.len());
    let mut scope = 0u8;
    for (word, punct) in raw {
        let neg = is_negator(&word);
        out.push(Token {
            stem: stem(&word),
            negated: scope > 0 && !neg,
        });
        if neg {
            scope = 3;
        } else {
            scope = scope.saturating_sub(1);
        }
        if punct {
            scope = 0;
        }
    }
    out
}

fn ends_with_any<'a>(w: &'a str, suffixes: &[&'a str]) -> Option<&'a str> {
    suffixes.iter().copied().find(|s| w.ends_with(s))
}

/// A light English stemmer: strips inflection and a few derivational suffixes, keeping at
/// least three characters. Deterministic; non-ASCII words are returned lowercased as is.
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    let w = w.strip_suffix("'s").unwrap_or(&w).to_string();
    if !w.is_ascii() || w.len() <= 3 {
        return w;
    }
    let keep = |s: &str, suffix: &str| s.len() >= suffix.len() + 3;
    let mut s = w.clone();
    // Plurals and -ies/-ied.
    if let Some(suf) = ends_with_any(&s, &["ies", "ied"]) {
        if keep(&s, suf) {
            s.truncate(s.len() - 3);
            s.push('y');
        }
    } else if s.ends_with("sses") {
        s.truncate(s.len() - 2);
    } else if s.ends_with('s') && !s.ends_with("ss") && !s.ends_with("us") && !s.ends_with("is") {
        if (s.ends_with("ches") || s.ends_with("shes") || s.ends_with("xes")) && keep(&s, "es") {
            s.truncate(s.len() - 2);
        } else {
            s.truncate(s.len() - 1);
        }
    }
    // Derivational and inflectional endings, longest first.
    const RULES: &[(&str, &str)] = &[
        ("ational", "at"),
        ("ization", "ize"),
        ("fulness", ""),
        ("iveness", "ive"),
        ("ation", "at"),
        ("ingly", ""),
        ("edly", ""),
        ("iness", "y"),
        ("ness", ""),
        ("ment", ""),
        ("ful", ""),
        ("ity", ""),
        ("ing", ""),
        ("ily", "y"),
        ("ly", ""),
        ("ed", ""),
        ("er", ""),
    ];
    for (suf, rep) in RULES {
        if s.ends_with(suf) && keep(&s, suf) {
            s.truncate(s.len() - suf.len());
            s.push_str(rep);
            break;
        }
    }
    if s.ends_with("ion") && (s.ends_with("tion") || s.ends_with("sion")) && keep(&s, "ion") {
        s.truncate(s.len() - 3);
    }
    if s.ends_with('e') && s.len() > 4 {
        s.pop();
    }
    // Undouble a final consonant (stopp → stop), except l, s, z.
    let b = s.as_bytes();
    if b.len() >= 4 {
        let (x, y) = (b[b.len() - 1], b[b.len() - 2]);
        if x == y && !matches!(x, b'l' | b's' | b'z' | b'a' | b'e' | b'i' | b'o' | b'u') {
            s.pop();
        }
    }
    s
}

/// A marker phrase compiled to stems. Matches a contiguous run of tokens; negated tokens only
/// match when the marker itself contains a negator.
#[derive(Debug, Clone)]
pub struct Marker {
    stems: Vec<String>,
    allows_negation: bool,
}

impl Marker {
    pub fn new(phrase: &str) -> Option<Marker> {
        let raw = raw_tokens(phrase);
        if raw.is_empty() {
            return None;
        }
        let allows_negation = raw.iter().any(|(w, _)| is_negator(w));
        Some(Marker {
            stems: raw.iter().map(|(w, _)| stem(w)).collect(),
            allows_negation,
        })
    }

    pub fn matches(&self, tokens: &[Token]) -> bool {
        let k = self.stems.len();
        if k == 0 || tokens.len() < k {
            return false;
        }
        tokens.windows(k).any(|win| {
            win.iter()
                .zip(&self.stems)
                .all(|(t, s)| stem_matches(&t.stem, s) && (self.allows_negation || !t.negated))
        })
    }
}

/// A text stem matches a marker stem when they are equal, or when a marker stem of five or more
/// characters is a prefix of it with at most six characters more ("critic" → "criticism",
/// "expect" → "expectat"); short stems must match whole so "post" never matches "postpone".
fn stem_matches(text: &str, marker: &str) -> bool {
    text == marker
        || (marker.len() >= 5 && text.starts_with(marker) && text.len() - marker.len() <= 6)
}

/// Compiles a list of marker phrases (empty ones dropped).
pub fn markers(phrases: &[String]) -> Vec<Marker> {
    phrases.iter().filter_map(|p| Marker::new(p)).collect()
}

/// How many of `markers` occur in `tokens`.
pub fn marker_hits(markers: &[Marker], tokens: &[Token]) -> usize {
    markers.iter().filter(|m| m.matches(tokens)).count()
}

/// Inner dialogue that justifies a delay or catastrophises: used by the thinking layer.
const DISTORTION_MARKERS: &[&str] = &[
    "later",
    "tomorrow",
    "next week",
    "first i",
    "after i",
    "once i",
    "need to",
    "have to",
    "not ready",
    "more time",
    "just one more",
    "one more",
    "not now",
    "what if",
    "disaster",
    "ruin",
    "terrible",
    "awful",
    "worst",
    "everyone will",
    "they will think",
    "humiliate",
    "embarrass",
    "pointless",
    "no point",
    "never",
    "always",
    "can't",
    "too much",
    "too late",
    "not in the mood",
    "when i feel",
    "perfect",
];

/// Compiled thinking-distortion markers.
pub fn distortion_markers() -> Vec<Marker> {
    DISTORTION_MARKERS
        .iter()
        .filter_map(|p| Marker::new(p))
        .collect()
}

/// Words too common to carry signal in the naive Bayes model.
const STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "to", "of", "in", "on", "it", "is", "i", "me", "my", "this",
    "that", "for", "with", "be", "was", "at", "so", "but", "just", "do", "have", "again",
];

/// Multinomial naive Bayes over stems, one class per label.
#[derive(Debug, Clone, Default)]
pub struct NaiveBayes {
    /// label → (stem → count), total tokens, documents
    classes: Vec<(String, HashMap<String, u32>, u32, u32)>,
    vocab: HashMap<String, ()>,
}

impl NaiveBayes {
    pub fn new() -> Self {
        Self::default()
    }

    fn class_mut(&mut self, label: &str) -> usize {
        if let Some(i) = self.classes.iter().position(|c| c.0 == label) {
            return i;
        }
        self.classes.push((label.to_string(), HashMap::new(), 0, 0));
        self.classes.len() - 1
    }

    /// Adds one labelled document.
    pub fn learn(&mut self, label: &str, tokens: &[Token]) {
        self.learn_times(label, tokens, 1);
    }

    /// Adds the same labelled document `times` times.
    pub fn learn_times(&mut self, label: &str, tokens: &[Token], times: u32) {
        let i = self.class_mut(label);
        let mut n = 0u32;
        for t in tokens {
            if t.negated || STOP.contains(&t.stem.as_str()) {
                continue;
            }
            let c = self.classes[i].1.entry(t.stem.clone()).or_insert(0);
            *c = c.saturating_add(times);
            self.vocab.insert(t.stem.clone(), ());
            n = n.saturating_add(times);
        }
        self.classes[i].2 = self.classes[i].2.saturating_add(n);
        self.classes[i].3 = self.classes[i].3.saturating_add(times);
    }

    pub fn is_trained(&self) -> bool {
        self.classes.len() >= 2
    }

    /// Posterior probability of each label for `tokens` (labels in training order).
    pub fn posterior(&self, tokens: &[Token]) -> Vec<(String, f64)> {
        if self.classes.is_empty() {
            return Vec::new();
        }
        let v = self.vocab.len().max(1) as f64;
        let docs: u32 = self.classes.iter().map(|c| c.3).sum();
        let mut logp: Vec<f64> = self
            .classes
            .iter()
            .map(|(_, counts, total, nd)| {
                let mut lp = ((*nd as f64 + 1.0) / (docs as f64 + self.classes.len() as f64)).ln();
                let denom = (*total as f64 + v).ln();
                for t in tokens {
                    if t.negated || STOP.contains(&t.stem.as_str()) {
                        continue;
                    }
                    if !self.vocab.contains_key(&t.stem) {
                        continue;
                    }
                    let c = counts.get(&t.stem).copied().unwrap_or(0) as f64;
                    lp += (c + 1.0).ln() - denom;
                }
                lp
            })
            .collect();
        let m = logp.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut z = 0.0;
        for x in &mut logp {
            *x = (*x - m).exp();
            z += *x;
        }
        self.classes
            .iter()
            .zip(logp)
            .map(|(c, p)| (c.0.clone(), p / z))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet() {
        assert_eq!(stem("publishing"), stem("published"));
        assert_eq!(stem("publish"), stem("publishes"));
        assert_eq!(stem("expectations"), stem("expectation"));
        assert_eq!(stem("automation"), stem("automate"));
        assert_eq!(stem("perfection"), stem("perfect"));
        assert_eq!(stem("stopped"), stem("stop"));
        assert_eq!(stem("Delegating"), stem("delegate"));
        assert_eq!(stem("worries"), "worry");
        assert_eq!(stem("ship"), "ship");
        assert_eq!(stem("émoji"), "émoji");
        assert_eq!(stem("日本語"), "日本語");
    }

    #[test]
    fn negation_blocks_markers() {
        let m = Marker::new("not good enough").expect("marker");
        assert!(m.matches(&tokenize("It's not good enough yet.")));
        let m = Marker::new("good enough").expect("marker");
        assert!(!m.matches(&tokenize("it's not good enough")));
        assert!(m.matches(&tokenize("It is good enough, ship it")));
        // Scope ends at punctuation.
        let m = Marker::new("scared").expect("marker");
        assert!(m.matches(&tokenize("I'm not ready. Scared, honestly")));
        assert!(!m.matches(&tokenize("I'm not scared")));
        assert!(Marker::new("  ").is_none());
        // Prefix markers of five or more characters; short ones match whole stems only.
        assert!(Marker::new("critic")
            .expect("m")
            .matches(&tokenize("the criticism stings")));
        assert!(!Marker::new("post")
            .expect("m")
            .matches(&tokenize("I postponed it")));
        assert!(Marker::new("post")
            .expect("m")
            .matches(&tokenize("posting it now")));
    }

    #[test]
    fn tokenizer_handles_unicode_and_apostrophes() {
        let t = tokenize("Don’t post it 🙈 — they'll judge ça");
        let stems: Vec<&str> = t.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(stems, vec!["don't", "post", "it", "they'll", "judg", "ça"]);
        assert!(t[1].negated && t[2].negated && !t[0].negated);
        assert!(tokenize("").is_empty());
        assert!(tokenize("🙈🙈 !!!").is_empty());
    }

    #[test]
    fn naive_bayes_learns_words() {
        let mut nb = NaiveBayes::new();
        nb.learn("a", &tokenize("they will judge my post"));
        nb.learn("a", &tokenize("everyone watching the post"));
        nb.learn("b", &tokenize("the routine bores me"));
        nb.learn("b", &tokenize("same schedule every day"));
        let p = nb.posterior(&tokenize("people judging my post"));
        assert_eq!(p[0].0, "a");
        assert!(p[0].1 > 0.8, "{p:?}");
        let p = nb.posterior(&tokenize("routine schedule"));
        assert!(p[1].1 > 0.8, "{p:?}");
        assert!(nb.is_trained());
    }
}

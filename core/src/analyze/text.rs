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
        (0..tokens.len()).any(|i| self.matches_at(tokens, i))
    }

    /// Whether the marker matches the tokens starting at `i`.
    fn matches_at(&self, tokens: &[Token], i: usize) -> bool {
        let k = self.stems.len();
        k > 0
            && tokens.len() >= i + k
            && tokens[i..i + k]
                .iter()
                .zip(&self.stems)
                .all(|(t, s)| stem_matches(&t.stem, s) && (self.allows_negation || !t.negated))
    }
}

/// The part of a stem that picks the markers it may match: a whole stem shorter than five
/// bytes must equal a marker stem; a longer one can only match marker stems of five or more
/// characters, which share its first five bytes (see [`stem_matches`]).
fn index_key(stem: &str) -> &[u8] {
    let b = stem.as_bytes();
    &b[..b.len().min(5)]
}

/// Many markers, each in a group, matched in one pass over a text: every token looks up only
/// the markers whose first stem it could match.
#[derive(Debug, Clone, Default)]
pub struct MarkerIndex {
    markers: Vec<(Marker, usize)>,
    by_key: HashMap<Vec<u8>, Vec<u32>>,
}

impl MarkerIndex {
    /// An index of `(marker, group)` pairs.
    pub fn new(markers: Vec<(Marker, usize)>) -> MarkerIndex {
        let mut by_key: HashMap<Vec<u8>, Vec<u32>> = HashMap::new();
        for (i, (m, _)) in markers.iter().enumerate() {
            if let Some(first) = m.stems.first() {
                let id = u32::try_from(i).unwrap_or(u32::MAX);
                by_key
                    .entry(index_key(first).to_vec())
                    .or_default()
                    .push(id);
            }
        }
        MarkerIndex { markers, by_key }
    }

    /// Sets bit `group` in `mask` for every group with a marker in `tokens`.
    pub fn mark(&self, tokens: &[Token], mask: &mut [u64]) {
        for (i, t) in tokens.iter().enumerate() {
            let Some(candidates) = self.by_key.get(index_key(&t.stem)) else {
                continue;
            };
            for &c in candidates {
                let (m, group) = &self.markers[c as usize];
                if mask[group / 64] & (1 << (group % 64)) == 0 && m.matches_at(tokens, i) {
                    mask[group / 64] |= 1 << (group % 64);
                }
            }
        }
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

/// Interns the stems the text model reads: words that are neither negated nor stop words.
#[derive(Debug, Clone, Default)]
pub struct Stems {
    ids: HashMap<String, u32>,
}

impl Stems {
    pub fn new() -> Self {
        Self::default()
    }

    /// The ids of the model's words among `tokens`, in order (appended to `out`).
    pub fn ids(&mut self, tokens: &[Token], out: &mut Vec<u32>) {
        for t in tokens {
            if t.negated || STOP.contains(&t.stem.as_str()) {
                continue;
            }
            let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
            out.push(*self.ids.entry(t.stem.clone()).or_insert(next));
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// One class of the model: its label, word counts by stem id, total words and documents.
#[derive(Debug, Clone)]
struct Class {
    label: String,
    counts: Vec<u32>,
    total: u32,
    docs: u32,
    /// After [`NaiveBayes::finish`]: ln P(stem | class) by stem id, and ln P(class).
    ln_word: Vec<f64>,
    ln_prior: f64,
}

/// Multinomial naive Bayes over stem ids (see [`Stems`]), one class per label,
/// Laplace-smoothed. Learn, [`NaiveBayes::finish`], then ask [`NaiveBayes::posterior`].
#[derive(Debug, Clone, Default)]
pub struct NaiveBayes {
    classes: Vec<Class>,
    /// Whether each stem id was seen in training, and how many were.
    seen: Vec<bool>,
    vocab: usize,
}

impl NaiveBayes {
    pub fn new() -> Self {
        Self::default()
    }

    fn class_mut(&mut self, label: &str) -> usize {
        if let Some(i) = self.classes.iter().position(|c| c.label == label) {
            return i;
        }
        self.classes.push(Class {
            label: label.to_string(),
            counts: Vec::new(),
            total: 0,
            docs: 0,
            ln_word: Vec::new(),
            ln_prior: 0.0,
        });
        self.classes.len() - 1
    }

    /// Adds one labelled document (its stem ids).
    pub fn learn(&mut self, label: &str, stems: &[u32]) {
        self.learn_times(label, stems, 1);
    }

    /// Adds the same labelled document `times` times.
    pub fn learn_times(&mut self, label: &str, stems: &[u32], times: u32) {
        let i = self.class_mut(label);
        for &s in stems {
            let s = s as usize;
            if s >= self.seen.len() {
                self.seen.resize(s + 1, false);
            }
            if !self.seen[s] {
                self.seen[s] = true;
                self.vocab += 1;
            }
            let c = &mut self.classes[i];
            if s >= c.counts.len() {
                c.counts.resize(s + 1, 0);
            }
            c.counts[s] = c.counts[s].saturating_add(times);
        }
        let c = &mut self.classes[i];
        let words = u32::try_from(stems.len()).unwrap_or(u32::MAX);
        c.total = c.total.saturating_add(words.saturating_mul(times));
        c.docs = c.docs.saturating_add(times);
    }

    /// Adds documents already summed: word counts by stem id, their total and the number of
    /// documents (the same as learning each of them).
    pub fn learn_sums(&mut self, label: &str, counts: &[u32], total: u32, docs: u32) {
        let i = self.class_mut(label);
        if counts.len() > self.seen.len() {
            self.seen.resize(counts.len(), false);
        }
        for (s, &n) in counts.iter().enumerate() {
            if n > 0 && !self.seen[s] {
                self.seen[s] = true;
                self.vocab += 1;
            }
        }
        let c = &mut self.classes[i];
        if counts.len() > c.counts.len() {
            c.counts.resize(counts.len(), 0);
        }
        for (d, &n) in c.counts.iter_mut().zip(counts) {
            *d = d.saturating_add(n);
        }
        c.total = c.total.saturating_add(total);
        c.docs = c.docs.saturating_add(docs);
    }

    pub fn is_trained(&self) -> bool {
        self.classes.len() >= 2
    }

    /// The labels, in training order (the order of [`NaiveBayes::posterior`]).
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.classes.iter().map(|c| c.label.as_str())
    }

    /// Computes the log-probabilities once training is over.
    pub fn finish(&mut self) {
        let v = self.vocab.max(1) as f64;
        let docs: u32 = self.classes.iter().map(|c| c.docs).sum();
        let n = self.classes.len() as f64;
        let seen = self.seen.len();
        for c in &mut self.classes {
            c.ln_prior = ((c.docs as f64 + 1.0) / (docs as f64 + n)).ln();
            let denom = (c.total as f64 + v).ln();
            c.ln_word = (0..seen)
                .map(|s| (c.counts.get(s).copied().unwrap_or(0) as f64 + 1.0).ln() - denom)
                .collect();
        }
    }

    /// Posterior probability of each label for a document (labels in training order) into
    /// `out`. Stems never seen in training are ignored. Needs [`NaiveBayes::finish`].
    pub fn posterior(&self, stems: &[u32], out: &mut Vec<f64>) {
        out.clear();
        for c in &self.classes {
            let mut lp = c.ln_prior;
            for &s in stems {
                if let Some(w) = c.ln_word.get(s as usize) {
                    if self.seen[s as usize] {
                        lp += w;
                    }
                }
            }
            out.push(lp);
        }
        let m = out.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut z = 0.0;
        for x in out.iter_mut() {
            *x = (*x - m).exp();
            z += *x;
        }
        for x in out.iter_mut() {
            *x /= z;
        }
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
    fn the_index_finds_what_each_marker_finds() {
        let phrases = [
            "not good enough",
            "good enough",
            "critic",
            "post",
            "they will judge",
            "scared",
            "日本",
            "what if",
        ];
        let ms: Vec<Marker> = phrases.iter().filter_map(|p| Marker::new(p)).collect();
        let index = MarkerIndex::new(ms.iter().cloned().zip(0..).collect());
        for text in [
            "It's not good enough yet.",
            "it's not good enough",
            "the criticism stings; they will judge the postponed post",
            "I'm not scared. What if it works",
            "日本 日本語",
            "",
            "🙈🙈",
        ] {
            let toks = tokenize(text);
            let mut mask = [0u64];
            index.mark(&toks, &mut mask);
            for (g, m) in ms.iter().enumerate() {
                assert_eq!(
                    mask[0] & (1 << g) != 0,
                    m.matches(&toks),
                    "{:?} in {text:?}",
                    phrases[g]
                );
            }
        }
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
        let mut stems = Stems::new();
        let mut ids = |text: &str| {
            let mut out = Vec::new();
            stems.ids(&tokenize(text), &mut out);
            out
        };
        let docs = [
            ("a", ids("they will judge my post")),
            ("a", ids("everyone watching the post")),
            ("b", ids("the routine bores me")),
            ("b", ids("same schedule every day")),
        ];
        assert!(
            !ids("not the routine").contains(&docs[2].1[0]),
            "negated words and stop words are not the model's"
        );
        let (judging, schedule) = (ids("people judging my post"), ids("routine schedule"));
        let mut nb = NaiveBayes::new();
        for (label, d) in &docs {
            nb.learn(label, d);
        }
        nb.finish();
        let mut p = Vec::new();
        nb.posterior(&judging, &mut p);
        assert_eq!(nb.labels().collect::<Vec<_>>(), vec!["a", "b"]);
        assert!(p[0] > 0.8, "{p:?}");
        nb.posterior(&schedule, &mut p);
        assert!(p[1] > 0.8, "{p:?}");
        assert!(nb.is_trained());
        // Learning a document twice is learning it with weight two.
        let mut twice = NaiveBayes::new();
        let mut weighted = NaiveBayes::new();
        for (label, d) in &docs {
            twice.learn(label, d);
            twice.learn(label, d);
            weighted.learn_times(label, d, 2);
        }
        twice.finish();
        weighted.finish();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        twice.posterior(&judging, &mut a);
        weighted.posterior(&judging, &mut b);
        assert_eq!(a, b);
        // And learning the sums of documents is learning them.
        let mut summed = NaiveBayes::new();
        for label in ["a", "b"] {
            let (mut counts, mut total, mut n) = (Vec::new(), 0, 0);
            for (_, d) in docs.iter().filter(|(l, _)| *l == label) {
                for &s in d {
                    if s as usize >= counts.len() {
                        counts.resize(s as usize + 1, 0);
                    }
                    counts[s as usize] += 2;
                    total += 2;
                }
                n += 2;
            }
            summed.learn_sums(label, &counts, total, n);
        }
        summed.finish();
        summed.posterior(&judging, &mut b);
        assert_eq!(a, b);
    }
}

//! BERT's uncased tokenizer, as `tokenizer.json` of all-MiniLM-L6-v2 describes it: the special
//! tokens matched verbatim, then the `BertNormalizer` (clean text, CJK characters spaced, accents
//! stripped, lowercase), the `BertPreTokenizer` (split on whitespace, punctuation alone) and
//! greedy longest-match WordPiece with `##` continuations and `[UNK]`.
//!
//! The fixture `fixtures/tokens.json`, written by `scripts/text-model/distill.py` with the
//! reference implementation, pins the behaviour down to the token id.

use std::collections::HashMap;

use unicode_general_category::{get_general_category, GeneralCategory as Gc};
use unicode_normalization::UnicodeNormalization;

/// Words longer than this many characters are one `[UNK]`, as in `tokenizer.json`.
const MAX_INPUT_CHARS_PER_WORD: usize = 100;
/// The special tokens, matched in the raw text before normalisation (`added_tokens`).
pub(crate) const SPECIAL_TOKENS: [&str; 5] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

/// A WordPiece vocabulary and the rules around it.
#[derive(Debug)]
pub(crate) struct WordPiece {
    ids: HashMap<String, u32>,
    unk: u32,
}

impl WordPiece {
    /// `vocab[i]` is the token of id `i`. `None` when `[UNK]` is missing.
    pub(crate) fn new(vocab: &[String]) -> Option<WordPiece> {
        let ids: HashMap<String, u32> = vocab
            .iter()
            .enumerate()
            .filter_map(|(i, t)| u32::try_from(i).ok().map(|i| (t.clone(), i)))
            .collect();
        let unk = *ids.get("[UNK]")?;
        Some(WordPiece { ids, unk })
    }

    /// Heap bytes of the vocabulary map (keys, values and the table's slots, roughly).
    pub(crate) fn heap_bytes(&self) -> usize {
        let slot = std::mem::size_of::<(String, u32)>() + 1;
        self.ids.capacity() * slot + self.ids.keys().map(String::capacity).sum::<usize>()
    }

    /// The id of a token, if the vocabulary has it.
    pub(crate) fn id(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }

    /// The token ids of `text`, without `[CLS]`/`[SEP]`; calls `out` for each.
    pub(crate) fn encode_with(&self, text: &str, mut out: impl FnMut(u32)) {
        let mut rest = text;
        while !rest.is_empty() {
            // The earliest special token in what is left (leftmost, then longest).
            let next = SPECIAL_TOKENS
                .iter()
                .filter_map(|s| rest.find(s).map(|at| (at, *s)))
                .min_by_key(|(at, s)| (*at, std::cmp::Reverse(s.len())));
            match next {
                Some((at, special)) => {
                    self.encode_plain(&rest[..at], &mut out);
                    if let Some(id) = self.id(special) {
                        out(id);
                    }
                    rest = &rest[at + special.len()..];
                }
                None => {
                    self.encode_plain(rest, &mut out);
                    rest = "";
                }
            }
        }
    }

    /// The token ids of `text` as a vector (tests, diagnostics).
    pub(crate) fn encode(&self, text: &str) -> Vec<u32> {
        let mut v = Vec::new();
        self.encode_with(text, |id| v.push(id));
        v
    }

    fn encode_plain(&self, text: &str, out: &mut impl FnMut(u32)) {
        let normal = normalise(text);
        let mut word = String::new();
        for c in normal.chars() {
            if c.is_whitespace() {
                self.word(&word, out);
                word.clear();
            } else if is_punctuation(c) {
                self.word(&word, out);
                word.clear();
                let mut buf = [0u8; 4];
                self.word(c.encode_utf8(&mut buf), out);
            } else {
                word.push(c);
            }
        }
        self.word(&word, out);
    }

    /// Greedy longest-match WordPiece of one word.
    fn word(&self, word: &str, out: &mut impl FnMut(u32)) {
        if word.is_empty() {
            return;
        }
        if word.chars().count() > MAX_INPUT_CHARS_PER_WORD {
            out(self.unk);
            return;
        }
        let mut pieces: Vec<u32> = Vec::new();
        let mut start = 0;
        let mut candidate = String::new();
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while start < end {
                candidate.clear();
                if start > 0 {
                    candidate.push_str("##");
                }
                candidate.push_str(&word[start..end]);
                if let Some(id) = self.id(&candidate) {
                    found = Some(id);
                    break;
                }
                // Back off by one character.
                end = word[..end]
                    .char_indices()
                    .next_back()
                    .map_or(start, |(i, _)| i);
            }
            match found {
                Some(id) => {
                    pieces.push(id);
                    start = end;
                }
                None => {
                    out(self.unk);
                    return;
                }
            }
        }
        pieces.into_iter().for_each(out);
    }
}

/// The `BertNormalizer`: drop NUL, U+FFFD and control characters, whitespace to spaces, spaces
/// around CJK ideographs, accents stripped (NFD, nonspacing marks removed), lowercase.
fn normalise(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_chinese(c) {
            cleaned.push(' ');
            cleaned.push(c);
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    let mut out = String::with_capacity(cleaned.len());
    for c in cleaned.nfd() {
        if get_general_category(c) == Gc::NonspacingMark {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

/// Unicode "Other" (Cc, Cf, Cn, Co, Cs) except tab, newline and carriage return.
fn is_control(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    matches!(
        get_general_category(c),
        Gc::Control | Gc::Format | Gc::Unassigned | Gc::PrivateUse | Gc::Surrogate
    )
}

fn is_chinese(c: char) -> bool {
    matches!(
        u32::from(c),
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F
            | 0x2B740..=0x2B81F
            | 0x2B920..=0x2CEAF
            | 0xF900..=0xFAFF
            | 0x2F800..=0x2FA1F
    )
}

/// ASCII punctuation (which includes `$+<=>^`|~`) or a Unicode punctuation category.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            get_general_category(c),
            Gc::ConnectorPunctuation
                | Gc::DashPunctuation
                | Gc::ClosePunctuation
                | Gc::FinalPunctuation
                | Gc::InitialPunctuation
                | Gc::OtherPunctuation
                | Gc::OpenPunctuation
        )
}

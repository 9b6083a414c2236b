//! What the analyzer derives from text once and keeps: for every interned task, domain and tag
//! which signature components it matches, and for every distinct thought which beliefs'
//! markers it uses and whether it justifies a delay or catastrophises.
//!
//! Strings and thoughts are interned append-only, so after new events only the new strings
//! and thoughts are scanned. The cache is rebuilt when the beliefs (ids, markers, signatures)
//! change.

use super::beliefs::{OTHERS_WORDS, RECURRING_WORDS, STAKES_WORDS};
use super::semantic::Prototypes;
use super::text::{self, Marker, MarkerIndex};
use super::{BeliefSpec, Dataset, NONE};

/// One behavioural component of a belief's signature.
#[derive(Debug, Clone)]
pub(crate) enum Comp {
    /// Events whose task, domain or a tag uses one of these words.
    Words(Vec<Marker>),
    /// Events after a win day.
    AfterWin,
}

#[derive(Debug, Clone, Default)]
pub struct Cache {
    key: Vec<String>,
    /// Component bits: (belief index, component).
    pub(crate) comps: Vec<(usize, Comp)>,
    /// u64 words per string mask.
    pub(crate) words: usize,
    str_masks: Vec<u64>,
    strings_done: usize,
    /// How many beliefs the cache was built for (the distortion bit follows theirs).
    beliefs: usize,
    /// u64 words per thought mask (one bit per belief, then one for distortion).
    twords: usize,
    thought_masks: Vec<u64>,
    thoughts_done: usize,
    /// Every component's words (group = component bit), and every belief's markers (group =
    /// belief index) with the distortion markers (group = number of beliefs).
    string_index: MarkerIndex,
    thought_index: MarkerIndex,
    /// The text model's words of every thought as stem ids: thought `t`'s are
    /// `model_stems[model_at[t]..model_at[t + 1]]`.
    stems: text::Stems,
    model_stems: Vec<u32>,
    model_at: Vec<u32>,
    /// The prototypes the thoughts' shares were computed against.
    prototypes: Option<std::sync::Arc<Prototypes>>,
    /// Classes per share row (beliefs, then neutral); 0 without prototypes.
    pub(crate) classes: usize,
    /// Per thought: where its share row starts in `shares` ([`NONE`]: no vector yet).
    share_at: Vec<u32>,
    shares: Vec<f32>,
    /// Thoughts scanned before their vector was there.
    without_vector: Vec<u32>,
    /// The reflections last read (day, text, whether a vector was there), in the journal's
    /// order, and what was read from each: its marker mask (`twords` words each) and, with a
    /// vector, its shares per class (`classes` each, empty without).
    reflections_read: Vec<(i32, String, bool)>,
    /// The journal's read of its side records (`Dataset::side_read`) and how many reflection
    /// vectors it had when the reflections were last compared: the same, nothing to compare.
    reflections_seen: Option<(u64, usize)>,
    reflection_masks: Vec<u64>,
    reflection_shares: Vec<Vec<f32>>,
}

fn compile(words: &[&str]) -> Vec<Marker> {
    words.iter().filter_map(|w| Marker::new(w)).collect()
}

fn components(spec: &BeliefSpec) -> Vec<Comp> {
    let s = &spec.signature;
    let mut out = Vec::new();
    let kw = text::markers(&s.task_keywords);
    if !kw.is_empty() {
        out.push(Comp::Words(kw));
    }
    if s.after_wins {
        out.push(Comp::AfterWin);
    }
    if s.recurring {
        out.push(Comp::Words(compile(RECURRING_WORDS)));
    }
    if s.set_by_others {
        out.push(Comp::Words(compile(OTHERS_WORDS)));
    }
    if s.high_stakes {
        out.push(Comp::Words(compile(STAKES_WORDS)));
    }
    out
}

fn key_of(beliefs: &[BeliefSpec]) -> Vec<String> {
    beliefs.iter().map(|b| format!("{b:?}")).collect()
}

impl Cache {
    pub fn new() -> Cache {
        Cache::default()
    }

    /// Brings the cache up to date with the journal: scans strings and thoughts added since
    /// the last update; starts over when the beliefs changed or the journal was rebuilt.
    /// Returns false when it started over (component bits may have moved).
    pub fn update(&mut self, j: &Dataset) -> bool {
        let mut kept = true;
        let key = key_of(&j.beliefs);
        let same_prototypes = match (&self.prototypes, &j.vectors.prototypes) {
            (None, None) => true,
            (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b) || a == b,
            _ => false,
        };
        if key != self.key
            || !same_prototypes
            || j.strings.len() < self.strings_done
            || j.thoughts.len() < self.thoughts_done
        {
            kept = self.key.is_empty() && self.strings_done == 0 && self.thoughts_done == 0;
            *self = Cache::default();
            self.comps = j
                .beliefs
                .iter()
                .enumerate()
                .flat_map(|(i, b)| components(b).into_iter().map(move |c| (i, c)))
                .collect();
            self.words = self.comps.len().div_ceil(64).max(1);
            self.beliefs = j.beliefs.len();
            self.twords = (self.beliefs + 1).div_ceil(64);
            self.string_index = MarkerIndex::new(
                self.comps
                    .iter()
                    .enumerate()
                    .flat_map(|(bit, (_, c))| match c {
                        Comp::Words(m) => m.iter().map(|mk| (mk.clone(), bit)).collect(),
                        Comp::AfterWin => Vec::new(),
                    })
                    .collect(),
            );
            let nb = self.beliefs;
            self.thought_index = MarkerIndex::new(
                j.beliefs
                    .iter()
                    .enumerate()
                    .flat_map(|(b, spec)| {
                        text::markers(&spec.markers)
                            .into_iter()
                            .map(move |m| (m, b))
                    })
                    .chain(text::distortion_markers().into_iter().map(|m| (m, nb)))
                    .collect(),
            );
            self.key = key;
            self.prototypes = j.vectors.prototypes.clone();
            self.classes = self.prototypes.as_ref().map_or(0, |p| p.classes());
        }
        // Thoughts whose vector came after they were scanned: their shares change the sums
        // already made, so the caller starts a new tally.
        if self.classes > 0 && !self.without_vector.is_empty() {
            let waiting = std::mem::take(&mut self.without_vector);
            for id in waiting {
                if j.vectors.thought(id).is_some() {
                    self.score_thought(j, id);
                    kept = false;
                } else {
                    self.without_vector.push(id);
                }
            }
        }
        for id in self.strings_done..j.strings.len() {
            let toks = text::tokenize(j.strings.get(id as u32));
            let base = self.str_masks.len();
            self.str_masks.resize(base + self.words, 0);
            self.string_index
                .mark(&toks, &mut self.str_masks[base..base + self.words]);
        }
        self.strings_done = j.strings.len();
        for id in self.thoughts_done..j.thoughts.len() {
            let toks = text::tokenize(j.thoughts.get(id as u32));
            let base = self.thought_masks.len();
            self.thought_masks.resize(base + self.twords, 0);
            self.thought_index
                .mark(&toks, &mut self.thought_masks[base..base + self.twords]);
            if self.model_at.is_empty() {
                self.model_at.push(0);
            }
            self.stems.ids(&toks, &mut self.model_stems);
            self.model_at
                .push(u32::try_from(self.model_stems.len()).unwrap_or(u32::MAX));
            self.share_at.push(NONE);
            if self.classes > 0 {
                if j.vectors.thought(id as u32).is_some() {
                    self.score_thought(j, id as u32);
                } else {
                    self.without_vector.push(id as u32);
                }
            }
        }
        self.thoughts_done = j.thoughts.len();
        self.read_reflections(j);
        kept
    }

    /// Reads the journal's reflections again when they (or their vectors) changed: every
    /// analysis window then takes what it needs from here instead of reading each text again.
    fn read_reflections(&mut self, j: &Dataset) {
        let has_vector = |i: usize| {
            let dim = self.prototypes.as_ref().map_or(0, |p| p.dim);
            j.vectors
                .reflections
                .get(i)
                .is_some_and(|v| dim > 0 && v.len() == dim)
        };
        let vectors = (0..j.reflections.len()).filter(|&i| has_vector(i)).count();
        if self.reflections_seen == Some((j.side_read, vectors)) {
            return;
        }
        self.reflections_seen = Some((j.side_read, vectors));
        let same = self.reflections_read.len() == j.reflections.len()
            && self
                .reflections_read
                .iter()
                .zip(&j.reflections)
                .enumerate()
                .all(|(i, ((d, t, v), (d2, t2)))| d == d2 && t == t2 && *v == has_vector(i));
        if same {
            return;
        }
        let read: Vec<(i32, String, bool)> = j
            .reflections
            .iter()
            .enumerate()
            .map(|(i, (d, t))| (*d, t.clone(), has_vector(i)))
            .collect();
        let words = self.twords.max(1);
        let mut masks = Vec::with_capacity(read.len() * words);
        let mut shares = Vec::with_capacity(read.len());
        for (i, (_, text, vector)) in read.iter().enumerate() {
            masks.extend(self.text_mask(text));
            masks.resize((i + 1) * words, 0);
            let mut out = Vec::new();
            if let (true, Some(p)) = (*vector, self.prototypes.as_ref()) {
                p.shares(&j.vectors.reflections[i], &mut out);
            }
            shares.push(out);
        }
        self.reflections_read = read;
        self.reflection_masks = masks;
        self.reflection_shares = shares;
    }

    /// Reflection `i`'s (in the journal's order) marker mask, as [`Cache::text_mask`] gives it.
    pub(crate) fn reflection_mask(&self, i: usize) -> &[u64] {
        let words = self.twords.max(1);
        self.reflection_masks
            .get(i * words..(i + 1) * words)
            .unwrap_or(&[])
    }

    /// Reflection `i`'s shares per class, when it had a vector (empty otherwise).
    pub(crate) fn reflection_shares(&self, i: usize) -> &[f32] {
        self.reflection_shares.get(i).map_or(&[], Vec::as_slice)
    }

    /// Reads thought `id`'s vector against the prototypes.
    fn score_thought(&mut self, j: &Dataset, id: u32) {
        let (Some(p), Some(v)) = (self.prototypes.as_ref(), j.vectors.thought(id)) else {
            return;
        };
        let mut out = Vec::with_capacity(self.classes);
        p.shares(v, &mut out);
        self.share_at[id as usize] = u32::try_from(self.shares.len()).unwrap_or(NONE);
        self.shares.extend_from_slice(&out);
    }

    /// A thought's shares per class (beliefs, then neutral), when it has a vector.
    pub(crate) fn thought_shares(&self, thought: u32) -> Option<&[f32]> {
        let s = *self.share_at.get(thought as usize)?;
        (s != NONE).then(|| &self.shares[s as usize..s as usize + self.classes])
    }

    /// Whether the thoughts are read by the sentence model (prototypes are there).
    pub(crate) fn semantic(&self) -> bool {
        self.classes > 0
    }

    /// The component mask of a string (all zero for [`NONE`]).
    pub(crate) fn string_mask(&self, id: u32) -> &[u64] {
        if id == NONE || (id as usize) >= self.strings_done {
            return &[];
        }
        let s = id as usize * self.words;
        &self.str_masks[s..s + self.words]
    }

    /// A thought's mask: bit `b` set when it uses belief `b`'s markers, and the bit after the
    /// last belief when it justifies a delay or catastrophises (empty for [`NONE`]).
    pub(crate) fn thought_mask(&self, thought: u32) -> &[u64] {
        if thought == NONE || (thought as usize) >= self.thoughts_done {
            return &[];
        }
        let s = thought as usize * self.twords;
        &self.thought_masks[s..s + self.twords]
    }

    /// Which beliefs' markers a text uses (bit `b` for belief `b`; the bit after the last
    /// belief for distortion), in one pass through the marker index.
    pub(crate) fn text_mask(&self, text: &str) -> Vec<u64> {
        let mut mask = vec![0u64; self.twords.max(1)];
        self.thought_index.mark(&text::tokenize(text), &mut mask);
        mask
    }

    /// The stem ids a thought gives the text model (see [`text::Stems`]).
    pub(crate) fn model_words(&self, thought: u32) -> &[u32] {
        let t = thought as usize;
        if thought == NONE || t >= self.thoughts_done {
            return &[];
        }
        &self.model_stems[self.model_at[t] as usize..self.model_at[t + 1] as usize]
    }

    /// Whether a thought uses belief `b`'s markers.
    pub(crate) fn thought_hit(&self, thought: u32, b: usize) -> bool {
        self.thought_bit(thought, b)
    }

    /// Whether a thought justifies a delay or catastrophises.
    pub(crate) fn thought_distorted(&self, thought: u32) -> bool {
        self.thought_bit(thought, self.beliefs)
    }

    fn thought_bit(&self, thought: u32, bit: usize) -> bool {
        if thought == NONE || (thought as usize) >= self.thoughts_done {
            return false;
        }
        let w = self.thought_masks[thought as usize * self.twords + bit / 64];
        w & (1 << (bit % 64)) != 0
    }
}

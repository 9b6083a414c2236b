//! Semantic text evidence: each thought's sentence vector read against every belief's
//! prototypes.
//!
//! A belief's prototypes are the vectors of its exemplar sentences ([`super::exemplars`]), its
//! statement and its description (a custom belief: its statement and markers). One more class,
//! *neutral*, holds everyday reasons for a break that speak of no belief.
//!
//! A thought is scored once (the cache keeps the result): for every class, the mean cosine
//! similarity to its [`TOP_K`] nearest prototypes; then a softmax over the classes at
//! temperature [`TEMPERATURE`], so a thought counts for a belief only as far as it is closer to
//! that belief than to the others *and* to the neutral class. A thought near two beliefs gives
//! each about half; a neutral thought gives them next to nothing. With the text model the
//! belief head was fitted for ([`super::head`]), the head's linear read of the thought is added
//! to the catalog's classes and the neutral class: the share the prototypes give them together
//! is split among them by the head; a custom belief keeps the share its prototypes give it.
//!
//! The vectors are L2-normalised, so a dot product is the cosine.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::head::{self, Head};
use crate::embed::{Embedder, DIM};
use crate::store::{Store, StoreError};

/// Prototypes averaged per class: the nearest this many.
pub const TOP_K: usize = 3;
/// Softmax temperature over the classes' similarities.
pub const TEMPERATURE: f32 = 0.035;

/// Every class's prototype vectors, for one model.
#[derive(Debug, Clone, PartialEq)]
pub struct Prototypes {
    /// The model the vectors come from.
    pub model: String,
    pub dim: usize,
    /// The belief ids, in order; the neutral class comes after them.
    pub ids: Vec<String>,
    /// Per class: its prototype vectors, one after another (centred, see [`Prototypes::mean`]).
    vecs: Vec<Vec<f32>>,
    /// The mean of every prototype vector of every class. A static sentence table gives every
    /// text a large common direction (any two texts have a cosine near one half), which makes
    /// the classes whose prototypes are broad look near everything. Prototypes and thoughts are
    /// read with this mean taken off and renormalised, so what is compared is how a text
    /// differs from text in general.
    mean: Vec<f32>,
    /// The belief head that reads the catalog's classes ([`super::head`]), when it belongs to
    /// this model, with each class's row in it (`None`: a custom class).
    head: Option<(&'static Head, Vec<Option<usize>>)>,
}

/// The texts of a class's prototypes.
pub fn prototype_texts(
    id: &str,
    statement: &str,
    description: &str,
    markers: &[String],
) -> Vec<String> {
    let mut out: Vec<String> = super::exemplars::of(id)
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    for t in [statement, description] {
        if !t.trim().is_empty() {
            out.push(t.to_string());
        }
    }
    if super::exemplars::of(id).is_empty() {
        // A custom belief: its markers are the person's own words for it.
        out.extend(markers.iter().filter(|m| !m.trim().is_empty()).cloned());
    }
    out
}

pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Four lanes, so the compiler vectorises it even without fast-math.
    let mut s = [0.0f32; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        s[0] += x[0] * y[0];
        s[1] += x[1] * y[1];
        s[2] += x[2] * y[2];
        s[3] += x[3] * y[3];
    }
    let mut t = s[0] + s[1] + s[2] + s[3];
    for (x, y) in ra.iter().zip(rb) {
        t += x * y;
    }
    t
}

/// [`dot`] of `a` with four vectors at once: for each, the same products summed in the same
/// order (so the same result, bit for bit), as four independent chains of additions that the
/// processor runs side by side instead of one after another.
fn dot4(a: &[f32], b: [&[f32]; 4]) -> [f32; 4] {
    let mut s = [[0.0f32; 4]; 4];
    let ca = a.chunks_exact(4);
    let ra = ca.remainder();
    let [c0, c1, c2, c3] = b.map(|x| x.chunks_exact(4));
    let rests = b.map(|x| x.chunks_exact(4).remainder());
    for ((((x, y0), y1), y2), y3) in ca.zip(c0).zip(c1).zip(c2).zip(c3) {
        for (acc, y) in s.iter_mut().zip([y0, y1, y2, y3]) {
            acc[0] += x[0] * y[0];
            acc[1] += x[1] * y[1];
            acc[2] += x[2] * y[2];
            acc[3] += x[3] * y[3];
        }
    }
    let mut out = [0.0f32; 4];
    for ((o, acc), rb) in out.iter_mut().zip(s).zip(rests) {
        let mut t = acc[0] + acc[1] + acc[2] + acc[3];
        for (x, y) in ra.iter().zip(rb) {
            t += x * y;
        }
        *o = t;
    }
    out
}

/// Takes `mean` off `v` and scales the rest to unit length (a zero rest stays zero).
fn centre(v: &mut [f32], mean: &[f32]) {
    for (x, m) in v.iter_mut().zip(mean) {
        *x -= m;
    }
    let n = dot(v, v).sqrt();
    if n > 1e-6 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

impl Prototypes {
    /// Builds the prototypes of `beliefs` (id and prototype texts) and the neutral class with
    /// `embed`. Texts it cannot embed are left out.
    pub fn build(
        model: &str,
        dim: usize,
        beliefs: &[(String, Vec<String>)],
        mut embed: impl FnMut(&str) -> Option<Vec<f32>>,
    ) -> Prototypes {
        let mut class = |texts: &mut dyn Iterator<Item = &str>| {
            let mut v = Vec::new();
            for t in texts {
                if let Some(x) = embed(t).filter(|x| x.len() == dim) {
                    v.extend_from_slice(&x);
                }
            }
            v
        };
        let mut vecs: Vec<Vec<f32>> = beliefs
            .iter()
            .map(|(_, texts)| class(&mut texts.iter().map(String::as_str)))
            .collect();
        vecs.push(class(&mut super::exemplars::NEUTRAL.iter().copied()));
        let mut mean = vec![0.0f32; dim];
        let mut n = 0usize;
        for p in vecs.iter().flat_map(|c| c.chunks_exact(dim.max(1))) {
            for (m, x) in mean.iter_mut().zip(p) {
                *m += x;
            }
            n += 1;
        }
        if n > 0 {
            mean.iter_mut().for_each(|m| *m /= n as f32);
        }
        for c in &mut vecs {
            for p in c.chunks_exact_mut(dim.max(1)) {
                centre(p, &mean);
            }
        }
        let p = Prototypes {
            model: model.to_string(),
            dim,
            ids: beliefs.iter().map(|(id, _)| id.clone()).collect(),
            vecs,
            mean,
            head: None,
        };
        let h = Head::committed();
        if h.model == model {
            p.with_head(h)
        } else {
            p
        }
    }

    /// The same prototypes read without the belief head: nearest prototypes alone.
    pub fn without_head(mut self) -> Prototypes {
        self.head = None;
        self
    }

    /// The same prototypes read with `head` (which must read vectors of their dimension) for
    /// the classes it has rows for.
    pub fn with_head(mut self, head: &'static Head) -> Prototypes {
        let rows = self
            .ids
            .iter()
            .map(|id| head.row(id))
            .chain([head.row(head::NEUTRAL)])
            .collect();
        self.head = (head.dim == self.dim).then_some((head, rows));
        self
    }

    /// `v` as the prototypes read it: the prototypes' mean taken off, scaled to unit length.
    pub fn centred(&self, v: &[f32]) -> Vec<f32> {
        let mut c = v.to_vec();
        centre(&mut c, &self.mean);
        c
    }

    /// The number of classes (beliefs, then neutral).
    pub fn classes(&self) -> usize {
        self.vecs.len()
    }

    /// Each class's similarity to `v`: the mean of its [`TOP_K`] nearest prototypes.
    pub fn similarities(&self, v: &[f32], out: &mut Vec<f32>) {
        self.similarities_of_centred(&self.centred(v), out);
    }

    fn similarities_of_centred(&self, v: &[f32], out: &mut Vec<f32>) {
        out.clear();
        for protos in &self.vecs {
            let mut best = [f32::NEG_INFINITY; TOP_K];
            let mut n = 0;
            let mut keep = |s: f32| {
                n += 1;
                if s > best[TOP_K - 1] {
                    let mut k = TOP_K - 1;
                    while k > 0 && best[k - 1] < s {
                        best[k] = best[k - 1];
                        k -= 1;
                    }
                    best[k] = s;
                }
            };
            // Four prototypes at a time, in order: the similarities `dot` gives, sooner.
            let fours = protos.chunks_exact(4 * self.dim);
            let rest = fours.remainder();
            for four in fours {
                let (p0, p1) = four.split_at(2 * self.dim);
                let (p0, p1a) = p0.split_at(self.dim);
                let (p2, p3) = p1.split_at(self.dim);
                for s in dot4(v, [p0, p1a, p2, p3]) {
                    keep(s);
                }
            }
            for p in rest.chunks_exact(self.dim) {
                keep(dot(v, p));
            }
            let k = n.min(TOP_K);
            out.push(if k == 0 {
                -1.0
            } else {
                best[..k].iter().sum::<f32>() / k as f32
            });
        }
    }

    /// The share of `v` that goes to each class (summing to 1): a softmax of the classes'
    /// similarities at [`TEMPERATURE`]. With a belief head, the share that softmax gives the
    /// catalog's classes and the neutral class together is split among them by the head's
    /// softmax instead; a custom belief keeps its share (the head has never seen it, and its
    /// prototypes are the person's own words).
    pub fn shares(&self, v: &[f32], out: &mut Vec<f32>) {
        let c = self.centred(v);
        self.similarities_of_centred(&c, out);
        for x in out.iter_mut() {
            *x /= TEMPERATURE;
        }
        let Some((h, rows)) = &self.head else {
            softmax(out);
            return;
        };
        let logits: Vec<f32> = out
            .iter()
            .zip(rows)
            .filter_map(|(x, row)| row.map(|r| h.logit(r, *x, &c)))
            .collect();
        softmax(out);
        let custom: f32 = out
            .iter()
            .zip(rows)
            .filter(|(_, row)| row.is_none())
            .map(|(x, _)| x)
            .sum();
        let mut read = logits;
        softmax(&mut read);
        let mut read = read.into_iter();
        for (x, row) in out.iter_mut().zip(rows) {
            if row.is_some() {
                *x = read.next().unwrap_or(0.0) * (1.0 - custom);
            }
        }
    }
}

/// Turns logits into shares that sum to 1, in place.
fn softmax(x: &mut [f32]) {
    let m = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut z = 0.0;
    for v in x.iter_mut() {
        *v = (*v - m).exp();
        z += *v;
    }
    for v in x.iter_mut() {
        *v /= z;
    }
}

/// Sentence vectors of the journal's texts, by thought id (and for reflections, by their index
/// in [`super::Dataset::reflections`]), with the prototypes to read them against.
#[derive(Debug, Clone, Default)]
pub struct Vectors {
    pub prototypes: Option<Arc<Prototypes>>,
    /// Thought id → offset of its vector in `data` ([`super::NONE`] = none yet).
    at: Vec<u32>,
    data: Vec<f32>,
    /// One vector per reflection (empty = none).
    pub reflections: Vec<Vec<f32>>,
    /// Why the model is not used, when it is not (for the analysis' `text_model` note).
    pub unavailable: Option<String>,
}

impl Vectors {
    /// Sets the vector of thought `id` (ignored when it has the wrong length).
    pub fn set_thought(&mut self, id: u32, v: &[f32]) {
        let dim = self.prototypes.as_ref().map_or(v.len(), |p| p.dim);
        if v.len() != dim || dim == 0 {
            return;
        }
        let i = id as usize;
        if i >= self.at.len() {
            self.at.resize(i + 1, super::NONE);
        }
        if self.at[i] == super::NONE {
            self.at[i] = u32::try_from(self.data.len()).unwrap_or(super::NONE);
            self.data.extend_from_slice(v);
        } else {
            let s = self.at[i] as usize;
            self.data[s..s + dim].copy_from_slice(v);
        }
    }

    /// The vector of thought `id`, if it has one.
    pub fn thought(&self, id: u32) -> Option<&[f32]> {
        let dim = self.prototypes.as_ref()?.dim;
        let s = *self.at.get(id as usize)?;
        (s != super::NONE).then(|| &self.data[s as usize..s as usize + dim])
    }

    /// How many thoughts have a vector.
    pub fn thoughts_with_vectors(&self) -> usize {
        self.at.iter().filter(|&&s| s != super::NONE).count()
    }
}

/// The class texts of a journal's beliefs (see [`prototype_texts`]).
pub fn belief_texts(beliefs: &[super::BeliefSpec]) -> Vec<(String, Vec<String>)> {
    beliefs
        .iter()
        .map(|b| {
            (
                b.id.clone(),
                prototype_texts(&b.id, &b.statement, &b.description, &b.markers),
            )
        })
        .collect()
}

/// Gives the journal its sentence vectors: the prototypes of its beliefs (built once per
/// process and model, from `prototype`) and the vectors of its thoughts and reflections (from
/// `text`, which returns `None` for a text without a stored vector yet).
pub fn attach(
    j: &mut super::Dataset,
    model: &str,
    dim: usize,
    prototype: impl FnMut(&str) -> Option<Vec<f32>>,
    mut text: impl FnMut(&str) -> Option<Vec<f32>>,
) {
    let protos = cached(model, dim, &belief_texts(&j.beliefs), prototype);
    j.vectors.prototypes = Some(protos);
    j.vectors.unavailable = None;
    for id in 0..j.thoughts.len() as u32 {
        if let Some(v) = text(j.thoughts.get(id)) {
            j.vectors.set_thought(id, &v);
        }
    }
    j.vectors.reflections = j
        .reflections
        .iter()
        .map(|(_, t)| text(t).filter(|v| v.len() == dim).unwrap_or_default())
        .collect();
}

/// How far a journal's vectors follow the store: the newest `text_vectors` row read, and how
/// many thoughts had been looked up.
#[derive(Debug, Clone, Copy, Default)]
pub struct Synced {
    top: i64,
    thoughts: usize,
}

/// Gives the journal `model`'s prototypes and every vector stored for its thoughts and
/// reflections. Texts without a stored vector stay without one (markers stand in for them);
/// nothing is embedded here but the prototypes.
pub fn attach_stored(
    j: &mut super::Dataset,
    model: &Embedder,
    store: &Store,
) -> Result<Synced, StoreError> {
    j.vectors = Vectors {
        prototypes: Some(prototypes_of(j, model)),
        ..Vectors::default()
    };
    let top = store.text_vectors_top()?;
    let (thoughts, vectors) = (&j.thoughts, &mut j.vectors);
    store.each_text_vector(model.id(), |text, v| {
        if let Some(id) = thoughts.find(text.trim()) {
            vectors.set_thought(id, v);
        }
    })?;
    stored_reflections(j, model, store)?;
    Ok(Synced {
        top,
        thoughts: j.thoughts.len(),
    })
}

/// Brings the journal's vectors up to date with the store after appends: the vectors stored
/// since `synced`, the thoughts interned since, and, when the side records changed, the
/// prototypes (beliefs may have changed) and the reflections' vectors.
pub fn sync_stored(
    j: &mut super::Dataset,
    model: &Embedder,
    store: &Store,
    synced: &mut Synced,
    side_changed: bool,
) -> Result<(), StoreError> {
    if side_changed {
        j.vectors.prototypes = Some(prototypes_of(j, model));
        stored_reflections(j, model, store)?;
    }
    let top = store.text_vectors_top()?;
    if top > synced.top {
        // Reflections still without a vector, by text.
        let mut waiting: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (_, text)) in j.reflections.iter().enumerate() {
            if j.vectors.reflections.get(i).is_none_or(Vec::is_empty) {
                waiting.entry(text.as_str()).or_default().push(i);
            }
        }
        let (thoughts, vectors) = (&j.thoughts, &mut j.vectors);
        vectors.reflections.resize(j.reflections.len(), Vec::new());
        store.each_text_vector_after(model.id(), synced.top, |text, v| {
            if let Some(id) = thoughts.find(text.trim()) {
                vectors.set_thought(id, v);
            }
            for &i in waiting.get(text).map_or(&[][..], Vec::as_slice) {
                vectors.reflections[i] = v.to_vec();
            }
        })?;
    }
    for id in synced.thoughts..j.thoughts.len() {
        let id = u32::try_from(id).unwrap_or(super::NONE);
        if j.vectors.thought(id).is_none() {
            if let Some(v) = store.text_vector(model.id(), j.thoughts.get(id))? {
                j.vectors.set_thought(id, &v);
            }
        }
    }
    *synced = Synced {
        top: synced.top.max(top),
        thoughts: j.thoughts.len(),
    };
    Ok(())
}

/// Gives the journal `model`'s prototypes and embeds every thought and reflection directly
/// (no store): for journals held only in memory, as the evaluation builds them.
pub fn attach_embedded(j: &mut super::Dataset, model: &Embedder) {
    attach(
        j,
        model.id(),
        DIM,
        |t| Some(model.embed(t)),
        |t| Some(model.embed(t)),
    );
}

/// The thoughts still without a vector, followed as thoughts are interned: listing them after
/// an append looks only at the new thoughts and at those that were waiting.
#[derive(Debug, Clone, Default)]
pub struct Waiting {
    checked: usize,
    ids: Vec<u32>,
}

/// The thoughts and reflections the journal holds without a vector, by text (what a front end
/// embeds and stores). `waiting` carries what was found the last time (a fresh one looks at
/// every thought).
pub fn texts_without_vectors(j: &super::Dataset, waiting: &mut Waiting) -> Vec<String> {
    if waiting.checked > j.thoughts.len() {
        *waiting = Waiting::default();
    }
    waiting.ids.retain(|&id| j.vectors.thought(id).is_none());
    for id in waiting.checked..j.thoughts.len() {
        let id = u32::try_from(id).unwrap_or(super::NONE);
        if j.vectors.thought(id).is_none() {
            waiting.ids.push(id);
        }
    }
    waiting.checked = j.thoughts.len();
    let mut out: Vec<String> = waiting
        .ids
        .iter()
        .map(|&id| j.thoughts.get(id).to_string())
        .collect();
    for ((_, text), v) in j.reflections.iter().zip(&j.vectors.reflections) {
        if v.is_empty() && !text.trim().is_empty() {
            out.push(text.clone());
        }
    }
    out
}

fn prototypes_of(j: &super::Dataset, model: &Embedder) -> Arc<Prototypes> {
    cached(model.id(), DIM, &belief_texts(&j.beliefs), |t| {
        Some(model.embed(t))
    })
}

fn stored_reflections(
    j: &mut super::Dataset,
    model: &Embedder,
    store: &Store,
) -> Result<(), StoreError> {
    let mut out = Vec::with_capacity(j.reflections.len());
    for (_, text) in &j.reflections {
        out.push(store.text_vector(model.id(), text)?.unwrap_or_default());
    }
    j.vectors.reflections = out;
    Ok(())
}

/// Prototypes already built in this process, by model and class texts: the exemplars are
/// embedded once, not on every analysis.
pub fn cached(
    model: &str,
    dim: usize,
    beliefs: &[(String, Vec<String>)],
    embed: impl FnMut(&str) -> Option<Vec<f32>>,
) -> Arc<Prototypes> {
    type Memo = Mutex<HashMap<(String, Vec<(String, Vec<String>)>), Arc<Prototypes>>>;
    static MEMO: OnceLock<Memo> = OnceLock::new();
    let key = (model.to_string(), beliefs.to_vec());
    let memo = MEMO.get_or_init(Memo::default);
    if let Some(p) = memo.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return p;
    }
    let p = Arc::new(Prototypes::build(model, dim, beliefs, embed));
    if let Ok(mut m) = memo.lock() {
        m.insert(key, Arc::clone(&p));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_at_a_time_gives_the_same_similarities_bit_for_bit() {
        // A small deterministic generator: values in -1..1 of every magnitude.
        let mut x = 0x9e37_79b9_u32;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x as f32 / u32::MAX as f32) * 2.0 - 1.0
        };
        for dim in [1usize, 3, 4, 7, 128, 130] {
            let a: Vec<f32> = (0..dim).map(|_| next()).collect();
            let b: Vec<Vec<f32>> = (0..4).map(|_| (0..dim).map(|_| next()).collect()).collect();
            let four = dot4(&a, [&b[0], &b[1], &b[2], &b[3]]);
            for (k, got) in four.iter().enumerate() {
                assert_eq!(
                    got.to_bits(),
                    dot(&a, &b[k]).to_bits(),
                    "dim {dim}, vector {k}"
                );
            }
            // Classes of 0 to 9 prototypes: the grouped walk and the one-by-one walk agree.
            let vecs: Vec<Vec<f32>> = (0..10)
                .map(|n| (0..n * dim).map(|_| next()).collect())
                .collect();
            let p = Prototypes {
                model: "m".into(),
                dim,
                ids: (0..9).map(|i| i.to_string()).collect(),
                vecs: vecs.clone(),
                mean: vec![0.0; dim],
                head: None,
            };
            let mut got = Vec::new();
            p.similarities(&a, &mut got);
            // What `similarities` reads: the vector centred on the (here zero) mean.
            let mut a = a.clone();
            centre(&mut a, &p.mean);
            let want: Vec<f32> = vecs
                .iter()
                .map(|protos| {
                    let mut sims: Vec<f32> = protos.chunks_exact(dim).map(|q| dot(&a, q)).collect();
                    sims.sort_by(|x, y| y.total_cmp(x));
                    let k = sims.len().min(TOP_K);
                    if k == 0 {
                        -1.0
                    } else {
                        sims[..k].iter().sum::<f32>() / k as f32
                    }
                })
                .collect();
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "dim {dim}");
        }
    }

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn a_thought_goes_to_its_nearest_class_and_neutral_stays_neutral() {
        // Three axes: belief a, belief b, and everything neutral on the third (a and b
        // placed alike, so the mean the prototypes are centred on favours neither).
        let embed = |t: &str| -> Option<Vec<f32>> {
            Some(if t.starts_with('a') {
                unit(&[1.0, 0.1, 0.0])
            } else if t.starts_with('b') {
                unit(&[0.1, 1.0, 0.0])
            } else {
                unit(&[0.05, 0.05, 1.0])
            })
        };
        let beliefs = vec![
            ("custom:a".to_string(), vec!["a one".into(), "a two".into()]),
            ("custom:b".to_string(), vec!["b one".into(), "b two".into()]),
        ];
        let p = Prototypes::build("test", 3, &beliefs, embed);
        assert_eq!(p.classes(), 3);
        let mut s = Vec::new();
        p.shares(&unit(&[1.0, 0.0, 0.0]), &mut s);
        assert!(s[0] > 0.99, "{s:?}");
        p.shares(&unit(&[0.0, 0.0, 1.0]), &mut s);
        assert!(s[2] > 0.99, "{s:?}");
        p.shares(&unit(&[1.0, 1.0, 0.0]), &mut s);
        assert!((s[0] - s[1]).abs() < 0.05 && s[2] < 0.05, "{s:?}");
        assert!((s.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }

    #[test]
    fn the_head_splits_the_catalog_share_and_a_custom_belief_keeps_its_own() {
        // Belief a (the head has a row for it), a custom belief c (no row) and neutral.
        let embed = |t: &str| -> Option<Vec<f32>> {
            Some(if t.starts_with('a') {
                unit(&[1.0, 0.1, 0.0])
            } else if t.starts_with('c') {
                unit(&[0.1, 1.0, 0.0])
            } else {
                unit(&[0.05, 0.05, 1.0])
            })
        };
        let beliefs = vec![
            ("a".to_string(), vec!["a one".into()]),
            ("custom:c".to_string(), vec!["c one".into()]),
        ];
        let plain = Prototypes::build("test", 3, &beliefs, embed);
        // A head that reads the third axis as belief a, whatever the prototypes say.
        let head: &'static Head = Box::leak(Box::new(Head {
            model: "test",
            dim: 3,
            ids: &["a", head::NEUTRAL],
            scale: 0.0,
            bias: &[0.0, 0.0],
            weights: &[0.0, 0.0, 10.0, 0.0, 0.0, 0.0],
        }));
        let read = plain.clone().with_head(head);
        let (mut p, mut q) = (Vec::new(), Vec::new());
        for v in [[0.0, 0.0, 1.0], [0.3, 1.0, 0.2], [1.0, 0.0, 0.0]] {
            plain.shares(&unit(&v), &mut p);
            read.shares(&unit(&v), &mut q);
            assert!(
                (q[1] - p[1]).abs() < 1e-6,
                "custom keeps its share: {p:?} {q:?}"
            );
            assert!((q.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        }
        // A neutral-looking thought: the prototypes give it to neutral, the head to a.
        plain.shares(&unit(&[0.0, 0.0, 1.0]), &mut p);
        read.shares(&unit(&[0.0, 0.0, 1.0]), &mut q);
        assert!(p[2] > 0.9 && q[0] > 0.9, "{p:?} {q:?}");
        // A thought near the custom belief stays with it.
        read.shares(&unit(&[0.1, 1.0, 0.0]), &mut q);
        assert!(q[1] > 0.9, "{q:?}");
        // Without the head's dimension, no head.
        let wrong: &'static Head = Box::leak(Box::new(Head { dim: 2, ..*head }));
        plain
            .clone()
            .with_head(wrong)
            .shares(&unit(&[0.0, 0.0, 1.0]), &mut q);
        assert_eq!(p, q);
    }
}

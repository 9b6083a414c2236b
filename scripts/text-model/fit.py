#!/usr/bin/env python3
"""Makes Plumbline's text model, models/plumbline-text-v2.bin: the static table of distill.py,
refitted on whole sentences so that a sentence's sum of rows points where the full sentence
model points (the idea of model2vec's "tokenlearn", solved here as one regularised least
squares problem).

    .venv/bin/python fit.py            # from anywhere; writes into the repository

Steps:
 1. the full model, its tokenizer and the per-token table of distill.py (steps 1-3 there);
 2. a corpus of English sentences: the glosses and example sentences of WordNet 3.0 and the
    fortune files, from Debian packages pinned by version and sha256 (`apt-get download`), and
    the app's own sentences (the catalog's statements, descriptions and exemplars, the demo
    journal's words, read from the Rust sources); never a sentence of the evaluation banks in
    tests/heldout/;
 3. every sentence embedded by the full model (mean pooling, L2 normalisation; kept in the
    work folder), centred, and reduced to 128 dimensions by the sentences' own principal axes;
 4. the table: the distilled rows first mapped into those axes by one 128 x 128 least-squares
    map (sentence level), then refitted row by row:

        minimise  sum_s w_s |mean_{t in s} E[t] - c y_s|^2  +  lam sum_t |E[t] - E0[t]|^2

    (conjugate gradients, 80 iterations, Jacobi preconditioner). A token no sentence holds
    keeps its mapped row; the app's own sentences weigh DOMAIN_WEIGHT times an ordinary one.
    3% of the sentences are kept out of the fit to measure it;
 5. quantised to int8 rows with one scale each, written, measured against the full model over
    pairs.tsv (Spearman), and the Rust tests' fixtures written (tokenizer ids, static vectors).

Deterministic for the same inputs and the pinned wheels on one machine; a BLAS built for
another processor may round a few table entries differently.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import scipy.sparse as sp

import distill
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# The Debian packages the general corpus is read from (Debian 12 "bookworm").
DEBIAN_PACKAGES = {
    "wordnet-base": ("1:3.0-37", "61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752"),
    "fortunes": ("1:1.99.1-7.3", "41d0551dc0ff52f875a2ecef7c39da2f672ab468c37e170119f7e0245a9d63c5"),
    "fortunes-min": ("1:1.99.1-7.3", "9eed5b45064e41133dae0967cf3a17588ad77c014fcc7bf1527fa3ea48e44d07"),
}
# The app's own sentences: string literals of these sources.
OWN_SOURCES = ["core/src/analyze/exemplars.rs", "core/src/catalog.rs", "core/src/demo.rs"]

LAMBDA = 0.1
DOMAIN_WEIGHT = 20.0
ITERATIONS = 80
HELD_OUT = 0.03
VERSION_FILE = "plumbline-text-v2.bin"


def debian_corpus(work: Path) -> list[str]:
    """WordNet's glosses and examples and the fortunes' sentences (3-60 words)."""
    debs = work / "debs"
    root = work / "debs-root"
    debs.mkdir(parents=True, exist_ok=True)
    for name, (version, want) in DEBIAN_PACKAGES.items():
        have = [p for p in debs.glob(f"{name}_*.deb")]
        if not have:
            subprocess.run(["apt-get", "download", f"{name}={version}"], cwd=debs, check=True)
            have = [p for p in debs.glob(f"{name}_*.deb")]
        got = distill.sha256(have[0].read_bytes())
        if got != want:
            sys.exit(f"{have[0]}: sha256 {got}, expected {want}; delete it and run again")
        subprocess.run(["dpkg-deb", "-x", str(have[0]), str(root)], check=True)
    out: set[str] = set()
    for f in sorted((root / "usr/share/wordnet").glob("data.*")):
        for line in f.read_text(encoding="latin-1").splitlines():
            if line.startswith("  ") or "|" not in line:
                continue
            for part in line.split("|", 1)[1].strip().split(";"):
                part = part.strip().strip('"').strip()
                if len(part.split()) >= 3:
                    out.add(part)
    for f in sorted((root / "usr/share/games/fortunes").iterdir()):
        if "." in f.name or not f.is_file():
            continue
        text = f.read_text(encoding="utf-8", errors="ignore")
        for entry in text.split("\n%\n"):
            entry = " ".join(entry.split())
            for s in re.split(r"(?<=[.!?])\s+", entry):
                if 3 <= len(s.split()) <= 60 and not re.search(r"[|_\\/]{3}", s):
                    out.add(s)
    return sorted(out)


def bank_sentences() -> set[str]:
    """Every text of the evaluation banks, which the fit never sees."""
    out: set[str] = set()
    for path in sorted((REPO / "tests" / "heldout").glob("*.json")):
        bank = json.loads(path.read_text(encoding="utf-8"))
        if "beliefs" not in bank:
            continue
        for b in bank["beliefs"].values():
            out |= set(b["thoughts"]) | set(b["reflections"]) | {t["task"] for t in b["tasks"]}
        for key in ("neutral_thoughts", "completion_thoughts", "checkin_notes",
                    "neutral_reflections", "break_emotions", "completion_emotions"):
            out |= set(bank[key])
        for key in ("neutral_tasks", "decoy_tasks", "win_tasks"):
            out |= {t["task"] for t in bank[key]}
    return out


def own_sentences() -> list[str]:
    out: set[str] = set()
    for rel in OWN_SOURCES:
        src = (REPO / rel).read_text(encoding="utf-8")
        for m in re.finditer(r'"((?:[^"\\]|\\.){12,})"', src):
            s = m.group(1).replace('\\"', '"').replace("\\'", "'")
            if " " in s:
                out.add(s)
    return sorted(out - bank_sentences())


def teacher(bert: distill.Bert, tok: Tokenizer, texts: list[str], cache: Path) -> np.ndarray:
    """The full model's vectors of `texts` (at most 128 tokens each), kept in `cache`."""
    key = distill.sha256(json.dumps(texts).encode("utf-8"))[:16]
    path = cache / f"sentences-{distill.SAFETENSORS_SHA256[:12]}-{key}.npy"
    if path.exists():
        return np.load(path)
    enc = [tok.encode(t).ids for t in texts]
    enc = [e[:127] + [102] if len(e) > 128 else e for e in enc]
    order = np.argsort([len(e) for e in enc], kind="stable")
    out = np.zeros((len(texts), distill.HIDDEN), np.float32)
    for i in range(0, len(order), 64):
        idx = order[i:i + 64]
        width = max(len(enc[j]) for j in idx)
        ids = np.zeros((len(idx), width), np.int64)
        mask = np.zeros_like(ids)
        for r, j in enumerate(idx):
            ids[r, :len(enc[j])] = enc[j]
            mask[r, :len(enc[j])] = 1
        out[idx] = distill.normalise(distill.mean_pool(bert(ids, mask), mask))
        if (i // 64) % 200 == 0:
            print(f"  sentences {i} of {len(texts)}", flush=True)
    np.save(path, out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "plumbline-text-model")
    ap.add_argument("--out", type=Path, default=REPO / "models" / VERSION_FILE)
    ap.add_argument("--lam", type=float, default=LAMBDA)
    ap.add_argument("--domain-weight", type=float, default=DOMAIN_WEIGHT)
    args = ap.parse_args()

    weights, tokenizer_json = distill.fetch_model(args.work)
    tok = Tokenizer.from_str(tokenizer_json.decode("utf-8"))
    tok.no_truncation()
    tok.no_padding()
    bert = distill.Bert(weights)
    vocab_map = json.loads(tokenizer_json)["model"]["vocab"]
    vocab = [t for t, _ in sorted(vocab_map.items(), key=lambda kv: kv[1])]
    size = len(vocab)

    pairs = distill.load_pairs()
    full_cos = distill.full_pair_cosines(bert, tok, args.work, pairs)
    tv = distill.token_vectors(bert, size, args.work / f"token-vectors-{distill.SAFETENSORS_SHA256[:12]}")
    if tv is None:
        sys.exit("the token vectors are incomplete; run distill.py first")

    own = own_sentences()
    general = debian_corpus(args.work)
    texts = own + general
    print(f"corpus: {len(own)} of the app's own sentences, {len(general)} from WordNet and the fortunes")
    y = teacher(bert, tok, texts, args.work).astype(np.float64)
    weight = np.concatenate([np.full(len(own), args.domain_weight), np.ones(len(general))])

    # The distilled rows (distill.py's PCA and SIF weighting), as the starting point.
    e0 = distill.distil(tv, 128, "sif").astype(np.float64)
    keep = np.ones(size, dtype=bool)
    keep[list(distill.SPECIAL_IDS)] = False

    rows, cols, data = [], [], []
    for i, t in enumerate(texts):
        ids = [j for j in tok.encode(t, add_special_tokens=False).ids if j not in distill.SPECIAL_IDS]
        if not ids:
            continue
        u, c = np.unique(ids, return_counts=True)
        rows += [i] * len(u)
        cols += list(u)
        data += list(c / len(ids))
    x = sp.csr_matrix((data, (rows, cols)), shape=(len(texts), size))
    held = np.random.default_rng(0).random(len(texts)) < HELD_OUT

    # Targets: the sentences' vectors centred and on their own 128 principal axes.
    y -= y[~held].mean(0)
    vals, vecs = np.linalg.eigh(y[~held].T @ y[~held] / (~held).sum())
    axes = vecs[:, np.argsort(vals)[::-1][:128]]
    axes *= np.sign(axes[np.abs(axes).argmax(0), np.arange(128)])
    target = y @ axes
    # The distilled rows mapped into those axes by one least-squares map.
    m = np.linalg.lstsq(x[~held] @ e0, target[~held], rcond=None)[0]
    e0 = e0 @ m
    start = x @ e0
    target *= np.median(np.linalg.norm(start, axis=1)) / np.median(np.linalg.norm(target, axis=1))

    rng = np.random.default_rng(1)
    vi = np.where(held)[0]
    pa, pb = rng.choice(vi, 4000), rng.choice(vi, 4000)
    full_held = (y[pa] * y[pb]).sum(1) / (np.linalg.norm(y[pa], axis=1) * np.linalg.norm(y[pb], axis=1))

    def held_out_spearman(e: np.ndarray) -> float:
        p = x @ e
        a = distill.normalise(p[pa])
        b = distill.normalise(p[pb])
        return distill.spearman((a * b).sum(1), full_held)

    xt, tt, wt = x[~held], target[~held], sp.diags(weight[~held])
    lam = args.lam

    def system(e: np.ndarray) -> np.ndarray:
        return xt.T @ (wt @ (xt @ e)) + lam * e

    rhs = xt.T @ (wt @ tt) + lam * e0
    diag = np.asarray(xt.multiply(xt).T @ weight[~held]).ravel() + lam
    e = e0.copy()
    r = rhs - system(e)
    z = r / diag[:, None]
    p = z.copy()
    rz = (r * z).sum(0)
    for _ in range(ITERATIONS):
        ap_ = system(p)
        alpha = rz / np.maximum((p * ap_).sum(0), 1e-30)
        e += p * alpha
        r -= ap_ * alpha
        z = r / diag[:, None]
        rz2 = (r * z).sum(0)
        p = z + p * (rz2 / np.maximum(rz, 1e-30))
        rz = rz2
    e[~keep] = 0.0

    def pairs_spearman(e: np.ndarray) -> float:
        q, scale = distill.quantise(e.astype(np.float32))
        sa = np.stack([distill.static_embed(tok, q, scale, t) for t in (p[1] for p in pairs)])
        sb = np.stack([distill.static_embed(tok, q, scale, t) for t in (p[2] for p in pairs)])
        return distill.spearman((sa * sb).sum(1), full_cos)

    e0[~keep] = 0.0
    print(f"Spearman vs the full model, pairs.tsv: distilled {pairs_spearman(distill.distil(tv, 128, 'sif')):.4f}, "
          f"mapped {pairs_spearman(e0):.4f}, refitted {pairs_spearman(e):.4f}")
    print(f"Spearman vs the full model, {len(pa)} pairs of held-out corpus sentences: "
          f"mapped {held_out_spearman(e0):.4f}, refitted {held_out_spearman(e):.4f}")

    q, scale = distill.quantise(e.astype(np.float32))
    digest = distill.write_model(args.out, vocab, q, scale)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, sha256 {digest})")
    distill.write_fixtures(tok, q, scale, digest)


if __name__ == "__main__":
    main()

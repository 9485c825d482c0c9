"""Group 4: a generated 100 MB corpus loaded and char-tokenized (time, peak memory), and BPE trained on it.

Each measurement runs in a fresh Python process, so its peak resident memory is its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.common import ROOT, log

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
t0 = time.perf_counter()
import numpy
from playground.core.corpus import load_corpus
from playground.core.tokenizer import train_tokenizer
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
corpus = load_corpus(sys.argv[1])
t_load = time.perf_counter() - t
kind = sys.argv[2]
tok = train_tokenizer(corpus.documents, kind, 2000)
t_train = time.perf_counter() - t - t_load
ids = tok.encode_documents(corpus.documents)
t_all = time.perf_counter() - t
try:
    # this process's own high-water mark: ru_maxrss would report the parent's when the child was vforked from it
    peak = next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(json.dumps({"load_s": t_load, "tokenizer_s": t_train, "encode_s": t_all - t_load - t_train, "total_s": t_all,
                  "peak_rss": peak, "tokens": int(len(ids)), "vocab": tok.vocab_size, "chars": corpus.n_chars}))
"""

WORDS = ("the and to of a in that is was he for it with as his on be at by i this had not are but from or have an "
         "they which one you were her all she there would their we him been has when who will more no if out so "
         "said what up its about into than them can only other new some could time these two may then do first "
         "any my now such like our over man me even most made after also did many before must through back years "
         "where much your way well down should because each just those people how too little state good very make "
         "world still own see men work long get here between both life being under never day same another know "
         "while last might us great old year off come since against go came right used take three").split()


def make_corpus(path: Path, megabytes: int, seed: int = 0) -> None:
    """English-like lines of common words (plus some punctuation and a few CJK lines), written in chunks."""
    rng = np.random.default_rng(seed)
    words = np.array(WORDS + [w.capitalize() for w in WORDS[:40]] + [",", ".", ";", "!", "?"])
    cjk = "春眠不覺曉處處聞啼鳥夜來風雨聲花落知多少床前明月光疑是地上霜舉頭望山低思故鄉"
    target = megabytes * 1_000_000
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        while written < target:
            w = words[rng.integers(0, len(words), 200_000)]
            lines = [" ".join(w[i:i + 12]) for i in range(0, len(w), 12)]
            for j in range(0, len(lines), 97):
                lines[j] = "".join(rng.choice(list(cjk), 14))
            chunk = "\n".join(lines) + "\n"
            f.write(chunk)
            written += len(chunk.encode("utf-8"))


def run(quick: bool, engine_root: Path | None = None) -> dict:
    mb = 5 if quick else 100
    out = {"megabytes": mb, "rows": []}
    with tempfile.TemporaryDirectory(prefix="pg-bench-corpus-") as tmp:
        path = Path(tmp) / f"generated-{mb}mb.txt"
        make_corpus(path, mb)
        out["bytes"] = path.stat().st_size
        for kind in ("char", "bpe"):
            log(f"  {kind} tokenizer on {out['bytes'] / 1e6:.0f} MB (fresh process)")
            env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
            p = subprocess.run([sys.executable, "-c", _CHILD, str(path), kind, str(engine_root or ROOT)],
                               capture_output=True, text=True, env=env, timeout=1800)
            if p.returncode:
                out["rows"].append({"kind": kind, "error": (p.stderr.strip().splitlines() or ["?"])[-1]})
                continue
            out["rows"].append({"kind": kind, **json.loads(p.stdout.strip().splitlines()[-1])})
    return out


def table(res: dict) -> list[str]:
    lines = [f"A generated {res['bytes'] / 1e6:.0f} MB UTF-8 text (English-like word lines and some Chinese lines); "
             "each row is a fresh process: load + decode, train the tokenizer, encode everything.", "",
             "| tokenizer | load | train tokenizer | encode | total | peak memory (RSS) | tokens | vocabulary |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in res["rows"]:
        if "error" in r:
            lines.append(f"| {r['kind']} | failed: {r['error']} | | | | | | |")
            continue
        lines.append(f"| {r['kind']} | {r['load_s']:.1f} s | {r['tokenizer_s']:.1f} s | {r['encode_s']:.1f} s | "
                     f"{r['total_s']:.1f} s | {r['peak_rss'] / 2**20:,.0f} MiB | {r['tokens']:,} | {r['vocab']:,} |")
    return lines

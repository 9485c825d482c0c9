"""`playground compare RUN RUN...`: the settings that differ and what each run reached, as a table or JSON."""

from __future__ import annotations

import json
import sys

from playground.core.units import human_count

WHY_NO_BPC = {
    "no evaluation": "it has no evaluation yet",
    "not recorded": "it was trained before the length of the validation text was recorded",
}


def compare_runs(args, runs_dir) -> int:
    from playground.core.compare import compare, open_runs
    from playground.run_lookup import resolve_run

    comparison = compare(open_runs([resolve_run(name, runs_dir) for name in args.runs]))
    if args.json:
        json.dump(as_json(comparison), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print("\n".join(table(comparison)))
    return 0


def as_json(c) -> dict:
    runs = c.runs
    return {
        "runs": [r.name for r in runs],
        "differs": c.differs,
        "final_val_loss": [r.final_val_loss for r in runs],
        "best_val_loss": [r.best_val_loss for r in runs],
        "bits_per_char": [r.bits_per_char for r in runs],
        "best": c.best,
        "best_by": c.best_by,
        "same_corpus": c.same_corpus,
        "same_tokenizer": c.same_tokenizer,
        "paths": [str(r.path) for r in runs],
        "corpus": [r.corpus_name for r in runs],
        "params": [r.params for r in runs],
        "tokenizer": [r.tokenizer for r in runs],
        "vocab_size": [r.vocab_size for r in runs],
        "status": [r.status for r in runs],
        "steps": [r.steps for r in runs],
        "tokens_seen": [r.tokens_seen for r in runs],
        "seconds": [r.seconds for r in runs],
        "tokens_per_sec": [r.tokens_per_sec for r in runs],
    }


def table(c) -> list[str]:
    """One column per run: the settings that differ, then what each run is and reached; notes below."""
    runs = c.runs
    rows = [("", [r.name + (" *" if i == c.best else "") for i, r in enumerate(runs)])]
    rows += [(name, [_value(v) for v in values]) for name, values in c.differs.items()]
    if not c.same_corpus:
        rows.append(("corpus", [r.corpus_name or "?" for r in runs]))
    rows += [
        ("params", [human_count(r.params) for r in runs]),
        ("tokenizer", [f"{r.tokenizer} {r.vocab_size:,}" for r in runs]),
        ("steps", [_fmt(r.steps, "{:,}") for r in runs]),
        ("tokens/s", [_fmt(r.tokens_per_sec, "{:,.0f}") for r in runs]),
        ("final val loss", [_fmt(r.final_val_loss, "{:.4f}") for r in runs]),
        ("best val loss", [_fmt(r.best_val_loss, "{:.4f}") for r in runs]),
        ("bits/char", [_fmt(r.bits_per_char, "{:.3f}") for r in runs]),
    ]
    label = max(len(name) for name, _ in rows)
    widths = [max(len(cells[i]) for _, cells in rows) for i in range(len(runs))]
    lines = [f"{name:<{label}}  " + "  ".join(f"{cell:>{w}}" for cell, w in zip(cells, widths))
             for name, cells in rows]
    if not c.differs:
        lines.append("settings: all the same")
    if not c.same_corpus:
        lines.append("corpora differ: validation losses are not comparable; bits per character are")
    elif c.best_by == "bits_per_char":
        lines.append("tokenizers or validation shares differ: validation losses are not comparable; bits per "
                     "character are")
    measure = "final val loss" if c.best_by == "val_loss" else "bits per character"
    lines.append(f"* best: lowest {measure}" if c.best is not None
                 else f"no best run: none has a {measure} to compare")
    for r in runs:
        if r.no_bpc:
            lines.append(f"bits/char of {r.name}: - as {WHY_NO_BPC[r.no_bpc]}")
    return lines


def _value(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _fmt(x, spec: str) -> str:
    return "-" if x is None else spec.format(x)

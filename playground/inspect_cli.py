"""`playground inspect RUN --prompt TEXT`: the inspection module's findings as a table, JSON or a PNG."""

from __future__ import annotations

import json
import sys
import unicodedata

from playground.core.errors import ConfigError


def check_args(args) -> None:
    """Refuse bad numbers before the model is loaded."""
    if args.alternatives < 0:
        raise ConfigError("--alternatives must be 0 or more, not {value}.", value=args.alternatives)
    if args.attention_png is None:
        return
    parent = args.attention_png.resolve().parent
    if not parent.is_dir():
        raise ConfigError("Cannot write {path}: the folder {folder} does not exist.", path=str(args.attention_png),
                          folder=str(parent))


def inspect(args, cfg, run, model) -> int:
    from playground.core.inspection import inspect_text, top_choices
    from playground.core.sampler import distribution

    config = model.config
    if not 0 <= args.layer < config.n_layer or not 0 <= args.head < config.n_head:
        raise ConfigError("This model has layers 0 to {layers} and heads 0 to {heads}; there is no layer {layer}, "
                          "head {head}.", layers=config.n_layer - 1, heads=config.n_head - 1, layer=args.layer,
                          head=args.head)
    seen = inspect_text(model, run.tokenizer, args.prompt, top_k=args.alternatives,
                        attention=bool(args.json or args.attention_png))
    probs = distribution(seen.next_logits, cfg)[0]
    nonzero = int((probs > 0).sum())
    next_token = top_choices(run.tokenizer, probs, nonzero)
    if args.attention_png:
        from playground.qt.widgets.heatmap import write_heatmap_png
        title = f"{run.name}: layer {args.layer}, head {args.head}"
        write_heatmap_png(str(args.attention_png), seen.attention[args.layer, args.head].numpy(), seen.tokens, title)
        print(f"wrote {args.attention_png}", file=sys.stderr)
    if args.json:
        json.dump(_as_json(seen, next_token), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_table(seen, next_token, cfg)
    return 0


def _as_json(seen, next_token) -> dict:
    def choices(cs):
        return [{"token": c.text, "id": c.id, "prob": round(c.prob, 7)} for c in cs]
    return {
        "tokens": seen.tokens,
        "ids": seen.ids,
        "token_probs": [None if p is None else round(p, 7) for p in seen.token_probs],
        "alternatives": [choices(a) for a in seen.alternatives],
        "next_token": choices(next_token),
        "attention": [[[[round(w, 6) for w in row] for row in head] for head in layer]
                      for layer in seen.attention.tolist()] if seen.attention is not None else None,
    }


def _print_table(seen, next_token, cfg) -> None:
    width = max(8, *(columns(shown(t)) for t in seen.tokens)) if seen.tokens else 8
    print(f"{'pos':>4}  {pad('token', width)}  {'prob':>6}  alternatives (most likely first)")
    for i, (token, p, alts) in enumerate(zip(seen.tokens, seen.token_probs, seen.alternatives)):
        prob = "-" if p is None else f"{p:.3f}"
        others = "  ".join(f"{shown(a.text)} {a.prob:.3f}" for a in alts)
        print(f"{i:>4}  {pad(shown(token), width)}  {prob:>6}  {others}")
    print(f"\nnext token (temperature {cfg.temperature:g}, top-k {cfg.top_k}, top-p {cfg.top_p:g}): "
          f"{len(next_token)} possible")
    for c in next_token[:10]:
        print(f"  {pad(shown(c.text), width)}  {c.prob:.3f}  {'#' * round(40 * c.prob)}")


def shown(token: str) -> str:
    """A token as it can be read in a table: quoted, with spaces and line ends visible."""
    return repr(token)


def columns(text: str) -> int:
    """How many terminal columns `text` takes: a Chinese character takes two, so str.ljust would misalign."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - columns(text))

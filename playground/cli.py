"""Command line: `playground train | sample | inspect | info`; with no subcommand, the desktop app.

Problems with the user's input end with one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import time
from pathlib import Path

from playground.core.config import (DEFAULT_PRESET, PRESETS, DataConfig, ModelConfig, RunConfig, SampleConfig,
                                    TrainConfig, coerce, preset)
from playground.core.errors import PlaygroundError
from playground.run_lookup import resolve_run

SUBCOMMANDS = ("train", "sample", "inspect", "info", "compare")
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _add_fields(parser: argparse.ArgumentParser, cls, group: str, skip=()) -> None:
    """One --flag per dataclass field, with its help and bounds; unset flags keep the preset's value."""
    g = parser.add_argument_group(group)
    for f in dataclasses.fields(cls):
        if f.name in skip:
            continue
        meta, kind = f.metadata, type(f.default)
        bounds = ""
        if meta.get("min") is not None and kind is not str:
            bounds = f" [{meta['min']:g}..{meta['max']:g}]"
        g.add_argument(f"--{f.name.replace('_', '-')}", dest=f"{group}.{f.name}", default=None,
                       metavar=kind.__name__.upper() if kind is not bool else "BOOL",
                       choices=meta.get("choices"), help=f"{meta['help']}{bounds}")


def _overrides(args, group: str, cls) -> dict:
    out = {}
    for f in dataclasses.fields(cls):
        value = getattr(args, f"{group}.{f.name}", None)
        if value is not None:
            out[f.name] = coerce(f, value)
    return out


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="playground", description="Train a small GPT on your own text and watch it learn.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    t = sub.add_parser("train", help="train a model on a text file or folder",
                       description="Train a GPT on CORPUS (a text file, a folder of .txt/.md/.jsonl, or a .jsonl "
                                   "file). Ctrl-C stops cleanly and saves; --resume continues a run.")
    t.add_argument("corpus", nargs="?", help="text file, folder or .jsonl file")
    t.add_argument("--demo", nargs="?", const="python-docs", metavar="NAME",
                   help="train on a built-in corpus instead (python-docs, arithmetic)")
    t.add_argument("--preset", default=None, choices=list(PRESETS),
                   help=f"starting configuration (default {DEFAULT_PRESET})")
    t.add_argument("--runs-dir", type=Path, default=None, help="where run folders go")
    t.add_argument("--resume", metavar="RUN", help="continue a saved run (folder or name)")
    _add_fields(t, ModelConfig, "model", skip=("vocab_size",))
    _add_fields(t, TrainConfig, "train")
    _add_fields(t, DataConfig, "data")

    s = sub.add_parser("sample", help="generate text from a trained run",
                       description="Stream generated text (prompt included) to stdout; diagnostics go to stderr.")
    s.add_argument("run", help="run folder, run name, or 'latest'")
    s.add_argument("--prompt", default="", help="text to continue (default: start of a document)")
    s.add_argument("--runs-dir", type=Path, default=None)
    s.add_argument("--device", default="cpu", choices=("auto", "cpu", "cuda", "mps"), help="default cpu")
    _add_fields(s, SampleConfig, "sample")

    n = sub.add_parser("inspect", help="how sure a run's model is of each token of a text, what it would say "
                                       "next, where its heads look",
                       description="Per-token probabilities and the likeliest alternatives of TEXT, then the "
                                   "next-token distribution after the sampling settings; --json for all of it, "
                                   "attention included (see README, Looking inside).")
    n.add_argument("run", help="run folder, run name, or 'latest'")
    n.add_argument("--prompt", default="", metavar="TEXT", help="text to inspect (default: start of a document)")
    n.add_argument("--alternatives", type=int, default=5, metavar="N", help="alternatives per token (default 5)")
    n.add_argument("--json", action="store_true", help="one JSON object on stdout instead of the table")
    n.add_argument("--attention-png", type=Path, metavar="FILE", help="write one head's attention map as a PNG")
    n.add_argument("--layer", type=int, default=0, metavar="L", help="layer of --attention-png (default 0)")
    n.add_argument("--head", type=int, default=0, metavar="H", help="head of --attention-png (default 0)")
    n.add_argument("--runs-dir", type=Path, default=None)
    _add_fields(n, SampleConfig, "sample", skip=("max_new_tokens", "num_samples", "seed"))

    i = sub.add_parser("info", help="show a run's configuration, size and losses")
    i.add_argument("run", help="run folder, run name, or 'latest'")
    i.add_argument("--runs-dir", type=Path, default=None)

    c = sub.add_parser("compare", help="the settings that differ between runs and what each reached",
                       description="A table of two or more runs: only the settings that differ, then parameters, "
                                   "tokenizer, steps, tokens/s, losses and bits per character; the best run marked.")
    c.add_argument("runs", nargs="+", metavar="RUN", help="run folder, run name, or 'latest'")
    c.add_argument("--runs-dir", type=Path, default=None)
    c.add_argument("--json", action="store_true", help="one JSON object on stdout instead of the table")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in SUBCOMMANDS + ("-h", "--help"):
        refusal = _not_for_the_app(argv)
        if refusal:
            print(f"playground: error: {refusal}", file=sys.stderr)
            return EXIT_USAGE
        from playground.qt.app import main as app_main  # the desktop app
        return app_main(argv)
    args = build_parser().parse_args(argv)
    try:
        return {"train": cmd_train, "sample": cmd_sample, "inspect": cmd_inspect, "info": cmd_info,
                "compare": cmd_compare}[args.command](args)
    except PlaygroundError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `playground sample ... | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C outside training (which stops cleanly): before it began, or sampling
        print("\ninterrupted.", file=sys.stderr)
        return 130


def _not_for_the_app(argv: list[str]) -> str | None:
    """Why these arguments should not open the app: a mistyped subcommand, or no screen to show it on."""
    import difflib

    first = argv[0] if argv else ""
    if first and not first.startswith(("-", "demo:")) and not Path(first).exists():
        close = difflib.get_close_matches(first, SUBCOMMANDS, n=1)
        if close or "." not in first:
            hint = f"did you mean '{close[0]}'? " if close else ""
            return (f"'{first}' is neither a subcommand ({', '.join(SUBCOMMANDS)}) nor a file or folder to open; "
                    f"{hint}see playground --help")
    if (sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
            and not os.environ.get("QT_QPA_PLATFORM")):
        return ("no display to show the app on (DISPLAY and WAYLAND_DISPLAY are not set). On a machine without a "
                "screen use the command line: playground train | sample | info (see playground --help)")
    return None


def _runs_dir(args) -> Path:
    from playground.core.runs import default_runs_dir
    return args.runs_dir or default_runs_dir()


# --- train ---

def cmd_train(args) -> int:
    from playground.core.corpus import demo_corpus, load_corpus
    from playground.core.errors import ConfigError
    from playground.core.trainer import Controls, resume_training, start_training

    controls = Controls()
    if args.resume:
        if args.corpus or args.demo:
            raise ConfigError("--resume trains on the run's own corpus; leave out the corpus argument.")
        extra = _overrides(args, "train", TrainConfig)
        changed = (set(extra) - {"max_iters"} or _overrides(args, "model", ModelConfig)
                   or _overrides(args, "data", DataConfig) or args.preset)
        if changed:
            raise ConfigError("--resume continues a run with its own settings; only --max-iters may change.")
        trainer = resume_training(resolve_run(args.resume, _runs_dir(args)), controls, extra.get("max_iters"))
    else:
        if args.corpus and args.demo:
            raise ConfigError("Give a corpus or --demo, not both.")
        if not (args.corpus or args.demo):
            raise ConfigError("Give a corpus to train on (a file or folder), or --demo for the built-in one.")
        config = preset(args.preset or DEFAULT_PRESET)
        config = RunConfig.from_dict({
            "model": dataclasses.asdict(config.model) | _overrides(args, "model", ModelConfig),
            "train": dataclasses.asdict(config.train) | _overrides(args, "train", TrainConfig),
            "data": dataclasses.asdict(config.data) | _overrides(args, "data", DataConfig),
            "preset": config.preset,
        })
        config.validate()
        corpus = demo_corpus(args.demo) if args.demo else load_corpus(args.corpus)
        if corpus.note is not None:
            print(f"note: {corpus.note}", file=sys.stderr)
        trainer = start_training(corpus, config, _runs_dir(args), controls)
        enc = f", {corpus.encoding}" if corpus.encoding else ""
        print(f"corpus: {corpus.name} ({corpus.n_chars:,} characters, {corpus.n_distinct:,} distinct{enc})",
              file=sys.stderr)

    def on_sigint(signum, frame):
        if controls.stop_requested:
            raise KeyboardInterrupt
        print("\nstopping after this step and saving (Ctrl-C again to abort)...", file=sys.stderr)
        controls.stop()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        return _print_training(trainer)
    finally:
        signal.signal(signal.SIGINT, previous)


def _print_training(trainer) -> int:
    from playground.core import events as ev

    tty = sys.stderr.isatty()
    rate, last_print, start = 0.0, 0.0, None
    for e in trainer.events():
        if isinstance(e, ev.Started):
            start = e
            print(f"run: {e.run_dir}\nmodel: {e.n_params / 1e6:.2f}M parameters on {e.device} ({e.dtype}), "
                  f"{e.tokens_per_iter:,} tokens/iteration, {e.train_tokens:,} train / {e.val_tokens:,} val tokens"
                  + (f", resuming at iteration {e.iter}" if e.resumed else ""), file=sys.stderr)
        elif isinstance(e, ev.Step):
            rate = e.tokens_per_sec if rate == 0 else 0.9 * rate + 0.1 * e.tokens_per_sec
            now = time.monotonic()
            if now - last_print > (0.2 if tty else 10.0) or e.iter + 1 == start.max_iters:
                last_print = now
                left = (start.max_iters - e.iter - 1) * start.tokens_per_iter / max(rate, 1e-9)
                line = (f"iter {e.iter + 1}/{start.max_iters}  loss {e.loss:.4f}  lr {e.lr:.2e}  "
                        f"{rate:,.0f} tok/s  ETA {_duration(left)}")
                print(f"\r{line}\033[K" if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)
        elif isinstance(e, ev.Eval):
            if tty:
                print("\r\033[K", end="", file=sys.stderr)  # clear the progress line: it is on stderr
            try:
                print(f"step {e.iter}: train loss {e.train_loss:.4f}, val loss {e.val_loss:.4f}", flush=True)
            except BrokenPipeError:
                # the reader went away (`| head`): stop and save like Ctrl-C, rather than die between the
                # evaluation and its checkpoint
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                trainer.controls.stop()
        elif isinstance(e, ev.Finished) and not e.kept:
            print(("\r\033[K" if tty else "") + "stopped before the first step; nothing was saved.", file=sys.stderr)
            return 0
        elif isinstance(e, ev.Finished):
            how = "stopped" if e.stopped else "finished"
            print(f"{how} at iteration {e.iter} after {_duration(e.elapsed)}; "
                  f"val loss {e.val_loss:.4f}. Sample it with: playground sample {trainer.run.dir}",
                  file=sys.stderr)
            return 0
        elif isinstance(e, ev.Failed):
            print(("\n" if tty else "") + f"error: {e.reason}", file=sys.stderr)
            return EXIT_USAGE if e.iter < 0 else 1
    return 1


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


# --- sample ---

def _open_model(args):
    """The run named by args.run and its model, on args.device (the CPU for inspect)."""
    from playground.core.runs import Run
    run = Run.open(resolve_run(args.run, _runs_dir(args)))
    if not run.has_weights:
        from playground.core.errors import RunError
        raise RunError("{path} has no saved model yet: the run ended before its first checkpoint, so there is "
                       "nothing to sample from. Train it longer, or pick another run.", path=str(run.dir))
    from playground.core.devices import pick_device  # torch: only once the run is known to be sound
    return run, run.load_model(pick_device(getattr(args, "device", "cpu")))


def cmd_sample(args) -> int:
    from playground.core import events as ev

    cfg = SampleConfig(**_overrides(args, "sample", SampleConfig))
    cfg.validate()
    run, model = _open_model(args)
    from playground.core.sampler import encode_prompt, generate
    encode_prompt(run.tokenizer, args.prompt)  # a prompt the vocabulary cannot spell fails before any output
    out = sys.stdout
    out.write(args.prompt)
    for e in generate(model, run.tokenizer, args.prompt, cfg):
        if isinstance(e, ev.Token):
            out.write(e.text)
            out.flush()
        elif isinstance(e, ev.SampleDone):
            out.write("\n")
            out.flush()
            print(f"[{e.new_tokens} tokens in {e.seconds:.2f} s, "
                  f"{e.new_tokens / max(e.seconds, 1e-9):.0f} tokens/s]", file=sys.stderr)
            if e.sample + 1 < cfg.num_samples:
                print(f"--- sample {e.sample + 2} of {cfg.num_samples} ---", file=sys.stderr, flush=True)
                out.write(args.prompt)
    return 0


def cmd_inspect(args) -> int:
    cfg = SampleConfig(**_overrides(args, "sample", SampleConfig))
    cfg.validate()
    from playground.inspect_cli import check_args, inspect
    check_args(args)
    run, model = _open_model(args)
    return inspect(args, cfg, run, model)


# --- info ---

def cmd_info(args) -> int:
    from playground.core.runs import Run
    from playground.core.costs import summarize

    run = Run.open(resolve_run(args.run, _runs_dir(args)))
    cfg, summary = run.config, run.summary()
    corpus = run.corpus_info
    n_params = summarize(cfg.model).total_params
    lines = [
        f"run:        {run.dir}",
        f"status:     {summary['status']}" + (f" at iteration {summary['iter'] + 1}" if summary["iter"] is not None else ""),
        f"corpus:     {corpus.get('name')} ({corpus.get('source')}), {_count(corpus.get('n_chars', 0))} characters, "
        f"sha256 {str(corpus.get('sha256'))[:12]}",
        f"tokenizer:  {run.tokenizer.kind}, {run.tokenizer.vocab_size:,} tokens",
        f"parameters: {n_params:,} ({n_params / 1e6:.2f}M)",
        f"losses:     train {_fmt(summary['train_loss'])}, val {_fmt(summary['val_loss'])}",
        f"preset:     {cfg.preset or '-'}",
    ]
    for section in ("model", "train", "data"):
        values = dataclasses.asdict(getattr(cfg, section))
        lines.append(f"{section}: " + ", ".join(f"{k}={v}" for k, v in values.items()))
    print("\n".join(lines))
    return 0


def cmd_compare(args) -> int:
    from playground.compare_cli import compare_runs
    return compare_runs(args, _runs_dir(args))


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.4f}" if isinstance(x, (int, float)) else str(x)


def _count(x) -> str:
    return f"{x:,}" if isinstance(x, int) else str(x)


if __name__ == "__main__":
    sys.exit(main())

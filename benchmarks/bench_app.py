"""Group 3: the app's overhead. The real app (`playground.qt.app.main`) runs in its own process under
QT_QPA_PLATFORM=offscreen with `CORPUS --preset baby --train --max-iters N`; a probe in that process records
when the main window is shown and quits when the run finishes. The same run is made with `playground train`
(the CLI). tokens/s of both come from their metrics.jsonl (steady state, evaluations excluded).

Each round also makes a third run, of the app with a 10 ms GUI timer ticking while it trains: the gaps
between ticks are how long the GUI thread was busy. Its ticks run Python 100 times a second, which costs the
GUI thread about 1.5% of a core that the app itself never spends, so the app's speed is taken from the run
without them (the timed run's speed is reported too). A fourth run, with the timer, evaluates every 20 steps and
shows each of the other views (Generate, attention, embeddings) in turn while it trains: each asks for its
inspection of the live model, and the gaps then measure what looking inside costs the GUI thread."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, log, median, ratios

_DRIVER = r"""
import json, sys, time
T0 = float(sys.argv[1])
sys.path.insert(0, sys.argv[2])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([sys.argv[0]])
out = {"ticks": []}
ticks = out["ticks"]
timer = QTimer()
timer.setInterval(10)
timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
TICKING = sys.argv[5] == "1"
VIEWS = sys.argv[6] == "1"
shown = {}

def cycle_views():
    # every view but the training one, in turn: each asks for its inspection while the run trains
    tabs = shown["window"].tabs
    others = [i for i in range(tabs.count()) if tabs.widget(i) is not shown["window"].training_panel]
    if others:
        tabs.setCurrentIndex(others[out.setdefault("switches", 0) % len(others)])
        out["switches"] += 1

def on_event(e):
    from playground.core import events as ev
    if isinstance(e, ev.Started):
        out["device"], out["dtype"] = e.device, e.dtype
        if TICKING:
            timer.start()
        if VIEWS:
            cycle_views()
            views_timer.start()
    elif isinstance(e, ev.Eval):
        out["evals"] = out.get("evals", 0) + 1
    elif isinstance(e, (ev.Finished, ev.Failed)):
        timer.stop()
        views_timer.stop()
        out["end"] = type(e).__name__ + (": " + e.reason if isinstance(e, ev.Failed) else "")
        QTimer.singleShot(200, app.quit)

views_timer = QTimer()
views_timer.setInterval(1500)
views_timer.timeout.connect(cycle_views)

def hook(window):
    out["responsive_s"] = time.time() - T0
    shown["window"] = window
    window.session.training.eventReceived.connect(on_event)
    if VIEWS:
        # evaluations every 20 steps, so that the views refresh often; started here, once the corpus is in
        corpus = window.session.corpus

        def ready(busy):
            if not busy and corpus.view is not None and not shown.get("started"):
                shown["started"] = True
                window.session.form.update_field("train", "eval_interval", 20)
                window.session.training.start()
        corpus.analysingChanged.connect(ready)
        ready(corpus.analysing)

class Probe(QObject):
    def eventFilter(self, obj, e):
        if e.type() == QEvent.Type.Show and isinstance(obj, QMainWindow) and "shown_s" not in out:
            out["shown_s"] = time.time() - T0
            app.removeEventFilter(self)  # else it would run for every event of the app while it trains
            QTimer.singleShot(0, lambda: hook(obj))
        return False

probe = Probe()
app.installEventFilter(probe)
QTimer.singleShot(int(float(sys.argv[4]) * 1000), app.quit)  # a safety net
from playground.qt.app import main
main(sys.argv[3].split("\x1f"))
gaps = [1000 * (b - a) for a, b in zip(ticks, ticks[1:])]
out.pop("ticks")
out["gaps_ms"] = gaps
print("PROBE " + json.dumps(out))
"""


def _steady(metrics: Path, warm: int) -> float:
    steps = [m for m in map(json.loads, metrics.read_text().splitlines()) if m.get("type") == "step"]
    a, b = steps[warm - 1], steps[-1]
    tokens_per_iter = 12 * 64  # baby
    return (b["iter"] - a["iter"]) * tokens_per_iter / (b["elapsed"] - a["elapsed"])


def _env(tmp: str, threads: int, engine_root: Path) -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(engine_root), OMP_NUM_THREADS=str(threads),
                XDG_CONFIG_HOME=str(Path(tmp) / "config"), XDG_DATA_HOME=str(Path(tmp) / "data"),
                XDG_CACHE_HOME=str(Path(tmp) / "cache"), HOME=str(Path(tmp) / "home"))


def _gui(corpus: Path, n: int, warm: int, threads: int, engine_root: Path, ticking: bool, views: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="pg-bench-app-") as tmp:
        (Path(tmp) / "home").mkdir()
        runs = Path(tmp) / "runs"
        argv = "\x1f".join([str(corpus), "--preset", "baby", *([] if views else ["--train"]), "--max-iters", str(n),
                            "--runs-dir", str(runs), "--lang", "en"])
        limit = 1500
        t0 = time.time()
        p = subprocess.run([sys.executable, "-c", _DRIVER, repr(t0), str(engine_root), argv, str(limit),
                            str(int(ticking)), str(int(views))],
                           capture_output=True, text=True, env=_env(tmp, threads, engine_root), cwd=tmp,
                           timeout=limit + 60)
        line = next((l for l in p.stdout.splitlines() if l.startswith("PROBE ")), None)
        if line is None:
            raise RuntimeError(f"the app exited with {p.returncode}: {(p.stderr.strip().splitlines() or ['?'])[-1]}")
        res = json.loads(line[6:])
        metrics = next(runs.glob("*/metrics.jsonl"), None)
        if metrics is None or not res.get("end", "").startswith("Finished"):
            raise RuntimeError(f"the run did not finish in the app: {res.get('end', 'no end event')}")
        res["tokens_per_s"] = _steady(metrics, warm)
        return res


def _cli(corpus: Path, n: int, warm: int, threads: int, engine_root: Path) -> float:
    with tempfile.TemporaryDirectory(prefix="pg-bench-cli-") as tmp:
        (Path(tmp) / "home").mkdir()
        runs = Path(tmp) / "runs"
        subprocess.run([sys.executable, "-m", "playground", "train", str(corpus), "--preset", "baby",
                        "--max-iters", str(n), "--runs-dir", str(runs)],
                       check=True, capture_output=True, env=_env(tmp, threads, engine_root), cwd=tmp, timeout=1800)
        return _steady(next(runs.glob("*/metrics.jsonl")), warm)


def _percentile(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, round(q / 100 * (len(xs) - 1))))
    return xs[k]


def run(corpus: Path | None, threads: int, quick: bool, engine_root: Path | None = None) -> dict:
    try:
        import PySide6  # noqa: F401
        import playground.qt.app  # noqa: F401
    except Exception as e:  # noqa: BLE001 - any reason the app cannot be imported
        return {"skipped": f"the app cannot be started here ({type(e).__name__}: {e})"}
    if corpus is None:
        return {"skipped": "../shared/corpora/tinyshakespeare.txt is not there."}
    n, warm, rounds = (20, 5, 1) if quick else (200, 20, 5)
    root = engine_root or ROOT
    gui, cli, timed, viewed = [], [], [], []
    for r in range(rounds):
        log(f"  round {r + 1}/{rounds}: app, CLI and app with the GUI timer, baby preset, {n} iterations each")
        try:
            # the app and the CLI swap places each round, so a machine that speeds up or slows down over the
            # round favours neither
            if r % 2:
                cli.append(_cli(corpus, n, warm, threads, root))
            gui.append(_gui(corpus, n, warm, threads, root, ticking=False))
            if not r % 2:
                cli.append(_cli(corpus, n, warm, threads, root))
            timed.append(_gui(corpus, n, warm, threads, root, ticking=True))
            viewed.append(_gui(corpus, n, warm, threads, root, ticking=True, views=True))
        except subprocess.CalledProcessError as e:
            return {"skipped": f"the CLI run failed: {(e.stderr or b'').decode(errors='replace').strip()[-300:]}"}
        except Exception as e:  # noqa: BLE001
            return {"skipped": f"the app run failed: {e}"}
    gaps = [g for r in timed for g in r["gaps_ms"]]
    view_gaps = [g for r in viewed for g in r["gaps_ms"]]
    return {
        "iters": n, "rounds": rounds,
        "gui_tps": [r["tokens_per_s"] for r in gui], "cli_tps": cli,
        "timed_tps": [r["tokens_per_s"] for r in timed],
        "ratio": median(ratios([r["tokens_per_s"] for r in gui], cli)),
        "timed_ratio": median(ratios([r["tokens_per_s"] for r in timed], cli)),
        "max_gap_ms": max(gaps) if gaps else float("nan"),
        "p99_gap_ms": _percentile(gaps, 99), "ticks": len(gaps),
        "views_max_gap_ms": max(view_gaps) if view_gaps else float("nan"),
        "views_p99_gap_ms": _percentile(view_gaps, 99), "views_ticks": len(view_gaps),
        "views_evals": sum(r.get("evals", 0) for r in viewed), "views_switches": sum(r.get("switches", 0) for r in viewed),
        "shown_s": median([r["shown_s"] for r in gui + timed]),
        "responsive_s": median([r["responsive_s"] for r in gui + timed]),
        "dtype": gui[0].get("dtype"),
    }


def table(res: dict) -> list[str]:
    if "skipped" in res:
        return [f"Not available: {res['skipped']}"]
    return [
        f"The app (offscreen) and the CLI each train `baby` for {res['iters']} iterations (an evaluation and a "
        f"preview sample included), {res['rounds']} round(s), the two swapping places each round. GUI gaps are "
        f"between ticks of a 10 ms timer on the GUI thread while training ({res['ticks']:,} gaps; 10 ms is the "
        f"floor), in a third run each round: the timer's own Python work would otherwise count against the app's "
        f"speed. A fourth run each round evaluates every 20 steps and shows each view but the training one in turn, "
        f"1.5 s each, while it trains ({res['views_ticks']:,} gaps, {res['views_evals']} evaluations, "
        f"{res['views_switches']} view changes in all).", "",
        "| measure | value |", "|---|---:|",
        f"| app tokens/s per round | {', '.join(f'{x:,.0f}' for x in res['gui_tps'])} |",
        f"| CLI tokens/s per round | {', '.join(f'{x:,.0f}' for x in res['cli_tps'])} |",
        f"| app / CLI tokens/s (median of rounds) | **{res['ratio']:.2f}x** |",
        f"| app with the 10 ms timer, tokens/s per round | {', '.join(f'{x:,.0f}' for x in res['timed_tps'])} |",
        f"| app with the 10 ms timer / CLI | {res['timed_ratio']:.2f}x |",
        f"| longest GUI timer gap while training | {res['max_gap_ms']:.0f} ms |",
        f"| 99th-percentile GUI timer gap | {res['p99_gap_ms']:.0f} ms |",
        f"| longest GUI timer gap while training with the views open | {res['views_max_gap_ms']:.0f} ms |",
        f"| 99th-percentile GUI timer gap, views open | {res['views_p99_gap_ms']:.0f} ms |",
        f"| process start to main window shown | {res['shown_s']:.2f} s |",
        f"| process start to first event-loop turn after showing | {res['responsive_s']:.2f} s |",
    ]

"""Which run a command means: a folder, a name in the runs folder, or `latest`."""

from __future__ import annotations

import sys
from pathlib import Path


def resolve_run(name: str, runs_dir: Path) -> Path:
    from playground.core.errors import RunError
    from playground.core.runs import list_runs

    if name == "latest":
        damaged = []
        runs = list_runs(runs_dir, damaged)
        if not runs and not damaged:
            raise RunError("No runs in {path} yet; train one with `playground train`.", path=str(runs_dir))
        # the last one written to, whatever its folder is called, among those with a checkpoint to use: a run
        # killed (or still training) before its first save has nothing to sample or resume
        saved = [r for r in runs if r.has_checkpoint]
        if not saved:
            raise RunError("No run in {path} has a saved model yet ({count} without a checkpoint or damaged); train "
                           "one with `playground train`.", path=str(runs_dir), count=len(runs) + len(damaged))
        newest = max(saved, key=lambda r: _last_written(r.dir))
        for r in runs:
            if not r.has_checkpoint and _last_written(r.dir) > _last_written(newest.dir):
                print(f"note: passing over {r.dir}, which is newer but has no saved model yet", file=sys.stderr)
        for d in damaged:
            if _last_written(d.dir) > _last_written(newest.dir):
                print(f"note: passing over {d.dir}, which is newer but does not open: {d.error}", file=sys.stderr)
        return newest.dir
    path = Path(name)
    if path.exists():
        return path
    if (runs_dir / name).exists():
        return runs_dir / name
    raise RunError("No run named {name}: not a folder, and not in {path}.", name=repr(name), path=str(runs_dir))


def _last_written(folder: Path) -> float:
    from playground.core.runs import RUN_FILES
    times = [0.0]
    for name in RUN_FILES:
        try:
            times.append((folder / name).stat().st_mtime)
        except OSError:
            pass
    return max(times)

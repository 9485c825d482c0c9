"""Checkpoints: a run's weights and the training state that resumes them exactly, in safetensors, never pickles.

    model.safetensors             weights (metadata: iter)
    train_state.safetensors       optimizer moments and RNG states (metadata: iter, state, param_groups)
    train_state.prev.safetensors  the training state before, while it is the one that matches the weights

`save` writes a checkpoint and `restore` puts one back into a model, its optimizer and the random streams.
The training state is the one file two saves must agree with; see `save`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from playground.core.atomic import atomic_write
from playground.core.errors import RunError
from playground.core.readers import open_regular, safetensors_header

FORMAT_VERSION = 1  # of the whole run folder: config.json carries it too (runs.py)
WEIGHTS = "model.safetensors"
STATE, PREV_STATE = "train_state.safetensors", "train_state.prev.safetensors"


# --- saving ---

def save(run_dir: Path, model, optimizer, batch_gen, device, state: dict[str, Any]) -> None:
    """Save weights, optimizer and RNG state (the batch generator's, torch's, CUDA's) for iteration
    `state["iter"]`.

    Order matters for crash safety: the training state is saved first (keeping the one that matches
    the weights on disk as train_state.prev), then the weights. Whatever moment a crash hits, some
    train_state file matches the iteration of model.safetensors, and `load_train_state` picks it.
    """
    import torch
    from safetensors.torch import save_file

    rng = {"batch": batch_gen.get_state(), "torch": torch.get_rng_state()}
    if device.type == "cuda":
        rng["cuda"] = torch.cuda.get_rng_state()
    it = str(state["iter"])
    tensors, groups = flatten_optimizer(optimizer)
    tensors.update({f"rng.{k}": v for k, v in rng.items()})
    meta = {"iter": it, "format_version": str(FORMAT_VERSION),
            "state": json.dumps(state), "param_groups": json.dumps(groups)}
    current, prev = run_dir / STATE, run_dir / PREV_STATE
    # Only a train_state that matches the weights on disk may become .prev. After a crash between the
    # two writes, train_state.safetensors is newer than the weights and .prev is the one that matches
    # them: rotating then would throw away the only resumable state if this save crashed too.
    if current.exists() and file_iter(current) == file_iter(run_dir / WEIGHTS):
        os.replace(current, prev)
    atomic_write(current, lambda tmp: save_file(tensors, tmp, metadata=meta))
    weights = {k: v.detach().contiguous() for k, v in model_state(model).items()}
    atomic_write(run_dir / WEIGHTS, lambda tmp: save_file(weights, tmp, metadata={"iter": it}))


def model_state(model) -> dict:
    """The model's state dict without the token embedding, which is the head's matrix again."""
    model = getattr(model, "_orig_mod", model)  # unwrap torch.compile
    sd = model.state_dict()
    sd.pop("transformer.wte.weight", None)  # tied to lm_head.weight; safetensors refuses shared storage
    return sd


def flatten_optimizer(optimizer) -> tuple[dict, list]:
    """The optimizer's state as flat tensors named optim.<param id>.<name>, and its param_groups."""
    sd = optimizer.state_dict()
    tensors = {}
    for pid, st in sd["state"].items():
        for key, value in st.items():
            tensors[f"optim.{pid}.{key}"] = value.detach().cpu().contiguous().reshape(value.shape) \
                if hasattr(value, "detach") else value
    groups = [{k: v for k, v in g.items()} for g in sd["param_groups"]]
    return tensors, groups


# --- restoring ---

def restore(run_dir: Path, model, optimizer, batch_gen, device, config=None) -> dict[str, Any]:
    """The inverse of `save`: put the last checkpoint's weights, optimizer state and random streams back,
    and return its state (iter, elapsed). With `config` (the RunConfig) every file is checked against it
    before anything is loaded into the model or the optimizer."""
    import torch

    weights, it = load_weights(run_dir, device, config and config.model)
    state, optim, rng, groups = load_train_state(run_dir, it, config)
    load_state(model, weights, run_dir / WEIGHTS)
    # how the optimizer runs (fused, foreach...) is this machine's choice, not the file's
    how = [{k: g[k] for k in IMPLEMENTATION if k in g} for g in optimizer.param_groups]
    try:
        optimizer.load_state_dict(optimizer_state_dict({k: v.to(device) for k, v in optim.items()}, groups))
        for group, flags in zip(optimizer.param_groups, how):
            group.update(flags)
        batch_gen.set_state(rng["batch"])
        torch.set_rng_state(rng["torch"])
        if device.type == "cuda" and "cuda" in rng:
            torch.cuda.set_rng_state(rng["cuda"])
    except (RuntimeError, ValueError, TypeError, KeyError) as e:
        raise RunError("{path}: cannot resume exactly, the training state does not match the weights (iteration "
                       "{iter}): {reason}.", path=str(run_dir), iter=it, reason=str(e)[:200]) from None
    return state


IMPLEMENTATION = ("foreach", "fused", "capturable", "differentiable")


def load_weights(run_dir: Path, device="cpu", config=None) -> tuple[dict, int]:
    """The model's state dict and the iteration it was saved at. With `config` (a ModelConfig) the file's
    header is first checked against it: every tensor's name, dtype and shape, before any tensor is read."""
    path = run_dir / WEIGHTS
    tensors, meta = read_tensors(path, weight_shapes(config) if config is not None else None)
    return {k: v.to(device) for k, v in tensors.items()}, header_iter(meta, path)


def read_tensors(path: Path, expected: dict | None, optional=()) -> tuple[dict, dict]:
    """(tensors, metadata) of a safetensors file, refused whole (pickle, damage, other tensors than
    `expected`: name -> (dtype, shape), those in `optional` may be absent) before its tensors are read."""
    from safetensors.torch import load

    with open_regular(path) as (f, size):
        if looks_pickled(f.read(16)):
            raise pickle_refusal(path)
        f.seek(0)
        found, meta, _ = safetensors_header(f, size, path)
        if expected is not None:
            check_tensors(found, expected, path, optional)
        f.seek(0)
        data = f.read(size)  # the header said exactly this much, and expected bounds it
    try:
        return load(data), meta
    except BaseException as e:  # the parser's own checks, whatever it raises (a Rust panic is a BaseException)
        if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        raise RunError("{path} is damaged or not a safetensors file ({reason}).", path=str(path),
                       reason=str(e)[:200]) from None


def check_tensors(found: dict, expected: dict, path: Path, optional=()) -> None:
    missing = [k for k in expected if k not in found and k not in optional]
    extra = [k for k in found if k not in expected]
    wrong = [k for k in expected if k in found and found[k] != expected[k]]
    for names, what in ((missing, "is missing"), (extra, "is not part of this model"),
                        (wrong, "has the wrong type or shape")):
        if names:
            shown = names[0][:80] + (f" ({found[names[0]][0]} {list(found[names[0]][1])[:8]}, expected "
                                     f"{expected[names[0]][0]} {list(expected[names[0]][1])})" if names is wrong
                                     else "")
            raise RunError("{path} does not match the model described in config.json: {reason}", path=str(path),
                           reason=f"tensor {shown} {what}" + (f" (and {len(names) - 1} more)" if len(names) > 1
                                                               else ""))


def header_iter(meta: dict, path: Path) -> int:
    it = meta.get("iter", "")
    if not re.fullmatch(r"[0-9]{1,12}", it):
        raise RunError("{path} is damaged or not a safetensors file ({reason}).", path=str(path),
                       reason=f"its iteration is {it[:40]!r}")
    return int(it)


def saved_iter(run_dir: Path) -> int:
    """The iteration model.safetensors was saved at, read from its header alone."""
    path = run_dir / WEIGHTS
    with open_regular(path) as (f, size):
        if looks_pickled(f.read(16)):
            raise pickle_refusal(path)
        f.seek(0)
        return header_iter(safetensors_header(f, size, path)[1], path)


def load_model(run_dir: Path, config, device="cpu"):
    """The GPT of `config` (a ModelConfig) with the weights in `run_dir`, in eval mode; refused before anything
    is read when the weights do not match `config`, or when it needs more memory than there is."""
    from playground.core.model import GPT

    check_loadable(run_dir, config, device)
    weights, _ = load_weights(run_dir, device, config)
    model = GPT(config).to(device)
    load_state(model, weights, run_dir / WEIGHTS)
    model.eval()
    return model


def check_loadable(run_dir: Path, config, device="cpu") -> None:
    """Refuse, reading headers only, weights that do not match `config` or a model this machine cannot hold."""
    import torch

    from playground.core.costs import check_fits_inference
    from playground.core.devices import device_memory
    from playground.core.errors import ConfigError

    device = torch.device(device)
    try:
        check_fits_inference(config, device_memory(torch.device("cpu"))[0], copies=3)
        if device.type != "cpu":
            check_fits_inference(config, *device_memory(device))
    except ConfigError as e:
        raise RunError("{path}: {reason}", path=str(run_dir / WEIGHTS), reason=e) from None
    path = run_dir / WEIGHTS
    with open_regular(path) as (f, size):
        if looks_pickled(f.read(16)):
            raise pickle_refusal(path)
        f.seek(0)
        found, meta, _ = safetensors_header(f, size, path)
    check_tensors(found, weight_shapes(config), path)
    header_iter(meta, path)


def check_resumable(run_dir: Path, config, device) -> None:
    """Refuse, before anything is built or written, a run whose checkpoint cannot be resumed on `device`:
    training needs more memory than there is, or the weights, the training state or the log are not what
    `config` (a RunConfig) describes. Headers only: no tensor is read."""
    from playground.core.costs import check_fits
    from playground.core.devices import device_memory
    from playground.core.errors import ConfigError
    from playground.core.metrics import check_log

    try:
        check_fits(config, *device_memory(device))
    except ConfigError as e:
        raise RunError("{path}: {reason}", path=str(run_dir / "config.json"), reason=e) from None
    check_loadable(run_dir, config.model, device)
    load_train_state(run_dir, saved_iter(run_dir), config, tensors=False)
    check_log(run_dir / "metrics.jsonl")


def weight_shapes(config) -> dict[str, tuple[str, tuple]]:
    """name -> (dtype, shape) of every tensor model.safetensors holds for `config`, from a model on `meta`."""
    from playground.core.model import meta_model

    return {k: ("F32", tuple(v.shape)) for k, v in model_state(meta_model(config)).items()}


def load_train_state(run_dir: Path, weights_iter: int, config=None, tensors=True) -> tuple[dict, dict, dict, list]:
    """(state, optimizer tensors, rng tensors, param_groups) saved at `weights_iter`. With `config` (a
    RunConfig) every tensor and the metadata are checked against it first (see train_state.py); with
    `tensors` False only that check is made, and the tensors are not read (empty dicts)."""
    from playground.core.train_state import expected_state, parse_state

    expected = expected_state(config) if config is not None else None
    tried = []
    for name in (STATE, PREV_STATE):
        path = run_dir / name
        if not os.path.lexists(path):
            continue
        try:
            with open_regular(path) as (f, size):
                found, meta, _ = safetensors_header(f, size, path)
            if meta.get("iter") != str(weights_iter):
                tried.append(f"{name} is from iteration {meta.get('iter', '?')[:20]}")
                continue
            state, groups = parse_state(meta, weights_iter, path, expected)
            if expected is not None:
                check_tensors(found, expected.tensors, path, expected.optional)
            read = read_tensors(path, expected and expected.tensors, expected and expected.optional)[0] \
                if tensors else {}
        except RunError as e:  # any damage: try the previous file, then report
            tried.append(f"{name}: {e}")
            continue
        optim = {k[6:]: v for k, v in read.items() if k.startswith("optim.")}
        rng = {k[4:]: v for k, v in read.items() if k.startswith("rng.")}
        return state, optim, rng, groups
    detail = "; ".join(tried) or "no train_state.safetensors"
    raise RunError("{path}: cannot resume exactly, the training state does not match the weights (iteration "
                   "{iter}): {reason}.", path=str(run_dir), iter=weights_iter, reason=detail)


def load_state(model, weights: dict, path: Path) -> None:
    """Put `weights` (as `model_state` leaves them) into `model`; `path` names their file in the error."""
    weights = dict(weights)
    if "lm_head.weight" in weights:
        weights["transformer.wte.weight"] = weights["lm_head.weight"]
    try:
        model.load_state_dict(weights, strict=True)
    except RuntimeError as e:
        first = str(e).strip().splitlines()[0][:200]
        raise RunError("{path} does not match the model described in config.json: {reason}", path=str(path),
                       reason=first) from None


def optimizer_state_dict(optim_tensors: dict, groups: list) -> dict:
    """Rebuild a torch optimizer state_dict from `flatten_optimizer`'s output."""
    state: dict[int, dict] = {}
    for key, value in optim_tensors.items():
        pid, name = key.split(".", 1)
        state.setdefault(int(pid), {})[name] = value
    return {"state": state, "param_groups": groups}


# --- safetensors headers ---

def file_iter(path: Path) -> str | None:
    """The "iter" metadata of a safetensors file, reading only its header; None if missing or damaged."""
    try:
        with open_regular(path) as (f, size):
            return str(safetensors_header(f, size, path)[1].get("iter"))
    except RunError:
        return None


# --- pickles, never loaded ---

PICKLE_SUFFIXES = (".pt", ".pth", ".ckpt", ".bin", ".pkl", ".pickle", ".tar")


def is_pickle_file(path: Path) -> bool:
    """A file to refuse: its suffix is a pickle format's, or its first bytes are (whatever its name)."""
    return path.suffix.lower() in PICKLE_SUFFIXES or looks_pickled(_head(path))


def looks_pickled(head: bytes) -> bool:
    """Python pickles (protocol 2 and up), torch.save's ZIP archives and its legacy format.

    A safetensors file starts with its header's length, which for a 640-byte header is 0x80 0x02 ...: a
    pickle's first two bytes. Its JSON header's opening brace at offset 8 tells it apart; a file taken for
    safetensors is only ever parsed as such, never unpickled, so a pickle dressed up this way runs nothing.
    """
    if head[8:9] == b"{":
        return False
    return ((len(head) > 1 and head[0] == 0x80 and 2 <= head[1] <= 5) or head.startswith(b"PK\x03\x04")
            or head.startswith(b"\x8a\x0al\xfc\x9cF\xf9\x20j\xa8P\x19"))


def pickle_refusal(path: Path) -> RunError:
    return RunError(
        "{path} is a pickle-based (PyTorch .pt-style) file. Loading it could run code hidden inside it, so "
        "Transformer Playground never loads such files. Open a run folder whose weights are in "
        "model.safetensors instead.", path=str(path))


def _head(path: Path, n: int = 16) -> bytes:
    try:
        with open_regular(path) as (f, _):
            return f.read(n)
    except RunError:
        return b""

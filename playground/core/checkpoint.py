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
from pathlib import Path
from typing import Any

from playground.core.atomic import atomic_write, read_bytes
from playground.core.errors import RunError

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

def restore(run_dir: Path, model, optimizer, batch_gen, device) -> dict[str, Any]:
    """The inverse of `save`: put the last checkpoint's weights, optimizer state and random streams back,
    and return its state (iter, elapsed)."""
    import torch

    weights, it = load_weights(run_dir, device)
    state, optim, rng, groups = load_train_state(run_dir, it)
    load_state(model, weights, run_dir / WEIGHTS)
    optimizer.load_state_dict(optimizer_state_dict({k: v.to(device) for k, v in optim.items()}, groups))
    batch_gen.set_state(rng["batch"])
    torch.set_rng_state(rng["torch"])
    if device.type == "cuda" and "cuda" in rng:
        torch.cuda.set_rng_state(rng["cuda"])
    return state


def load_weights(run_dir: Path, device="cpu") -> tuple[dict, int]:
    """The model's state dict and the iteration it was saved at."""
    from safetensors import SafetensorError
    from safetensors.torch import load

    path = run_dir / WEIGHTS
    data = read_bytes(path)
    if looks_pickled(data[:16]):
        raise pickle_refusal(path)
    try:
        meta = safetensors_metadata(data)
        weights = load(data)
    except (SafetensorError, ValueError, json.JSONDecodeError) as e:
        raise RunError("{path} is damaged or not a safetensors file ({reason}).", path=str(path),
                       reason=str(e)) from None
    weights = {k: v.to(device) for k, v in weights.items()}
    return weights, int(meta.get("iter", -1))


def saved_iter(run_dir: Path) -> int:
    """The iteration model.safetensors was saved at, read from its header alone."""
    it = file_iter(run_dir / WEIGHTS)
    if it is not None and it.isdigit():
        return int(it)
    return load_weights(run_dir)[1]  # a damaged header: the full read says precisely what is wrong


def load_model(run_dir: Path, config, device="cpu"):
    """The GPT of `config` (a ModelConfig) with the weights in `run_dir`, in eval mode."""
    from playground.core.model import GPT

    weights, _ = load_weights(run_dir, device)
    model = GPT(config).to(device)
    load_state(model, weights, run_dir / WEIGHTS)
    model.eval()
    return model


def load_train_state(run_dir: Path, weights_iter: int) -> tuple[dict, dict, dict, list]:
    """(state, optimizer tensors, rng tensors, param_groups) saved at `weights_iter`."""
    from safetensors.torch import load

    tried = []
    for name in (STATE, PREV_STATE):
        path = run_dir / name
        if not path.exists():
            continue
        try:
            data = path.read_bytes()
            meta = safetensors_metadata(data)
            if int(meta.get("iter", -1)) != weights_iter:
                tried.append(f"{name} is from iteration {meta.get('iter')}")
                continue
            tensors = load(data)
            state, groups = json.loads(meta["state"]), json.loads(meta["param_groups"])
        except Exception as e:  # any damage: try the previous file, then report
            tried.append(f"{name} is damaged ({type(e).__name__})")
            continue
        optim = {k[6:]: v for k, v in tensors.items() if k.startswith("optim.")}
        rng = {k[4:]: v for k, v in tensors.items() if k.startswith("rng.")}
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
        with open(path, "rb") as f:
            n = int.from_bytes(f.read(8), "little")
            if not 0 < n <= 100 * 1024 * 1024:
                return None
            header = json.loads(f.read(n))
        return str((header.get("__metadata__") or {}).get("iter"))
    except (OSError, ValueError, AttributeError):
        return None


def safetensors_metadata(data: bytes) -> dict:
    # the header is an 8-byte little-endian length followed by JSON; reading it needs no tensor parsing
    if len(data) < 8:
        raise ValueError("file too short")
    n = int.from_bytes(data[:8], "little")
    if n > len(data) - 8:
        raise ValueError("header longer than the file")
    header = json.loads(data[8:8 + n])
    return header.get("__metadata__") or {}


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
        with open(path, "rb") as f:
            return f.read(n)
    except OSError:
        return b""

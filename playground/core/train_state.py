"""What train_state.safetensors must hold for a configuration, and the checks of its metadata.

AdamW's fused kernel trusts the shapes of its moments: a state file whose moments do not match the
parameters passes `load_state_dict` and then crashes the process at the first step. So the file is checked
whole against the model the configuration describes (built on the `meta` device: shapes without memory)
before anything is loaded: every tensor's name, dtype and shape, and the JSON of its metadata (the trainer's
state and the optimizer's param_groups), value by value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from playground.core.errors import RunError
from playground.core.readers import parse_json

CUDA_RNG_BYTES = 16  # torch.cuda.get_rng_state(): seed and offset of the Philox generator


@dataclass
class ExpectedState:
    tensors: dict[str, tuple[str, tuple]]          # name -> (dtype, shape)
    group_ids: list[list[int]]                     # param_groups' "params", in order
    optional: set[str] = field(default_factory=set)


def expected_state(config) -> ExpectedState:
    """The tensors and param groups `checkpoint.save` writes for `config` (a RunConfig)."""
    import torch

    from playground.core.model import meta_model

    tc = config.train
    with torch.device("meta"):
        model = meta_model(config.model)
        optimizer = model.configure_optimizer(tc.weight_decay, tc.learning_rate, (tc.beta1, tc.beta2), "cpu")
    group_ids = [list(g["params"]) for g in optimizer.state_dict()["param_groups"]]
    tensors = {}
    for ids, group in zip(group_ids, optimizer.param_groups):
        for pid, p in zip(ids, group["params"]):
            tensors[f"optim.{pid}.step"] = ("F32", ())
            tensors[f"optim.{pid}.exp_avg"] = ("F32", tuple(p.shape))
            tensors[f"optim.{pid}.exp_avg_sq"] = ("F32", tuple(p.shape))
    tensors["rng.batch"] = ("U8", tuple(torch.Generator().get_state().shape))
    tensors["rng.torch"] = ("U8", tuple(torch.get_rng_state().shape))
    tensors["rng.cuda"] = ("U8", (CUDA_RNG_BYTES,))  # only in a run saved on a GPU
    return ExpectedState(tensors, group_ids, {"rng.cuda"})


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _flag(v) -> bool:
    return v is None or isinstance(v, bool)


# AdamW's param_group settings: what each must be for this program's optimizer to run on it
GROUP_RULES = {
    "params": lambda v: True,  # compared with the expected ids
    "lr": lambda v: _number(v) and v >= 0,
    "initial_lr": lambda v: _number(v) and v >= 0,
    "betas": lambda v: isinstance(v, list) and len(v) == 2 and all(_number(b) and 0 <= b < 1 for b in v),
    "eps": lambda v: _number(v) and v > 0,
    "weight_decay": lambda v: _number(v) and v >= 0,
    "amsgrad": lambda v: v is False,  # it would need moments this program never saves
    "maximize": lambda v: isinstance(v, bool),
    "foreach": _flag, "fused": _flag, "capturable": _flag, "differentiable": _flag,
    "decoupled_weight_decay": lambda v: isinstance(v, bool),
}
GROUP_REQUIRED = ("params", "lr", "betas", "eps", "weight_decay")


def parse_state(meta: dict, weights_iter: int, path: Path, expected: ExpectedState | None) -> tuple[dict, list]:
    """(state, param_groups) from a train_state file's metadata, checked against `expected`."""
    def damaged(reason: str) -> RunError:
        return RunError("{path} is damaged or not a safetensors file ({reason}).", path=str(path), reason=reason)

    state = parse_json(meta.get("state", "").encode("utf-8", "replace"), path)
    if not (isinstance(state, dict) and set(state) <= {"iter", "elapsed"} and type(state.get("iter")) is int
            and state["iter"] == weights_iter and _number(state.get("elapsed", 0.0))
            and state.get("elapsed", 0.0) >= 0):
        raise damaged("its training state is malformed")
    groups = parse_json(meta.get("param_groups", "").encode("utf-8", "replace"), path)
    if expected is None:
        return state, groups
    if not (isinstance(groups, list) and len(groups) == len(expected.group_ids)):
        raise damaged("its optimizer settings are malformed")
    for group, ids in zip(groups, expected.group_ids):
        if not isinstance(group, dict) or group.get("params") != ids or any(k not in group for k in GROUP_REQUIRED):
            raise damaged("its optimizer settings do not match the model")
        for key, value in group.items():
            if key not in GROUP_RULES or not GROUP_RULES[key](value):
                raise damaged(f"its optimizer setting {key[:40]!r} is malformed")
    return state, groups

"""Stop within a training step: hooks that abandon a long forward or backward pass between two layers."""

from __future__ import annotations

import torch

from playground.core.controls import Controls


class Interrupted(Exception):
    """Raised inside a forward or backward pass when Stop is pressed, to abandon a long step."""


class InterruptHooks:
    """The hooks `interrupt_hooks` installed; true while any is left."""

    def __init__(self, handles):
        self.handles = handles

    def disarm(self) -> None:
        for h in self.handles:
            h.remove()
        self.handles = []

    def __bool__(self) -> bool:
        return bool(self.handles)


def interrupt_hooks(model, controls: Controls) -> InterruptHooks:
    """Check for Stop before every layer's forward and during its backward, raising Interrupted.

    Between steps is too coarse on a CPU, where one step of the bigger presets takes seconds or minutes.
    The hooks only act on this model's own modules: a snapshot (deep copy) taken for generation carries
    the hooks along, but they ignore it.
    """
    own = {id(m) for m in model.modules()}

    def check(*_):
        if controls.stop_requested:
            raise Interrupted

    def before(module, args):
        if id(module) in own:
            check()

    def after(module, args, output):
        if id(module) in own and isinstance(output, torch.Tensor) and output.requires_grad:
            output.register_hook(check)

    handles = []
    for m in model.modules():
        if next(m.children(), None) is None:  # leaves: Linear, LayerNorm, Embedding, Dropout...
            handles += [m.register_forward_pre_hook(before), m.register_forward_hook(after)]
    return InterruptHooks(handles)

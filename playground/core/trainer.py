"""The training loop as a stream of events, with cooperative pause, resume and stop.

    trainer = start_training(corpus, config, runs_dir)
    for event in trainer.events():
        ...   # Started, Step, Eval, Sample, Saved, Paused, Resumed, then Finished or Failed

The loop knows nothing about who listens: the CLI prints the events, the app turns them into Qt signals,
tests assert on them. Everything also lands in the run folder's metrics.jsonl.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import torch

from playground.core import events as ev
from playground.core.config import RunConfig, SampleConfig
from playground.core.costs import check_fits, memory_holder
from playground.core.controls import Controls
from playground.core.corpus import Corpus, load_source
from playground.core.dataset import Dataset, prepare_dataset
from playground.core.errors import ConfigError, PlaygroundError, RunError
from playground.core.model import GPT
from playground.core.runs import MetricsLog, Run, load_state, optimizer_state_dict
from playground.core.sampler import generate

log = logging.getLogger(__name__)


def pick_device(name: str) -> torch.device:
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device 'cuda' was asked for, but PyTorch sees no CUDA GPU here.", "device")
    if name == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise ConfigError("device 'mps' was asked for, but Apple's Metal backend is not available here.", "device")
    return torch.device(name)


@functools.cache
def cpu_has_native_bf16() -> bool:
    """True when the CPU multiplies bfloat16 in hardware (AMX or AVX512-BF16, read from /proc/cpuinfo).

    Elsewhere bf16 matmuls are emulated and slower than fp32 by far (on an AVX2-only CPU about 50x), so
    autocasting to bf16 there would only cost time.
    """
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return bool({"amx_bf16", "avx512_bf16"} & set(line.split(":", 1)[1].split()))
    except OSError:
        pass
    return False


def pick_dtype(name: str, device: torch.device) -> torch.dtype:
    """The autocast precision. 'auto' uses bfloat16 on GPUs that support it and on CPUs with native bf16
    matmuls (AMX / AVX512-BF16: about twice the fp32 rate, same final loss), float32 elsewhere."""
    if name == "auto":
        if device.type == "cuda" and torch.cuda.is_bf16_supported():
            return torch.bfloat16
        if device.type == "cpu" and cpu_has_native_bf16():
            return torch.bfloat16
        return torch.float32
    if name == "float16" and device.type != "cuda":
        raise ConfigError("dtype float16 needs a CUDA GPU; use bfloat16 or float32 here.", "dtype")
    return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[name]


def device_memory(device: torch.device) -> tuple[int | None, bool]:
    """All the memory training on `device` could use, in bytes (None if unknown), and whether it is a GPU's."""
    try:
        if device.type == "cuda":
            return torch.cuda.get_device_properties(device).total_memory, True
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"), False
    except (AttributeError, ValueError, OSError, RuntimeError):  # no sysconf on Windows
        return None, False


def start_training(corpus, config: RunConfig, runs_dir, controls: Controls | None = None) -> "Trainer":
    """Prepare the data, create a new run folder and return a Trainer ready to stream events."""
    config = RunConfig.from_dict(config.to_dict())  # our own copy: the caller may keep editing theirs
    config.validate()
    device = pick_device(config.train.device)
    pick_dtype(config.train.dtype, device)  # e.g. float16 without a GPU: refused before a run folder exists
    memory, gpu = device_memory(device)
    check_fits(config, memory, gpu)  # an absurd batch is refused before the data is even prepared
    dataset = prepare_dataset(corpus, config.data, config.model.block_size)
    config.model.vocab_size = dataset.tokenizer.vocab_size
    check_fits(config, memory, gpu)  # again with the real vocabulary (the logits can dominate)
    run = Run.create(runs_dir, config, corpus, dataset.tokenizer)
    return Trainer(run, dataset, controls)


def resume_training(run_dir, controls: Controls | None = None, max_iters: int | None = None) -> "Trainer":
    """Continue a saved run exactly where its last checkpoint left it (optionally for more steps)."""
    run = Run.open(run_dir)
    if not run.has_weights:
        raise RunError("{path} has no saved model yet; start a new run instead.", path=str(run.dir))
    source = run.corpus_info.get("source", "")
    if source == "pasted":
        try:
            text = (run.dir / "corpus.txt").read_text(encoding="utf-8")
        except OSError:
            raise RunError("{path} is missing: the pasted text cannot be recovered.",
                           path=str(run.dir / "corpus.txt")) from None
        corpus = Corpus(text.split("\x00"), "pasted", run.corpus_info.get("name", "Pasted text"), "")
    else:
        corpus = load_source(source)
    if corpus.sha256 != run.corpus_info.get("sha256"):
        raise RunError("The corpus {source} has changed since this run started, so training cannot continue on the "
                       "same data. Start a new run on the new text instead.", source=source)
    if max_iters is not None:
        # written to config.json only once the saved state has loaded (Trainer._setup): a refused resume
        # leaves the run's files as they were
        run.config.train.max_iters = max_iters
        run.config.validate()
    if run.saved_iter() >= run.config.train.max_iters:
        raise RunError("This run already finished its {max_iters} iterations; give a larger maximum number of "
                       "iterations to train it further.", max_iters=run.config.train.max_iters)
    dataset = prepare_dataset(corpus, run.config.data, run.config.model.block_size, tokenizer=run.tokenizer)
    return Trainer(run, dataset, controls, resume=True)


class Trainer:

    def __init__(self, run: Run, dataset: Dataset, controls: Controls | None = None, resume: bool = False):
        self.run = run
        self.dataset = dataset
        self.controls = controls or Controls()
        self.resume = resume

    def events(self) -> Iterator[ev.Event]:
        """The run as a stream of events. User-facing problems end it with Failed rather than raising."""
        metrics = MetricsLog(self.run.metrics_path) if not self.resume else None
        unlock = None
        try:
            unlock = self.run.lock_training()
            setup = self._setup()
            metrics = metrics or MetricsLog(self.run.metrics_path)
            for event in self._loop(*setup):
                if isinstance(event, ev.Finished) and not event.kept:
                    metrics.close()
                    unlock()
                    metrics = unlock = None
                    shutil.rmtree(self.run.dir, ignore_errors=True)  # made by this run a moment ago: debris
                else:
                    metrics.write(event.to_dict())
                yield event
        except PlaygroundError as e:
            yield from self._fail(metrics, e)
        except Exception as e:  # a bug: keep the traceback in the log, tell the user, leave the run intact
            log.exception("training failed unexpectedly")
            yield from self._fail(metrics, PlaygroundError(
                "Unexpected error ({kind}: {detail}). The last checkpoint is kept.", kind=type(e).__name__,
                detail=str(e)))
        finally:
            if metrics:
                metrics.close()
            if unlock:
                unlock()

    @staticmethod
    def _fail(metrics, error: PlaygroundError) -> Iterator[ev.Event]:
        failed = ev.Failed.of(-1, error)
        if metrics:
            try:
                metrics.write(failed.to_dict())
            except RunError:
                pass  # the disk that failed the run cannot take its record either; the event still goes out
        yield failed

    def _setup(self):
        tc, mc = self.run.config.train, self.run.config.model
        if tc.threads:
            torch.set_num_threads(tc.threads)
        device = pick_device(tc.device)
        dtype = pick_dtype(tc.dtype, device)
        torch.manual_seed(tc.seed)
        model = GPT(mc).to(device)
        optimizer = model.configure_optimizer(tc.weight_decay, tc.learning_rate, (tc.beta1, tc.beta2), device.type)
        batch_gen = torch.Generator().manual_seed(tc.seed)
        state = {"iter": 0, "elapsed": 0.0}
        if self.resume:
            weights, it = self.run.load_weights(device)
            state, optim, rng, groups = self.run.load_train_state(it)
            load_state(model, weights, self.run.dir / "model.safetensors")
            optimizer.load_state_dict(optimizer_state_dict({k: v.to(device) for k, v in optim.items()}, groups))
            batch_gen.set_state(rng["batch"])
            torch.set_rng_state(rng["torch"])
            if device.type == "cuda" and "cuda" in rng:
                torch.cuda.set_rng_state(rng["cuda"])
            self.run.truncate_metrics(state["iter"])
            self.run.write_config()  # a new max_iters, if one was given
        return model, optimizer, batch_gen, device, dtype, state

    def _loop(self, model, optimizer, batch_gen, device, dtype, state) -> Iterator[ev.Event]:
        tc, mc = self.run.config.train, self.run.config.model
        controls = self.controls
        train = torch.from_numpy(self.dataset.train.astype("int64")).to(device)
        val = torch.from_numpy(self.dataset.val.astype("int64")).to(device)
        offsets = torch.arange(mc.block_size + 1, device=device)
        tokens_per_iter = tc.batch_size * tc.grad_accum * mc.block_size
        autocast = (torch.autocast(device.type, dtype=dtype) if dtype != torch.float32
                    else contextlib.nullcontext())
        scaler = torch.amp.GradScaler(device.type) if dtype == torch.float16 else None
        step_model = torch.compile(model) if tc.compile else model

        def batch(data, gen, rows=tc.batch_size):
            # one gather of (B, T+1) windows; x and y are views of it, no per-row copies
            ix = torch.randint(len(data) - mc.block_size, (rows,), generator=gen)
            chunk = data[ix.to(device)[:, None] + offsets]
            return chunk[:, :-1], chunk[:, 1:]

        @torch.no_grad()
        def estimate_loss(it: int, n_batches: int, budget: float | None = None) -> tuple[float, float]:
            # own generator, seeded by the step: evaluating never disturbs the training RNG, so a resumed
            # run matches an uninterrupted one
            model.eval()
            out = []
            for split, data in (("train", train), ("val", val)):
                gen = torch.Generator().manual_seed(tc.seed + 7919 * it + (split == "val"))
                losses = []
                rows, until = tc.batch_size, None
                if budget is not None:
                    # a quick estimate (on stop): as many sequences as fit in the time budget, at least one
                    per_row = last_dt[0] / (3 * tc.batch_size * tc.grad_accum) if last_dt[0] else budget
                    rows = max(1, min(tc.batch_size, int(budget / 2 / 4 / per_row)))
                    until = time.perf_counter() + budget / 2
                for _ in range(n_batches):
                    if until is not None and losses and time.perf_counter() > until:
                        break
                    if budget is None and controls.stop_requested:
                        raise _Interrupted
                    x, y = batch(data, gen, rows)
                    with autocast:
                        _, loss = step_model(x, y)
                    losses.append(loss.item())
                out.append(sum(losses) / len(losses))
            model.train()
            return out[0], out[1]

        def preview(it: int) -> ev.Sample:
            model.eval()
            cfg = SampleConfig(temperature=0.8, max_new_tokens=tc.sample_tokens, seed=(tc.seed + it) % 2**63)
            text = ""
            for e in generate(model, self.dataset.tokenizer, "", cfg, lambda: controls.stop_requested):
                if isinstance(e, ev.SampleDone):
                    text = e.text
            if controls.stop_requested:
                raise _Interrupted
            model.train()
            return ev.Sample(it, text)

        def save(it: int) -> None:
            state.update(iter=it, elapsed=elapsed)
            rng = {"batch": batch_gen.get_state(), "torch": torch.get_rng_state()}
            if device.type == "cuda":
                rng["cuda"] = torch.cuda.get_rng_state()
            try:
                self.run.save_checkpoint(model, optimizer, dict(state), rng)
            except RunError as e:  # e.g. a full disk; the files on disk are still a consistent earlier checkpoint
                kept = self.run.saved_iter() if self.run.has_weights else None
                if kept is None:
                    raise PlaygroundError("{error} Training stopped at iteration {iter}, before any checkpoint was "
                                          "saved.", error=e, iter=it) from None
                raise PlaygroundError("{error} Training stopped at iteration {iter}; the checkpoint of iteration "
                                      "{saved} is kept.", error=e, iter=it, saved=kept) from None

        def evaluate_and_save(it: int, n_batches: int) -> Iterator[ev.Event]:
            tl, vl = estimate_loss(it, n_batches)
            last_eval[:] = [tl, vl]
            yield ev.Eval(it, tl, vl)
            if tc.sample_tokens:
                yield preview(it)
            if not (math.isfinite(tl) and math.isfinite(vl)):
                raise _Diverged(it)
            save(it)
            yield ev.Saved(it, str(self.run.dir))

        def stop_evaluate_and_save(it: int) -> Iterator[ev.Event]:
            # A stop should take effect within a second. The weights are those of the last finished step, so
            # they are written (mostly disk time, outside the interpreter lock) while a quick evaluation runs;
            # no preview.
            with ThreadPoolExecutor(1) as pool:
                saving = pool.submit(save, it)
                tl, vl = estimate_loss(it, max(1, min(tc.eval_iters, 10)), budget=STOP_EVAL_SECONDS)
                saving.result()
            last_eval[:] = [tl, vl]
            yield ev.Eval(it, tl, vl)
            if not (math.isfinite(tl) and math.isfinite(vl)):
                raise _Diverged(it)
            yield ev.Saved(it, str(self.run.dir))

        def step(it: int, lr: float) -> tuple[float, torch.Tensor] | None:
            """One optimizer step: (summed loss, gradient norm), or None when Stop cut it short."""
            for group in optimizer.param_groups:
                group["lr"] = lr
            loss_sum = 0.0
            rng_before = (batch_gen.get_state(), torch.get_rng_state()) if hooks else None
            try:
                for _ in range(tc.grad_accum):
                    x, y = batch(train, batch_gen)
                    with autocast:
                        _, loss = step_model(x, y)
                    loss = loss / tc.grad_accum
                    (scaler.scale(loss) if scaler else loss).backward()
                    loss_sum += loss.item()
            except _Interrupted:
                # the step never happened: no update, and the random streams as if it had not begun, so that
                # resuming from the checkpoint saved on the way out still matches an uninterrupted run
                optimizer.zero_grad(set_to_none=True)
                batch_gen.set_state(rng_before[0])
                torch.set_rng_state(rng_before[1])
                return None
            if not math.isfinite(loss_sum):
                raise _Diverged(it)
            if scaler:
                scaler.unscale_(optimizer)
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), tc.grad_clip or float("inf"))
            if scaler:
                scaler.step(optimizer)
                scaler.update()
            else:
                optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            return loss_sum, norm

        it = state["iter"]
        elapsed = state.get("elapsed", 0.0)
        last_eval = [float("nan"), float("nan")]
        n_train = len(self.dataset.train)
        yield ev.Started(str(self.run.dir), it, tc.max_iters, model.num_params(), str(device),
                         str(dtype).replace("torch.", ""), tokens_per_iter, n_train, len(self.dataset.val),
                         self.resume)
        model.train()
        last_dt = [0.0]
        # On CPU a step of a big model takes seconds: Stop cuts it short (see _interrupt_hooks). Evaluations
        # and previews check for Stop themselves.
        hooks = _interrupt_hooks(model, controls) if device.type == "cpu" and not tc.compile else None
        try:
            try:
                if it == 0:
                    yield ev.Eval(0, *estimate_loss(0, tc.eval_iters))
                while it < tc.max_iters and not controls.stop_requested:
                    if controls.paused:
                        yield ev.Paused(it)
                        controls._wait_while_paused(model)
                        if controls.stop_requested:
                            break
                        yield ev.Resumed(it)
                    controls._serve_snapshots(model)
                    t0 = time.perf_counter()
                    lr = tc.lr_at(it)
                    result = step(it, lr)
                    if result is None:
                        break  # cut short by Stop
                    loss_sum, norm = result
                    dt = time.perf_counter() - t0
                    last_dt[0] = dt
                    if hooks and dt < SHORT_STEP_SECONDS:
                        hooks.disarm()  # between steps is soon enough, and the hooks cost 2% of a short step
                    elapsed += dt
                    yield ev.Step(it, loss_sum, lr, tokens_per_iter / dt, float(norm), elapsed,
                                  (it + 1) * tokens_per_iter / n_train)
                    it += 1
                    if it % tc.eval_interval == 0 or it == tc.max_iters:
                        yield from evaluate_and_save(it, tc.eval_iters)
            except _Interrupted:
                pass  # Stop cut an evaluation or its preview short; the stop path below evaluates and saves
            if hooks:
                hooks.disarm()
            model.train()
            stopped = it < tc.max_iters
            if stopped and state["iter"] != it:
                yield from stop_evaluate_and_save(it)
            # a new run stopped before its first step has learned nothing: its folder is removed (above)
            kept = self.resume or it > 0
            yield ev.Finished(it, last_eval[0], last_eval[1], stopped, elapsed, kept)
        except _Diverged as e:
            error = PlaygroundError(
                "The loss became NaN or infinite at iteration {iter}: training diverged. Try a lower learning rate "
                "(now {lr:g}), e.g. {lower:.2g}, or gradient clipping. The last good checkpoint (iteration {saved}) "
                "is kept.", iter=e.iter, lr=tc.learning_rate, lower=tc.learning_rate / 3, saved=state["iter"])
            yield ev.Failed.of(e.iter, error)
        except (torch.OutOfMemoryError, MemoryError):
            yield _out_of_memory(it, device)
        except RuntimeError as e:
            if "out of memory" in str(e).lower() or "can't allocate memory" in str(e).lower():
                yield _out_of_memory(it, device)
            else:
                raise
        finally:
            if hooks:
                hooks.disarm()


STOP_EVAL_SECONDS = 0.2
SHORT_STEP_SECONDS = 0.2


class _Interrupted(Exception):
    """Raised inside a forward or backward pass when Stop is pressed, to abandon a long step."""


class _InterruptHooks:
    def __init__(self, handles):
        self.handles = handles

    def disarm(self) -> None:
        for h in self.handles:
            h.remove()
        self.handles = []

    def __bool__(self) -> bool:
        return bool(self.handles)


def _interrupt_hooks(model, controls: Controls) -> _InterruptHooks:
    """Check for Stop before every layer's forward and during its backward, raising _Interrupted.

    Between steps is too coarse on a CPU, where one step of the bigger presets takes seconds or minutes.
    The hooks only act on this model's own modules: a snapshot (deep copy) taken for generation carries
    the hooks along, but they ignore it.
    """
    own = {id(m) for m in model.modules()}

    def check(*_):
        if controls.stop_requested:
            raise _Interrupted

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
    return _InterruptHooks(handles)


class _Diverged(Exception):
    def __init__(self, it: int):
        self.iter = it


def _out_of_memory(it: int, device) -> ev.Failed:
    error = PlaygroundError(
        "Out of memory: {device} could not hold this model and batch. Lower batch_size, block_size, n_embd or "
        "n_layer (or use gradient accumulation). The last checkpoint is kept.",
        device=memory_holder(device.type != "cpu"))
    return ev.Failed.of(it, error)

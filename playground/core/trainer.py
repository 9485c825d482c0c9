"""The training loop as a stream of events, with cooperative pause, resume and stop.

    trainer = start_training(corpus, config, runs_dir)
    for event in trainer.events():
        ...   # Started, Step, Eval, Sample, Saved, Paused, Resumed, then Finished or Failed

The loop knows nothing about who listens: the CLI prints the events, the app turns them into Qt signals,
tests assert on them. Everything also lands in the run folder's metrics.jsonl.

`Trainer` owns the run folder while it trains (the lock, the log, config.json); `TrainingLoop` holds what
the training itself changes (model, optimizer, random streams, step count) and streams the events.
"""

from __future__ import annotations

import contextlib
import logging
import math
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from typing import Iterator

import torch

from playground.core import checkpoint
from playground.core import events as ev
from playground.core.config import ModelConfig, RunConfig, SampleConfig
from playground.core.controls import Controls
from playground.core.costs import check_fits, memory_holder
from playground.core.dataset import Dataset, prepare_dataset
from playground.core.devices import device_memory, pick_device, pick_dtype
from playground.core.errors import ConfigError, PlaygroundError, RunError
from playground.core.interrupts import Interrupted, interrupt_hooks
from playground.core.metrics import MetricsLog, truncate
from playground.core.model import GPT
from playground.core.runs import Run
from playground.core.sampler import generate

log = logging.getLogger(__name__)

# A stop should take effect within a second: its evaluation gets this long, its checkpoint is written meanwhile.
STOP_EVAL_SECONDS = 0.2
# Steps shorter than this are interrupted between steps only: the interrupt hooks would cost 2% of each.
SHORT_STEP_SECONDS = 0.2


def start_training(corpus, config: RunConfig, runs_dir, controls: Controls | None = None) -> "Trainer":
    """Prepare the data, create a new run folder and return a Trainer ready to stream events."""
    config = RunConfig.from_dict(config.to_dict())  # our own copy: the caller may keep editing theirs
    config.validate()
    device = pick_device(config.train.device)
    pick_dtype(config.train.dtype, device)  # e.g. float16 without a GPU: refused before a run folder exists
    memory, gpu = device_memory(device)
    check_fits(config, memory, gpu)  # an absurd batch is refused before the data is even prepared
    dataset = prepare_dataset(corpus, config.data, config.model.block_size)
    config.model.vocab_size = n = dataset.tokenizer.vocab_size  # refused now, what would fail the first step:
    if n > (limit := next(f for f in fields(ModelConfig) if f.name == "vocab_size").metadata["max"]):
        raise ConfigError("The text has {tokens:,} distinct characters, more than the {limit:,} tokens a vocabulary "
                          "can hold. Use the BPE tokenizer (tokenizer bpe).", "tokenizer", tokens=n, limit=limit)
    config.validate()  # with the real vocabulary: a config.json that Run.open would refuse is never written
    check_fits(config, memory, gpu)  # again with the real vocabulary (the logits can dominate)
    run = Run.create(runs_dir, config, corpus, dataset.tokenizer,
                     {"val_tokens": len(dataset.val), "val_chars": dataset.val_chars()})
    return Trainer(run, dataset, controls)


def resume_training(run_dir, controls: Controls | None = None, max_iters: int | None = None) -> "Trainer":
    """Continue a saved run exactly where its last checkpoint left it (optionally for more steps)."""
    run = Run.open(run_dir)
    if not run.has_weights:
        raise RunError("{path} has no saved model yet; start a new run instead.", path=str(run.dir))
    corpus = run.corpus()
    if max_iters is not None:
        # written to config.json only once the saved state has loaded (Trainer.events): a refused resume
        # leaves the run's files as they were
        run.config.train.max_iters = max_iters
        run.config.validate()
    checkpoint.check_resumable(run.dir, run.config, pick_device(run.config.train.device))
    if run.saved_iter() >= run.config.train.max_iters:
        raise RunError("This run already finished its {max_iters} iterations; give a larger maximum number of "
                       "iterations to train it further.", max_iters=run.config.train.max_iters)
    dataset = prepare_dataset(corpus, run.config.data, run.config.model.block_size, tokenizer=run.tokenizer)
    return Trainer(run, dataset, controls, resume=True)


class Trainer:
    """One training session of a run. `events()` runs it; `controls` pause, resume or stop it meanwhile."""

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
            loop = TrainingLoop(self.run, self.dataset, self.controls, self.resume)
            if self.resume:
                truncate(self.run.metrics_path, loop.it)
                self.run.write_config()  # a new max_iters, if one was given
            metrics = metrics or MetricsLog(self.run.metrics_path)
            for event in loop.run():
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


class TrainingLoop:
    """What training changes, on one object: the model, its optimizer, the batch generator and the step count.

    `it` is the next step to take, `elapsed` the seconds of training so far (pauses excluded), `saved` the
    state of the checkpoint on disk (iter, elapsed), `last_dt` the last step's seconds and `last_eval` the
    last (train, val) losses. Built from the run's config and, when resuming, its last checkpoint; `run()`
    streams the events. `folder` is the Run whose checkpoints it writes.
    """

    def __init__(self, folder: Run, dataset: Dataset, controls: Controls, resume: bool):
        self.folder, self.dataset, self.controls, self.resume = folder, dataset, controls, resume
        self.tc, self.mc = tc, mc = folder.config.train, folder.config.model
        if tc.threads:
            torch.set_num_threads(tc.threads)
        self.device = pick_device(tc.device)
        self.dtype = pick_dtype(tc.dtype, self.device)
        torch.manual_seed(tc.seed)
        self.model = GPT(mc).to(self.device)
        self.optimizer = self.model.configure_optimizer(tc.weight_decay, tc.learning_rate, (tc.beta1, tc.beta2),
                                                        self.device.type)
        self.batch_gen = torch.Generator().manual_seed(tc.seed)
        self.saved = {"iter": 0, "elapsed": 0.0}
        if resume:
            self.saved = checkpoint.restore(folder.dir, self.model, self.optimizer, self.batch_gen, self.device,
                                            folder.config)
        self.it = self.saved["iter"]
        self.elapsed = self.saved.get("elapsed", 0.0)
        self.last_dt = 0.0
        self.last_eval = (float("nan"), float("nan"))
        self.tokens_per_iter = tc.batch_size * tc.grad_accum * mc.block_size
        self.swept = False  # the run folder's leftover temporaries, deleted before the first save
        self.hooks = None

    def run(self) -> Iterator[ev.Event]:
        """Started; steps, each evaluation with its preview and checkpoint; then Finished, or Failed when the
        loss diverges or memory runs out."""
        tc, mc, device = self.tc, self.mc, self.device
        # The data goes to the device here rather than in __init__: a resumed run's log is open by now, so a
        # failure (e.g. no room for it) is recorded there.
        self.train_data = torch.from_numpy(self.dataset.train.astype("int64")).to(device)
        self.val_data = torch.from_numpy(self.dataset.val.astype("int64")).to(device)
        self.offsets = torch.arange(mc.block_size + 1, device=device)
        self.autocast = (torch.autocast(device.type, dtype=self.dtype) if self.dtype != torch.float32
                         else contextlib.nullcontext())
        self.scaler = torch.amp.GradScaler(device.type) if self.dtype == torch.float16 else None
        self.step_model = torch.compile(self.model) if tc.compile else self.model
        yield ev.Started(str(self.folder.dir), self.it, tc.max_iters, self.model.num_params(), str(device),
                         str(self.dtype).replace("torch.", ""), self.tokens_per_iter, len(self.dataset.train),
                         len(self.dataset.val), self.resume)
        self.model.train()
        # On CPU a step of a big model takes seconds: Stop cuts it short (see interrupts.py). Evaluations
        # and previews check for Stop themselves.
        self.hooks = interrupt_hooks(self.model, self.controls) if device.type == "cpu" and not tc.compile else None
        try:
            yield from self.train_until_done_or_stopped()
        except _Diverged as e:
            error = PlaygroundError(
                "The loss became NaN or infinite at iteration {iter}: training diverged. Try a lower learning rate "
                "(now {lr:g}), e.g. {lower:.2g}, or gradient clipping. The last good checkpoint (iteration {saved}) "
                "is kept.", iter=e.iter, lr=tc.learning_rate, lower=tc.learning_rate / 3, saved=self.saved["iter"])
            yield ev.Failed.of(e.iter, error)
        except (torch.OutOfMemoryError, MemoryError):
            yield _out_of_memory(self.it, device)
        except RuntimeError as e:
            if "out of memory" in str(e).lower() or "can't allocate memory" in str(e).lower():
                yield _out_of_memory(self.it, device)
            else:
                raise
        finally:
            if self.hooks:
                self.hooks.disarm()

    def train_until_done_or_stopped(self) -> Iterator[ev.Event]:
        tc, controls, model = self.tc, self.controls, self.model
        try:
            if self.it == 0:
                yield ev.Eval(0, *self.estimate_loss(tc.eval_iters))
            while self.it < tc.max_iters and not controls.stop_requested:
                if controls.paused:
                    yield ev.Paused(self.it)
                    controls._wait_while_paused(model)
                    if controls.stop_requested:
                        break
                    yield ev.Resumed(self.it)
                controls._serve_snapshots(model)
                t0 = time.perf_counter()
                lr = tc.lr_at(self.it)
                result = self.step(lr)
                if result is None:
                    break  # cut short by Stop
                loss_sum, norm = result
                dt = time.perf_counter() - t0
                self.last_dt = dt
                if self.hooks and dt < SHORT_STEP_SECONDS:
                    self.hooks.disarm()  # between steps is soon enough, and the hooks cost 2% of a short step
                self.elapsed += dt
                yield ev.Step(self.it, loss_sum, lr, self.tokens_per_iter / dt, float(norm), self.elapsed,
                              (self.it + 1) * self.tokens_per_iter / len(self.dataset.train))
                self.it += 1
                if self.it % tc.eval_interval == 0 or self.it == tc.max_iters:
                    yield from self.evaluate_and_save(tc.eval_iters)
        except Interrupted:
            pass  # Stop cut an evaluation or its preview short; the stop path below evaluates and saves
        if self.hooks:
            self.hooks.disarm()
        model.train()
        stopped = self.it < tc.max_iters
        if stopped and self.saved["iter"] != self.it:
            yield from self.stop_evaluate_and_save()
        # a new run stopped before its first step has learned nothing: Trainer.events removes its folder
        kept = self.resume or self.it > 0
        yield ev.Finished(self.it, self.last_eval[0], self.last_eval[1], stopped, self.elapsed, kept)

    def step(self, lr: float) -> tuple[float, torch.Tensor] | None:
        """One optimizer step: (summed loss, gradient norm), or None when Stop cut it short."""
        tc, optimizer, scaler = self.tc, self.optimizer, self.scaler
        for group in optimizer.param_groups:
            group["lr"] = lr
        loss_sum = 0.0
        rng_before = (self.batch_gen.get_state(), torch.get_rng_state()) if self.hooks else None
        try:
            for _ in range(tc.grad_accum):
                x, y = self.batch(self.train_data, self.batch_gen)
                with self.autocast:
                    _, loss = self.step_model(x, y)
                loss = loss / tc.grad_accum
                (scaler.scale(loss) if scaler else loss).backward()
                loss_sum += loss.item()
        except Interrupted:
            # the step never happened: no update, and the random streams as if it had not begun, so that
            # resuming from the checkpoint saved on the way out still matches an uninterrupted run
            optimizer.zero_grad(set_to_none=True)
            self.batch_gen.set_state(rng_before[0])
            torch.set_rng_state(rng_before[1])
            return None
        if not math.isfinite(loss_sum):
            raise _Diverged(self.it)
        if scaler:
            scaler.unscale_(optimizer)
        norm = torch.nn.utils.clip_grad_norm_(self.model.parameters(), tc.grad_clip or float("inf"))
        if scaler:
            scaler.step(optimizer)
            scaler.update()
        else:
            optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss_sum, norm

    def batch(self, data: torch.Tensor, gen: torch.Generator, rows: int | None = None):
        # one gather of (B, T+1) windows; x and y are views of it, no per-row copies
        ix = torch.randint(len(data) - self.mc.block_size, (rows or self.tc.batch_size,), generator=gen)
        chunk = data[ix.to(self.device)[:, None] + self.offsets]
        return chunk[:, :-1], chunk[:, 1:]

    @torch.no_grad()
    def estimate_loss(self, n_batches: int, budget: float | None = None) -> tuple[float, float]:
        # own generator, seeded by the step: evaluating never disturbs the training RNG, so a resumed
        # run matches an uninterrupted one
        tc = self.tc
        self.model.eval()
        out = []
        for split, data in (("train", self.train_data), ("val", self.val_data)):
            gen = torch.Generator().manual_seed(tc.seed + 7919 * self.it + (split == "val"))
            losses = []
            rows, until = tc.batch_size, None
            if budget is not None:
                # a quick estimate (on stop): as many sequences as fit in the time budget, at least one
                per_row = self.last_dt / (3 * tc.batch_size * tc.grad_accum) if self.last_dt else budget
                rows = max(1, min(tc.batch_size, int(budget / 2 / 4 / per_row)))
                until = time.perf_counter() + budget / 2
            for _ in range(n_batches):
                if until is not None and losses and time.perf_counter() > until:
                    break
                if budget is None and self.controls.stop_requested:
                    raise Interrupted
                x, y = self.batch(data, gen, rows)
                with self.autocast:
                    _, loss = self.step_model(x, y)
                losses.append(loss.item())
            out.append(sum(losses) / len(losses))
        self.model.train()
        return out[0], out[1]

    def preview(self) -> ev.Sample:
        self.model.eval()
        tc = self.tc
        cfg = SampleConfig(temperature=0.8, max_new_tokens=tc.sample_tokens, seed=(tc.seed + self.it) % 2**63)
        text = ""
        for e in generate(self.model, self.dataset.tokenizer, "", cfg, lambda: self.controls.stop_requested):
            if isinstance(e, ev.SampleDone):
                text = e.text
        if self.controls.stop_requested:
            raise Interrupted
        self.model.train()
        return ev.Sample(self.it, text)

    def save(self) -> None:
        """A checkpoint of the step reached; a failed write says which earlier checkpoint is kept."""
        self.saved.update(iter=self.it, elapsed=self.elapsed)
        try:
            if not self.swept:
                self.swept = True
                self.folder.sweep_temporaries()  # no other writer while this process holds the training lock
            checkpoint.save(self.folder.dir, self.model, self.optimizer, self.batch_gen, self.device, dict(self.saved))
        except RunError as e:  # e.g. a full disk; the files on disk are still a consistent earlier checkpoint
            kept = self.folder.saved_iter() if self.folder.has_weights else None
            if kept is None:
                raise PlaygroundError("{error} Training stopped at iteration {iter}, before any checkpoint was "
                                      "saved.", error=e, iter=self.it) from None
            raise PlaygroundError("{error} Training stopped at iteration {iter}; the checkpoint of iteration "
                                  "{saved} is kept.", error=e, iter=self.it, saved=kept) from None

    def evaluate_and_save(self, n_batches: int) -> Iterator[ev.Event]:
        tl, vl = self.estimate_loss(n_batches)
        self.last_eval = (tl, vl)
        yield ev.Eval(self.it, tl, vl)
        if self.tc.sample_tokens:
            yield self.preview()
        if not (math.isfinite(tl) and math.isfinite(vl)):
            raise _Diverged(self.it)
        self.save()
        yield ev.Saved(self.it, str(self.folder.dir))

    def stop_evaluate_and_save(self) -> Iterator[ev.Event]:
        # A stop should take effect within a second. The weights are those of the last finished step, so
        # they are written (mostly disk time, outside the interpreter lock) while a quick evaluation runs;
        # no preview.
        with ThreadPoolExecutor(1) as pool:
            saving = pool.submit(self.save)
            tl, vl = self.estimate_loss(max(1, min(self.tc.eval_iters, 10)), budget=STOP_EVAL_SECONDS)
            saving.result()
        self.last_eval = (tl, vl)
        yield ev.Eval(self.it, tl, vl)
        if not (math.isfinite(tl) and math.isfinite(vl)):
            raise _Diverged(self.it)
        yield ev.Saved(self.it, str(self.folder.dir))


class _Diverged(Exception):
    def __init__(self, it: int):
        self.iter = it


def _out_of_memory(it: int, device) -> ev.Failed:
    error = PlaygroundError(
        "Out of memory: {device} could not hold this model and batch. Lower batch_size, block_size, n_embd or "
        "n_layer (or use gradient accumulation). The last checkpoint is kept.",
        device=memory_holder(device.type != "cpu"))
    return ev.Failed.of(it, error)

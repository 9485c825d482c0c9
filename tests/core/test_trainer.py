import json
import threading
from pathlib import Path

import pytest

from playground.core import events as ev
from playground.core.checkpoint import load_weights
from playground.core.runs import Run
from playground.core.trainer import Controls, resume_training, start_training

from tests.support import TEXT, tiny_config, tiny_corpus


def run_all(trainer):
    return list(trainer.events())


def test_loss_goes_down_and_the_run_folder_describes_itself(tmp_path):
    events = run_all(start_training(tiny_corpus(), tiny_config(max_iters=60), tmp_path))
    kinds = [type(e) for e in events]
    assert kinds[0] is ev.Started and kinds[-1] is ev.Finished
    evals = [e for e in events if isinstance(e, ev.Eval)]
    assert [e.iter for e in evals] == [0, 20, 40, 60]
    assert evals[-1].val_loss < evals[0].val_loss - 1.0
    assert any(isinstance(e, ev.Sample) and e.text for e in events)
    steps = [e for e in events if isinstance(e, ev.Step)]
    assert len(steps) == 60 and all(s.tokens_per_sec > 0 and s.grad_norm > 0 for s in steps)

    run_dir = events[0].run_dir
    run = Run.open(run_dir)
    assert run.config.train.max_iters == 60 and run.tokenizer.kind == "char"
    config = json.loads((run.dir / "config.json").read_text())
    assert config["corpus"]["sha256"] and config["format_version"] == 1
    logged = run.metrics()
    assert [m["iter"] for m in logged if m["type"] == "eval"] == [0, 20, 40, 60]
    assert logged[-1]["type"] == "done"
    step = next(m for m in logged if m["type"] == "step")
    assert {"iter", "loss", "lr", "tokens_per_sec"} <= set(step)


def test_resume_gives_the_same_losses_as_an_uninterrupted_run(tmp_path):
    # the schedule is pinned to 40 steps so that the first half of both runs sees the same learning rates
    straight = run_all(start_training(tiny_corpus(), tiny_config(max_iters=40, lr_decay_iters=40), tmp_path / "a"))
    half = run_all(start_training(tiny_corpus(), tiny_config(max_iters=20, lr_decay_iters=40), tmp_path / "b"))
    rest = run_all(resume_training(half[0].run_dir, max_iters=40))
    losses = lambda evs: [e.loss for e in evs if isinstance(e, ev.Step)]
    assert losses(half) + losses(rest) == losses(straight)
    final = lambda evs: [(e.train_loss, e.val_loss) for e in evs if isinstance(e, ev.Eval)][-1]
    assert final(rest) == final(straight)


def test_a_finished_run_resumes_only_for_more_steps(tmp_path):
    from playground.core.errors import RunError

    run_dir = run_all(start_training(tiny_corpus(), tiny_config(max_iters=4, eval_interval=2), tmp_path))[0].run_dir
    assert Run.open(run_dir).saved_iter() == 4
    with pytest.raises(RunError, match="already finished its 4 iterations"):
        resume_training(run_dir)
    events = run_all(resume_training(run_dir, max_iters=6))
    assert events[0].iter == 4 and isinstance(events[-1], ev.Finished) and events[-1].iter == 6


def test_diverging_loss_stops_with_a_reason_and_keeps_the_last_checkpoint(tmp_path, monkeypatch):
    # LayerNorm keeps this small model finite even at absurd learning rates, so the fault is injected:
    # from the 30th forward pass on, the loss is NaN, as after an overflow
    from playground.core.model import GPT
    forward, calls = GPT.forward, [0]

    def failing_forward(self, idx, targets=None, cache=None):
        logits, loss = forward(self, idx, targets, cache)
        calls[0] += 1
        return logits, (loss * float("nan") if calls[0] > 30 and loss is not None else loss)

    monkeypatch.setattr(GPT, "forward", failing_forward)
    events = run_all(start_training(tiny_corpus(), tiny_config(max_iters=100, eval_interval=5), tmp_path))
    assert isinstance(events[-1], ev.Failed), events[-1]
    assert "learning rate" in events[-1].reason
    saved = [e for e in events if isinstance(e, ev.Saved)]
    assert saved and saved[-1].iter <= events[-1].iter
    _, it = load_weights(Run.open(saved[-1].path).dir)  # the last good checkpoint is intact
    assert it == saved[-1].iter
    assert Run.open(events[0].run_dir).metrics()[-1]["type"] == "failed"


def test_pause_resume_stop_and_snapshot_between_steps(tmp_path):
    controls = Controls()
    trainer = start_training(tiny_corpus(), tiny_config(max_iters=10_000), tmp_path, controls)
    seen, snapshots = [], []

    def generate_while_paused():  # as the app's GUI thread does, while the worker thread sits in events()
        snapshots.append(controls.request_snapshot().result(timeout=10))
        controls.resume()

    for e in trainer.events():
        seen.append(e)
        if isinstance(e, ev.Step) and e.iter == 3:
            controls.pause()
        elif isinstance(e, ev.Paused):
            threading.Thread(target=generate_while_paused).start()
        elif isinstance(e, ev.Step) and e.iter == 6:
            controls.stop()
    assert len(snapshots) == 1 and not snapshots[0].training
    kinds = [type(e).__name__ for e in seen]
    assert "Paused" in kinds and "Resumed" in kinds
    finished = seen[-1]
    assert isinstance(finished, ev.Finished) and finished.stopped and finished.iter == 7
    assert isinstance(seen[-2], ev.Saved)  # a stop still saves
    assert load_weights(Run.open(seen[0].run_dir).dir)[1] == 7


def test_a_new_run_stopped_before_its_first_step_leaves_no_folder(tmp_path):
    controls = Controls()
    controls.stop()  # Stop pressed while the data and the model were being prepared
    events = list(start_training(tiny_corpus(), tiny_config(), tmp_path, controls).events())
    assert isinstance(events[0], ev.Started) and isinstance(events[-1], ev.Finished)
    assert events[-1].stopped and events[-1].iter == 0
    assert list(tmp_path.iterdir()) == []
    # a resumed run stopped the same way keeps its folder: it holds earlier work
    first = start_training(tiny_corpus(), tiny_config(max_iters=4, eval_interval=2), tmp_path)
    run_dir = list(first.events())[0].run_dir
    controls = Controls()
    controls.stop()
    events = list(resume_training(run_dir, controls, max_iters=8).events())
    assert events[-1].stopped and Path(run_dir, "model.safetensors").exists()


def test_bad_settings_are_refused_before_training(tmp_path):
    from playground.core.errors import ConfigError, CorpusError

    cfg = tiny_config()
    cfg.model.n_head = 3
    with pytest.raises(ConfigError) as err:
        start_training(tiny_corpus(), cfg, tmp_path)
    assert err.value.field == "n_embd"
    cfg = tiny_config()
    cfg.model.block_size = 2000
    with pytest.raises(CorpusError, match="too short"):
        start_training(tiny_corpus(TEXT[:3000]), cfg, tmp_path)

import os
import sys
import threading

import pytest

from playground.qt.worker import BACKGROUND_NICE, GeneratorWorker


def _nice_seen_by(qtbot, background: bool):
    def make():
        yield os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        # the threads a worker starts (torch's parallel operations do) inherit its priority
        child = []
        t = threading.Thread(target=lambda: child.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
        t.start()
        t.join()
        yield child[0]

    worker = GeneratorWorker(make, "test", background=background)
    seen = []
    worker.yielded.connect(seen.append)
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        worker.start()
    worker.wait()
    return seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
def test_a_background_worker_yields_the_cpu_to_the_gui_thread(qtbot):
    base = os.getpriority(os.PRIO_PROCESS, 0)
    assert _nice_seen_by(qtbot, background=True) == [min(19, base + BACKGROUND_NICE)] * 2
    assert _nice_seen_by(qtbot, background=False) == [base, base]
    assert os.getpriority(os.PRIO_PROCESS, 0) == base  # the GUI thread itself is untouched


def test_garbage_made_on_a_worker_is_collected_on_the_gui_thread(qtbot):
    # A Qt object collected on a worker can deadlock against the GUI thread (see playground/qt/gc_guard.py)
    import gc
    import threading

    from playground.qt.worker import GeneratorWorker

    collected_on = []

    class Cycle:
        def __init__(self):
            self.me = self

        def __del__(self):
            collected_on.append(threading.current_thread() is threading.main_thread())

    kept = []  # alive past the worker's end: the allocations still count towards the next collection

    def make():
        for _ in range(20):
            Cycle()
            # allocate past the youngest generation's threshold, so a collector left on would run here
            kept.append([[] for _ in range(1_000)])
            yield None

    worker = GeneratorWorker(make, "garbage")
    with qtbot.waitSignal(worker.finished, timeout=10_000):
        worker.start()
    assert not gc.isenabled()
    qtbot.waitUntil(lambda: len(collected_on) == 20, timeout=5_000)
    assert all(collected_on)

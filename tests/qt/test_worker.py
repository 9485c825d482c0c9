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

"""How the build runs its stages side by side: the search index beside the page workers, within a memory budget."""

from __future__ import annotations

import threading

from generator.parallel import Background
from generator.site.search import _BundleQueue


def _wait_for(signal) -> str:
    signal.wait(poll=0.01)
    return "indexed"


def _done_at_once(signal) -> str:
    return "indexed before the pages were written"


def test_a_stage_waiting_for_the_pages_goes_on_once_they_are_written():
    pages_written = Background.signal()
    stage = Background(_wait_for, pages_written)
    pages_written.set()
    assert stage.result() == "indexed"


def test_a_stage_that_ended_before_the_pages_were_written_does_not_hold_up_the_build():
    """A multiprocessing Event waits, when set, for every process that waited on it to wake: one that had
    ended already never does, and the build hung (the sample's index is done before its pages)."""
    pages_written = Background.signal()
    stage = Background(_done_at_once, pages_written)
    assert stage.result() == "indexed before the pages were written"
    raising = threading.Thread(target=pages_written.set, daemon=True)
    raising.start()
    raising.join(timeout=5)
    assert not raising.is_alive(), "raising the signal waited for a process that had ended"


def test_while_pages_render_only_bundles_that_fit_beside_them_are_indexed_one_at_a_time():
    queue = _BundleQueue({"large": 8, "medium": 3, "small": 2}, limit=4, slots=1, final=False)
    assert queue.take() == "medium", "the largest bundle that fits"
    taken: list[str | None] = []
    waiting = threading.Thread(target=lambda: taken.append(queue.take()), daemon=True)
    waiting.start()
    waiting.join(timeout=0.2)
    assert waiting.is_alive(), "one bundle at a time while the pages render"
    queue.done("medium")
    waiting.join(timeout=5)
    assert taken == ["small"]
    later = threading.Thread(target=lambda: taken.append(queue.take()), daemon=True)
    later.start()
    later.join(timeout=0.2)
    assert later.is_alive(), "the large bundle waits for the memory the page workers free"
    queue.widen(limit=10, slots=2)
    later.join(timeout=5)
    assert taken == ["small", "large"]


def test_after_the_pages_two_bundles_run_side_by_side_and_one_over_the_limit_runs_alone():
    queue = _BundleQueue({"huge": 30, "a": 6, "b": 5}, limit=12, slots=2)
    assert [queue.take(), queue.take()] == ["a", "b"], "the two largest that fit together"
    blocked: list[str | None] = []
    waiting = threading.Thread(target=lambda: blocked.append(queue.take()), daemon=True)
    waiting.start()
    queue.done("a")
    waiting.join(timeout=0.2)
    assert waiting.is_alive(), "the huge bundle runs only when nothing else does"
    queue.done("b")
    waiting.join(timeout=5)
    assert blocked == ["huge"]
    assert queue.take() is None

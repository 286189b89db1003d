"""Work in forked processes: a pool of workers over state they share by forking, and a stage beside the others.

Forking, not spawning: the workers inherit the build's records and renderer as they are, instead of having them
pickled to each task. A stage runs in a process, not a thread: the page rendering forks its own workers, and
forking while a thread of ours is inside a library would copy that library's half-held locks into the workers.

No process of a build outlives it: every worker, stage and program the build starts asks Linux to kill it when
the process (or thread) that started it dies (`die_with_parent`), whatever killed that one: the OOM killer's
SIGKILL, `timeout`'s SIGTERM. A worker left behind went on writing pages into the site the next build made.
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@functools.cache
def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    return ctypes.CDLL(None, use_errno=True).prctl  # libc, loaded with Python: no ldconfig run


def die_with_parent(parent: int) -> None:
    """In a process just forked from `parent`: be killed when the thread that forked it ends, and end now if
    `parent` is gone already (it may have died between the fork and this call). Elsewhere than on Linux a
    no-op: there the build's processes stop with their parent only when it stops normally."""
    prctl = _prctl()
    if prctl is None:
        return
    if prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:
        os._exit(1)


def child_setup() -> Callable[[], None]:
    """A `preexec_fn` for a program the build starts (Pagefind): it dies with this process, or with the thread
    that starts it, so start it from a thread that waits for it."""
    _prctl()  # loaded here, not between fork and exec
    return functools.partial(die_with_parent, os.getpid())


class BackgroundError(RuntimeError):
    """The stage failed in its process; the message carries its traceback."""


class Background:
    def __init__(self, work: Callable, *args):
        if not can_fork():  # Windows, macOS spawn: in line
            self._process, self._value = None, work(*args)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(os.getpid(), send, work, args), daemon=True)
        self._process.start()
        send.close()

    @staticmethod
    def signal() -> Signal | None:
        """A signal the build can raise for a stage that waits on it, or None when stages run in line."""
        return Signal() if can_fork() else None

    def cancel(self) -> None:
        """Stop the stage (the build failed elsewhere); its result is never asked for."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()

    def result(self):
        """Wait for the stage; its return value, or its exception raised again here."""
        if self._process is None:
            return self._value
        try:
            ok, value = self._receive.recv()
        except EOFError:
            ok, value = False, f"the process stopped without an answer (exit code {self._process.exitcode})"
        self._process.join()
        if ok:
            return value
        if isinstance(value, BaseException):
            raise value
        raise BackgroundError(value)


class Signal:
    """A flag one process raises and a process forked from it waits for. A byte of shared memory, not a
    multiprocessing Event: an Event's condition counts its sleepers, and setting it waits for each to wake, so
    a stage that finished (and exited) while still waiting on it would leave the build waiting forever."""

    def __init__(self):
        self._flag = multiprocessing.get_context("fork").RawValue("b", 0)

    def set(self) -> None:
        self._flag.value = 1

    def wait(self, poll: float = 0.1) -> None:
        while not self._flag.value:
            time.sleep(poll)


def _run(parent: int, send, work: Callable, args: tuple) -> None:
    die_with_parent(parent)
    try:
        send.send((True, work(*args)))
    except BaseException as error:  # sent back whole when it pickles, as text when it does not
        try:
            send.send((False, error))
        except Exception:
            send.send((False, "".join(traceback.format_exception(error))))
    finally:
        send.close()


# --- a pool of workers over shared state -------------------------------------------------------------------------

_SHARED: tuple[Callable, Any] | None = None  # (work, shared) while a pool forks its workers


def processes(items: int, at_least: int, workers: int | None = None) -> int:
    """How many worker processes `items` tasks are worth: one (in line) below `at_least` items, where starting
    workers costs more than it saves, or where processes cannot be forked."""
    workers = workers or os.cpu_count() or 1
    return workers if workers >= 2 and items >= at_least and can_fork() else 1


class Pool:
    """`work(shared, task)` for every task, in forked workers that inherit `shared` instead of having it pickled
    with every task. Results come back in the order of the tasks."""

    def __init__(self, work: Callable, shared: Any, tasks: list, workers: int, chunksize: int = 1):
        global _SHARED
        _SHARED = (work, shared)
        try:
            # Forks its workers here, from this thread: they die with it.
            self._pool = multiprocessing.get_context("fork").Pool(workers, die_with_parent, (os.getpid(),))
            self._pending = self._pool.map_async(_run_task, tasks, chunksize=chunksize)
        finally:
            _SHARED = None  # the workers keep their own copies

    def results(self) -> list:
        """Wait for every task; a task's exception is raised again here, and the other tasks are stopped."""
        try:
            found = self._pending.get()
        except BaseException:
            self._pool.terminate()  # an interrupted build does not wait for chunks nobody will use
            raise
        self._pool.close()
        self._pool.join()
        return found


def _run_task(task):
    work, shared = _SHARED
    return work(shared, task)


class _Done:
    """Tasks already done in line, with a Pool's way of handing over their results."""

    def __init__(self, results: list):
        self._results = results

    def results(self) -> list:
        return self._results


def start_tasks(work: Callable, shared: Any, tasks: list, workers: int = 1, chunksize: int = 1) -> Pool | _Done:
    """`work(shared, task)` for every task, started now: in a Pool, whose `results()` waits for them, so the caller
    can do other work meanwhile; with one worker, in line before this returns."""
    if workers < 2:
        return _Done([work(shared, task) for task in tasks])
    return Pool(work, shared, tasks, workers, chunksize)


def map_tasks(work: Callable, shared: Any, tasks: list, workers: int = 1, chunksize: int = 1) -> list:
    """`work(shared, task)` for every task, in line with one worker, else in a Pool; their results in order."""
    return start_tasks(work, shared, tasks, workers, chunksize).results()

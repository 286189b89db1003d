"""One stage of the build run in a forked process beside the others, its result or error collected at the end.

A forked process, not a thread: the page rendering forks its own workers, and forking while a thread of ours
is inside a library would copy that library's half-held locks into the workers.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections.abc import Callable


class BackgroundError(RuntimeError):
    """The stage failed in its process; the message carries its traceback."""


class Background:
    def __init__(self, work: Callable, *args):
        if "fork" not in multiprocessing.get_all_start_methods():  # no fork (Windows, macOS spawn): in line
            self._process, self._value = None, work(*args)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(send, work, args), daemon=True)
        self._process.start()
        send.close()

    @staticmethod
    def signal() -> Signal | None:
        """A signal the build can raise for a stage that waits on it, or None when stages run in line."""
        return Signal() if "fork" in multiprocessing.get_all_start_methods() else None

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


def _run(send, work: Callable, args: tuple) -> None:
    try:
        send.send((True, work(*args)))
    except BaseException as error:  # sent back whole when it pickles, as text when it does not
        try:
            send.send((False, error))
        except Exception:
            send.send((False, "".join(traceback.format_exception(error))))
    finally:
        send.close()

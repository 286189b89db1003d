"""One stage of the build run in a forked process beside the others, its result or error collected at the end.

A forked process, not a thread: the page rendering forks its own workers, and forking while a thread of ours
is inside a library would copy that library's half-held locks into the workers.
"""

from __future__ import annotations

import multiprocessing
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

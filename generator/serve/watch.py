"""Noticing record edits in `mkdocs serve` through the kernel's file events instead of polling.

MkDocs watches with watchdog's polling observer, which lists and stats every file under a watched folder twice a
second: at national scale that is most of a core, and an edit is noticed late. Inotify reports the edit at once and
costs nothing while nothing changes (bench/README.md has the figures).
"""

from __future__ import annotations

import logging

from watchdog import events as ev

log = logging.getLogger("mkdocs.plugins.catalogue")

# Writes only, which also sets the kernel's event mask: opening and reading are events too, and a rebuild that
# lists the catalogue's 5,000 folders made 15,000 of them, overflowing the kernel's queue (16,384 events)
# and, with watchdog's re-listing after an overflow, never settling.
_WRITES = [ev.FileCreatedEvent, ev.FileModifiedEvent, ev.FileMovedEvent, ev.FileDeletedEvent, ev.FileClosedEvent,
           ev.DirCreatedEvent, ev.DirMovedEvent, ev.DirDeletedEvent]


class _RebuildOnWrite(ev.FileSystemEventHandler):
    def __init__(self, server):
        self.server = server

    def on_any_event(self, event: ev.FileSystemEvent) -> None:
        # What MkDocs' own watch callback does (livereload's LiveReloadServer, MkDocs 1.6): ask the build loop
        # for a rebuild; it waits until the events stop for a tenth of a second, then builds once.
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()


def watch(server, paths: list[str]):
    """Watch `paths` for writes with the platform's native observer and ask `server` (MkDocs' livereload
    server) to rebuild on each. Returns the started observer, or None when
    this cannot work here (no native observer, the inotify limit reached, another MkDocs), and then the
    server watches the paths its own way."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver or not all(hasattr(server, a) for a in ("_rebuild_cond", "_want_rebuild")):
        return _fallback(server, paths)
    observer = Observer()
    handler = _RebuildOnWrite(server)
    try:
        for path in paths:
            observer.schedule(handler, path, recursive=True, event_filter=_WRITES)
        observer.start()
    except OSError as e:  # e.g. fs.inotify.max_user_watches reached
        log.warning("catalogue: cannot watch with inotify (%s); polling instead", e)
        observer.stop()
        return _fallback(server, paths)
    return observer


def _fallback(server, paths: list[str]) -> None:
    for path in paths:
        server.watch(path)
    return None

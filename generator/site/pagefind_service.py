"""A client for Pagefind's indexing service (`pagefind --service`), the process behind its Python API.

Why not the Python API (`pagefind.index.PagefindIndex`) itself: it waits between reading two answers, which
makes a national catalogue take hours. This client speaks the same
protocol (each message is base64 of a JSON object, followed by a comma) but writes every document from one
thread while reading the answers in another, so Pagefind indexes as fast as it can parse.

Documents come from memory, not from files: the build indexes what search.py writes for Pagefind while the
pages are still being rendered. The bundle comes back in memory too (GetFiles) and is written here: Pagefind
writes its files through Tokio, whose writes can still be under way when it answers WriteFiles, and it exits
the moment its input closes, which left a file empty now and then.
"""

from __future__ import annotations

import base64
import subprocess
import tempfile
import threading
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from .. import output
from ..output import write_file
from ..parallel import child_setup


class PagefindError(RuntimeError):
    """Pagefind refused a message or stopped; the message carries its own words."""


class PagefindService:
    def __init__(self, executable: Path):
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in close(), with the process
        # Started and waited for by one thread (index_site's), so it dies with that thread's process however it ends.
        self._process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
            preexec_fn=child_setup(),
        )
        self._answers = self._read()
        self._next_id = 0

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._process.stdin and not self._process.stdin.closed:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # every bundle asked for is written when we get here
            self._process.kill()
            self._process.wait()
        self._log.close()

    def index(self, documents: Iterable[tuple[str, str]], output: Path, config: dict | None = None,
              skip: Collection[str] = ()) -> int:
        """Index (url, html) documents into a new bundle written to `output`, without the files named in `skip`;
        returns how many documents were indexed."""
        index_id = self._ask({"type": "NewIndex", "config": config})["index_id"]
        counted = {"sent": 0}

        def send_all() -> None:
            try:
                for url, html in documents:
                    self._send({"type": "AddFile", "index_id": index_id, "url": url, "file_contents": html})
                    counted["sent"] += 1
                self._send({"type": "GetFiles", "index_id": index_id})
                self._process.stdin.flush()
            except BaseException as error:  # reported by the reading side, which would otherwise wait forever
                counted["error"] = error
                self._process.stdin.close()

        writer = threading.Thread(target=send_all, name="pagefind-writer", daemon=True)
        writer.start()
        indexed = 0
        try:
            for answer in self._answers:
                kind = answer["type"]
                if kind == "IndexedFile":
                    indexed += 1
                elif kind == "GetFiles":
                    _write_bundle(answer["files"], output, skip)
                    break
                else:
                    raise PagefindError(f"Pagefind answered {kind}: {answer.get('message', answer)}")
            else:
                raise PagefindError(self._stopped(counted.get("error")))
        except BaseException:
            # Pagefind may be blocked writing answers nobody reads any more, and the writer blocked on it.
            self._process.kill()
            raise
        finally:
            writer.join()
        if "error" in counted:
            raise counted["error"]
        self._ask({"type": "DeleteIndex", "index_id": index_id})  # frees its memory before the next bundle
        return indexed

    def _ask(self, payload: dict) -> dict:
        self._send(payload)
        self._process.stdin.flush()
        for answer in self._answers:
            if answer["type"] == "Error":
                raise PagefindError(f"Pagefind: {answer.get('message')}")
            return answer
        raise PagefindError(self._stopped())

    def _send(self, payload: dict) -> None:
        self._next_id += 1
        message = output.dumps_bytes({"message_id": self._next_id, "payload": payload})
        self._process.stdin.write(base64.b64encode(message) + b",")

    def _read(self) -> Iterator[dict]:
        # A bundle comes back as one message of megabytes: the part read so far is kept aside, not copied
        # again with each chunk, until the chunk that ends it.
        parts: list[bytes] = []
        while chunk := self._process.stdout.read1(1 << 16):
            *complete, rest = chunk.split(b",")
            for message in complete:
                yield output.loads(base64.b64decode(b"".join([*parts, message])))["payload"]
                parts = []
            parts.append(rest)

    def _stopped(self, cause: BaseException | None = None) -> str:
        self._log.seek(0)
        said = self._log.read().decode("utf-8", "replace")[-2000:]
        return f"Pagefind stopped ({cause or 'no more answers'}): {said}".strip()


def _write_bundle(files: list[dict], output: Path, skip: Collection[str]) -> None:
    """Write a bundle as GetFiles returns it: paths within the bundle folder, contents in base64."""
    root = str(output)
    for file in files:
        if file["path"] not in skip:
            write_file(f"{root}/{file['path']}", base64.b64decode(file["content"]))

"""Parse many profile files fast: a compiled TOML parser, and worker processes for big sets.

TOML parsing is the cost of a cold load (tomli reads ~10 MB/s; 100,000 papers are 50-100 MB).
``rtoml`` (Rust) reads the same files about 2.5 times faster; when it rejects a file, tomli
parses it again, so problems keep tomli's exact messages and positions and a valid file gives
the same data either way. Large sets are spread over one worker process per core; workers
send each file's outcome back as msgpack bytes (:mod:`cvtui.core.codec`), which cross a pipe
far cheaper than pickled structs. Small sets (the bundled profiles) never start a process.

Workers are fresh interpreters (``python -c``) fed chunks of paths on stdin, not
``multiprocessing``: forking the app's threaded process can deadlock, and ``spawn`` would
re-run the caller's main script in every worker. A worker that cannot start or dies only
means its files are parsed in this process instead.
"""

from __future__ import annotations

import logging
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import msgspec

from .codec import encode_record
from .loading import load_file

__all__ = [
    "available_cpus",
    "iter_parsed",
    "loads_toml",
    "parse_file",
    "should_use_processes",
    "worker_main",
]

_log = logging.getLogger(__name__)

PARALLEL_MIN_BYTES = 4_000_000
"""Below this much TOML, starting worker processes costs more than it saves."""
PARALLEL_MIN_FILES = 16
CHUNKS_PER_WORKER = 8
"""Work is handed out in chunks: enough to balance the cores and report progress, few
enough that the per-chunk overhead stays small."""

_fast_loads: Callable[[str], dict[str, Any]] | None
try:
    from rtoml import loads as _fast_loads
except ImportError:  # pragma: no cover - rtoml ships wheels for the common platforms
    _fast_loads = None


def loads_toml(text: str) -> dict[str, Any]:
    """Parse TOML with the fast parser; a document it rejects is parsed by tomli instead."""
    if _fast_loads is not None:
        try:
            return _fast_loads(text)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a rejection (or a Rust panic): let tomli decide and explain
            pass
    import tomli

    return tomli.loads(text)


def parse_file(path: str) -> bytes:
    """Load one file and encode its outcome (person and problems) as bytes."""
    person, problems = load_file(path, parse=loads_toml)
    return encode_record(person, problems)


def _parse_chunk(paths: Sequence[bytes]) -> list[bytes]:
    """Parse the files of a chunk; paths travel as bytes (a file name need not be UTF-8)."""
    return [parse_file(os.fsdecode(path)) for path in paths]


def available_cpus() -> int:
    """The cores this process may run on (affinity and container limits respected)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def should_use_processes(files: int, total_bytes: int) -> bool:
    """Whether worker processes pay for themselves for this much work."""
    return (
        available_cpus() > 1 and files >= PARALLEL_MIN_FILES and total_bytes >= PARALLEL_MIN_BYTES
    )


def iter_parsed(paths: Sequence[str], sizes: Sequence[int]) -> Iterator[tuple[int, bytes]]:
    """``(index into paths, encoded outcome)`` for every file, in the order they finish.

    ``sizes`` (bytes per file) decides whether worker processes are used. Never raises for a
    file; runs in the caller's thread (workers are fed by helper threads).
    """
    if should_use_processes(len(paths), sum(sizes)):
        yield from _parse_in_processes(paths, sum(sizes))
        return
    for i, path in enumerate(paths):
        yield i, parse_file(path)


# --- worker processes ----------------------------------------------------------------------


def worker_main() -> None:
    """A worker process: read chunks of paths from stdin, write their outcomes to stdout."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        paths = _read_frame(stdin)
        if paths is None:
            return
        _write_frame(stdout, _parse_chunk(paths))


def _write_frame(stream: IO[bytes], value: object) -> None:
    data = msgspec.msgpack.encode(value)
    stream.write(len(data).to_bytes(8, "little"))
    stream.write(data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> Any:
    head = stream.read(8)
    if len(head) < 8:
        return None
    size = int.from_bytes(head, "little")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("worker stream ended mid-frame")
    return msgspec.msgpack.decode(data)


def _worker_command() -> tuple[list[str], dict[str, str]]:
    import cvtui

    package_parent = str(Path(cvtui.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
    code = "from cvtui.core.parallel import worker_main; worker_main()"
    return [sys.executable, "-c", code], env


def _parse_in_processes(paths: Sequence[str], total_bytes: int) -> Iterator[tuple[int, bytes]]:
    """Hand out chunks to worker processes; a chunk whose worker fails is parsed here."""
    import queue
    import subprocess
    import threading

    workers = max(1, min(available_cpus(), math.ceil(total_bytes / PARALLEL_MIN_BYTES)))
    size = max(1, math.ceil(len(paths) / (workers * CHUNKS_PER_WORKER)))
    chunks = [list(range(i, min(i + size, len(paths)))) for i in range(0, len(paths), size)]
    pending = iter(range(len(chunks)))
    lock = threading.Lock()
    stop = threading.Event()
    finished: queue.SimpleQueue[tuple[int, list[bytes]] | None] = queue.SimpleQueue()
    command, env = _worker_command()

    def take() -> int | None:
        with lock:
            return None if stop.is_set() else next(pending, None)

    def serve() -> None:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except OSError as exc:
            _log.info("cannot start a parse worker (%s)", exc)
            return
        assert process.stdin is not None and process.stdout is not None
        try:
            while (i := take()) is not None:
                try:
                    _write_frame(process.stdin, [os.fsencode(paths[j]) for j in chunks[i]])
                    records = _read_frame(process.stdout)
                except (OSError, ValueError, EOFError, msgspec.DecodeError) as exc:
                    _log.info("parse worker failed (%s); parsing its files here", exc)
                    finished.put((i, []))
                    return
                finished.put((i, records if isinstance(records, list) else []))
        finally:
            for stream in (process.stdin, process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def feed() -> None:
        try:
            serve()
        except Exception as exc:  # whatever went wrong, its chunks are parsed below
            _log.info("parse worker thread failed (%s)", exc)
        finally:
            finished.put(None)

    threads = [threading.Thread(target=feed, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    done = [False] * len(chunks)
    running = len(threads)
    try:
        while running:
            item = finished.get()
            if item is None:
                running -= 1
                continue
            i, records = item
            if len(records) != len(chunks[i]) or not all(isinstance(r, bytes) for r in records):
                continue  # a broken answer: parsed here below
            done[i] = True
            yield from zip(chunks[i], records, strict=True)
    finally:
        stop.set()  # the caller stopped early: hand out no more chunks
    for i, chunk in enumerate(chunks):
        if not done[i]:  # its worker failed or never started: parse here, with tomli only,
            for j in chunk:  # in case the fast parser is what brought the worker down
                person, problems = load_file(paths[j])
                yield j, encode_record(person, problems)

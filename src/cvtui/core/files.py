"""Read a file that could be anything: only regular files, never blocking, never past a limit.

A path found in a profile directory may be a FIFO (opening it waits for a writer forever), a
device (``/dev/zero`` never ends, and its size reads as 0), a socket or a symlink to any of
these. Checking the path first and opening it after is a race, so the file is opened without
blocking and without becoming the controlling terminal, the *opened* file is checked, and the
read stops one byte past the limit whatever ``st_size`` says.
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["FileTooLarge", "NotRegularFile", "kind_of", "read_regular"]

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_FLAGS |= getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a directory; ``kind`` says which."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"is {kind}, not a regular file", path)
        self.kind = kind


class FileTooLarge(OSError):
    """The file holds more than the limit (``size`` is what ``stat`` claims, maybe 0)."""

    def __init__(self, path: str, limit: int, size: int) -> None:
        super().__init__(errno.EFBIG, f"larger than {limit} bytes", path)
        self.limit = limit
        self.size = size


def kind_of(mode: int) -> str:
    """``a FIFO (named pipe)``, ``a character device``…: what a non-regular file is."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: str | os.PathLike[str], limit: int, *, streams: bool = False) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit``.

    Raises :class:`NotRegularFile` for anything else, :class:`FileTooLarge` when there is
    more than ``limit`` bytes, and ``OSError`` when it cannot be opened (a socket cannot).
    With ``streams``, a pipe or a terminal the user named on purpose (``/dev/stdin``,
    ``<(command)``) is read too, waiting for its data, up to the same limit.
    """
    name = os.fspath(path)
    try:
        fd = os.open(name, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ENXIO and not streams:  # a socket
            raise NotRegularFile(name, "a socket or a pipe") from None
        raise
    try:
        st = os.fstat(fd)
        stream = streams and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode))
        if not stat.S_ISREG(st.st_mode) and not stream:
            raise NotRegularFile(name, kind_of(st.st_mode))
        if st.st_size > limit:
            raise FileTooLarge(name, limit, st.st_size)
        try:
            os.set_blocking(fd, True)  # a pipe the user named waits for its data
        except OSError:
            pass
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileTooLarge(name, limit, st.st_size)
        return b"".join(chunks)
    finally:
        os.close(fd)

"""Read the member's own files without trusting them: a regular file, of a sane size.

A FIFO in place of `state.json` blocked every start for ever; a `/dev/zero`-like device
read without end; a `/dev/null`-like one looked empty and was renamed aside (F10). Each
file the app reads goes through `read_regular`, which opens without blocking, checks
that what it opened is a regular file and reads at most `limit` bytes. Depth is checked
by the callers' parsers (`json_depth_ok`), before a recursive parser can overflow.
"""

from __future__ import annotations

import errno
import os
import stat


class NotRegular(OSError):
    """The path is a FIFO, a device, a socket or a folder, not a file to read."""


class TooBig(OSError):
    """The file is larger than the caller will read."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def is_special(path: str | os.PathLike[str]) -> bool:
    """True if `path` exists (following links) and is not a regular file."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises FileNotFoundError (and the other OSErrors of opening), `NotRegular` for
    anything but a regular file (a FIFO is opened without blocking, so it cannot hang),
    and `TooBig` for a file larger than `limit` bytes.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegular(errno.EINVAL, f"is {_kind(mode)}, not a regular file", str(path))
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooBig(
                errno.EFBIG, f"is too large ({size:,} bytes; at most {limit:,} are read)", str(path)
            )
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                raise TooBig(errno.EFBIG, f"is too large (more than {limit:,} bytes)", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_regular_text(path: str | os.PathLike[str], limit: int) -> str:
    """`read_regular` decoded as UTF-8, a leading byte-order mark dropped (UnicodeDecodeError if not UTF-8)."""
    return read_regular(path, limit).decode("utf-8-sig")


def nesting_ok(text: str, limit: int, openers: str = "[{", closers: str = "]}") -> bool:
    """False if brackets in `text` nest deeper than `limit` (strings are not skipped: the
    count can only over-estimate, and real files nest a handful of levels)."""
    import re

    depth = 0
    deepest = 0
    brackets = re.sub(f"[^{re.escape(openers + closers)}]+", "", text)
    for char in brackets:
        if char in openers:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return False
        elif char in closers:
            depth -= 1
    return True

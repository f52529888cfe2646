"""Find the files in the landing folder that are new or changed. Reads only: never moves or edits.

Only regular files are read, opened without blocking (a FIFO or a device never hangs a run) and
never beyond ``max_bytes``. A symlink is followed only while its target stays inside the landing
folder; one that leaves it is quarantined unread, as is anything that is not a regular file.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", "~")
READ_ATTEMPTS = 3
READ_BACKOFF_SECONDS = 0.2
FUTURE_SLACK_SECONDS = 1.0  # an mtime this far ahead of the clock is "in the future", not "just written"
UNREAD_SHA256 = ""  # the sha256 recorded for a file that was never read
SYMLINK_OUTSIDE = "symlink outside the inbox"

_KINDS = {
    stat.S_IFIFO: "FIFO",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFDIR: "directory",
}


def printable_path(path: str) -> str:
    """A path as text: bytes that are not UTF-8 (kept by Python as surrogates) become \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class FileState:
    path: str  # printable: what the warehouse records
    file_name: str  # printable
    size: int
    mtime_ns: int
    os_path: str = ""  # the path to open when it differs from ``path`` (a name that is not UTF-8, a symlink)
    problem: str | None = None  # why it is quarantined unread: not a regular file, a symlink leaving the inbox
    os_name: str = ""  # the name as the file system gave it, when it is not UTF-8

    @property
    def fs_path(self) -> str:
        return self.os_path or self.path

    @property
    def fs_name(self) -> str:
        return self.os_name or self.file_name


@dataclass(frozen=True, slots=True)
class FileVersion:
    state: FileState
    sha256: str  # UNREAD_SHA256 when the file was not read (too large, not a regular file)
    raw: bytes | None  # the bytes read and hashed; None when the file was not read


@dataclass(frozen=True, slots=True)
class Pending:
    path: str
    reason: str


@dataclass(frozen=True)
class Listing:
    files: tuple[FileState, ...]
    pending: tuple[Pending, ...]
    ignored: int
    future: tuple[str, ...] = ()  # paths whose mtime is in the future: read as settled

    def only(self, paths: frozenset[str]) -> Listing:
        """The listing restricted to ``paths`` (a retry of chosen files); the rest counts as ignored."""
        files = tuple(f for f in self.files if f.path in paths)
        pending = tuple(p for p in self.pending if p.path in paths)
        future = tuple(p for p in self.future if p in paths)
        return Listing(files, pending, self.ignored + len(self.files) - len(files) + len(self.pending) - len(pending), future)


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _state(path: str, name: str, root: str) -> FileState | Pending:
    """What the listing knows of one entry, from lstat (and stat of a symlink's target)."""
    shown, shown_name = printable_path(path), printable_path(name)
    os_path = path if shown != path else ""
    os_name = name if shown_name != name else ""

    def state(st: os.stat_result, problem: str | None = None, opened: str = os_path) -> FileState:
        return FileState(shown, shown_name, st.st_size, st.st_mtime_ns, opened, problem, os_name)

    try:
        link = os.lstat(path)
    except OSError as exc:
        return Pending(shown, f"cannot stat: {exc.strerror}")
    if stat.S_ISLNK(link.st_mode):
        target = os.path.realpath(path)
        if not _inside(target, root):
            return state(link, SYMLINK_OUTSIDE)
        try:
            st = os.stat(target)
        except OSError as exc:
            return state(link, f"broken symlink ({exc.strerror})")
        if not stat.S_ISREG(st.st_mode):
            return state(link, f"not a regular file (symlink to a {_kind(st.st_mode)})")
        return state(st, opened=target)
    if not stat.S_ISREG(link.st_mode):
        return state(link, f"not a regular file ({_kind(link.st_mode)})")
    return state(link)


def list_inbox(inbox: Path, *, pattern: str, settle_seconds: float, now: float) -> Listing:
    """Every file below ``inbox`` whose name matches ``pattern``, sorted by path.

    Hidden files, partial downloads and files modified less than ``settle_seconds``
    ago are left for a later run. A file whose mtime is in the future counts as settled.
    """
    files: list[FileState] = []
    pending: list[Pending] = []
    future: list[str] = []
    ignored = 0
    root = os.path.realpath(inbox)
    for folder, dirs, names in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.startswith("."):
                ignored += 1
            elif name.endswith(PARTIAL_SUFFIXES):
                pending.append(Pending(printable_path(path), "partial file"))
            elif not fnmatch.fnmatchcase(name, pattern):
                ignored += 1
            else:
                state = _state(path, name, root)
                if isinstance(state, Pending):
                    pending.append(state)
                    continue
                age = now - state.mtime_ns / 1e9
                if age < -FUTURE_SLACK_SECONDS:
                    future.append(state.path)
                    files.append(state)
                elif age < settle_seconds and state.problem is None:
                    pending.append(Pending(state.path, "still being written"))
                else:
                    files.append(state)
    return Listing(tuple(files), tuple(pending), ignored, tuple(future))


def changed_since(files: tuple[FileState, ...], known: dict[str, tuple[int, int]]) -> list[FileState]:
    """The files whose (size, mtime) differ from what the last run saw at that path."""
    return [f for f in files if known.get(f.path) != (f.size, f.mtime_ns)]


def _read_once(state: FileState, max_bytes: int) -> FileVersion:
    """Read at most ``max_bytes`` of a regular file; anything else, or a larger file, is not read."""
    if state.problem is not None:
        return FileVersion(state, UNREAD_SHA256, None)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(state.fs_path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped since it was listed
            return FileVersion(_with_problem(state, f"not a regular file ({_kind(st.st_mode)})"), UNREAD_SHA256, None)
        if (st.st_size, st.st_mtime_ns) != (state.size, state.mtime_ns):
            raise _Growing()
        if st.st_size > max_bytes:
            return FileVersion(state, UNREAD_SHA256, None)
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            block = os.read(fd, min(left, 1 << 20))
            if not block:
                break
            chunks.append(block)
            left -= len(block)
        raw = b"".join(chunks)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    if len(raw) != state.size or (after.st_size, after.st_mtime_ns) != (state.size, state.mtime_ns):
        raise _Growing()
    return FileVersion(state, hashlib.sha256(raw).hexdigest(), raw)


def readable(state: FileState) -> str | None:
    """Why this process cannot open ``state`` for reading (None when it can), without reading it."""
    if state.problem is not None:
        return None  # quarantined unread: nothing to open
    try:
        fd = os.open(state.fs_path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return "removed"
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    os.close(fd)
    return None


def _with_problem(state: FileState, problem: str) -> FileState:
    return FileState(state.path, state.file_name, state.size, state.mtime_ns, state.os_path, problem, state.os_name)


class _Growing(Exception):
    pass


def read_files(states: list[FileState], *, max_bytes: int) -> tuple[list[FileVersion], list[Pending]]:
    """Read and hash each file, retrying transient I/O errors with backoff.

    A file that changes while it is read, or stays unreadable, is pending: the
    next run tries it again.
    """
    versions: list[FileVersion] = []
    pending: list[Pending] = []
    for state in states:
        for attempt in range(1, READ_ATTEMPTS + 1):
            try:
                versions.append(_read_once(state, max_bytes))
                break
            except _Growing:
                pending.append(Pending(state.path, "still being written"))
                break
            except FileNotFoundError:
                pending.append(Pending(state.path, "removed before it could be read"))
                break
            except OSError as exc:
                if attempt == READ_ATTEMPTS or exc.errno in _PERMANENT:
                    pending.append(Pending(state.path, f"unreadable: {exc.strerror or exc}"))
                    break
                time.sleep(READ_BACKOFF_SECONDS * 2 ** (attempt - 1))
    return versions, pending


_PERMANENT = {1, 13, 40}  # EPERM, EACCES, ELOOP (a symlink swapped in): retrying will not help

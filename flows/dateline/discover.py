"""Find the files in the landing folder that are new or changed. Reads only: never moves or edits."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", "~")
READ_ATTEMPTS = 3
READ_BACKOFF_SECONDS = 0.2


@dataclass(frozen=True, slots=True)
class FileState:
    path: str
    file_name: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class FileVersion:
    state: FileState
    sha256: str
    raw: bytes | None  # None when the file is larger than the read limit


@dataclass(frozen=True, slots=True)
class Pending:
    path: str
    reason: str


@dataclass(frozen=True)
class Listing:
    files: tuple[FileState, ...]
    pending: tuple[Pending, ...]
    ignored: int

    def only(self, paths: frozenset[str]) -> Listing:
        """The listing restricted to ``paths`` (a retry of chosen files); the rest counts as ignored."""
        files = tuple(f for f in self.files if f.path in paths)
        pending = tuple(p for p in self.pending if p.path in paths)
        return Listing(files, pending, self.ignored + len(self.files) - len(files) + len(self.pending) - len(pending))


def list_inbox(inbox: Path, *, pattern: str, settle_seconds: float, now: float) -> Listing:
    """Every file below ``inbox`` whose name matches ``pattern``, sorted by path.

    Hidden files, partial downloads and files modified less than ``settle_seconds``
    ago are left for a later run.
    """
    files: list[FileState] = []
    pending: list[Pending] = []
    ignored = 0
    for root, dirs, names in os.walk(inbox):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(root, name)
            if name.startswith("."):
                ignored += 1
            elif name.endswith(PARTIAL_SUFFIXES):
                pending.append(Pending(path, "partial file"))
            elif not fnmatch.fnmatchcase(name, pattern):
                ignored += 1
            else:
                try:
                    st = os.stat(path)
                except OSError as exc:
                    pending.append(Pending(path, f"cannot stat: {exc.strerror}"))
                    continue
                if now - st.st_mtime < settle_seconds:
                    pending.append(Pending(path, "still being written"))
                else:
                    files.append(FileState(path, name, st.st_size, st.st_mtime_ns))
    return Listing(tuple(files), tuple(pending), ignored)


def changed_since(files: tuple[FileState, ...], known: dict[str, tuple[int, int]]) -> list[FileState]:
    """The files whose (size, mtime) differ from what the last run saw at that path."""
    return [f for f in files if known.get(f.path) != (f.size, f.mtime_ns)]


def _read_once(state: FileState, max_bytes: int) -> FileVersion:
    digest = hashlib.sha256()
    with open(state.path, "rb") as handle:
        if state.size <= max_bytes:
            raw: bytes | None = handle.read()
            digest.update(raw)
        else:
            raw = None
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        after = os.fstat(handle.fileno())
    if (after.st_size, after.st_mtime_ns) != (state.size, state.mtime_ns):
        raise _Growing()
    return FileVersion(state, digest.hexdigest(), raw)


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
                if attempt == READ_ATTEMPTS:
                    pending.append(Pending(state.path, f"unreadable: {exc.strerror or exc}"))
                else:
                    time.sleep(READ_BACKOFF_SECONDS * 2 ** (attempt - 1))
    return versions, pending

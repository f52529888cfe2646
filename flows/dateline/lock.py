"""One writer at a time: an OS lock (flock, through the ``filelock`` package) on
``<warehouse>.lock``, which the kernel releases when its process dies, however it dies. The
holder's details (PID, run id, command, start time) are written beside it, in
``<warehouse>.lock.json``, for the messages of the writers that wait and for `dateline status`;
they are never what decides who holds the lock."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

POLL_SECONDS = 0.25
_HELD: dict[str, FileLock] = {}  # lock file -> the lock this process holds (the CLI takes it before its flow)


class WarehouseBusy(RuntimeError):
    def __init__(self, warehouse: Path, holder: dict, waited: float) -> None:
        if holder.get("pid") is None:
            who = f"another process (its details in {holder_path(warehouse)} cannot be read)"
            super().__init__(f"warehouse {warehouse} is being written by {who}; gave up after {waited:g} s")
        else:
            command = holder.get("command") or "run"
            run = f"run {holder['run_id']}" if holder.get("run_id") else f"a {command} whose flow run is still starting"
            super().__init__(
                f"warehouse {warehouse} is being written by {run} (PID {holder.get('pid')}) "
                f"since {holder.get('since')}; gave up after {waited:g} s"
            )
        self.holder = holder


class LockUnavailable(RuntimeError):
    """The lock file cannot be created or locked (a read-only folder, a full disk)."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def holder_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock.json")


def process_alive(pid: object) -> bool:
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def read_holder(warehouse: Path) -> dict | None:
    """The details the holder wrote: None when there are none, {} when they cannot be read."""
    try:
        details = json.loads(holder_path(warehouse).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return details if isinstance(details, dict) else {}


def is_held(warehouse: Path) -> bool:
    """Whether a process holds the writer lock now (probed without taking it for long)."""
    try:
        fd = os.open(lock_path(warehouse), os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing releases a probe that won
    return False


@dataclass
class WriterLock:
    warehouse: Path
    owned: bool = False  # False when this process already held the lock: release leaves it to the outer holder

    @property
    def path(self) -> Path:
        return lock_path(self.warehouse)

    def acquire(self, *, wait_seconds: float, command: str) -> None:
        """Take the lock, waiting up to ``wait_seconds`` for the holder; raises WarehouseBusy."""
        key = str(self.path.resolve())
        if key in _HELD:
            return  # re-entrant: the CLI took it before the flow it runs
        lock = FileLock(self.path, thread_local=False, mode=0o644)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire(timeout=wait_seconds, poll_interval=POLL_SECONDS)
        except Timeout:
            raise WarehouseBusy(self.warehouse, read_holder(self.warehouse) or {}, wait_seconds) from None
        except OSError as exc:
            raise LockUnavailable(f"cannot take the writer lock {self.path}: {exc.strerror or exc}") from None
        _HELD[key] = lock
        self.owned = True
        self._write({"pid": os.getpid(), "run_id": None, "command": command, "since": datetime.now(UTC).isoformat(timespec="seconds")})

    def _write(self, details: dict) -> None:
        """Best effort: a full disk leaves the lock held without details, never a broken lock."""
        target = holder_path(self.warehouse)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(details), encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)

    def name_run(self, run_id: str) -> None:
        """Record the run id once the flow run exists, so waiting writers can name it."""
        holder = read_holder(self.warehouse)
        if holder and holder.get("pid") == os.getpid():
            self._write({**holder, "run_id": run_id})

    def release(self) -> None:
        if not self.owned:
            return
        key = str(self.path.resolve())
        lock = _HELD.pop(key, None)
        with contextlib.suppress(OSError):
            holder_path(self.warehouse).unlink(missing_ok=True)
        if lock is not None:
            lock.release(force=True)
        self.owned = False

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

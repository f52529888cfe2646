"""One writer at a time: a lock file beside the warehouse naming its holder, with waiting
and the take-over of a lock whose process is gone."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

POLL_SECONDS = 0.25


class WarehouseBusy(RuntimeError):
    def __init__(self, warehouse: Path, holder: dict, waited: float) -> None:
        command = holder.get("command") or "run"
        run = f"run {holder['run_id']}" if holder.get("run_id") else f"a {command} whose flow run is still starting"
        super().__init__(
            f"warehouse {warehouse} is being written by {run} (PID {holder.get('pid')}) "
            f"since {holder.get('since')}; gave up after {waited:g} s"
        )
        self.holder = holder


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def process_alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_lock_file(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}


@dataclass
class WriterLock:
    warehouse: Path
    owned: bool = False  # False when this process already held the lock: release leaves it to the outer holder

    @property
    def path(self) -> Path:
        return lock_path(self.warehouse)

    def acquire(self, *, wait_seconds: float, command: str) -> None:
        """Take the lock, waiting up to ``wait_seconds`` for a live holder; raises WarehouseBusy."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + wait_seconds
        mine = {"pid": os.getpid(), "run_id": None, "command": command, "since": datetime.now(UTC).isoformat(timespec="seconds")}
        while True:
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = read_lock_file(self.path)
                if holder is None:
                    continue
                if holder and holder.get("pid") == os.getpid():
                    return  # re-entrant: the CLI took it before the flow it runs
                if holder and not process_alive(holder.get("pid")):
                    self.path.unlink(missing_ok=True)  # stale: its process is gone
                    continue
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(self.warehouse, holder or {}, wait_seconds) from None
                time.sleep(POLL_SECONDS)
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(mine, handle)
            self.owned = True
            return

    def name_run(self, run_id: str) -> None:
        """Record the run id once the flow run exists, so waiting writers can name it."""
        holder = read_lock_file(self.path)
        if holder and holder.get("pid") == os.getpid():
            holder["run_id"] = run_id
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(json.dumps(holder), encoding="utf-8")
            os.replace(tmp, self.path)

    def release(self) -> None:
        if not self.owned:
            return
        holder = read_lock_file(self.path)
        if holder is not None and holder.get("pid") == os.getpid():
            self.path.unlink(missing_ok=True)
        self.owned = False

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

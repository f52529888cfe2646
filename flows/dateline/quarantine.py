"""Quarantine: copy rejected files out of the landing folder (never move them) with their reasons.

A copy holds the very bytes the run read and judged (never a re-read of the path), is written
with mode 0600, and is staged in a hidden folder that is moved into place only once the run's
transaction has committed: a run that rolls back leaves no copies. A file that was not read
(too large, not a regular file, a symlink leaving the inbox) gets its reason file but no copy.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd

from dateline.triage import Rejected

COPY_MODE = 0o600
STAGING_PREFIX = ".staging-"
QUARANTINE_COLUMNS = [
    "file_version_key",
    "run_id",
    "file_name",
    "stage",
    "reason",
    "quarantine_path",
    "quarantined_at",
]


def staging_dir(dest: Path) -> Path:
    """quarantine/<run_id> is staged as quarantine/.staging-<run_id>."""
    return dest.with_name(STAGING_PREFIX + dest.name)


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), COPY_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _private_dirs(staging: Path, folder: Path) -> None:
    """Create ``folder`` and every folder between it and the quarantine folder with mode 0700."""
    staging.parent.mkdir(parents=True, exist_ok=True)
    for part in [*reversed(folder.relative_to(staging).parents), folder.relative_to(staging)]:
        (staging / part).mkdir(mode=0o700, exist_ok=True)


def copy_files(rejected: list[Rejected], dest: Path, *, inbox: Path) -> dict[str, str | None]:
    """Write a copy of each rejected file's bytes (keeping its path below the inbox) beside a
    .reason.txt, into the staging folder of ``dest``; ``publish`` moves them into ``dest``.

    Returns file_version_key -> the copy's final path, or None when there is no copy.
    """
    copies: dict[str, str | None] = {}
    staging = staging_dir(dest)
    for item in rejected:
        source = Path(item.version.state.path)
        try:
            relative = source.relative_to(inbox)
        except ValueError:
            relative = Path(source.name)
        target = staging / relative
        copies[item.file_version_key] = None
        try:
            _private_dirs(staging, target.parent)
            _write(target.with_name(target.name + ".reason.txt"), (item.reason + "\n").encode("utf-8"))
            if item.version.raw is not None:
                _write(target, item.version.raw)
                copies[item.file_version_key] = str(dest / relative)
        except OSError:
            pass
    return copies


def publish(dest: Path) -> None:
    """After a commit: move the staged copies into place (beside those of the run's earlier chunks)."""
    staging = staging_dir(dest)
    if not staging.is_dir():
        return
    if not dest.exists():
        os.replace(staging, dest)
        return
    for root, _, names in os.walk(staging):
        target = dest / Path(root).relative_to(staging)
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        for name in names:
            os.replace(Path(root) / name, target / name)
    shutil.rmtree(staging, ignore_errors=True)


def discard(dest: Path) -> None:
    """After a rollback: the staged copies go."""
    shutil.rmtree(staging_dir(dest), ignore_errors=True)


def tidy(con, quarantine_dir: Path) -> None:
    """Staging folders left by a killed run: published if that run committed (its quarantine rows
    are in the warehouse), else removed."""
    if not quarantine_dir.is_dir():
        return
    committed = {row[0] for row in con.execute("select distinct run_id from quarantine").fetchall()}
    for staging in quarantine_dir.glob(STAGING_PREFIX + "*"):
        run_id = staging.name.removeprefix(STAGING_PREFIX)
        if run_id in committed:
            publish(quarantine_dir / run_id)
        else:
            shutil.rmtree(staging, ignore_errors=True)


def rows(rejected: list[Rejected], copies: dict[str, str | None], *, run_id: str, at: datetime) -> pd.DataFrame:
    records = [
        {
            "file_version_key": item.file_version_key,
            "run_id": run_id,
            "file_name": item.version.state.file_name,
            "stage": item.stage,
            "reason": item.reason,
            "quarantine_path": copies.get(item.file_version_key),
            "quarantined_at": at,
        }
        for item in rejected
    ]
    return pd.DataFrame(records, columns=QUARANTINE_COLUMNS)

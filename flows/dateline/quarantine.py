"""Quarantine: copy rejected files out of the landing folder (never move them) with their reasons."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd

from dateline.triage import Rejected

QUARANTINE_COLUMNS = [
    "file_version_key",
    "run_id",
    "file_name",
    "stage",
    "reason",
    "quarantine_path",
    "quarantined_at",
]


def copy_files(rejected: list[Rejected], dest: Path, *, inbox: Path) -> dict[str, str | None]:
    """Copy each rejected file to ``dest`` (keeping its path below the inbox) beside a .reason.txt.

    Returns file_version_key -> the copy's path, or None when the file could not be copied.
    """
    copies: dict[str, str | None] = {}
    for item in rejected:
        source = Path(item.version.state.path)
        try:
            relative = source.relative_to(inbox)
        except ValueError:
            relative = Path(source.name)
        target = dest / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            target.with_name(target.name + ".reason.txt").write_text(item.reason + "\n", encoding="utf-8")
            copies[item.file_version_key] = str(target)
        except OSError:
            copies[item.file_version_key] = None
    return copies


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

"""Where things are: the project's folders, and the defaults a run starts from."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dateline.parse import DEFAULT_MAX_BYTES

PROJECT_ROOT = Path(os.environ.get("DATELINE_HOME") or Path(__file__).resolve().parents[2])
SQL_DIR = PROJECT_ROOT / "sql"
SEEDS_DIR = PROJECT_ROOT / "seeds"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"

DEFAULT_INBOX = SEEDS_DIR / "articles"
DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")
DEFAULT_REPORTS = Path("data/reports")
FILE_PATTERN = "*.txt"

# Every task has a timeout (seconds): a hung read or a runaway stage fails the run, and its
# transaction rolls back, instead of holding the warehouse forever. Generous: the Reuters corpus
# (19,043 files) needs at most 13 s in any stage on 2 cores.
TASK_TIMEOUTS = {
    "discover": 900,
    "select-versions": 600,
    "parse": 1800,
    "validate-batch": 1800,
    "extract": 3600,
    "load": 1800,
    "post-load-checks": 1800,
}

OFFLINE_ENVIRONMENT = {
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}


def quiet_and_offline(prefect_home: Path) -> None:
    """Turn off analytics that try to reach the internet; keep Prefect's state beside the warehouse."""
    for key, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_HOME", str(prefect_home.resolve()))


@dataclass(frozen=True)
class RunConfig:
    inbox: Path = DEFAULT_INBOX
    warehouse: Path = DEFAULT_WAREHOUSE
    reports: Path = DEFAULT_REPORTS
    quarantine: Path | None = None  # default: <warehouse dir>/quarantine
    expectations: Path = EXPECTATIONS_DIR
    seeds: Path = SEEDS_DIR
    webhook_url: str | None = None  # POSTed a JSON message when a run or a suite fails
    pattern: str = FILE_PATTERN
    retry_paths: frozenset[str] = frozenset()  # read only these paths, as new even if unchanged
    settle_seconds: float = 1.0
    max_bytes: int = DEFAULT_MAX_BYTES

    @property
    def quarantine_dir(self) -> Path:
        return self.quarantine or self.warehouse.parent / "quarantine"

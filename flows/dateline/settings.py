"""Every setting of a run, declared once: its default, its environment variable, its CLI option.

A run's configuration is built once, by ``RunConfig.build``, from (highest first) the command
line, the environment (``DATELINE_*``) and the defaults below, and then passed down. Nothing
else in the code base restates a default.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

# --- where the project's own files are ------------------------------------------------------

_PACKAGED = Path(__file__).resolve().parent / "_project"  # a wheel's copy (setup.py); else the repository
PROJECT_ROOT = Path(os.environ.get("DATELINE_HOME") or (_PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parents[2]))
SQL_DIR = PROJECT_ROOT / "sql"
SEEDS_DIR = PROJECT_ROOT / "seeds"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"

# --- defaults ---------------------------------------------------------------------------------

DEFAULT_INBOX = SEEDS_DIR / "articles"
DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")
DEFAULT_REPORTS = Path("data/reports")
FILE_PATTERN = "*.txt"
SETTLE_SECONDS = 1.0  # files modified more recently than this may still be growing
WAIT_SECONDS = 60.0  # how long a writer waits for another one before exit 75
MAX_BYTES = 2_000_000  # a larger file is quarantined as too large
CHUNK_FILES = 5000  # files read, checked and committed together; peak memory follows it (make bench: 5000 files
# run Reuters 15-30% faster than 2000, for 5% more memory)
# DuckDB's buffer pool of a run: without a limit it keeps every block a run reads (80% of RAM),
# so a run's memory would grow with the warehouse; past the limit it evicts, or spills to disk.
# A whole snapshot of the 10x warehouse takes 9.0 s within 256 MB, 5.2 s and 1 GB without.
WRITER_MEMORY_LIMIT = "256MB"
DASK_MIN_ARTICLES = 2000  # a run with fewer changed files extracts in its own process (make bench)

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

# Applied when the package is imported (dateline/__init__.py), so the CLI, a Prefect worker
# running the flow, the tests and a Prefect server started by Dateline are all offline.
OFFLINE_ENVIRONMENT = {
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "False",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}

# RunConfig field -> the environment variable that sets it when no option does
ENVIRONMENT = {
    "inbox": "DATELINE_INBOX",
    "warehouse": "DATELINE_WAREHOUSE",
    "reports": "DATELINE_REPORTS",
    "quarantine": "DATELINE_QUARANTINE",
    "seeds": "DATELINE_SEEDS",
    "webhook_url": "DATELINE_WEBHOOK_URL",
    "chunk_files": "DATELINE_CHUNK_FILES",
    "dask_address": "DATELINE_DASK_ADDRESS",
    "dask_min_articles": "DATELINE_DASK_MIN_ARTICLES",
    "verbose": "DATELINE_VERBOSE",
}


def go_offline() -> None:
    for key, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(key, value)


class SettingError(ValueError):
    """A setting has a value no run can use; the message names it."""


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
    retry_paths: frozenset[str] = field(default_factory=frozenset)  # read only these, even if unchanged
    settle_seconds: float = SETTLE_SECONDS
    wait_seconds: float = WAIT_SECONDS
    max_bytes: int = MAX_BYTES
    chunk_files: int = CHUNK_FILES
    dask_address: str | None = None  # a Dask scheduler for extraction; None: a local cluster when worth it
    dask_min_articles: int = DASK_MIN_ARTICLES
    verbose: bool = False  # Prefect's state lines on stderr (the display is the command's; the flow ignores it)

    @property
    def quarantine_dir(self) -> Path:
        return self.quarantine or self.warehouse.parent / "quarantine"

    @property
    def prefect_home(self) -> Path:
        """Prefect's state for runs of this warehouse (its temporary server's database)."""
        return self.warehouse.parent / "prefect"

    @classmethod
    def build(cls, values: Mapping[str, object] | None = None, *, environ: Mapping[str, str] | None = None) -> RunConfig:
        """The configuration from ``values`` (options given; None means not given), then the
        environment, then the defaults; checked."""
        environ = os.environ if environ is None else environ
        chosen: dict[str, object] = {}
        for name, variable in ENVIRONMENT.items():
            if environ.get(variable):
                chosen[name] = environ[variable]
        chosen.update({k: v for k, v in (values or {}).items() if v is not None})
        return cls()._with(chosen)

    def _with(self, values: Mapping[str, object]) -> RunConfig:
        typed: dict[str, object] = {}
        for name, value in values.items():
            if name in _PATHS:
                typed[name] = Path(value)  # type: ignore[arg-type]
            elif name in _SECONDS:
                typed[name] = _seconds(name, value)
            elif name in ("chunk_files", "dask_min_articles"):
                typed[name] = _count(name, value)
            elif name == "webhook_url" and value:
                typed[name] = _webhook(str(value))
            elif name == "verbose":
                typed[name] = _flag(name, value)
            elif name == "retry_paths":
                typed[name] = frozenset(value or ())  # type: ignore[arg-type]
            else:
                typed[name] = value or None if name in ("webhook_url", "dask_address") else value
        return replace(self, **typed)


_PATHS = frozenset({"inbox", "warehouse", "reports", "quarantine", "expectations", "seeds"})
_SECONDS = {"settle_seconds": "--settle", "wait_seconds": "--wait"}
_COUNTS = {"chunk_files": "--chunk-files", "dask_min_articles": "$DATELINE_DASK_MIN_ARTICLES"}


def _count(name: str, value: object) -> int:
    try:
        count = int(str(value))
    except ValueError:
        count = 0
    if count < 1:
        raise SettingError(f"{_COUNTS[name]} must be a whole number, 1 or more, got {value!r}")
    return count


_FLAGS = {"verbose": "$DATELINE_VERBOSE"}
_YES, _NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in _YES + _NO:
        raise SettingError(f"{_FLAGS[name]} must be one of {', '.join(_YES + _NO)}, got {value!r}")
    return text in _YES


def _webhook(url: str) -> str:
    """An http or https URL with a host: a run posts nowhere else (no file:, no ftp:)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise SettingError(f"webhook {url!r} is not an http:// or https:// URL")
    return url


def _seconds(name: str, value: object) -> float:
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise SettingError(f"{_SECONDS[name]} must be 0 or more seconds, got {value!r}")
    return seconds

"""What `dateline serve` serves: the schedule and the run's parameters, checked before anything starts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLOW_NAME = "dateline-ingest"
DEPLOYMENT_NAME = "scheduled"
SERVER_DIR = "prefect-server"  # the local server's PREFECT_HOME, beside the warehouse
BANNED_NAME_CHARACTERS = "/%&><"


@dataclass(frozen=True)
class ServeOptions:
    cron: str | None
    interval: float | None
    timezone: str
    inbox: Path
    warehouse: Path
    reports: Path
    quarantine: Path | None
    settle: float
    name: str
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def schedule_text(self) -> str:
        when = f'cron "{self.cron}"' if self.cron is not None else f"every {self.interval:g} s"
        return f"{when} ({self.timezone})"

    @property
    def poll_seconds(self) -> float:
        """How often the runner asks for due runs: often enough for a short interval."""
        if self.interval is not None and self.interval < 60:
            return max(1.0, self.interval / 5)
        return 10.0

    @property
    def scheduler_loop_seconds(self) -> float:
        """How often the local server's scheduler tops up future runs."""
        if self.interval is not None:
            return min(60.0, max(1.0, self.interval))
        return 60.0


def valid_timezone(name: str) -> bool:
    """The names Prefect's server accepts for a schedule: the IANA database (zoneinfo)."""
    from zoneinfo import available_timezones

    return name == "UTC" or (name != "localtime" and name in available_timezones())


def valid_cron(expression: str) -> bool:
    """Prefect's own check (croniter, without its random and hashed extensions)."""
    from prefect._internal.schemas.validators import validate_cron_string

    try:
        validate_cron_string(expression)
    except ValueError:
        return False
    return True

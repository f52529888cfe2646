"""What one run did: its counts, timings and outcome, filled in as the stages go."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


def now() -> datetime:
    """The time as the warehouse stores it: UTC, without a zone."""
    return datetime.now(UTC).replace(tzinfo=None)


COUNT_FIELDS = (
    ("files seen", "files_seen"),
    ("new or changed", "files_new"),
    ("loaded", "files_loaded"),
    ("duplicate", "files_duplicate"),
    ("quarantined", "files_quarantined"),
    ("pending", "files_pending"),
)


@dataclass
class RunSummary:
    run_id: str
    status: str = "running"
    files_seen: int = 0
    files_new: int = 0
    files_loaded: int = 0
    files_duplicate: int = 0
    files_quarantined: int = 0
    files_pending: int = 0
    articles_rederived: int | None = None  # a backfill's count
    validation_success: bool | None = None
    report_path: str | None = None
    snapshot_path: str | None = None
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    file_names: dict[str, str] = field(default_factory=dict)  # file_version_key -> file name

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start

    def discovered(self, *, seen: int, new: int, pending: int) -> None:
        self.files_seen, self.files_new, self.files_pending = seen, new, pending

    def decided(self, *, loaded: int, duplicate: int, quarantined: list[tuple[str, str]]) -> None:
        """What became of a committed chunk's new files: (file name, reason) for each one quarantined."""
        self.files_loaded += loaded
        self.files_duplicate += duplicate
        self.files_quarantined += len(quarantined)
        self.quarantined = [*self.quarantined, *quarantined]

    def kept(self) -> str:
        """What of an interrupted run stays: nothing, or the chunks it committed before."""
        if not (self.files_loaded or self.files_duplicate or self.files_quarantined):
            return "nothing from this run was loaded"
        return (
            f"the chunks it committed are kept ({self.files_loaded} loaded, {self.files_duplicate} duplicate, "
            f"{self.files_quarantined} quarantined); the next run takes the rest"
        )

    def rolled_back(self) -> None:
        """Nothing this run decided was kept."""
        self.files_loaded = self.files_duplicate = self.files_quarantined = 0
        self.quarantined = []


def summary_text(summary: RunSummary, warehouse_path: Path) -> str:
    """What `dateline run` prints when a run ends (control characters in names and reasons escaped)."""
    from dateline.render import printable

    lines = [f"Run {summary.run_id} {summary.status}"]
    lines += [f"  {label:<15} {getattr(summary, attr):>7}" for label, attr in COUNT_FIELDS]
    lines += [f"Warehouse:         {warehouse_path}"]
    if getattr(summary, "snapshot_path", None):
        lines.append(f"Snapshot:          {summary.snapshot_path}")
    if summary.report_path:
        lines.append(f"Validation report: {summary.report_path}")
    if summary.quarantined:
        lines.append("Quarantined:")
        lines += [f"  {printable(name)}: {printable(reason)}" for name, reason in summary.quarantined]
    if summary.error:
        lines.append(f"Error: {printable(summary.error)}")
    return "\n".join(lines)

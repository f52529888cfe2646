"""What a person sees while `dateline run` or `dateline backfill` works.

The stages call the hooks below (``stage``, ``advance``, ``files``, ``chunk``, ``done``); what
they show depends on the display the command opened with ``shown``:

- stderr is a terminal: a rich progress display at the bottom of the screen, one row for the run
  (files done of the changed files, chunk k of n) and one for the stage that is running (a bar with
  its count, e.g. articles extracted). Each finished stage leaves one line above it, with what the
  stage logged and how long it took; the display is erased when the run ends, so that the summary
  (stdout) or the one error line follows the stage lines.
- stderr is a file or a pipe: Prefect's log lines, plus one line as each stage starts (each stage
  already logs a line when it ends).

Either way Prefect's state lines (``Beginning flow run``, ``View at``, ``Finished in state
Completed()``) and the INFO lines of libraries (Dask's cluster start-up) are left out unless
``verbose``, in the Dask workers a run starts too. With no display (a flow run by `dateline serve`, or
called from Python) the hooks only log the stage start lines.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import TextIO


@dataclass(frozen=True)
class Stage:
    label: str  # the name a person sees
    starting: str  # the line logged when it starts ({n}: its count)
    unit: str = ""  # what its count counts


STAGES = {
    "start": Stage("start", "starting Prefect's API and loading the flow"),
    "discover": Stage("discover", "listing the inbox"),
    "read": Stage("read", "reading {n} files", "files"),
    "parse": Stage("parse", "parsing {n} files", "files"),
    "validate-batch": Stage("validate", "validating {n} parsed articles", "articles"),
    "extract": Stage("extract", "extracting {n} articles", "articles"),
    "load": Stage("load", "loading the chunk into the warehouse"),
    "select-versions": Stage("select", "selecting the article versions to re-derive"),
    "reparse": Stage("parse", "re-parsing {n} article versions", "articles"),
    "replace": Stage("replace", "replacing the re-derived rows"),
    "post-load-checks": Stage("check", "running the post-load suites on the loaded rows"),
    "reports": Stage("reports", "recording the validation results"),
    "compact": Stage("compact", "rewriting the warehouse without the space of replaced rows"),
    "snapshot": Stage("snapshot", "publishing the snapshot for analysts"),
    "run report": Stage("report", "building the run report"),
}

# Prefect's lines about states, not about the data: left out unless verbose
_STATE_LINE = re.compile(r"^(Finished in state |Beginning (sub)?flow run |View at |Created task run )")


class Display:
    """No display: the hooks only log the stage start lines."""

    def start(self, stage: Stage, total: int | None) -> None: ...

    def advance(self, n: int) -> None: ...

    def end(self, stage: Stage, ok: bool) -> None: ...

    def files(self, total: int, chunks: int) -> None: ...

    def chunk(self, number: int) -> None: ...

    def done(self, files: int) -> None: ...

    def detail(self, text: str) -> bool:
        """A run's log line while a stage runs: True if the display shows it as the stage's line."""
        return False

    def close(self) -> None: ...


_display: Display = Display()
_quiet_workers = False  # a display without verbose: the Dask workers of the run log warnings and errors only


# --- the hooks the stages call -------------------------------------------------------------------


def _log_start(stage: Stage, total: int | None) -> None:
    """The stage's start line, through the run's logger (so it has the task's or flow's name), if
    in a run; marked so that a terminal display, which shows the stage itself, can leave it out."""
    from prefect.context import FlowRunContext, TaskRunContext
    from prefect.logging import get_run_logger

    if FlowRunContext.get() is None and TaskRunContext.get() is None:
        return
    get_run_logger().info(stage.starting.format(n=total), extra={"dateline_stage": stage.label})


@contextmanager
def stage(name: str, total: int | None = None) -> Iterator[None]:
    """Stage ``name`` (a key of STAGES) runs for the block; ``total``: how many of its unit it
    works on, when that is known."""
    from dateline import interrupt

    interrupt.check()  # a Ctrl-C that a library swallowed stops the run here
    shown = STAGES[name]
    _log_start(shown, total)
    _display.start(shown, total)
    ok = False
    try:
        yield
        ok = True
    finally:
        _display.end(shown, ok)


def staged(name: str, counts: str | None = None) -> Callable[[Callable], Callable]:
    """Run the decorated function as stage ``name``; ``counts``: the parameter whose length is its total."""

    def decorate(function: Callable) -> Callable:
        import inspect

        signature = inspect.signature(function)

        @wraps(function)
        def run(*args, **kwargs):
            total = None
            if counts is not None:
                total = len(signature.bind(*args, **kwargs).arguments[counts])
            with stage(name, total):
                return function(*args, **kwargs)

        return run

    return decorate


def worker_environment() -> dict[str, str]:
    """Environment variables for the worker processes a run starts (its local Dask cluster)."""
    return {"PREFECT_LOGGING_LEVEL": "WARNING"} if _quiet_workers else {}


def advance(n: int = 1) -> None:
    """``n`` more of the running stage's total are done."""
    _display.advance(n)


def files(total: int, chunk_files: int) -> None:
    """The run reads ``total`` changed files, ``chunk_files`` at a time."""
    _display.files(total, max(1, -(-total // chunk_files)))


def chunk(number: int) -> None:
    """Chunk ``number`` (from 1) starts."""
    _display.chunk(number)


def done(count: int) -> None:
    """``count`` more of the run's files are done (committed, or unchanged after all)."""
    _display.done(count)


# --- the displays ----------------------------------------------------------------------------


def _seconds(elapsed: float) -> str:
    return f"{elapsed:.1f} s" if elapsed < 60 else f"{int(elapsed // 60)} min {round(elapsed % 60):02d} s"


class Bar(Display):
    """A rich progress display on a terminal (see the module)."""

    def __init__(self, stream: TextIO, *, verbose: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.console = Console(file=stream, markup=False, emoji=False, highlight=False)
        self.verbose = verbose
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<9}"),
            BarColumn(bar_width=30),
            TextColumn("{task.fields[counts]}"),
            TextColumn("{task.fields[note]}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self._lock = threading.RLock()
        # the run's row (its files, once known) above the stage's row
        self._run = self.progress.add_task("run", total=None, counts="", note="", visible=False)
        self._row = self.progress.add_task("", total=None, counts="", note="", visible=False)
        self._chunks = 0
        self._stage: Stage | None = None
        self._total: int | None = None
        self._started = time.monotonic()
        self._detail: str | None = None
        self.progress.start()

    @staticmethod
    def _counts(completed: int, total: int | None, unit: str) -> str:
        if not unit:
            return ""
        return f"{completed}/{total} {unit}" if total is not None else f"{completed} {unit}"

    def _completed(self, row) -> int:
        return int(next(t.completed for t in self.progress.tasks if t.id == row))

    def start(self, stage: Stage, total: int | None) -> None:
        with self._lock:
            if self._stage is not None:  # "start" ends when the first stage of the flow begins
                self.end(self._stage, True)
            self._stage, self._total, self._detail, self._started = stage, total, None, time.monotonic()
            self.progress.reset(
                self._row, total=total, completed=0, description=stage.label, counts=self._counts(0, total, stage.unit),
                note="", visible=True,  # (reset replaces every field)
            )

    def advance(self, n: int) -> None:
        with self._lock:
            if self._stage is None:
                return
            self.progress.advance(self._row, n)
            self.progress.update(self._row, counts=self._counts(self._completed(self._row), self._total, self._stage.unit))

    def end(self, stage: Stage, ok: bool) -> None:
        from rich.text import Text

        with self._lock:
            elapsed = time.monotonic() - self._started
            if not self.verbose:
                what = self._detail or (f"{self._total} {stage.unit}" if self._total is not None and stage.unit else "")
                if stage is STAGES["start"]:
                    what = "Prefect's API answers, the flow is loaded"
                mark, style = ("✓", "green") if ok else ("✗", "red")
                line = Text.assemble((mark, style), " ", (f"{stage.label:<9}", "bold"), (f"{_seconds(elapsed):>9}", "dim"), "  ", what)
                self.console.print(line)
            self._stage, self._detail = None, None
            self.progress.update(self._row, visible=False)

    def files(self, total: int, chunks: int) -> None:
        with self._lock:
            self._chunks = chunks
            note = f"chunk 1/{chunks}" if chunks > 1 else ""
            self.progress.reset(self._run, total=total, completed=0, counts=self._counts(0, total, "files"), note=note, visible=True)

    def chunk(self, number: int) -> None:
        with self._lock:
            if self._chunks > 1:
                self.progress.update(self._run, note=f"chunk {number}/{self._chunks}")

    def done(self, files: int) -> None:
        with self._lock:
            self.progress.advance(self._run, files)
            total = next(t.total for t in self.progress.tasks if t.id == self._run)
            self.progress.update(self._run, counts=self._counts(self._completed(self._run), int(total or 0), "files"))

    def detail(self, text: str) -> bool:
        with self._lock:
            if self._stage is None or self._stage is STAGES["start"] or self.verbose:
                return False
            self._detail = text
            return True

    def close(self) -> None:
        self.progress.stop()  # erases the display (transient) and shows the cursor again


class _PrefectLines(logging.Filter):
    """On Prefect's console handler: drops the state lines unless verbose; on a terminal, drops the
    stage start lines (the display shows the stage) and, unless verbose, takes a task's INFO line
    as its stage's line instead of printing it."""

    def __init__(self, display: Display, *, verbose: bool, terminal: bool) -> None:
        super().__init__()
        self.display, self.verbose, self.terminal = display, verbose, terminal

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.INFO:
            message = record.getMessage()
            if not self.verbose and (_STATE_LINE.match(message) or not hasattr(record, "flow_run_id")):
                return False  # a state line, or a library's line (not a run's)
            if self.terminal and hasattr(record, "dateline_stage"):
                return False
            if hasattr(record, "flow_run_id") and self.display.detail(message):
                return False
        return True


class _Compact(logging.Formatter):
    """A log line on a terminal beside the display: INFO lines without time, level and run name."""

    def __init__(self, standard: logging.Formatter | None) -> None:
        super().__init__()
        self.standard = standard or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        if record.levelno <= logging.INFO:
            return "  " + record.getMessage()
        return self.standard.format(record)


def _console_handlers() -> list[logging.Handler]:
    from prefect.logging.handlers import PrefectConsoleHandler

    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in list(logging.root.manager.loggerDict) if n.startswith("prefect"))]
    found: list[logging.Handler] = []
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if isinstance(handler, PrefectConsoleHandler) and handler not in found:
                found.append(handler)
    return found


class Shown:
    """The display of one command's run (see ``shown``)."""

    def __init__(self, stream: TextIO, *, verbose: bool) -> None:
        self.stream, self.verbose = stream, verbose
        self.terminal = stream.isatty()
        self.display: Display = Bar(stream, verbose=verbose) if self.terminal else Display()
        self._undo: list[Callable[[], None]] = []

    def take_prefect_logging(self) -> None:
        """Route Prefect's console lines through the display (call once Prefect has set up its logging)."""
        for handler in _console_handlers():
            line_filter = _PrefectLines(self.display, verbose=self.verbose, terminal=self.terminal)
            handler.addFilter(line_filter)
            self._undo.append(lambda h=handler, f=line_filter: h.removeFilter(f))
            if isinstance(self.display, Bar):  # print above the display, not across it
                console, formatter = handler.console, handler.formatter
                handler.console = self.display.console
                if not self.verbose:
                    handler.setFormatter(_Compact(formatter))
                self._undo.append(lambda h=handler, c=console, f=formatter: (setattr(h, "console", c), h.setFormatter(f)))

    def close(self) -> None:
        self.display.close()
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()


@contextmanager
def shown(*, verbose: bool = False, stream: TextIO | None = None) -> Iterator[Shown]:
    """The progress display for the block (a command running a flow); stderr unless ``stream``."""
    global _display, _quiet_workers
    current = Shown(stream or sys.stderr, verbose=verbose)
    before, _display, _quiet_workers = _display, current.display, not verbose
    try:
        current.display.start(STAGES["start"], None)  # until the flow's first stage
        yield current
    finally:
        _display, _quiet_workers = before, False
        current.close()

"""The last line of defence of every `dateline` command: an error becomes one line on stderr and
an exit code from README "Exit codes", never a traceback (set DATELINE_DEBUG=1 to see one)."""

from __future__ import annotations

import os
import sys

EXIT_FAILED = 1


def report(exc: BaseException) -> int:
    """Print ``exc`` as one line ``dateline: ...`` on stderr and return the exit code."""
    import duckdb

    from dateline.lock import LockUnavailable
    from dateline.render import printable
    from dateline.warehouse import NotADatabase, WarehouseUnwritable

    if os.environ.get("DATELINE_DEBUG"):
        raise exc
    if isinstance(exc, NotADatabase | WarehouseUnwritable | LockUnavailable):
        message = str(exc)
    elif isinstance(exc, duckdb.Error):
        message = f"DuckDB: {' '.join(str(exc).split())}"
    elif isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        message = f"{exc.strerror or exc}{where}"
    else:
        message = f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())}"
    print(f"dateline: {printable(message)}", file=sys.stderr)
    return EXIT_FAILED

"""`dateline serve`: run the ingest flow on a schedule, as a Prefect deployment, until stopped.

One process does it all: it registers the deployment ``dateline-ingest/<name>`` (the schedule, the
run's parameters, a concurrency limit of 1) and runs a Prefect ``Runner`` that executes its
scheduled flow runs, each in a subprocess. Prefect schedules only through a real server, so without
``PREFECT_API_URL`` it starts a private one on loopback (see ``dateline.prefect_server``) and stops
it on exit. SIGINT and SIGTERM stop it cleanly: the runner cancels a run in progress (its load is
one transaction, so nothing is half-loaded; the next run marks it abandoned), the server stops, and
the schedule stays active (``pause_on_shutdown=False``) for the next start.

- ``options``: what to serve (the schedule and the run's parameters), checked before anything starts;
- ``runner``: the server, the deployment and the Prefect runner, started and stopped in order;
- ``hooks``: what runs inside each flow run (a line per finished run, ending an orphaned run).
"""

from __future__ import annotations

import sys


def say(message: str) -> None:
    print(f"dateline serve: {message}", file=sys.stderr, flush=True)

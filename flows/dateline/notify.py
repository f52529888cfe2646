"""Tell someone when a run fails or a validation fails: a JSON POST to a webhook.

Only http and https URLs are posted to, and the whole exchange (connect, send, the reply) has a
total deadline: a server that answers one byte at a time cannot keep a run, and its lock, alive.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from typing import Any
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 10  # the whole POST, not each read


def message(summary: Any, failed_suites: list[str]) -> dict[str, Any]:
    return {
        "source": "dateline",
        "run_id": summary.run_id,
        "status": summary.status,
        "error": summary.error,
        "failed_suites": failed_suites,
        "files_loaded": summary.files_loaded,
        "files_quarantined": summary.files_quarantined,
        "report_path": summary.report_path,
    }


def post(url: str, payload: dict[str, Any], *, deadline: float = TIMEOUT_SECONDS) -> None:
    """POST ``payload`` as JSON; raises OSError (URLError, HTTPError, TimeoutError) when it is not
    delivered within ``deadline`` seconds, ValueError for a URL that is not http or https."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ValueError(f"webhook {url!r} is not an http:// or https:// URL")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "dateline"},
        method="POST",
    )
    outcome: list[BaseException | None] = []

    def send() -> None:
        try:
            with urllib.request.urlopen(request, timeout=deadline) as response:
                response.read()
            outcome.append(None)
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    worker = threading.Thread(target=send, name="dateline-webhook", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        raise TimeoutError(f"no complete reply within {deadline:g} s")
    if outcome and outcome[0] is not None:
        raise outcome[0]

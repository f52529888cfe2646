"""Tell someone when a run fails or a validation fails: a JSON POST to a webhook."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

TIMEOUT_SECONDS = 10


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


def post(url: str, payload: dict[str, Any]) -> None:
    """POST ``payload`` as JSON; raises OSError (URLError, HTTPError) when it cannot be delivered."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "dateline"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        response.read()

"""Quarantine reasons without their particulars, to count alike reasons together (`dateline status`,
the run report)."""

from __future__ import annotations

import re

_REASON_KINDS = (
    (re.compile(r"file name .* does not match (\S+)"), r"file name does not match \1"),
    (re.compile(r"invalid date .*"), "invalid date"),
    (re.compile(r"date \S+ is in the future"), "date in the future"),
    (re.compile(r"(failed \w+\([^)]*\)): .*"), r"\1"),  # failed <check>(<column>): <value> not in [...]
    (re.compile(r"(.+?) \(.*\)"), r"\1"),  # empty file (0 bytes), binary data (NUL byte at offset 8), ...
)


def reason_kind(reason: str) -> str:
    """A reason without its particulars, to count alike reasons together."""
    for pattern, kind in _REASON_KINDS:
        match = pattern.fullmatch(reason)
        if match:
            return match.expand(kind)
    return reason

"""Decide what happens to each new file version: parse it, then load, duplicate or quarantine. Pure."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from dateline.discover import FileVersion
from dateline.parse import PARSER_VERSION, ArticleError, parse_article, parse_file_name

PARSED_COLUMNS = (
    "file_version_key",
    "path",
    "file_name",
    "article_id",
    "seq_no",
    "source_id",
    "sha256",
    "size_bytes",
    "mtime_ns",
    "published_date",
    "title",
    "body",
    "word_count",
    "sentence_count",
    "paragraph_count",
    "heading_count",
    "text_sha256",
    "warnings",
    "parser_version",
)


@dataclass(frozen=True, slots=True)
class Rejected:
    version: FileVersion
    file_version_key: str
    stage: str  # parse | validate
    reason: str


def file_version_key(run_id: str, path: str) -> str:
    """A file version is identified by the run that first saw it at that path."""
    return hashlib.md5(f"{run_id}\x00{path}".encode()).hexdigest()


def parse_versions(
    versions: list[FileVersion], *, run_id: str, today: date, max_bytes: int
) -> tuple[pd.DataFrame, list[Rejected]]:
    """One row per version that parses; a Rejected with its reason for each one that does not."""
    rows: list[dict] = []
    rejected: list[Rejected] = []
    for version in versions:
        state = version.state
        key = file_version_key(run_id, state.path)
        try:
            if state.problem is not None:
                raise ArticleError(state.problem)
            name = parse_file_name(state.fs_name)
            if version.raw is None:
                raise ArticleError(f"file too large ({state.size} bytes, limit {max_bytes})")
            article = parse_article(version.raw, today=today, max_bytes=max_bytes)
        except ArticleError as exc:
            rejected.append(Rejected(version, key, "parse", exc.reason))
            continue
        rows.append(
            {
                "file_version_key": key,
                "path": state.path,
                "file_name": state.file_name,
                "article_id": name.article_id,
                "seq_no": name.seq_no,
                "source_id": name.source_id,
                "sha256": version.sha256,
                "size_bytes": state.size,
                "mtime_ns": state.mtime_ns,
                "published_date": article.published_date,
                "title": article.title,
                "body": article.body,
                "word_count": article.word_count,
                "sentence_count": article.sentence_count,
                "paragraph_count": article.paragraph_count,
                "heading_count": article.heading_count,
                "text_sha256": article.text_sha256,
                "warnings": "; ".join(article.warnings) or None,
                "parser_version": PARSER_VERSION,
            }
        )
    return pd.DataFrame(rows, columns=list(PARSED_COLUMNS)), rejected


def reject_failed(
    parsed: pd.DataFrame, failed: dict[str, list[str]], versions: list[FileVersion]
) -> tuple[pd.DataFrame, list[Rejected]]:
    """Split off the rows that failed validation checks (file_version_key -> the checks they
    failed) as rejected files, with the failed checks as their reason."""
    by_path = {v.state.path: v for v in versions}
    bad = parsed["file_version_key"].isin(failed)
    rejected = [
        Rejected(by_path[row["path"]], row["file_version_key"], "validate", "failed " + "; ".join(failed[row["file_version_key"]]))
        for row in parsed[bad].to_dict("records")
    ]
    return parsed[~bad], rejected


def assign_versions(parsed: pd.DataFrame, current: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split valid rows into new article versions and duplicates, first file name wins.

    A row is a duplicate when its text equals the current version of the same file
    name (an unchanged copy) or of another file name (the same text under another
    name). Otherwise it becomes the next version of its file name.
    Returns (new versions with version_no and article_version_key, duplicates with
    reason and the article_version_key they repeat).
    """
    latest = {
        row.file_name: (row.text_sha256, row.article_version_key, row.version_no)
        for row in current.itertuples(index=False)
    }
    owner = {text: (name, key) for name, (text, key, _) in latest.items()}
    new_rows: list[dict] = []
    duplicate_rows: list[dict] = []
    ordered = parsed.sort_values(["file_name", "path"], kind="stable")
    for row in ordered.to_dict("records"):
        name, text = row["file_name"], row["text_sha256"]
        previous = latest.get(name)
        if previous is not None and previous[0] == text:
            duplicate_rows.append({**row, "reason": f"unchanged copy of {name}", "article_version_key": previous[1]})
            continue
        if text in owner:
            other, key = owner[text]
            duplicate_rows.append({**row, "reason": f"same text as {other}", "article_version_key": key})
            continue
        version_no = previous[2] + 1 if previous else 1
        key = f"{row['article_id']}-v{version_no}"
        if previous is not None:
            owner.pop(previous[0], None)
        latest[name] = (text, key, version_no)
        owner[text] = (name, key)
        new_rows.append({**row, "version_no": version_no, "article_version_key": key})
    new_columns = [*PARSED_COLUMNS, "version_no", "article_version_key"]
    duplicate_columns = [*PARSED_COLUMNS, "reason", "article_version_key"]
    return pd.DataFrame(new_rows, columns=new_columns), pd.DataFrame(duplicate_rows, columns=duplicate_columns)


MANIFEST_COLUMNS = [
    "file_version_key",
    "run_id",
    "file_name",
    "path",
    "size_bytes",
    "mtime_ns",
    "sha256",
    "seen_at",
    "outcome",
    "reason",
    "article_version_key",
]


def manifest_rows(
    *,
    run_id: str,
    seen_at: datetime,
    loaded: pd.DataFrame,
    duplicates: pd.DataFrame,
    rejected: list[Rejected],
) -> pd.DataFrame:
    """One file_manifest row per file version this run decided on."""
    columns = ["file_version_key", "file_name", "path", "size_bytes", "mtime_ns", "sha256"]
    decided = [
        loaded[columns].assign(outcome="loaded", reason=loaded["warnings"], article_version_key=loaded["article_version_key"]),
        duplicates[columns].assign(outcome="duplicate", reason=duplicates["reason"], article_version_key=duplicates["article_version_key"]),
        pd.DataFrame(
            [
                {
                    "file_version_key": item.file_version_key,
                    "file_name": item.version.state.file_name,
                    "path": item.version.state.path,
                    "size_bytes": item.version.state.size,
                    "mtime_ns": item.version.state.mtime_ns,
                    "sha256": item.version.sha256,
                    "outcome": "quarantined",
                    "reason": item.reason,
                    "article_version_key": None,
                }
                for item in rejected
            ],
            columns=[*columns, "outcome", "reason", "article_version_key"],
        ),
    ]
    rows = pd.concat([frame for frame in decided if len(frame)], ignore_index=True) if any(len(f) for f in decided) else decided[2]
    return rows.assign(run_id=run_id, seen_at=seen_at)[MANIFEST_COLUMNS]

"""The DuckDB warehouse: connect, migrate, load a batch, read state. SQL lives in sql/."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from dateline.settings import SQL_DIR, WRITER_MEMORY_LIMIT

if TYPE_CHECKING:
    from dateline.discover import FileState


@dataclass(frozen=True)
class Table:
    """One warehouse table: created by sql/tables/<name>.sql; with ``loaded``, filled by each
    ingest run through sql/load/<name>.sql; with ``derived``, re-derived by a backfill too; with
    ``group``, the column naming the groups of rows an ingest run only ever adds (an article
    version's rows, a file version's): the snapshot copies the new groups, not the table."""

    name: str
    loaded: bool = False
    derived: bool = False
    group: str | None = None


# Every table, in load order: a table comes after the tables its load reads.
TABLES = (
    Table("run"),
    Table("validation_result"),
    Table("validation_failure"),
    Table("raw_file", loaded=True, group="sha256"),
    Table("file_manifest", loaded=True, group="file_version_key"),
    Table("quarantine", loaded=True),
    Table("dim_date", loaded=True, derived=True),
    Table("dim_country", loaded=True, derived=True),
    Table("dim_theme", loaded=True, derived=True),
    Table("dim_entity_alias", loaded=True, derived=True),
    Table("dim_entity", loaded=True, derived=True),
    Table("dim_article", loaded=True, derived=True, group="article_version_key"),
    Table("fact_article", loaded=True, derived=True, group="article_version_key"),
    Table("fact_mention", loaded=True, derived=True, group="article_version_key"),
    Table("fact_article_theme", loaded=True, derived=True, group="article_version_key"),
    Table("fact_article_country", loaded=True, derived=True, group="article_version_key"),
    Table("file_state", loaded=True),
)
LOAD_ORDER = tuple(t.name for t in TABLES if t.loaded)
DERIVED_ORDER = tuple(t.name for t in TABLES if t.derived)  # what a backfill re-derives
APPENDED = {t.name: t.group for t in TABLES if t.group}  # what an ingest run only appends to, by group
_LOCK_PID_RE = re.compile(r"PID (\d+)")
_MIGRATION_RE = re.compile(r"(?P<version>\d{3})_[a-z0-9_]+")
_DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class WarehouseLocked(RuntimeError):
    def __init__(self, path: Path, pid: int | None) -> None:
        holder = f"process {pid}" if pid else "another process"
        super().__init__(f"warehouse {path} is in use by {holder}")
        self.path = path
        self.pid = pid


@cache
def sql(name: str) -> str:
    """The text of ``sql/<name>.sql``."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


class NotADatabase(RuntimeError):
    """The file exists but DuckDB cannot open it: empty, truncated, or something else entirely."""

    def __init__(self, path: Path, detail: str) -> None:
        from dateline.snapshot import snapshot_path

        if path.stem.endswith(".snapshot"):
            what, fix = "snapshot", "the next successful `dateline run` publishes it again; meanwhile --live reads the warehouse"
        else:
            snap = snapshot_path(path)
            what, fix = "warehouse", f"restore it from the snapshot (cp {snap} {path}), or move it away to start a new one"
        super().__init__(f"{what} {path} is not a DuckDB database ({detail}): {fix}")


class WarehouseUnwritable(RuntimeError):
    """The warehouse file or its folder cannot be written by this user."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"cannot write the warehouse {path}: {detail} (the file and its folder must be writable by this user)")


def _detail(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text.removeprefix("IO Error: ")


def connect(path: Path, *, read_only: bool = False, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    if read_only and not path.exists():
        raise FileNotFoundError(f"warehouse {path} does not exist: run `dateline run` first")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseUnwritable(path, exc.strerror or str(exc)) from None
    existed = path.exists()
    try:
        return duckdb.connect(str(path), read_only=read_only, config={**_DUCKDB_CONFIG, **(config or {})})
    except duckdb.IOException as exc:
        message = str(exc)
        held = "Could not set lock" in message or "Conflicting lock" in message  # another process has the file
        if not existed and path.exists() and not held:
            path.unlink(missing_ok=True)  # a new file DuckDB could not finish (a full disk): leave nothing broken
            path.with_name(path.name + ".wal").unlink(missing_ok=True)
        if held:
            pid = _LOCK_PID_RE.search(message)
            raise WarehouseLocked(path, int(pid.group(1)) if pid else None) from None
        if "Permission denied" in message or "Read-only file system" in message:
            raise WarehouseUnwritable(path, "permission denied" if "Permission" in message else "read-only file system") from None
        if "not a valid DuckDB database" in message or "Could not read enough bytes" in message:
            raise NotADatabase(path, "not a valid DuckDB file" if "not a valid" in message else "the file is truncated") from None
        raise
    except duckdb.Error as exc:
        if path.exists():
            raise NotADatabase(path, _detail(exc)) from None
        raise


def connect_waiting(path: Path, *, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    """Connect for writing. While another process has the file open (an analyst's `duckdb` or
    `dateline sql --live`), retry with backoff (0.25 s, doubling up to 5 s) for up to
    ``wait_seconds``, then raise WarehouseLocked."""
    deadline = time.monotonic() + wait_seconds
    delay = 0.25
    while True:
        try:
            return connect(path, config={"memory_limit": WRITER_MEMORY_LIMIT})
        except WarehouseLocked:
            left = deadline - time.monotonic()
            if left <= 0:
                raise
            time.sleep(min(delay, left))
            delay = min(delay * 2, 5.0)


def migrations(sql_dir: Path = SQL_DIR) -> list[tuple[int, str]]:
    """(version, name) of every sql/migrations/NNN_name.sql, in order."""
    found = []
    for path in sorted((sql_dir / "migrations").glob("*.sql")):
        match = _MIGRATION_RE.fullmatch(path.stem)
        if match is None:
            raise ValueError(f"migration {path.name} must be named NNN_name.sql")
        found.append((int(match["version"]), path.stem))
    versions = [v for v, _ in found]
    if len(set(versions)) != len(versions):
        raise ValueError(f"two migrations share a number in {sql_dir / 'migrations'}")
    return found


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The last migration applied to this warehouse; None for a warehouse with no table yet, 0 for
    one built by the release before migrations (0.1.0)."""
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
    if "schema_version" in tables:
        return con.execute("select coalesce(max(version), 0) from schema_version").fetchone()[0]
    return 0 if "run" in tables else None


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring the warehouse to the current schema, then (re)create every view.

    A new warehouse gets every table from sql/tables/ and counts as migrated. An existing one gets
    the migrations it has not had yet, in order, each in one transaction with its schema_version
    row; then any table it lacks. sql/tables/ is always the current shape, so a migration must
    change an older warehouse into exactly what sql/tables/ creates (tested)."""
    current = schema_version(con)
    con.execute(sql("tables/schema_version"))
    pending = [(v, name) for v, name in migrations() if current is not None and v > current]
    for version, name in pending:
        with transaction(con):
            con.execute(sql(f"migrations/{name}"))
            con.execute("insert into schema_version values (?, ?, now()::timestamp)", [version, name])
    for table in TABLES:
        con.execute(sql(f"tables/{table.name}"))
    if current is None:
        latest = max((v for v, _ in migrations()), default=0)
        con.execute("insert into schema_version values (?, 'new warehouse', now()::timestamp)", [latest])
    _create_views(con)
    with transaction(con):
        apply_comments(con)


def _create_views(con: duckdb.DuckDBPyConnection) -> None:
    pending = sorted(p.stem for p in (SQL_DIR / "views").glob("*.sql"))
    while pending:
        failed = []
        for view in pending:
            try:
                con.execute(sql(f"views/{view}"))
            except duckdb.CatalogException:
                failed.append(view)
        if len(failed) == len(pending):
            raise RuntimeError(f"views cannot be created: {', '.join(failed)}")
        pending = failed


def apply_comments(con: duckdb.DuckDBPyConnection, objects: Iterable[str] | None = None) -> None:
    """The data dictionary: COMMENT ON every table, view and column (or those of ``objects``), from
    sql/comments/<object>.sql, for the objects that exist. A view's comments go when it is
    recreated, a seed_* table's when it is reloaded: both are applied again after."""
    existing = {row[0] for row in con.execute(sql("docs/objects")).fetchall()}
    for name in sorted(existing if objects is None else existing & set(objects)):
        if (SQL_DIR / "comments" / f"{name}.sql").is_file():
            con.execute(sql(f"comments/{name}"))


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, *, before_commit: Callable[[], object] | None = None) -> Iterator[None]:
    """All or nothing: an exception rolls every statement back. ``before_commit`` is called once the
    block has succeeded, right before the commit."""
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    if before_commit is not None:
        before_commit()
    con.execute("commit")


@dataclass(frozen=True)
class LoadBatch:
    """The staged rows of one run, one DataFrame per staging relation. A backfill has no
    landing-folder bookkeeping (raw, manifest, quarantine, file_state): they default to empty."""

    article: pd.DataFrame
    mention: pd.DataFrame
    article_theme: pd.DataFrame
    article_country: pd.DataFrame
    theme: pd.DataFrame
    country: pd.DataFrame
    raw: pd.DataFrame = field(default_factory=pd.DataFrame)
    manifest: pd.DataFrame = field(default_factory=pd.DataFrame)
    quarantine: pd.DataFrame = field(default_factory=pd.DataFrame)
    file_state: pd.DataFrame = field(default_factory=pd.DataFrame)

    def staging(self) -> dict[str, pd.DataFrame]:
        """The relations the sql/load files read: stg_<name>, for every frame that has columns
        (DuckDB cannot register one without)."""
        frames = {f"stg_{f.name}": getattr(self, f.name) for f in fields(self)}
        return {name: frame for name, frame in frames.items() if len(frame.columns)}


@contextmanager
def staged(con: duckdb.DuckDBPyConnection, **frames: pd.DataFrame) -> Iterator[None]:
    """Expose DataFrames to SQL under the given names for the duration of the block."""
    for name, rows in frames.items():
        con.register(name, rows)
    try:
        yield
    finally:
        for name in frames:
            with suppress(duckdb.Error):
                con.unregister(name)


def load(con: duckdb.DuckDBPyConnection, batch: LoadBatch) -> None:
    with staged(con, **batch.staging()):
        for table in LOAD_ORDER:
            con.execute(sql(f"load/{table}"))


def replace_derived(con: duckdb.DuckDBPyConnection, batch: LoadBatch) -> None:
    """Replace the dimension and fact rows of the article versions in ``batch`` with re-derived ones;
    the landing-folder bookkeeping (raw files, manifest, quarantine, file state) is not touched."""
    with staged(con, **batch.staging()):
        con.execute(sql("backfill/delete_derived"))
        for table in DERIVED_ORDER:
            con.execute(sql(f"load/{table}"))


_SEED_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")


def load_seeds(con: duckdb.DuckDBPyConnection, seeds_dir: Path) -> list[str]:
    """dbt-seed style: every seeds/*.csv becomes the table seed_<name>, replaced as a whole."""
    tables = []
    for path in sorted(seeds_dir.glob("*.csv")):
        if not _SEED_NAME_RE.fullmatch(path.stem):
            raise ValueError(f"seed file name {path.name} must be lowercase letters, digits and _")
        table = f"seed_{path.stem}"
        con.execute(f"create or replace table {table} as select * from read_csv(?, header = true, all_varchar = true)", [str(path)])
        tables.append(table)
    apply_comments(con, tables)
    return tables


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table of the warehouse, seeds included."""
    return [row[0] for row in con.execute("select table_name from duckdb_tables() where database_name = current_database()").fetchall()]


def frame(con: duckdb.DuckDBPyConnection, query: str, params: dict | None = None) -> pd.DataFrame:
    return con.execute(query, params or {}).df()


def known_file_state(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int, str]]:
    """path -> (size, mtime_ns, sha256) of every file the runs saw (`dateline status`)."""
    rows = con.execute("select path, size_bytes, mtime_ns, sha256 from file_state").fetchall()
    return {path: (size, mtime, sha) for path, size, mtime, sha in rows}


def changed_files(
    con: duckdb.DuckDBPyConnection, files: Iterable[FileState], *, ignore: frozenset[str] = frozenset()
) -> tuple[list[FileState], dict[str, tuple[int, int, str]]]:
    """The ``files`` whose size or mtime changed since the last run saw them (or that it never
    saw), in their order, and path -> (size, mtime_ns, sha256) as it saw those it did. Paths in
    ``ignore`` count as never seen. Compared in SQL: what comes back follows the changed files,
    not the files the warehouse knows."""
    files = list(files)
    listing = pd.DataFrame(
        {
            "path": pd.Series([f.path for f in files], dtype="string"),
            "size_bytes": pd.Series([f.size for f in files], dtype="int64"),
            "mtime_ns": pd.Series([f.mtime_ns for f in files], dtype="int64"),
        }
    )
    with staged(con, stg_listing=listing):
        rows = con.execute(sql("state/changed_files")).fetchall()
    known = {path: (size, mtime, sha) for path, size, mtime, sha in rows if size is not None and path not in ignore}
    changed = {path for path, *_ in rows} | set(ignore)
    return [f for f in files if f.path in changed], known


def record_file_state(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    """Remember the size, mtime and hash of the files a run read, so the next run skips them."""
    if len(rows):
        with staged(con, stg_file_state=rows), transaction(con):
            con.execute(sql("load/file_state"))


def current_articles(con: duckdb.DuckDBPyConnection, candidates: pd.DataFrame) -> pd.DataFrame:
    """file_name, version_no, text_sha256, article_version_key of the current version of every
    article the ``candidates`` (file_name, text_sha256) may repeat or version."""
    with staged(con, stg_candidates=candidates[["file_name", "text_sha256"]]):
        return frame(con, sql("state/current_articles"))



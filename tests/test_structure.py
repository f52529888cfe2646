"""The shape of the code base: no import cycles, one source for the settings copied elsewhere."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

from conftest import PROJECT
from dateline.settings import OFFLINE_ENVIRONMENT

PACKAGE = PROJECT / "flows" / "dateline"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def import_graph() -> dict[str, set[str]]:
    """module -> the project modules it imports, at module level or inside functions."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
                for alias in node.names:
                    found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle found by depth-first search, each once (rotated to its smallest name)."""
    found: set[tuple[str, ...]] = set()

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in path:
                cycle = path[path.index(nxt):]
                low = cycle.index(min(cycle))
                found.add(tuple(cycle[low:] + cycle[:low]))
            elif len(path) < 12:
                visit(nxt, [*path, nxt])

    for start in sorted(graph):
        visit(start, [start])
    return [list(c) for c in sorted(found)]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_import_graph_sees_lazy_imports() -> None:
    graph = import_graph()
    assert "dateline.ingest" in graph["dateline.cli.common"]  # imported inside ingest_flow()
    assert "dateline.cli.common" in graph["dateline.cli.run"]


def test_no_module_of_the_project_imports_itself_back() -> None:
    assert cycles(import_graph()) == []


def test_command_modules_import_only_the_shared_cli_module() -> None:
    graph = import_graph()
    commands = [m for m in graph if m.startswith("dateline.cli.") and m != "dateline.cli.common"]
    for command in commands:
        assert not {m for m in graph[command] if m.startswith("dateline.cli") and m != "dateline.cli.common"}, command


def test_prefect_yaml_gives_workers_the_same_offline_settings() -> None:
    config = yaml.safe_load((PROJECT / "prefect.yaml").read_text(encoding="utf-8"))
    (deployment,) = config["deployments"]
    env = deployment["work_pool"]["job_variables"]["env"]
    assert env == {k: v for k, v in OFFLINE_ENVIRONMENT.items() if k in env}
    assert set(env) >= {"DO_NOT_TRACK", "GX_ANALYTICS_ENABLED"}

"""The package layout, checked from the source with ``ast`` alone (nothing is imported).

* no import cycle between storyline's first-level packages and modules (every import counts:
  inside functions and under ``TYPE_CHECKING`` too; imports within one package are left out);
* no module over 600 lines (the store's migrations aside);
* ``pipeline/`` holds the registry, the runner and one thin stage per module (at most 150 lines,
  exactly one ``stage(...)`` registration);
* only ``web/`` and ``cli.py`` import ``storyline.web``;
* the domain packages never import the pipeline, the store, the engine or the web app.

Each test lists every offender, with file and line, so one run shows all the work left.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PKG = SRC / "storyline"
MAX_LINES = 600
MAX_STAGE_LINES = 150
PIPELINE_FRAME = {"__init__.py", "registry.py", "runner.py", "ray_engine.py"}
DOMAIN = ("temporal", "cluster", "tls", "quotes", "people", "figures", "compare")
DOMAIN_MUST_NOT_IMPORT = ("pipeline", "store", "engine", "web")
ROOT_NODE = "storyline"


@dataclass(frozen=True)
class Import:
    """One import of a storyline module: where it is and the full module name it reaches."""

    path: Path
    line: int
    target: str  # a dotted name under storyline, e.g. "storyline.store.base"

    def where(self) -> str:
        return f"{self.path.relative_to(SRC)}:{self.line}"


def modules() -> list[Path]:
    """Every Python module of the package, migrations included."""
    return sorted(PKG.rglob("*.py"))


def module_name(path: Path) -> str:
    """The dotted name of a source file ("storyline.pipeline.clean", "storyline.store")."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def first_level(name: str) -> str:
    """The node of the import graph a dotted name belongs to: ``storyline.<first part>``, or the root."""
    parts = name.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else ROOT_NODE


def _is_first_level_module(name: str) -> bool:
    return (PKG / f"{name}.py").is_file() or (PKG / name / "__init__.py").is_file()


def imports_of(path: Path) -> Iterator[Import]:
    """Every import of a storyline module in ``path``, at any depth of the tree."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == ROOT_NODE or alias.name.startswith(ROOT_NODE + "."):
                    yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base != ROOT_NODE and not base.startswith(ROOT_NODE + "."):
                continue
            if base == ROOT_NODE:
                # "from storyline import compare" reaches the module; "from storyline import Store", the root.
                for alias in node.names:
                    target = f"{ROOT_NODE}.{alias.name}" if _is_first_level_module(alias.name) else ROOT_NODE
                    yield Import(path, node.lineno, target)
            else:
                yield Import(path, node.lineno, base)


def all_imports() -> list[Import]:
    """The imports of every module of the package."""
    return [imp for path in modules() for imp in imports_of(path)]


def import_graph() -> dict[str, dict[str, list[Import]]]:
    """First-level node -> first-level node -> the imports that make that edge (intra-node edges left out)."""
    graph: dict[str, dict[str, list[Import]]] = defaultdict(lambda: defaultdict(list))
    for imp in all_imports():
        source, target = first_level(module_name(imp.path)), first_level(imp.target)
        if source != target:
            graph[source][target].append(imp)
    return graph


def cycles(graph: dict[str, dict[str, list[Import]]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, {})):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    nodes = sorted(set(graph) | {t for edges in graph.values() for t in edges})
    for node in nodes:
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_on_a_hand_built_graph() -> None:
    imp = Import(PKG / "x.py", 1, "storyline.b")
    graph = {"a": {"b": [imp]}, "b": {"c": [imp]}, "c": {"a": [imp]}, "d": {"a": [imp]}}
    assert cycles(graph) == [["a", "b", "c"]]  # type: ignore[arg-type]
    assert cycles({"a": {"b": [imp]}}) == []  # type: ignore[dict-item]


def test_no_import_cycle_between_first_level_packages() -> None:
    graph = import_graph()
    report = []
    for component in cycles(graph):
        members = set(component)
        report.append("cycle between " + ", ".join(component) + ":")
        for source in component:
            for target, imps in sorted(graph[source].items()):
                if target in members:
                    places = ", ".join(i.where() for i in imps)
                    report.append(f"  {source} -> {target}: {places}")
    assert not report, "\n".join(report)


def test_no_module_over_the_line_limit() -> None:
    too_long = []
    for path in modules():
        if "migrations" in path.relative_to(PKG).parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long.append(f"{path.relative_to(SRC)}: {lines} lines (limit {MAX_LINES})")
    assert not too_long, "\n".join(too_long)


def stage_registrations(tree: ast.AST) -> list[int]:
    """The lines of every ``stage(...)`` call or bare ``@stage`` decorator in a module."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == "stage") or (isinstance(func, ast.Attribute) and func.attr == "stage"):
                lines.append(node.lineno)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for deco in node.decorator_list:
                if (isinstance(deco, ast.Name) and deco.id == "stage") or (isinstance(deco, ast.Attribute) and deco.attr == "stage"):
                    lines.append(deco.lineno)
    return sorted(lines)


def test_stage_counter_on_hand_built_modules() -> None:
    one = ast.parse('@stage("a", assigns=("x",))\ndef a(doc): ...\n')
    two = ast.parse('@registry.stage("a")\ndef a(doc): ...\nstage("b")(b)\n')
    assert len(stage_registrations(one)) == 1
    assert len(stage_registrations(two)) == 2
    assert stage_registrations(ast.parse("def f(): ...\n")) == []


def test_each_pipeline_module_is_one_thin_stage() -> None:
    problems = []
    for path in sorted((PKG / "pipeline").glob("*.py")):
        if path.name in PIPELINE_FRAME:
            continue
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_STAGE_LINES:
            problems.append(f"pipeline/{path.name}: {lines} lines (limit {MAX_STAGE_LINES})")
        found = stage_registrations(ast.parse(text, filename=str(path)))
        if len(found) != 1:
            at = f" (lines {', '.join(map(str, found))})" if found else ""
            problems.append(f"pipeline/{path.name}: {len(found)} stage registrations, expected exactly 1{at}")
    assert not problems, "\n".join(problems)


def test_only_the_web_app_and_the_cli_import_web() -> None:
    offenders = [
        f"{imp.where()} imports {imp.target}"
        for imp in all_imports()
        if first_level(imp.target) == "storyline.web"
        and first_level(module_name(imp.path)) not in ("storyline.web", "storyline.cli")
    ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_package_knows_nothing_of_the_frame(package: str) -> None:
    if not (PKG / package).is_dir():
        pytest.skip(f"storyline.{package} does not exist yet")
    banned = {f"storyline.{name}" for name in DOMAIN_MUST_NOT_IMPORT}
    offenders = [
        f"{imp.where()} imports {imp.target}"
        for path in sorted((PKG / package).rglob("*.py"))
        for imp in imports_of(path)
        if first_level(imp.target) in banned
    ]
    assert not offenders, f"storyline.{package} must not import {', '.join(sorted(banned))}:\n" + "\n".join(offenders)

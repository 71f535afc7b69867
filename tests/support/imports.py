"""The import graph of kg/: every import that runs, at module level or inside a function.

`python -m tests.support.imports` prints the modules, their lines, the
cycles, the largest functions and the imports of the default project below
the command line; tests/test_structure.py holds the rules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kg"


@cache
def modules() -> dict[str, Path]:
    """Each module's dotted name and file (a package is its __init__.py)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imported(name: str, path: Path) -> set[str]:
    known = modules()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    names: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {  # `if TYPE_CHECKING:` imports name a type for mypy and never run
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    edges = set()
    for imported in names:
        while imported and imported not in known:
            imported = imported.rpartition(".")[0]
        # a package's own modules importing the package (kg.x -> kg) is no edge back up
        if imported and imported != name and not name.startswith(imported + "."):
            edges.add(imported)
    return edges


@cache
def graph() -> dict[str, frozenset[str]]:
    return {name: frozenset(_imported(name, path)) for name, path in modules().items()}


def cycles(edges: Mapping[str, Iterable[str]] | None = None) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), sorted."""
    edges = graph() if edges is None else edges
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


def room(module: str) -> str:
    """A module's subpackage (kg.store.http -> kg.store), or the module at kg's top."""
    return ".".join(module.split(".")[:2])


def rooms() -> dict[str, frozenset[str]]:
    """The imports between kg's subpackages and top-level modules."""
    found: dict[str, set[str]] = {}
    for module, imported in graph().items():
        here = found.setdefault(room(module), set())
        here.update(room(i) for i in imported if room(i) != room(module))
    return {name: frozenset(edges) for name, edges in found.items()}


def floors() -> dict[str, int]:
    """Each room's floor: 1 + the highest floor it imports (no cycle between rooms)."""
    edges = rooms()

    @cache
    def floor(name: str) -> int:
        return 1 + max((floor(e) for e in edges[name]), default=0)

    return {name: floor(name) for name in edges}


def _names(node: ast.AST) -> tuple[object, ...]:
    return (getattr(node, "id", None), getattr(node, "name", None), getattr(node, "attr", None))


def mentions(word: str, *, outside: tuple[str, ...]) -> list[str]:
    """Modules whose code names `word`, but for those under the prefixes `outside`."""
    return sorted(
        name
        for name, path in modules().items()
        if not name.startswith(outside)
        and any(word in _names(node) for node in ast.walk(ast.parse(path.read_text("utf-8"))))
    )


def largest_functions(count: int = 8) -> list[tuple[int, str]]:
    sizes = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                sizes.append((node.end_lineno - node.lineno + 1, f"{name}.{node.name}"))
    return sorted(sizes, reverse=True)[:count]


def main() -> None:
    lines = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in modules().items()}
    ordered = sorted(lines.values())
    print(f"modules: {len(lines)}, lines: {sum(ordered)}, median {ordered[len(ordered) // 2]}, "
          f"largest {ordered[-1]}")  # fmt: skip
    print(f"import edges: {sum(len(e) for e in graph().values())}")
    print(f"cycles: {cycles() or 'none'}; between subpackages: {cycles(rooms()) or 'none'}")
    by_floor: dict[int, list[str]] = {}
    for name, floor in floors().items():
        by_floor.setdefault(floor, []).append(name)
    for floor in sorted(by_floor, reverse=True):
        print(f"  floor {floor:2d}: {', '.join(sorted(by_floor[floor]))}")
    below = mentions("default_project", outside=("kg.cli", "kg.pipeline"))
    print(f"default_project below kg.cli: {below or 'none'}")
    for size, where in largest_functions():
        print(f"  {size:4d} lines  {where}")


if __name__ == "__main__":
    main()

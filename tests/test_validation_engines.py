"""kg.validation split by idea: no import cycle; the compiled engine and its pyshacl fallback."""

from __future__ import annotations

import ast
from pathlib import Path

import kg

VALIDATION = Path(kg.__file__).parent / "validation"


def module_name(path: Path) -> str:
    parts = ["kg", *path.relative_to(VALIDATION.parent).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, package: str) -> set[str]:
    """Every module an import statement anywhere in the file names (inside functions too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    """kg.validation's modules and the kg.validation modules each imports (its packages too)."""
    paths = {module_name(p): p for p in VALIDATION.rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        parents = {".".join(name.split(".")[:i]) for i in range(2, name.count(".") + 1)}
        graph[name] = {m for m in imported(path, package) | parents if m in paths} - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles: a path from a module back to itself."""
    found = []
    for start in sorted(graph):
        todo, seen = [[start]], set()
        while todo:
            path = todo.pop()
            for nxt in sorted(graph[path[-1]]):
                if nxt == start:
                    found.append([*path, start])
                elif nxt not in seen:
                    seen.add(nxt)
                    todo.append([*path, nxt])
    return found


def test_the_import_graph_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from kg.validation import shapes\n    from . import api\n")
    assert imported(source, "kg.validation") >= {"kg.validation.shapes", "kg.validation.api"}
    assert {"kg.validation.compiled.engine", "kg.validation.shapes"} <= import_graph()[
        "kg.validation.api"
    ]
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b", "a"], ["b", "a", "b"]]


def test_kg_validation_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []

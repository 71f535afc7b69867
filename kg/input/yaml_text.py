"""Parsing a YAML data file: fast where it is well-formed, explained by line where it is not.

PyYAML's libyaml loader took 6.5-8 s for 10,000 records (more than the rest of
a build); yaml-rs (a Rust YAML 1.2 parser with typed Python bindings) parses
the same text about twenty times faster and refuses duplicate mapping keys,
which PyYAML silently resolves to the last value. Its errors carry no reason
on their first line, so a file it refuses is parsed again with PyYAML, whose
marks give the one-line message with line numbers that nkkg prints; PyYAML
also refuses duplicate keys there, naming both lines.

YAML 1.2's core schema is the one read: `yes`, `no`, `on`, `off` are strings,
not booleans, and `012` is twelve, not octal ten.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
import yaml_rs

# libyaml's parser where PyYAML has it: faster for the error path too
_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoDuplicatesLoader(_BASE_LOADER):
    """PyYAML's safe loader, refusing a mapping key given twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if isinstance(key, str | int | float | bool) and key in first:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first given on line {first[key]})",
                    key_node.start_mark,
                )
            first.setdefault(key, line)
        return super().construct_mapping(node, deep=deep)


# YAML's printable characters (YAML 1.2, 5.1); yaml-rs lets others through in plain scalars
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class YamlSyntaxError(Exception):
    """A file that is not well-formed YAML: the message starts with its line, where known."""


def parse(text: str) -> Any:
    """The data of one YAML document; YamlSyntaxError with a one-line reason."""
    fast_reason = "a character YAML does not allow"
    if not _NOT_PRINTABLE.search(text):
        try:
            return yaml_rs.loads(text)
        except yaml_rs.YAMLDecodeError as err:
            fast_reason = str(err).strip().splitlines()[0] if str(err).strip() else "not YAML"
    try:
        yaml.load(text, Loader=_NoDuplicatesLoader)
    except yaml.YAMLError as err:
        raise YamlSyntaxError(_explain(err)) from None
    # refused by one parser only (a YAML 1.1 / 1.2 difference): the fast parser's reason
    raise YamlSyntaxError(f"YAML syntax error: {fast_reason}")


def _explain(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    line = f"line {mark.line + 1}: " if mark is not None else ""
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context, start = getattr(err, "context", None), getattr(err, "context_mark", None)
    if context and start is not None:
        problem += f" ({context} started on line {start.line + 1})"
    return f"{line}YAML syntax error: {problem}"

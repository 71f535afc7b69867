"""The YAML reader: the fast parser's data, PyYAML's line-numbered reasons, no duplicate keys."""

from __future__ import annotations

import pytest

from kg.input.yaml_text import YamlSyntaxError, parse


def test_records_parse_as_yaml_1_2_core_schema() -> None:
    text = "- id: a\n  start: 1946\n  area: 1.5\n  flag: yes\n  code: 012\n  day: 2010-01-01\n"
    [record] = parse(text)
    assert record["start"] == 1946 and record["area"] == 1.5
    # YAML 1.1 (PyYAML) would read True and 10 here
    assert record["flag"] == "yes" and record["code"] == 12
    assert str(record["day"]) == "2010-01-01"


def test_empty_file_is_none() -> None:
    assert parse("") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- id: a\n  x: 1\n  x: 2\n",
            "line 3: YAML syntax error: duplicate key 'x' (first given on line 2)",
        ),
        (
            "- id: [a\n- id: b\n",
            "line 2: YAML syntax error: did not find expected ',' or ']' "
            "(while parsing a flow sequence started on line 1)",
        ),
        (
            "a: !!python/object:os.system x\n",
            "line 1: YAML syntax error: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system'",
        ),
    ],
)
def test_refused_text_gets_one_line_with_its_line_number(text: str, message: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse(text)
    assert str(caught.value) == message

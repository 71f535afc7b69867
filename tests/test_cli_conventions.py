"""The command line's conventions: instant start, one metavar style, hints, completion."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.app import COMMANDS
from kg.cli.reference import command_at, render
from kg.metadata import version
from kg.sparql.saved import YEAR_RULE, saved_names, saved_queries

# (pydantic is not listed: typer itself converts values with it)
HEAVY = (
    "rdflib",
    "pyshacl",
    "pyoxigraph",
    "yaml",
    "kg.input.model",
    "kg.pipeline",
    "kg.graph.builder",
)


@pytest.mark.slow
def test_help_version_and_completion_import_no_heavy_library() -> None:
    # a fresh process: this one has imported everything already
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from kg.cli import app\n"
        "for args in (['--version'], ['-V'], ['--help'], ['completion', 'bash'],\n"
        "             ['query', '--help'], ['build', '--help']):\n"
        "    result = CliRunner().invoke(app, args, prog_name='nkkg')\n"
        "    assert result.exit_code == 0, (args, result.output)\n"
        "# completing saved-query names and their parameters reads the .rq headers only\n"
        "for words, cword in (('nkkg query first', '2'), ('nkkg query successors -p ', '4')):\n"
        "    env = {'_NKKG_COMPLETE': 'complete_bash', 'COMP_WORDS': words, 'COMP_CWORD': cword}\n"
        "    result = CliRunner().invoke(app, [], env=env, prog_name='nkkg')\n"
        "    assert result.exit_code == 0 and result.stdout.strip(), (words, result.output)\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(','.join(heavy) or 'none')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"


def test_the_root_lists_each_command_by_its_own_summary() -> None:
    for name, entry in COMMANDS.items():
        command = command_at((name,))
        assert command.help is not None
        assert inspect.cleandoc(command.help).splitlines()[0] == entry.summary, name


def test_short_version_flag(run_nkkg) -> None:
    result = run_nkkg("-V")
    assert (result.returncode, result.stdout) == (0, f"nkkg {version()}\n")


def test_one_metavar_style_in_every_help() -> None:
    text = render()
    for typer_style in ("<bool>", "<str>", "<path>", "<float>", "<int>", "[file]", "<text>"):
        assert typer_style not in text
    assert "  -f, --format [turtle|ttl|nt|ntriples|" in text
    assert "  --timeout SECONDS " in text and "--timeout NUMBER" not in text
    assert "  --no-validate   " in text and "  -V, --version  " in text


def test_a_bad_choice_names_the_choices_without_the_validator_prefix(run_nkkg) -> None:
    result = run_nkkg("query", "--list", "--format", "yaml")
    assert result.returncode == 2
    assert "Value error" not in result.stderr
    assert result.stderr.startswith(
        "nkkg: error: Invalid value for '--format' / '-f': 'yaml' is not one of 'table'"
    )


def test_did_you_mean_for_commands_and_saved_queries(run_nkkg) -> None:
    result = run_nkkg("buidl")
    assert (result.returncode, result.stderr) == (
        2,
        "nkkg: error: no such command 'buidl'; did you mean 'build'? (see 'nkkg --help')\n",
    )
    result = run_nkkg("query", "sucessors")
    assert (result.returncode, result.stderr) == (
        2,
        "nkkg: error: unknown query 'sucessors' (did you mean successors? "
        "nkkg query --list shows all 19)\n",
    )


def test_did_you_mean_for_a_mistyped_choice(run_nkkg) -> None:
    result = run_nkkg("query", "hierarchy", "--format", "jsn")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("nkkg: error: ")
    assert result.stderr.endswith(
        "'rdfxml'; did you mean 'json', 'jsonl', 'jsonld'? (see 'nkkg query --help')\n"
    )
    result = run_nkkg("build", "--format", "turtel")
    assert result.returncode == 2
    assert "; did you mean 'turtle', 'ttl'? (see 'nkkg build --help')" in result.stderr
    result = run_nkkg("query", "hierarchy", "--engine", "oxigrph")
    assert "; did you mean 'oxigraph'?" in result.stderr
    # nothing close: the choices alone, as before
    assert "did you mean" not in run_nkkg("query", "--list", "--format", "yaml").stderr


def _complete(shell: str, words: str) -> str:
    env = {"_NKKG_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - (words[-1] != " "))}
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    result = CliRunner().invoke(app, [], env=env, prog_name="nkkg")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_completion_scripts_for_three_shells(run_nkkg) -> None:
    for shell, marker in (("bash", "complete -o"), ("zsh", "#compdef nkkg"), ("fish", "complete")):
        result = run_nkkg("completion", shell)
        assert result.returncode == 0
        assert marker in result.stdout and "_NKKG_COMPLETE" in result.stdout
    assert run_nkkg("completion", "tcsh").returncode == 2


def test_completion_of_commands_queries_and_parameters() -> None:
    assert _complete("bash", "nkkg que").split() == ["query"]
    assert _complete("bash", "nkkg query first-level").split() == [
        "first-level-cities",
        "first-level-divisions-in-year",
        "first-level-in-year",
    ]
    assert _complete("bash", "nkkg query first-level-in-year -p ").split() == ["year="]
    assert '"division="' in _complete("zsh", "nkkg query successors -p ")


def test_query_list_honours_the_format(run_nkkg) -> None:
    listed = json.loads(run_nkkg("query", "--list", "--format", "json").stdout)
    assert [q["name"] for q in listed] == saved_names()
    assert listed[0]["name"] == "changes-between"
    assert listed[0]["parameters"] == [
        {
            "name": name,
            "type": "year",
            "default": default,
            "description": f"The {which} year (1945 to the current year).",
            "rule": YEAR_RULE,
        }
        for name, default, which in (("from", "1953", "first"), ("to", "1955", "last"))
    ]
    assert all(p["rule"] is None for q in listed for p in q["parameters"] if p["type"] != "year")
    assert {q["form"] for q in listed} == {"SELECT"}
    lines = run_nkkg("query", "--list", "--format", "csv").stdout.splitlines()
    assert lines[:2] == [
        "name,title,parameters",
        "changes-between,Changes between two years,"
        f"from: year = 1953 ({YEAR_RULE}); to: year = 1955 ({YEAR_RULE})",
    ]
    result = run_nkkg("query", "--list", "--format", "turtle")
    assert (result.returncode, result.stderr) == (
        2,
        "nkkg: error: --list prints as table, csv, tsv, json or jsonl, not turtle\n",
    )


def test_every_year_query_states_the_boundary_year_rule() -> None:
    """A year of change counts on both sides: each year query's description says so."""
    years = [q for q in saved_queries() if any(p.type == "year" for p in q.parameters)]
    assert len(years) == 8
    for query in years:
        assert "inclusive" in query.answers, query.name
        assert "both" in query.answers, query.name


def test_unusable_input_exits_2_in_every_command(run_nkkg, tmp_path) -> None:
    """The documented rule: 0 ok, 1 the data or the remote said no, 2 unusable input."""
    none = str(tmp_path / "none")
    cases = {
        ("build", "--data", none): f"{none}: no such data folder",
        ("validate", none + ".ttl"): f"{none}.ttl: no such file",
        ("validate", "--data", none): f"{none}: no such data folder",
        ("query", "hierarchy", "--graph", none + ".ttl"): f"{none}.ttl: no such file",
        ("query", "hierarchy", "--data", none): "No such option: --data",
        ("load", "--store", "http://127.0.0.1:1/store", "--data", none): (
            f"{none}: no such data folder"
        ),
        ("serve", "--data", none, "--port", "1"): f"{none}: no such data folder",
        ("publish", "--out", str(tmp_path / "r"), "--issued", "2020-13-45"): (
            "--issued '2020-13-45': expected a date as YYYY-MM-DD"
        ),
        ("diff", none, none): f"{none}: no such release folder or RDF file",
        ("link", "check", "--data", none, "--endpoint", "http://127.0.0.1:1/sparql"): (
            f"{none}: no such data folder"
        ),
        ("data", "export", str(tmp_path / "validate.ttl"), "x"): "Got unexpected extra argument",
        ("completion", "tcsh"): "'tcsh' is not one of 'bash', 'zsh', 'fish'",
    }
    for args, message in cases.items():
        result = run_nkkg(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr, args
        assert len(result.stderr.splitlines()) == 1, args

"""Time travel: `nkkg resolve` and `nkkg crosswalk`, exact answers from the packaged graph.

Expected values are written out from the sources the data cites (the province
and city articles, the ISO 3166-2:KP change log), not read from the data files.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef

from kg.pipeline import default_project
from kg.timetravel import load_timeline, parse_date
from kg.timetravel.crosswalk import COLUMNS, crosswalk, table_rows
from kg.timetravel.resolve import EXISTS, GONE, NOT_YET, fold, resolve
from kg.timetravel.xkos import to_turtle
from tests.support.queries import packaged_query

ID = "https://w3id.org/nkkg/id/"
XKOS = Namespace("http://rdf-vocabulary.ddialliance.org/xkos#")


@pytest.fixture(scope="module")
def timeline():
    return load_timeline(default_project())


def _short(iri: str) -> str:
    return iri.removeprefix(ID)


def test_queries_give_the_same_timeline_on_both_engines(timeline) -> None:
    assert load_timeline(default_project(), engine="rdflib") == timeline


def test_hwanghae_in_1950_is_hwanghae(timeline) -> None:
    [match] = resolve(timeline, "Hwanghae", "1950")
    assert (_short(match.unit.iri), match.status, match.certainty) == (
        "hwanghae",
        EXISTS,
        "certain",
    )
    [state] = match.states
    assert state.period.kind == "https://w3id.org/nkkg/ontology#Province"
    assert [_short(s) for s in state.period.sources] == [
        "source-wp-hwanghae",
        "source-wp-north-hwanghae",
        "source-wp-south-hwanghae",
    ]


def test_hwanghae_in_1960_no_longer_exists_and_names_the_1954_split(timeline) -> None:
    [match] = resolve(timeline, "hwanghae", "1960")
    assert match.status == GONE and match.states == ()
    links = [(a.relation, _short(a.target.iri)) for a in match.links if a.target]
    assert links == [("split into", "north-hwanghae"), ("split into", "south-hwanghae")]
    [event] = {e for a in match.links for e in a.events}
    assert (_short(event.iri), event.year) == ("event-hwanghae-split-1954", 1954)
    assert [_short(s) for s in event.sources] == [
        "source-wp-hwanghae",
        "source-wp-north-hwanghae",
        "source-wp-south-hwanghae",
    ]


def test_hwanghae_in_its_last_year_is_only_possible(timeline) -> None:
    [match] = resolve(timeline, "황해도", "1954")  # the split's day is not known
    assert (match.status, match.certainty) == (EXISTS, "possible")


@pytest.mark.parametrize(
    ("code", "at", "status"),
    [("KP-HWB", "2005", "valid"), ("kp-06", "2015", "valid"), ("KP-HWB", "2010-01-31", "valid")],
)
def test_codes_valid_at_the_date_resolve_to_north_hwanghae(timeline, code, at, status) -> None:
    [match] = resolve(timeline, code, at)
    assert _short(match.unit.iri) == "north-hwanghae"
    assert match.code is not None and match.code.status == status


def test_a_letter_code_after_2010_is_withdrawn_and_names_its_successor(timeline) -> None:
    from kg.timetravel.resolve import describe_code

    [match] = resolve(timeline, "KP-HWB", "2015")
    assert match.code is not None and match.code.status == "withdrawn"
    assert match.code.current == ("KP-06",)
    assert describe_code(match.code, parse_date("2015")) == (
        "KP-HWB withdrawn on 2010-02-03 (valid 1998 to 2010-02-02); at 2015: KP-06"
    )
    [in_2010] = resolve(timeline, "KP-HWB", "2010")  # both codes held in part of 2010
    assert in_2010.code is not None and in_2010.code.certainty == "possible"


def test_nampo_in_2007_was_inside_south_pyongan(timeline) -> None:
    [match] = resolve(timeline, "남포", "2007")
    assert _short(match.unit.iri) == "nampo"
    assert match.how == "name '남포특별시' (ko-hang) without its kind"
    [state] = match.states
    assert (state.period.kind, _short(state.period.parent or ""), state.certainty) == (
        None,
        "south-pyongan",
        "certain",
    )
    assert state.level == 2


def test_names_ignore_case_diacritics_and_punctuation(timeline) -> None:
    assert fold("P'yŏngan-namdo") == fold("PYONGAN NAMDO") == "pyongannamdo"
    [match] = resolve(timeline, "pyongan namdo", "2000")
    assert _short(match.unit.iri) == "south-pyongan"


def test_a_unit_not_yet_formed_names_where_its_territory_was(timeline) -> None:
    [match] = resolve(timeline, "Ryanggang", "1950")
    assert match.status == NOT_YET
    # Ryanggang was formed in 1954 of counties of three provinces (the Korean article)
    assert [(a.relation, _short(a.target.iri)) for a in match.links if a.target] == [
        ("part transferred from", "chagang"),
        ("part transferred from", "north-hamgyong"),
        ("part transferred from", "south-hamgyong"),
    ]


def test_several_matches_are_ranked(timeline) -> None:
    matches = resolve(timeline, "Kaesong", "2010")
    assert [(_short(m.unit.iri), m.status) for m in matches] == [
        ("kaesong", EXISTS),  # inside North Hwanghae 2003-2019
        ("kaesong-industrial-region", EXISTS),  # "Kaesong Industrial Region" without its kind
    ]


def _pairs(walk) -> list[tuple[str, str, str, str, str]]:
    keep = [COLUMNS.index(c) for c in ("from_unit", "to_unit", "relation", "certainty", "share")]
    return [tuple(row[i] for i in keep) for row in table_rows(walk)]  # type: ignore[misc]


def test_crosswalk_1953_to_1955(timeline) -> None:
    walk = crosswalk(timeline, parse_date("1953"), parse_date("1955"), 1)
    assert _pairs(walk) == [
        # Huch'ang county (now Kimhyŏngjik) went to the new Ryanggang, as did Samsa (Paegam)
        ("id:chagang", "id:chagang", "same, part transferred", "certain", "share unknown"),
        ("id:chagang", "id:ryanggang", "part transferred to", "certain", "share unknown"),
        ("id:hwanghae", "id:north-hwanghae", "split into", "certain", "share unknown"),
        ("id:hwanghae", "id:south-hwanghae", "split into", "certain", "share unknown"),
        ("id:kangwon", "id:kangwon", "same", "certain", "whole"),
        (
            "id:north-hamgyong",
            "id:north-hamgyong",
            "same, part transferred",
            "certain",
            "share unknown",
        ),
        ("id:north-hamgyong", "id:ryanggang", "part transferred to", "certain", "share unknown"),
        ("id:north-pyongan", "id:north-pyongan", "same", "certain", "whole"),
        ("id:pyongyang", "id:pyongyang", "same", "certain", "whole"),
        ("id:south-hamgyong", "id:ryanggang", "part transferred to", "certain", "share unknown"),
        (
            "id:south-hamgyong",
            "id:south-hamgyong",
            "same, part transferred",
            "certain",
            "share unknown",
        ),
        ("id:south-pyongan", "id:south-pyongan", "same", "certain", "whole"),
        # the Kaesong Region (chigu) of 1951 was no first-level unit; directly governed from 1955
        ("", "id:kaesong", "no counterpart", "certain", ""),
    ]
    split = next(row for row in table_rows(walk) if row[5] == "id:north-hwanghae")
    assert split[COLUMNS.index("events")] == "id:event-hwanghae-split-1954 (nkkg:Split, 1954)"
    assert split[COLUMNS.index("sources")] == (
        "id:source-wp-hwanghae id:source-wp-north-hwanghae id:source-wp-south-hwanghae"
    )


def test_crosswalk_backwards_reads_the_other_way(timeline) -> None:
    walk = crosswalk(timeline, parse_date("1955"), parse_date("1953"), 1)
    pairs = {(f, t): (r, s) for f, t, r, _, s in _pairs(walk)}
    assert pairs[("id:north-hwanghae", "id:hwanghae")] == ("split from", "whole")
    # Ryanggang came of three provinces' counties: each is a share of it
    assert pairs[("id:ryanggang", "id:south-hamgyong")] == (
        "part transferred from",
        "share unknown",
    )
    assert pairs[("id:kaesong", "")] == ("no counterpart", "")


def test_crosswalk_1953_to_2024(timeline) -> None:
    walk = crosswalk(timeline, parse_date("1953"), parse_date("2024"), 1)
    part, kept, unknown = "part transferred to", "same, part transferred", "share unknown"
    assert _pairs(walk) == [
        ("id:chagang", "id:chagang", kept, "certain", unknown),
        ("id:chagang", "id:ryanggang", part, "certain", unknown),
        ("id:hwanghae", "id:north-hwanghae", "split into", "certain", unknown),
        ("id:hwanghae", "id:south-hwanghae", "split into", "certain", unknown),
        ("id:kangwon", "id:kangwon", kept, "certain", unknown),  # Mount Kumgang, 2002
        # Rason lay inside North Hamgyong until 1993, and again 2004-2009
        ("id:north-hamgyong", "id:north-hamgyong", kept, "certain", unknown),
        ("id:north-hamgyong", "id:rason", part, "certain", unknown),
        ("id:north-hamgyong", "id:ryanggang", part, "certain", unknown),
        ("id:north-pyongan", "id:chagang", part, "certain", unknown),  # Hyangsan, 2023
        ("id:north-pyongan", "id:north-pyongan", kept, "certain", unknown),
        ("id:pyongyang", "id:pyongyang", "same", "certain", "whole"),
        ("id:south-hamgyong", "id:ryanggang", part, "certain", unknown),
        ("id:south-hamgyong", "id:south-hamgyong", kept, "certain", unknown),
        ("id:south-pyongan", "id:nampo", part, "certain", unknown),
        # Chunghwa and Sangwon: to Pyongyang in 1963, to North Hwanghae in 2010
        ("id:south-pyongan", "id:north-hwanghae", part, "certain", unknown),
        ("id:south-pyongan", "id:pyongyang", part, "certain", unknown),
        ("id:south-pyongan", "id:south-pyongan", kept, "certain", unknown),
        ("", "id:kaesong", "no counterpart", "certain", ""),
    ]


def test_crosswalk_at_the_second_level(timeline) -> None:
    walk = crosswalk(timeline, parse_date("2007"), parse_date("2015"), 2)
    pairs = _pairs(walk)
    assert len(pairs) == 72
    assert [p for p in pairs if p[2] != "same"] == [
        (f"id:{unit}", f"id:{unit}", relation, "certain", "whole")
        for unit, relation in (
            ("chollima-guyok", "same, parent changed"),  # Nampo's, to South Pyongan in 2010
            ("chunghwa-county", "same, parent changed"),  # Pyongyang's, to North Hwanghae
            ("kangso-guyok", "same, parent changed"),
            ("nampo", "same, level 1 at 2015"),
            ("onchon-county", "same, parent changed"),
            ("rason", "same, level 1 at 2015"),
            ("ryonggang-county", "same, parent changed"),
            ("sangwon-county", "same, parent changed"),
            ("sungho", "same, parent changed"),
            ("taean-guyok", "same, parent changed"),
        )
    ]
    parents = {row[0]: row[3] for row in table_rows(walk)}
    assert parents["id:nampo"] == "id:south-pyongan"


def test_crosswalk_2009_to_2011_follows_the_2010_transfer(timeline) -> None:
    """The article: Chunghwa, Sangwon and Sungho passed from Pyongyang to North Hwanghae
    in 2010; Kangnam too, and came back in 2011 or 2012 (the sources disagree)."""
    walk = crosswalk(timeline, parse_date("2009"), parse_date("2011"), 2)
    rows = {row[0]: row for row in table_rows(walk)}
    keep = [COLUMNS.index(c) for c in ("from_parent", "to_parent", "relation", "certainty")]
    moved = ["id:pyongyang", "id:north-hwanghae", "same, parent changed"]
    for unit in ("chunghwa-county", "sangwon-county", "sungho"):
        assert [rows[f"id:{unit}"][i] for i in keep] == [*moved, "certain"]
    assert [rows["id:kangnam-county"][i] for i in keep] == [*moved, "possible"]
    assert rows["id:chunghwa-county"][COLUMNS.index("events")] == (
        "id:chunghwa-county-period-3 (nkkg:StatusPeriod, 2010)"
    )
    level1 = crosswalk(timeline, parse_date("2009"), parse_date("2013"), 1)
    pyongyang = [p[1:] for p in _pairs(level1) if p[0] == "id:pyongyang"]
    assert pyongyang == [
        ("id:north-hwanghae", "part transferred to", "certain", "share unknown"),
        ("id:pyongyang", "same, part transferred", "certain", "share unknown"),
    ]


def test_xkos_correspondence(timeline) -> None:
    walk = crosswalk(timeline, parse_date("1953"), parse_date("1955"), 1)
    data = to_turtle(walk)
    assert data == to_turtle(crosswalk(timeline, parse_date("1953"), parse_date("1955"), 1))
    graph = Graph().parse(data=data, format="turtle")
    node = URIRef(f"{ID}crosswalk-level-1-1953-to-1955")
    assert (node, None, XKOS.Correspondence) in graph
    associations = list(graph.objects(node, XKOS.madeOf))
    assert len(associations) == 13
    split = URIRef(f"{node}-003")
    assert graph.value(split, XKOS.sourceConcept) == URIRef(f"{ID}hwanghae")
    assert graph.value(split, XKOS.targetConcept) == URIRef(f"{ID}north-hwanghae")
    notes = sorted(
        str(n) for n in graph.objects(split, URIRef("http://www.w3.org/2004/02/skos/core#note"))
    )
    assert notes == ["certainty: certain", "share unknown"]


def test_cli_resolve_csv(run_nkkg) -> None:
    result = run_nkkg("resolve", "Hwanghae", "--at", "1960", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "rank,unit,name,matched,status,certainty,kind,parent,code,links,sources"
    assert lines[1] == (
        "1,id:hwanghae,Hwanghae,name 'Hwanghae' (en),no longer exists,,,,,"
        "split into id:north-hwanghae (id:event-hwanghae-split-1954 1954); "
        "split into id:south-hwanghae (id:event-hwanghae-split-1954 1954),"
        "id:source-wp-hwanghae id:source-wp-north-hwanghae id:source-wp-south-hwanghae"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("resolve", "Atlantis", "--at", "1950"),
            "nkkg: error: no unit named or coded 'Atlantis' in the graph (names in any script, "
            "ISO 3166-2 codes, slugs and IRIs are looked up)",
        ),
        (
            ("resolve", "Hwanghae", "--at", "1950-13"),
            "nkkg: error: --at '1950-13' is not a date: give a year (1954), "
            "a month (1954-03) or a day (1954-03-01)",
        ),
        (
            ("crosswalk", "--from", "last year", "--to", "2024"),
            "nkkg: error: --from 'last year' is not a date: give a year (1954), "
            "a month (1954-03) or a day (1954-03-01)",
        ),
        (
            ("crosswalk", "--from", "1953", "--to", "2024", "--level", "3"),
            "nkkg: error: --level 3 is not a level (give 1 or 2)",
        ),
    ],
)
def test_cli_errors(run_nkkg, args, message) -> None:
    result = run_nkkg(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message + "\n")


def test_cli_crosswalk_writes_csv_and_xkos(run_nkkg, tmp_path: Path) -> None:
    out = tmp_path / "walk.csv"
    result = run_nkkg("crosswalk", "--from", "1953", "--to", "1955", "-f", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"wrote 13 rows -> {out}\n"
    text = out.read_bytes().decode()
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    assert text.count("\r\n") == 14
    ttl = tmp_path / "walk.ttl"
    result = run_nkkg("crosswalk", "--from", "1953", "--to", "1955", "-f", "xkos", "-o", str(ttl))
    assert result.returncode == 0, result.stderr
    assert "xkos#ConceptAssociation" in ttl.read_text()


def test_convert_a_1953_province_table_to_2024(run_nkkg, tmp_path: Path) -> None:
    table = tmp_path / "survey-1953.csv"
    table.write_text(
        "province,population,note\nHwanghae,100,a\nSouth Pyongan,200,b\n"
        "P'yŏngan-bukto,300,c\nKangwon,50,d\n",
        encoding="utf-8",
    )
    out = tmp_path / "survey-2024.csv"
    args = ("convert", str(table), "-c", "province", "--from", "1953", "--to", "2024")
    result = run_nkkg(*args, "-a", "population", "-o", str(out))
    assert result.returncode == 0, result.stderr
    # only Kangwon kept its 1953 territory whole at this level (Mount Kumgang left it, as
    # a region of no first level); North Pyongan lost Hyangsan, South Pyongan several
    assert out.read_bytes().decode() == "province,population,note\r\nKangwon,50,d\r\n"
    report = (tmp_path / "survey-2024.report.csv").read_text().splitlines()
    assert report[1] == (
        '2,Hwanghae,id:hwanghae,"flagged: one-to-many, not split",'
        "id:north-hwanghae id:south-hwanghae,split into,"
    )
    assert report[3].split(",")[:4] == [
        "4",
        "P'yŏngan-bukto",
        "id:north-pyongan",
        '"flagged: one-to-many',
    ]
    assert report[4].split(",")[:5] == [
        "5",
        "Kangwon",
        "id:kangwon",
        "carried; a part left this level",  # the Mount Kumgang region of 2002
        "id:kangwon",
    ]


def test_convert_sums_units_merged_into_one(timeline, tmp_path: Path) -> None:
    from kg.timetravel.convert import convert

    table = tmp_path / "t.csv"
    table.write_text("city,pop\nNampo,10\nSouth Pyongan,20\n", encoding="utf-8")
    done = convert(
        timeline, table, "city", parse_date("1990"), parse_date("2007"), additive=("pop",)
    )
    assert done.rows == [["South Pyongan", "30"]]  # Nampo inside South Pyongan 2004-2010
    assert [line[3] for line in done.report] == [
        "summed (many-to-one); a part left this level",  # Nampo's districts, inside Nampo
        "summed (many-to-one)",
    ]


def test_convert_bad_table_names_every_row_and_writes_nothing(run_nkkg, tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("province,population\nAtlantis,1\nHwanghae,x\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ("convert", str(table), "-c", "province", "--from", "1953", "--to", "2024")
    result = run_nkkg(*args, "-a", "population", "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"nkkg: error: {table}, row 2, column 'province': no unit named or coded 'Atlantis'",
        f"nkkg: error: {table}, row 3, column 'population': 'x' is not a number",
        f"nkkg: error: {table}: 2 problems; nothing written",
    ]
    assert list(tmp_path.iterdir()) == [table]
    result = run_nkkg(
        "convert", str(table), "-c", "name", "--from", "1953", "--to", "2024", "-o", str(out)
    )
    assert result.stderr.splitlines()[0] == (
        f"nkkg: error: {table}: no column 'name' (columns: province, population)"
    )


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("Hwanghae", 1950, [("hwanghae", "exists", "certain", "Province", "", "", "")]),
        (
            "hwanghae",
            1960,
            [
                (
                    "hwanghae",
                    "no longer exists",
                    "",
                    "",
                    "",
                    "event-hwanghae-split-1954",
                    "north-hwanghae",
                ),
                (
                    "hwanghae",
                    "no longer exists",
                    "",
                    "",
                    "",
                    "event-hwanghae-split-1954",
                    "south-hwanghae",
                ),
            ],
        ),
        ("황해도", 1954, [("hwanghae", "exists", "possible", "Province", "", "", "")]),
        (
            "Ryanggang",
            1950,
            [
                ("ryanggang", "not yet formed", "", "", "", event, other)
                for event, other in (
                    ("event-paekam-renamed-1954", "north-hamgyong"),
                    ("event-ryanggang-formed-1954", "south-hamgyong"),
                    ("event-ryanggang-units-1954", "chagang"),
                    ("event-ryanggang-units-1954", "north-hamgyong"),
                    ("event-ryanggang-units-1954", "south-hamgyong"),
                )
            ],
        ),
        (
            "CHONGJIN",
            1967,
            [
                ("chongjin", "exists", "possible", "", "north-hamgyong", "", ""),
                ("chongjin", "exists", "possible", "DirectlyGovernedCity", "", "", ""),
            ],
        ),
        ("Nampo", 2007, [("nampo", "exists", "certain", "", "south-pyongan", "", "")]),
    ],
)
def test_saved_query_name_in_year(name: str, year: int, expected: list[tuple[str, ...]]) -> None:

    result = packaged_query("name-in-year", {"name": name, "year": year})
    assert result.variables == [
        "division",
        "status",
        "certainty",
        "kind",
        "parent",
        "event",
        "other",
    ]
    ontology = "https://w3id.org/nkkg/ontology#"
    found = [
        tuple("" if t is None else str(t).removeprefix(ID).removeprefix(ontology) for t in row)
        for row in result.rows
    ]
    assert found == expected


def test_saved_query_changes_between() -> None:

    result = packaged_query("changes-between", {"from": 1955, "to": 1953})
    events = sorted({(int(str(r[0])), _short(str(r[1]))) for r in result.rows})
    assert events == [
        (1954, "event-hwanghae-split-1954"),
        (1954, "event-paekam-renamed-1954"),
        (1954, "event-ryanggang-formed-1954"),
        (1954, "event-ryanggang-units-1954"),
        (1955, "kaesong-change-1"),  # Kaesong Region (chigu) becomes directly governed
    ]


def test_release_crosswalk_files(timeline) -> None:
    from kg.timetravel.milestones import census_years, iso_change_days, latest_day
    from kg.timetravel.release import crosswalk_files

    assert census_years(timeline) == [2008]  # every first-level unit of 2008 has its census figure
    # KP-NAJ added; the numeric codes; KP-14 added; KP-15 added (the ISO 3166-2 change log)
    assert [d.isoformat() for d in iso_change_days(timeline)] == [
        "2002-12-10",
        "2010-02-03",
        "2017-11-23",
        "2022-11-29",
    ]
    assert latest_day(timeline) == "2023"  # Hyangsan to Chagang
    files = crosswalk_files(timeline)
    assert sorted(files) == [
        "crosswalks/crosswalks.ttl",
        *(
            f"crosswalks/level-{level}-{first}-to-2023.csv"
            for level in (1, 2)
            for first in ("2002-12-10", "2008", "2010-02-03", "2017-11-23", "2022-11-29")
        ),
    ]
    lines = files["crosswalks/level-1-2008-to-2023.csv"].decode().splitlines()
    rason = list(csv.reader(line for line in lines if line.startswith("id:north-hamgyong")))
    assert [(r[5], r[10]) for r in rason] == [
        ("id:north-hamgyong", "same, part transferred"),
        ("id:rason", "part transferred to"),  # inside North Hamgyong 2004-2009, then a city
    ]
    graph = Graph().parse(data=files["crosswalks/crosswalks.ttl"], format="turtle")
    assert len(set(graph.subjects(None, XKOS.Correspondence))) == 10


def test_year_pages(timeline) -> None:
    from kg.pipeline import default_project
    from kg.publish.site.years import year_pages

    pages = year_pages(timeline, default_project().validated_graph())
    assert sorted(pages) == sorted(
        [f"site/at/{year}.html" for year in range(1945, 2024)] + ["site/at/index.html"]
    )
    page = pages["site/at/1954.html"].decode()
    assert "<h2>Level 1 (11)</h2>" in page  # the six of 1945 less Hwanghae, its two, etc.
    assert (
        '<tr><td><a href="../id/hwanghae.html">Hwanghae</a></td><td>province</td><td></td>'
        "<td>possible</td></tr>"
    ) in page
    assert "<h2>Changes in 1954 (4)</h2>" in page
    assert "id:event-hwanghae-split-1954" in page and "id:event-ryanggang-formed-1954" in page
    assert (
        '<tr><td><a href="../id/nampo.html">Nampo</a></td><td></td>'
        '<td><a href="../id/south-pyongan.html">South Pyongan</a></td><td>certain</td></tr>'
    ) in pages["site/at/2007.html"].decode()


def test_the_docs_show_the_1953_to_2024_table(timeline) -> None:
    """docs/commands.md prints the level-1 table in full: the same rows as the command."""
    text = (Path(__file__).parent.parent / "docs" / "commands.md").read_text(encoding="utf-8")
    block = text.split("`nkkg crosswalk --from 1953 --to 2024 --format csv`:\n\n```csv\n")[1]
    shown = list(csv.reader(block.split("```")[0].splitlines()))
    walk = crosswalk(timeline, parse_date("1953"), parse_date("2024"), 1)
    assert shown[0] == ["from_unit", "to_unit", "relation", "certainty", "share"]
    assert [tuple(row) for row in shown[1:]] == _pairs(walk)

"""The site opened from disk in a real browser (Debian's chromium, headless).

Chromium's own background requests (update checks, time sync) are sent to a
closed local port and its DNS is switched off, so nothing leaves the machine;
the NetLog then shows that the pages themselves asked for no network URL.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from tests.second_level import PROVINCE_UNIT_PERIODS
from tests.test_publish_site import TIMELINE_PERIODS, count, resource_urls

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def site(release: Path) -> Path:
    if CHROMIUM is None:
        pytest.skip(
            "chromium is not installed (Debian: apt-get install -y chromium fonts-noto-cjk)"
        )
    return release / "site"


def chromium(tmp: Path, *args: str) -> tuple[str, list[dict[str, object]]]:
    """Run headless chromium; returns stdout and the NetLog's request-start events."""
    assert CHROMIUM is not None
    netlog = tmp / "netlog.json"
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp / 'profile'}",
            "--proxy-server=http://127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--log-net-log={netlog}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    log = json.loads(netlog.read_text(encoding="utf-8"))
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    starts = [e["params"] for e in log["events"] if names[e["type"]] == "URL_REQUEST_START_JOB"]
    return done.stdout, starts


def page_requests(starts: list[dict[str, object]]) -> list[str]:
    """URLs a page asked for (the browser's own requests have no origin)."""
    return [str(s["url"]) for s in starts if "url" in s and s.get("initiator") != "not an origin"]


PYONGYANG_PERIODS = (
    "SELECT (COUNT(?p) AS ?n) {<https://w3id.org/nkkg/id/pyongyang> nkkg:statusPeriod ?p}"
)


@pytest.mark.parametrize(
    "page,query,bars",
    [
        ("index.html", TIMELINE_PERIODS, 97 + PROVINCE_UNIT_PERIODS),
        ("id/pyongyang.html", PYONGYANG_PERIODS, 1),
    ],
)
def test_page_renders_from_disk(
    site: Path, graph: Graph, tmp_path: Path, page: str, query: str, bars: int
) -> None:
    """The bar count is taken from the graph (and written out, so a change to it is seen)."""
    assert count(graph, query) == bars
    dom, starts = chromium(tmp_path, "--dump-dom", (site / page).as_uri())
    assert "평양직할시" in dom
    assert "平壤直轄市" in dom
    assert len(re.findall(r'<rect class="period"', dom)) == bars
    assert all(url.startswith("#") for url in resource_urls(dom))
    assert [u for u in page_requests(starts) if not u.startswith("file:")] == []


def test_screenshot_of_the_index(site: Path, tmp_path: Path) -> None:
    shot = tmp_path / "index.png"
    _, starts = chromium(
        tmp_path, f"--screenshot={shot}", "--window-size=1200,1400", (site / "index.html").as_uri()
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    assert [u for u in page_requests(starts) if not u.startswith("file:")] == []


def test_search_works_offline(site: Path, tmp_path: Path) -> None:
    """One browser run (each costs 2 s): P'yŏngan typed with its accent and apostrophe
    finds both provinces by their romanized names; search_index is checked without one."""
    url = (site / "index.html").as_uri() + "?q=p%27y%C5%8Fngan"
    dom, starts = chromium(tmp_path, "--dump-dom", url)
    results = dom.split('<ul id="search-results"')[1].split("</ul>")[0]
    assert re.findall(r'href="id/([a-z-]+)\.html"', results) == ["north-pyongan", "south-pyongan"]
    assert [u for u in page_requests(starts) if not u.startswith("file:")] == []

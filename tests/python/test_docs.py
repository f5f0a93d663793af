"""`costper docs` writes dbt's static docs page: one file that needs no server and no network, with the overview,
the exposures, the groups and the warehouse's catalog inlined."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import BuiltDemo, run_cli

EXPOSURES = {"cost_per_outcome_export", "finance_export", "focus_export", "value_report", "scheduled_run"}
TRACKER = "//d1fc8wv8zag5ca.cloudfront.net/2.9.0/sp.js"  # dbt docs' snowplow script
EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


class ResourceLinks(HTMLParser):
    """Every src and href of the page's own elements (a script's text is not markup, so a URL inside the code
    is not collected: only what the browser fetches to render the page)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [(tag, value) for name, value in attrs if name in ("src", "href") and value]


def inlined(page: str, name: str) -> dict:
    """The JSON artifact dbt's static page inlines as `{manifest: {...}, catalog: {...}}`."""
    return json.JSONDecoder().raw_decode(page, page.index(f"{name}:{{") + len(name) + 1)[0]


@pytest.fixture(scope="module")
def docs_page(built_demo: BuiltDemo, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    scratch = tmp_path_factory.mktemp("docs")
    db = scratch / "demo.duckdb"
    shutil.copyfile(built_demo.db, db)
    out = scratch / "site" / "costper_docs.html"
    result = run_cli("docs", "--db", db, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"docs: {out} (open it in a browser; no server needed)\n"
    return out, out.read_text()


def test_docs_page_needs_no_network(docs_page: tuple[Path, str]) -> None:
    _, page = docs_page
    parser = ResourceLinks()
    parser.feed(page)
    assert ("link", "/overview/") in parser.links  # the page's own markup was read, so the check is not vacuous
    assert [link for link in parser.links if EXTERNAL.match(link[1])] == []
    # every script and style is inline, and no stylesheet pulls a font or an image from elsewhere
    assert re.findall(r"<script[^>]+src=|<link[^>]+stylesheet", page, re.IGNORECASE) == []
    assert re.findall(r"url\(\s*['\"]?(?:https?:)?//|@import", page, re.IGNORECASE) == []
    # the app's own code (its templates included) sets two remote URLs: dbt's usage tracker, which it loads only
    # when the inlined manifest says tracking is on, and Angular's IPv6 check on a detached link (never fetched)
    in_code = set(re.findall(r"(?:src|href)\s*=\s*[\"']((?:https?:)?//[^\"']*)", page, re.IGNORECASE))
    assert in_code == {TRACKER, "http://[::1]"}
    assert inlined(page, "manifest")["metadata"]["send_anonymous_usage_stats"] is False


def test_docs_page_has_the_overview_exposures_groups_and_catalog(docs_page: tuple[Path, str]) -> None:
    _, page = docs_page
    manifest, catalog = inlined(page, "manifest"), inlined(page, "catalog")
    overview = manifest["docs"]["doc.costper.__overview__"]["block_contents"]
    assert overview.startswith("# costper: what did each business outcome cost us in AI?")
    for heading in ("## Lineage: raw -> staging -> intermediate -> marts", "## How to read the ledger",
                    "## How to read the marts", "## Where money is exact"):  # fmt: skip
        assert heading in overview
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert exposures.keys() == EXPOSURES
    assert all(e["owner"]["email"] for e in exposures.values())
    assert "model.costper.mart_cost_per_outcome" in exposures["value_report"]["depends_on"]["nodes"]
    groups = {g["name"]: g["owner"]["name"] for g in manifest["groups"].values()}
    assert groups == {"finance": "FinOps", "analytics": "Analytics engineering"}
    assert manifest["nodes"]["model.costper.mart_finance_chargeback"]["group"] == "finance"
    assert manifest["nodes"]["model.costper.mart_cost_per_outcome"]["group"] == "analytics"
    # the catalog came from the built warehouse: the mart's real column types, the semantic layer's spine too
    assert catalog["nodes"]["model.costper.mart_cost_per_outcome"]["columns"]["cost_per_outcome"]["type"] == (
        "DECIMAL(38,12)"
    )
    assert catalog["nodes"]["model.costper.metricflow_time_spine"]["columns"]["date_day"]["type"] == "DATE"

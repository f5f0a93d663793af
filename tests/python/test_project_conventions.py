"""House rules checked on the real project: reader specs agree with the dbt sources, every model has a key
test, marts have enforced contracts and full docs, every CLI command is documented and has an example."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import PROJECT_DIR, BuiltDemo

from ingest.cli import cli
from ingest.dbt import TARGET_DIR
from ingest.raw_tables import table_columns
from ingest.readers import REGISTRY

KEY_TESTS = {"unique", "unique_combination_of_columns"}


def source_tables() -> dict[str, dict[str, str]]:
    """raw table name -> {column: data_type} from every _<source>__sources.yml."""
    tables: dict[str, dict[str, str]] = {}
    for path in (PROJECT_DIR / "models" / "staging").glob("*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                columns = {c["name"]: c["data_type"].replace(" ", "").upper() for c in table.get("columns", [])}
                tables[table.get("identifier", table["name"])] = columns
    return tables


@pytest.mark.parametrize("spec", sorted(REGISTRY.values(), key=lambda s: s.name), ids=lambda s: s.name)
def test_reader_spec_matches_dbt_source(spec) -> None:
    declared = source_tables()[spec.raw_table]
    wanted = {name: type_.replace(" ", "").upper() for name, type_ in table_columns(spec)}
    assert declared == wanted


@pytest.fixture(scope="module")
def manifest(built_demo: BuiltDemo) -> dict:
    return json.loads((TARGET_DIR / "manifest.json").read_text())


def test_every_model_has_a_key_test(manifest: dict) -> None:
    tested: set[str] = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("test_metadata", {}).get("name") in KEY_TESTS:
            tested.update(d for d in node["depends_on"]["nodes"] if d.startswith("model."))
    models = {k for k, n in manifest["nodes"].items() if n["resource_type"] == "model"}
    assert models - tested == set()


def test_model_names_match_their_folders(manifest: dict) -> None:
    prefixes = {"staging": ("stg_",), "intermediate": ("int_",), "marts": ("fct_", "dim_", "mart_"),
                "semantic": ("metricflow_",)}  # fmt: skip
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model":
            layer = Path(node["original_file_path"]).parts[1]
            assert node["name"].startswith(prefixes[layer]), node["original_file_path"]


def test_marts_have_enforced_contracts_and_every_column_described(manifest: dict) -> None:
    marts = [
        n for n in manifest["nodes"].values() if n["resource_type"] == "model" and "/marts/" in n["original_file_path"]
    ]
    assert len(marts) >= 7
    for node in marts:
        assert node["config"]["contract"]["enforced"], node["name"]
        assert node["description"].strip(), node["name"]
        assert all(c.get("description", "").strip() for c in node["columns"].values()), node["name"]


def test_allocation_models_have_unit_tests(manifest: dict) -> None:
    unit_tested = {u["model"] for u in manifest.get("unit_tests", {}).values()}
    for method in ("direct", "person_in_flight", "team_period", "unattributed"):
        assert f"int_allocation__{method}" in unit_tested


def all_commands() -> list[tuple[str, ...]]:
    found = []

    def walk(group, prefix):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                walk(command, (*prefix, name))
            else:
                found.append((*prefix, name))

    walk(cli, ())
    return found


@pytest.mark.parametrize("command", all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: costper " + " ".join(command) in result.output
    readme = (PROJECT_DIR / "README.md").read_text()
    assert re.search(r"costper " + re.escape(" ".join(command)) + r"\b", readme), command

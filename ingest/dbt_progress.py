"""What `costper build` prints while dbt runs: one line per layer (seeds, staging, intermediate, marts, semantic,
tests) and a summary, read from dbt's structured events (`--log-format json`) and its manifest, never from its text.

A layer's line is printed when its last node finishes; the manifest dbt writes before running says how many nodes
each layer has. When it cannot (a `--select`, or another dbt run rewrote target/ meanwhile), the lines come at the end.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

LAYERS = ("seeds", "staging", "intermediate", "marts", "semantic", "models", "snapshots", "tests")
RESULT_EVENTS = {"LogModelResult", "LogSeedResult", "LogTestResult", "LogSnapshotResult", "LogNodeResult",
                 "LogNodeNoOpResult", "LogFunctionResult", "SkippingDetails"}  # fmt: skip
MONEY_TAG = "money"


def layer_of(resource_type: str, path: str) -> str | None:
    """The layer a node belongs to; None for hooks and anything else dbt runs that is not a node of the graph."""
    if resource_type in ("test", "unit_test"):
        return "tests"
    if resource_type in ("seed", "snapshot"):
        return resource_type + "s"
    if resource_type == "model":
        top = path.split("/")[0]
        return top if top in LAYERS else "models"
    return None


@dataclass
class Finished:
    unique_id: str
    name: str
    layer: str
    status: str  # success, error, pass, warn, fail, skipped, no-op
    materialized: str
    failures: int


@dataclass
class Layer:
    total: int | None = None
    started: float | None = None
    ended: float = 0.0
    nodes: list[Finished] = field(default_factory=list)

    def line(self, name: str) -> str:
        kinds = Counter(n.status if n.status not in ("success", "pass") else n.materialized for n in self.nodes)
        if name == "tests":
            kinds = Counter("passed" if n.status == "pass" else n.status for n in self.nodes)
        parts = ", ".join(f"{count} {_plural(kind, count)}" for kind, count in kinds.most_common())
        seconds = max(0.0, self.ended - (self.started or self.ended))
        return f"{name}: {parts} ... {seconds:.0f} s"


def _plural(kind: str, count: int) -> str:
    words = {"view": "views", "table": "tables", "seed": "seeds", "snapshot": "snapshots", "error": "errors",
             "fail": "failed", "warn": "warned"}  # fmt: skip
    word = words.get(kind, kind)  # incremental, ephemeral, skipped, passed, no-op read the same for one or many
    return word[:-1] if count == 1 and word.endswith("s") and kind != word else word


@dataclass
class Progress:
    """Folds dbt's JSON events into layer lines (printed through `echo` as each layer completes) and results."""

    target_dir: Path
    echo: Callable[[str], None]
    invocation_id: str = ""
    manifest: dict = field(default_factory=dict)
    layers: dict[str, Layer] = field(default_factory=lambda: {name: Layer() for name in LAYERS})
    errors: list[str] = field(default_factory=list)
    printed: set[str] = field(default_factory=set)

    def handle(self, event: dict) -> None:
        info, data = event.get("info", {}), event.get("data", {})
        name, node = info.get("name", ""), data.get("node_info") or {}
        self.invocation_id = self.invocation_id or info.get("invocation_id", "")
        if info.get("level") == "error" and info.get("msg"):
            self.errors.append(str(info["msg"]))
        layer = layer_of(node.get("resource_type", ""), node.get("node_path", ""))
        if layer is None:
            return
        if name == "LogStartLine":
            if not self.manifest:
                self._read_manifest(int(data.get("total") or 0))
            self.layers[layer].started = self.layers[layer].started or time.monotonic()
        elif name in RESULT_EVENTS:
            self._finish(layer, node, data, skipped=name == "SkippingDetails")

    def _finish(self, layer: str, node: dict, data: dict, *, skipped: bool) -> None:
        status = "skipped" if skipped else str(node.get("node_status", ""))
        if node.get("resource_type") in ("test", "unit_test") and data.get("status"):
            status = str(data["status"]).lower()  # a unit test's node_status is "None"
        materialized = str(node.get("materialized", ""))
        found = self.layers[layer]
        found.started = found.started or time.monotonic()
        found.ended = time.monotonic()
        found.nodes.append(Finished(node.get("unique_id", ""), node.get("node_name", ""), layer, status, materialized,
                                    int(data.get("num_failures") or 0)))  # fmt: skip
        if found.total is not None and len(found.nodes) == found.total and layer != "tests":
            self._print_layer(layer)

    def _print_layer(self, layer: str) -> None:
        if layer not in self.printed and self.layers[layer].nodes:
            self.printed.add(layer)
            self.echo(self.layers[layer].line(layer))

    def _read_manifest(self, total: int) -> None:
        """Each layer's node count, if the manifest is this run's and the run covers all of it."""
        self.manifest = self.load_manifest() or {"nodes": {}}
        counts = Counter(
            layer_of(n["resource_type"], n.get("path", ""))
            for n in [*self.manifest.get("nodes", {}).values(), *self.manifest.get("unit_tests", {}).values()]
        )
        counts.pop(None, None)
        if sum(counts.values()) == total:
            for layer in LAYERS:
                self.layers[layer].total = counts.get(layer, 0)

    def load_manifest(self) -> dict | None:
        """target/manifest.json if this run wrote it (dbt writes it before running any node)."""
        try:
            manifest = json.loads((self.target_dir / "manifest.json").read_text())
        except (OSError, ValueError):
            return None
        return manifest if manifest.get("metadata", {}).get("invocation_id") == self.invocation_id else None

    def finish(self) -> None:
        """The lines not printed yet (a selection, or the tests, which run beside every layer), in layer order."""
        for layer in LAYERS:
            self._print_layer(layer)

    @property
    def results(self) -> list[Finished]:
        return [n for layer in self.layers.values() for n in layer.nodes]

    def node(self, unique_id: str) -> dict:
        nodes = self.manifest.get("nodes", {})
        return nodes.get(unique_id) or self.manifest.get("unit_tests", {}).get(unique_id) or {}

    def is_money(self, result: Finished) -> bool:
        """A warning is money when its test is tagged so; without this run's manifest, assume it is (a false 3 is
        safer for a scheduler than a silent 0)."""
        node = self.node(result.unique_id)
        return MONEY_TAG in node.get("tags", []) if node else True

    def explain(self, result: Finished) -> str:
        """The test's own sentence (config meta `explain`, with {failures}), else its name and row count."""
        node = self.node(result.unique_id)
        sentence = (node.get("config", {}).get("meta", {}) or {}).get("explain")
        where = f" ({node['original_file_path']})" if node.get("original_file_path") else ""
        if sentence:
            return sentence.format(failures=result.failures).strip() + where
        return f"{result.name}: {result.failures} rows{where}"

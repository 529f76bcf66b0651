"""Domain and services name no wire fields (issue 9): request bodies are read by each
dialect's translator at the edge (`api/v1/`), so that a second dialect drives the same
engine. This test fails on a camelCase string used as a mapping key in
`src/zorders/domain` or `src/zorders/services`: a dict literal key, a subscript, the key
of `.get/.pop/.setdefault`, or the left side of `in`.

Zuora's enum *values* (`"ContractEffective"`) are values, not keys, and are not matched
when they are used as values; where one must be a key, it is named below."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "src" / "zorders"
CAMEL = re.compile(r"^[a-z]+[a-z0-9]*(?:[A-Z][a-zA-Z0-9]*)+$")

# file (relative to src/zorders) -> camelCase keys it may use, and why.
ALLOWED: dict[str, frozenset[str]] = {
    # The tenant settings document is stored JSON of its own, not a request body.
    "services/tenants.py": frozenset(
        {"requireServiceActivation", "requireCustomerAcceptance", "businessErrors", "zuoraLimits"}
    ),
    # The catalog file (docs/catalog-file.md) is a file format of its own.
    "services/catalog_file.py": frozenset({"customFields"}),
    "services/catalog_nodes.py": frozenset({"customFields"}),
    # So is a Zuora catalog export (`zorders catalog import`, decisions.md CI4): Zuora's
    # JSON read as a file, as the catalog file is.
    "services/catalog_import.py": frozenset({"productRatePlans", "nextPage"}),
}


def _keys(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def camel(node: ast.AST | None) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value if CAMEL.match(node.value) else None
        return None

    for node in ast.walk(tree):
        candidates: list[ast.AST | None] = []
        if isinstance(node, ast.Dict):
            candidates.extend(node.keys)
        elif isinstance(node, ast.Subscript):
            candidates.append(node.slice)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("get", "pop", "setdefault") and node.args:
                candidates.append(node.args[0])
        elif isinstance(node, ast.Compare) and any(
            isinstance(op, ast.In | ast.NotIn) for op in node.ops
        ):
            candidates.append(node.left)
        for candidate in candidates:
            name = camel(candidate)
            if name is not None:
                found.append((getattr(candidate, "lineno", 0), name))
    return found


def test_no_camel_case_keys_in_domain_or_services() -> None:
    offenders = []
    for layer in ("domain", "services"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            allowed = ALLOWED.get(relative, frozenset())
            for line, name in _keys(ast.parse(path.read_text(), str(path))):
                if name not in allowed:
                    offenders.append(f"{relative}:{line}: {name!r}")
    assert offenders == [], "wire field names belong to the dialect translators:\n" + "\n".join(
        offenders
    )


def test_the_check_catches_a_wire_key() -> None:
    sample = (
        "def f(body):\n"
        '    return body.get("orderActions"), {"triggerDates": 1}, body["subscriptionNumber"]\n'
    )
    found = sorted(name for _, name in _keys(ast.parse(sample)))
    assert found == ["orderActions", "subscriptionNumber", "triggerDates"]

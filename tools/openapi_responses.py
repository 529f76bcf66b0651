"""Writes `src/zorders/api/openapi/responses.json`: for every operation of the official
client (zuora-sdk: its `resource_path`, HTTP method and the model its `'200'` entry names),
the response model, and the JSON Schema of every such model (by alias, as the client
reads it). `/openapi.json` declares a route's 200 answer with it when the route is one the
client calls; `tests/sdk/test_openapi_responses.py` checks the file is what this makes.

    .venv/bin/python tools/openapi_responses.py          # rewrite the file
    .venv/bin/python tools/openapi_responses.py --check  # exit 1 when it is stale
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from pathlib import Path
from typing import Any

import zuora_sdk
import zuora_sdk.api
from pydantic import BaseModel

OUT = Path(__file__).parents[1] / "src" / "zorders" / "api" / "openapi" / "responses.json"
REF = "#/components/schemas/{model}"

_METHOD = re.compile(r"\n    def (\w+)\(\n")
_OK = re.compile(r"'200': \"(\w+)\"")
_SERIALIZE = re.compile(r"method='(\w+)',\s*resource_path='([^']+)'")


def operations() -> dict[str, str]:
    """'METHOD /path/{}' (parameters unnamed) → the model of the client's 200 answer."""
    out: dict[str, str] = {}
    for name in sorted(dir(zuora_sdk.api)):
        cls = getattr(zuora_sdk.api, name)
        if not (inspect.isclass(cls) and name.endswith("Api")):
            continue
        source = inspect.getsource(cls)
        for method in _METHOD.findall(source):
            if method.startswith("_") or method.endswith(
                ("_with_http_info", "_without_preload_content")
            ):
                continue
            body = inspect.getsource(getattr(cls, method))
            ok = _OK.search(body)
            serialize = inspect.getsource(getattr(cls, f"_{method}_serialize"))
            found = _SERIALIZE.search(serialize)
            if ok is None or found is None:
                continue
            key = f"{found.group(1)} {re.sub(r'{[^}]+}', '{}', found.group(2))}"
            out.setdefault(key, ok.group(1))
    return dict(sorted(out.items()))


def _clean(node: Any) -> Any:
    """The generator's `additional_properties` holder is no key of the answer; descriptions
    are left to Zuora's reference (they would make the document megabytes)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("description", "title", "examples", "example"):
                continue
            if key == "properties":
                value = {k: v for k, v in value.items() if k != "additional_properties"}
            out[key] = _clean(value)
        if "required" in out and "properties" in out:
            out["required"] = [k for k in out["required"] if k in out["properties"]] or None
            if out["required"] is None:
                del out["required"]
        return out
    if isinstance(node, list):
        return [_clean(item) for item in node]
    return node


def schemas(models: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(models):
        model: type[BaseModel] = getattr(zuora_sdk, name)
        schema = model.model_json_schema(by_alias=True, ref_template=REF, mode="validation")
        for sub, sub_schema in schema.pop("$defs", {}).items():
            out[sub] = _clean(sub_schema)
        out[name] = _clean(schema)
    return dict(sorted(out.items()))


def served() -> set[str]:
    """Our operations, keyed as `operations` keys the client's."""
    from fastapi.openapi.utils import get_openapi

    from zorders.api.app import create_app
    from zorders.bootstrap import build
    from zorders.settings import Settings

    app = create_app(build(Settings(database_url="sqlite://")).api_dependencies())
    return {
        f"{method.upper()} {re.sub(r'{[^}]+}', '{}', path)}"
        for path, item in get_openapi(title="", version="", routes=app.routes)["paths"].items()
        for method in item
    }


def document() -> dict[str, Any]:
    ours = served()
    ops = {key: model for key, model in operations().items() if key in ours and model != "str"}
    return {"operations": ops, "schemas": schemas(set(ops.values()))}


def main() -> int:
    text = json.dumps(document(), indent=None, sort_keys=True, separators=(",", ":")) + "\n"
    if "--check" in sys.argv:
        return 0 if OUT.exists() and OUT.read_text() == text else 1
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""API fuzzing: schemathesis generates requests from the OpenAPI schema; every role sends each of them.

Each generated request is sent as the public and as every role (bureau, department, district,
enterprise, expert), through Django's test client on the test database, and again with the path's
id replaced by an object that exists (so that real bodies, not only 404s, are checked against the
schema). Checks: no 5xx, a documented status for every success, a body that matches the schema, and
error answers (400/401/403/404/405/409/429) with DRF's error shape. The number of examples is bounded
and derandomised for CI (``NPGOV_FUZZ_EXAMPLES``, default 5). Nothing is excluded: every operation of
the schema is fuzzed (``test_every_operation_is_fuzzed``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlencode

import pytest
import requests
import schemathesis
from django.test import Client
from django.urls import Resolver404, resolve
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, checks

from tests.conftest import Personas, client_for

pytestmark = pytest.mark.django_db

FUZZ_ROLES = ("anonymous", "bureau", "department", "district", "enterprise", "expert")
MAX_EXAMPLES = int(os.environ.get("NPGOV_FUZZ_EXAMPLES", "5"))
ERROR_STATUSES = {400, 401, 403, 404, 405, 409, 415, 429}
STATS: dict[str, int] = {"examples": 0, "requests": 0, "5xx": 0}


def _schema_dict() -> dict[str, Any]:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


SCHEMA_DICT = _schema_dict()
schema = schemathesis.openapi.from_dict(SCHEMA_DICT)
# The coverage phase's exhaustive boundary cases are not bounded by max_examples: CI runs the examples
# declared in the schema and the bounded fuzzing phase (positive and negative data) only.
schema.config.phases.coverage.enabled = False
schema.config.phases.stateful.enabled = False


def _operations() -> Iterator[tuple[str, str]]:
    for path, item in SCHEMA_DICT["paths"].items():
        for method in item:
            if method in {"get", "put", "post", "patch", "delete", "head", "options"}:
                yield method.upper(), path


@pytest.fixture
def world(personas: Personas) -> dict[str, Any]:
    """Objects of every kind (the access matrix's targets), their ids keyed by the API's path prefix."""
    from tests.core.test_access_matrix import _targets

    targets = _targets(personas)
    from django.urls import reverse

    ids: dict[str, Any] = {}
    from tests.access_expectations import EXPECTED as BASE
    from tests.core.test_access_matrix import EXPECTED as ALL

    for name, spec in {**BASE, **ALL}.items():
        if name.startswith("api:") and spec.get("target"):
            value = targets[spec["target"]]()
            value = value[0] if isinstance(value, tuple) else value
            template = reverse(name, args=[987654321]).replace("987654321", "{}")
            ids[template] = value
    clients = {role: client_for(personas.get(role)) for role in FUZZ_ROLES}
    return {"ids": ids, "clients": clients}


def _send(client: Client, case: Any, path: str) -> tuple[Any, schemathesis.Response]:
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    query = kwargs.get("params") or {}
    body = kwargs.get("json")
    skip = {"user-agent", "x-schemathesis-testcaseid"}
    headers = {k: v for k, v in (kwargs.get("headers") or {}).items() if k.lower() not in skip}
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k.lower() != "content-type"}
    url = f"{path}?{urlencode(query, doseq=True)}" if query else path
    data = json.dumps(body) if body is not None else ""
    response = client.generic(case.method, url, data=data, content_type="application/json", **extra)
    prepared = requests.Request(case.method, f"http://testserver{path}", params=query, json=body).prepare()
    wrapped = schemathesis.Response(
        status_code=response.status_code,
        headers={k.lower(): [v] for k, v in response.headers.items()},
        content=b"" if getattr(response, "streaming", False) else response.content,
        request=prepared,
        elapsed=0.0,
        verify=True,
    )
    return response, wrapped


def _known_path(case: Any, ids: dict[str, Any]) -> str | None:
    """The generated path with its id replaced by an existing object's, if the operation has one."""
    if not case.path_parameters:
        return None
    name = next(iter(case.path_parameters))
    template = case.path.replace("{" + name + "}", "{}")
    if template not in ids or len(case.path_parameters) != 1:
        return None
    return template.format(ids[template])


def _routed(path: str) -> bool:
    """Whether the path reaches an API view (a value outside a path converter's pattern gets Django's 404 page)."""
    try:
        resolve(unquote(path))
    except Resolver404:
        return False
    return True


def _check(case: Any, raw: Any, wrapped: schemathesis.Response, role: str, path: str) -> None:
    where = f"{case.method} {path} as {role} -> {raw.status_code}\n{case.as_curl_command()}"
    assert raw.status_code < 500, f"server error: {where}\n{wrapped.text[:2000]}"
    if raw.status_code in ERROR_STATUSES:
        # DRF's error shape: an object (detail or field messages) or a list of messages
        if wrapped.content and _routed(path):
            assert "json" in raw.get("Content-Type", ""), f"error without JSON: {where}"
            assert isinstance(json.loads(wrapped.content), (dict, list)), where
        return
    case.validate_response(
        wrapped,
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
        ],
    )


def _fuzz_operation(operation: Any, world: dict[str, Any]) -> None:
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        try:
            strategies.append(operation.as_strategy(mode))
        except Exception:  # noqa: BLE001 — an operation without parameters has no negative form
            continue

    @given(case=st.one_of(*strategies))
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the failing example is reported as found
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        STATS["examples"] += 1
        paths = [case.formatted_path]
        known = _known_path(case, world["ids"])
        if known:
            paths.append(known)
        for role in FUZZ_ROLES:
            for path in paths:
                raw, wrapped = _send(world["clients"][role], case, path)
                STATS["requests"] += 1
                if raw.status_code >= 500:
                    STATS["5xx"] += 1
                _check(case, raw, wrapped, role, path)

    run()


def test_api_fuzz(world: dict[str, Any]) -> None:
    """Every operation, each generated request sent by every role; all failures are listed at the end."""
    failures: dict[str, str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        try:
            _fuzz_operation(operation, world)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 — collected, reported together below
            failures[f"{operation.method.upper()} {operation.path}"] = str(exc)[:4000]
    print(  # noqa: T201 — the figures of the closing note
        f"FUZZ operations={len(operations)} examples={STATS['examples']} requests={STATS['requests']} "
        f"roles={len(FUZZ_ROLES)} 5xx={STATS['5xx']} failing_operations={len(failures)}"
    )
    assert not failures, "\n\n".join(f"== {name}\n{text}" for name, text in sorted(failures.items()))


def test_every_operation_is_fuzzed() -> None:
    operations = sorted(f"{m} {p}" for m, p in _operations())
    fuzzed = sorted(f"{r.ok().method.upper()} {r.ok().path}" for r in schema.get_all_operations())
    assert operations == fuzzed

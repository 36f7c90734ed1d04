"""``kpi serve``: the live page and the CLI's JSON at /api/…, read-only (issue 12)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kpitrack.service import Place

from .conftest import ROOT, Invoke, dump
from .test_formats import validator


@pytest.fixture
def client(landed: Invoke, workdir: Path) -> Iterator[object]:
    from starlette.testclient import TestClient

    from kpitrack.web import make_app

    with TestClient(make_app(Place())) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("path", "name", "command"),
    [
        ("/api/status?as_of=2024-07-05", "status", ["status", "--as-of", "2024-07-05"]),
        ("/api/due?as_of=2024-07-05", "due", ["due", "--as-of", "2024-07-05"]),
        ("/api/summary?as_of=2024-07-08", "summary", ["summary", "--as-of", "2024-07-08"]),
        (
            "/api/history/signed-projects-landed?as_of=2024-07-05",
            "history",
            ["history", "signed-projects-landed", "--as-of", "2024-07-05"],
        ),
        ("/api/list", "list", ["list"]),
        ("/api/imports", "imports", ["imports"]),
    ],
)
def test_api_serves_the_cli_json_documents(
    client: object, landed: Invoke, path: str, name: str, command: list[str]
) -> None:
    response = client.get(path)  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    document = response.json()
    validator(name).validate(document)
    printed = landed(*command, "--format", "json")
    assert printed.exit_code == 0, printed.output
    assert document == json.loads(printed.stdout)


def test_a_click_keeps_the_pages_date_and_language(client: object) -> None:
    page = client.get("/?as_of=2024-06-30&lang=en").text  # type: ignore[attr-defined]
    assert 'href="indicators/signed-projects-landed?as_of=2024-06-30&amp;lang=en"' in page
    story = client.get(  # type: ignore[attr-defined]
        "/indicators/signed-projects-landed?as_of=2024-06-30&lang=en"
    ).text
    assert 'href="../?as_of=2024-06-30&amp;lang=en"' in story


def test_page_takes_its_filters_as_query_parameters(client: object) -> None:
    page = client.get("/?as_of=2024-06-30&owner=教育局&lang=en")  # type: ignore[attr-defined]
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="en">' in page.text and "As of 2024-06-30" in page.text
    assert 'href="indicators/' in page.text  # live: each indicator links to its history
    story = client.get("/indicators/signed-projects-landed?as_of=2024-07-05")  # type: ignore[attr-defined]
    assert story.status_code == 200 and "签约项目落地" in story.text and "<table" in story.text


@pytest.mark.parametrize(
    ("path", "status", "said"),
    [
        ("/?as_of=2024-13-45", 400, "2024-13-45"),
        ("/api/status?period=1999", 400, "1999"),
        ("/api/due?owner=不存在的局", 400, "不存在的局"),
        ("/?lang=fr", 400, "zh 或 en"),
        ("/indicators/no-such-indicator", 404, "no-such-indicator"),
        ("/api/history/no-such-indicator", 404, "no-such-indicator"),
        ("/admin", 404, "/admin"),
    ],
)
def test_bad_requests_get_one_sentence(client: object, path: str, status: int, said: str) -> None:
    response = client.get(path)  # type: ignore[attr-defined]
    assert response.status_code == status
    assert said in response.text and "Traceback" not in response.text
    if path.startswith("/api/"):
        assert said in response.json()["error"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/", "/api/status", "/indicators/signed-projects-landed"])
def test_nothing_is_written_every_other_method_refused(
    client: object, workdir: Path, method: str, path: str
) -> None:
    before = dump(workdir)
    response = client.request(method, path, content=b"value=99")  # type: ignore[attr-defined]
    assert response.status_code == 405
    assert "只读" in response.text and response.headers["allow"] == "GET, HEAD"
    assert dump(workdir) == before


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture
def served(landed: Invoke, workdir: Path) -> Iterator[str]:
    """``kpi serve`` as a real process on a free port of this computer; its address."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "KPI_LANG": "zh"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kpitrack", "serve", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stderr.read().decode() if process.stderr else "exited")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_kpi_serve_serves_the_page_and_the_api_on_localhost(served: str) -> None:
    status, page = fetch(served + "/?as_of=2024-06-30")
    assert status == 200 and "签约项目落地" in page and "截至 2024-06-30" in page
    status, body = fetch(served + "/api/status?as_of=2024-06-30")
    assert status == 200
    validator("status").validate(json.loads(body))
    status, body = fetch(served + "/api/history/no-such-indicator")
    assert status == 404


def test_kpi_serve_listens_on_localhost_unless_told() -> None:
    import typer

    from kpitrack.cli import app

    group = typer.main.get_command(app)  # commands load as they are asked for
    serve = group.get_command(None, "serve")  # type: ignore[attr-defined, arg-type]
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


def test_a_port_out_of_range_is_a_usage_error(kpi: Invoke) -> None:
    result = kpi("serve", "--port", "99999")
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize(
    "path",
    [
        "/?as_of=2024-07-05&lang=en",
        "/?as_of=2024-07-05&period=2023&lang=en",
        "/indicators/signed-projects-landed?as_of=2024-07-05&lang=en",
        "/indicators/tencent-esports?as_of=2024-07-05&lang=en",
        "/indicators/no-such-indicator?lang=en",
        "/?as_of=2024-13-45&lang=en",
        "/admin?lang=en",
    ],
)
def test_served_pages_in_english_hold_chinese_only_as_data(client: object, path: str) -> None:
    """lang=en: the live page, an indicator's story and a refusal speak English (issue 14)."""
    from .test_english_output import assert_english

    client.get("/?lang=zh")  # type: ignore[attr-defined]  # the request before spoke Chinese
    assert_english(client.post(path).text)  # type: ignore[attr-defined]
    client.get("/?lang=zh")  # type: ignore[attr-defined]
    assert_english(client.get(path).text)  # type: ignore[attr-defined]

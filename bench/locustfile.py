"""The users of ``bench/load.py`` (locust): officials reading lists, workspaces and maps, enterprises filling in
their survey report line by line, and one monitoring official importing results files through the Celery worker.

Run by ``bench/load.py`` (which prepares the database, the fixture file and the servers); on its own:
``NPGOV_LOAD_FIXTURE=fixture.json NPGOV_LOAD_OUT=out.json locust -f bench/locustfile.py --headless -u 50 -r 10
-t 60s --host http://127.0.0.1:8000``. Every request is recorded as either ``trivial`` (``/healthz/``, the
yardstick) or part of the mix; at the end the client-side counts (lines the server accepted, import jobs that
succeeded and their rows) go to ``NPGOV_LOAD_OUT`` so that ``load.py`` can compare them with the rows stored.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

FIXTURE: dict[str, Any] = json.loads(Path(os.environ.get("NPGOV_LOAD_FIXTURE", "/dev/null")).read_text() or "{}")
OUT = os.environ.get("NPGOV_LOAD_OUT", "")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SELECT = re.compile(r'<select name="(col_\d+)"[^>]*>(.*?)</select>', re.S)
SELECTED = re.compile(r'<option value="([^"]*)"[^>]*\bselected\b')
STATUS = re.compile(r'"status":\s*"(\w+)"')

COUNTS: dict[str, Any] = {"accepted_lines": {}, "imports_ok": 0, "import_rows_ok": 0, "imports_failed": 0}
TIMES: dict[str, list[float]] = {"mix": [], "trivial": []}
ERRORS: list[str] = []
_enterprise = itertools.count()
_official = itertools.count()
_batch = itertools.count(1)


@events.request.add_listener
def _record(request_type: str, name: str, response_time: float, response_length: int, exception: Any = None,
            **_: Any) -> None:  # fmt: skip
    if exception is not None:
        ERRORS.append(f"{request_type} {name}: {exception}")
    if name == "login":
        return
    TIMES["trivial" if name == "trivial" else "mix"].append(response_time)


@events.test_stop.add_listener
def _write(**_: Any) -> None:
    if OUT:
        Path(OUT).write_text(json.dumps({"counts": COUNTS, "times": TIMES, "errors": ERRORS[:50],
                                         "error_count": len(ERRORS)}))  # fmt: skip


class Signed(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    username = ""

    def sign_in(self, username: str) -> None:
        self.username = username
        page = self.client.get("/accounts/login/", name="login")
        token = CSRF.search(page.text)
        with self.client.post("/accounts/login/", name="login", allow_redirects=False, catch_response=True,
                              data={"username": username, "password": FIXTURE["password"],
                                    "csrfmiddlewaretoken": token.group(1) if token else ""}) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"sign-in of {username} answered {response.status_code}")

    def csrf_from(self, text: str) -> str:
        match = CSRF.search(text)
        return match.group(1) if match else self.client.cookies.get("csrftoken", "")

    @task(2)
    def trivial(self) -> None:
        self.client.get("/healthz/", name="trivial")


class Official(Signed):
    """Bureau, department and district staff: workspaces, lists, the map, the inventory."""

    weight = 5

    def on_start(self) -> None:
        officials = FIXTURE["officials"]
        self.sign_in(officials[next(_official) % len(officials)])
        views = FIXTURE.get("views_for", {}).get(self.username, {})
        self.lists, self.details = views.get("lists", FIXTURE["lists"]), views.get("details", FIXTURE["details"])

    @task(3)
    def workspace(self) -> None:
        self.client.get("/", name="workspace")

    @task(6)
    def lists(self) -> None:
        path = random.choice(self.lists)
        self.client.get(path, name=f"list {path}")

    @task(2)
    def map_page(self) -> None:
        self.client.get("/monitoring/map/", name="map")
        self.client.get("/monitoring/map/data/", name="map data")

    @task(1)
    def detail(self) -> None:
        path = random.choice(self.details)
        self.client.get(path, name="detail")


class Enterprise(Signed):
    """An enterprise filling in its survey report: one new substance × activity line at a time."""

    weight = 4

    def on_start(self) -> None:
        mine = FIXTURE["enterprises"][next(_enterprise) % len(FIXTURE["enterprises"])]
        self.sign_in(mine["username"])
        self.submission = mine["submission"]
        self.pairs = [(cas, activity) for activity in FIXTURE["activities"] for cas in FIXTURE["substances"]]
        random.Random(self.submission).shuffle(self.pairs)
        COUNTS["accepted_lines"].setdefault(str(self.submission), [])

    @task(2)
    def workspace(self) -> None:
        self.client.get("/", name="workspace")

    @task(4)
    def add_line(self) -> None:
        url = f"/surveys/submissions/{self.submission}/"
        page = self.client.get(url, name="submission")
        accepted = COUNTS["accepted_lines"][str(self.submission)]
        if not self.pairs:
            return
        cas, activity = self.pairs.pop()
        data = {"action": "line", "identifier": cas, "activity": activity, "quantity_t": "12.5", "uses": "基准测试",
                "release_air_kg": "1", "release_water_kg": "0.5", "release_soil_kg": "0", "transfer_kg": "2",
                "csrfmiddlewaretoken": self.csrf_from(page.text)}  # fmt: skip
        with self.client.post(url, data=data, name="submission line", allow_redirects=False,
                              headers={"Referer": self.host + url}, catch_response=True) as response:  # fmt: skip
            if response.status_code == 302:
                accepted.append(f"{cas}|{activity}")
            else:
                response.failure(f"line {cas} {activity} answered {response.status_code}")


class Importer(Signed):
    """A monitoring official importing a results file (a Celery job) and waiting for it to finish."""

    fixed_count = 1
    wait_time = between(2, 4)

    def on_start(self) -> None:
        self.sign_in(FIXTURE["importer"])

    def results_file(self, batch: int) -> tuple[bytes, int]:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["site_code", "sampled_at", "substance", "value", "unit", "lod", "loq", "matrix", "lab",
                         "method", "sample_code"])  # fmt: skip
        rows = 0
        for sample in range(FIXTURE["import_samples"]):
            site = FIXTURE["sites"][(batch * 31 + sample) % len(FIXTURE["sites"])]
            when = f"2025-{1 + sample % 12:02d}-{1 + (batch + sample) % 28:02d} {8 + sample % 9:02d}:{batch % 60:02d}"
            for n, cas in enumerate(FIXTURE["monitoring_substances"]):
                value = "ND" if (sample + n) % 5 == 0 else f"{0.5 + (sample * 7 + n) % 40 / 10:.2f}"
                writer.writerow([site, when, cas, value, "ng/L", "0.1", "0.3", "水", FIXTURE["lab"], "HJ 1333-2023",
                                 f"LOAD-{os.getpid()}-{batch:04d}-{sample:04d}"])  # fmt: skip
                rows += 1
        return out.getvalue().encode(), rows

    @task
    def import_results(self) -> None:
        batch = next(_batch)
        data, rows = self.results_file(batch)
        page = self.client.get("/monitoring/results/import/", name="import page")
        upload = self.client.post("/monitoring/results/import/", name="import upload", allow_redirects=False,
                                  data={"csrfmiddlewaretoken": self.csrf_from(page.text)},
                                  files={"file": (f"load-{batch}.csv", data, "text/csv")})  # fmt: skip
        if upload.status_code != 302:
            return
        mapping_url = upload.headers["Location"]
        mapping = self.client.get(mapping_url, name="import mapping")
        form = {"csrfmiddlewaretoken": self.csrf_from(mapping.text), "action": "import", "background": "1"}
        for name, options in SELECT.findall(mapping.text):
            chosen = SELECTED.search(options)
            form[name] = chosen.group(1) if chosen else ""
        with self.client.post(mapping_url, data=form, name="import start", allow_redirects=False,
                              catch_response=True) as started:  # fmt: skip
            if started.status_code != 302 or "/core/jobs/" not in started.headers.get("Location", ""):
                started.failure(f"import did not start a job: {started.status_code}")
                return
        job_id = started.headers["Location"].rstrip("/").split("/")[-1]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job = self.client.get(f"/api/core/jobs/{job_id}/", name="import job")
            status = STATUS.search(job.text)
            if status and status.group(1) in ("succeeded", "failed"):
                if status.group(1) == "succeeded":
                    COUNTS["imports_ok"] += 1
                    COUNTS["import_rows_ok"] += rows
                else:
                    COUNTS["imports_failed"] += 1
                    ERRORS.append(f"import job {job_id} failed: {job.text[:300]}")
                return
            time.sleep(1)
        ERRORS.append(f"import job {job_id} did not finish in 120 s")

"""scripts/security_scan.py (``make security``, README "Security scan"): what its crawl reads off
a page, what it keeps away from the scanners, and what counts as a finding. The scan itself runs
the scanners against a live server for minutes and is not part of ``make test``."""

import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scan():
    spec = importlib.util.spec_from_file_location(
        "security_scan", ROOT / "scripts/security_scan.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PAGE = """
<a href="/events/?page=2&amp;q=le">next</a> <a href="https://elsewhere.example/x">out</a>
<a href="//elsewhere.example/y">out</a> <input data-suggest-url="/places/suggest?scheme=post2025">
<form method="get" action="/events/">
  <input name="q" value="">
  <input name="since" type="date">
  <select name="kind"><option value="">any</option><option value="launch_ceremony">launch</option>
    <option value="training">training</option></select>
  <input type="checkbox" name="overdue" value="y">
</form>
<form method="post" action="/language"><input name="next" value="/events/"></form>
"""


def test_the_crawl_reads_links_script_addresses_and_get_forms_with_values_they_accept(scan):
    page = scan._Page()
    page.feed(PAGE)
    assert page.addresses == [
        "/events/?page=2&q=le", "/places/suggest?scheme=post2025", "/events/", "/language",
    ]  # fmt: skip
    assert page.get_forms == [
        ("/events/", {"q": "", "since": scan.DATE, "kind": "launch_ceremony", "overdue": "y"})
    ]


def test_signing_out_and_destructive_routes_are_kept_from_the_scanners(scan):
    for path in ("/logout", "/beneficiaries/7/erase", "/gifts/2/handovers/9/void",
                 "/admin/users/3/active", "/campaigns/1/close", "/static/css/app.css"):  # fmt: skip
        assert scan.excluded(path, scan.EXCLUDED), path
    for path in ("/beneficiaries/", "/beneficiaries/7", "/gifts/2/handover", "/admin/users/",
                 "/account/password", "/events/"):  # fmt: skip
        assert not scan.excluded(path, scan.EXCLUDED), path


def test_a_target_keeps_every_parameter_and_prefers_the_print_view_of_an_export(scan):
    target = scan.Target("/reports/events", "/reports/events", {"format": "print", "q": ""})
    assert target.url == "/reports/events?format=print&q="


def _line(**fields) -> str:
    return json.dumps({"level": "INFO", "message": "", **fields})


def test_the_server_logs_count_errors_5xx_tracebacks_and_gunicorn_warnings_only(scan, tmp_path):
    application = scan.Application(tmp_path)
    application.log.write_text(
        "\n".join([
            _line(message="GET /events/ 200 4.1 ms", status=200),
            _line(message="GET /events/?q=%27 400 3.0 ms", status=400),
            _line(message="GET /gifts/2 503 9.0 ms", status=503),
            _line(level="ERROR", message="Exception on /events/", exception_type="ValueError"),
            "Traceback (most recent call last):",
        ])
    )  # fmt: skip
    application.gunicorn_log.write_text(
        "[2026-12-07 16:30:00 +0000] [7] [CRITICAL] WORKER TIMEOUT\n"
        "[2026-12-07 16:31:00 +0000] [8] [WARNING] Invalid request from ip=127.0.0.1: "
        "Request Line is too large (4362 > 4094)\n"
    )
    assert application.problems() == [
        "[2026-12-07 16:30:00 +0000] [7] [CRITICAL] WORKER TIMEOUT",
        "INFO GET /gifts/2 503 9.0 ms",
        "ERROR Exception on /events/ ValueError",
        "Traceback (most recent call last):",
    ]


def test_every_injectable_parameter_sqlmap_lists_is_a_finding_unless_it_ruled_it_out(
    scan, tmp_path, capsys
):
    header = "Target URL,Place,Parameter,Technique(s),Note(s)\n"
    (tmp_path / "results-0.csv").write_text(header)
    (tmp_path / "results-1.csv").write_text(
        header
        + "http://127.0.0.1:5000/events/?q=1,GET,q,BT,\n"
        + "http://127.0.0.1:5000/gifts/2/nominate?from=,GET,from,B,false positive or unexploitable\n"
    )
    assert scan.sqlmap_findings(tmp_path) == ["sqlmap: q of http://127.0.0.1:5000/events/?q=1 (BT)"]
    assert "ruled out by sqlmap" in capsys.readouterr().out


def test_every_vulnerability_and_anomaly_wapiti_reports_is_a_finding(scan, tmp_path):
    entry = {"method": "POST", "path": "/language", "parameter": "next", "info": "CRLF"}
    report = {
        "vulnerabilities": {"CRLF Injection": [entry], "Cross Site Scripting": []},
        "anomalies": {"Internal Server Error": [{**entry, "info": "500"}]},
        "additionals": {"Fingerprint web technology": [entry]},
        "infos": {"crawled_pages_nbr": 3},
    }
    (tmp_path / "report.json").write_text(json.dumps(report))
    assert scan.wapiti_findings(tmp_path) == [
        "wapiti vulnerability, CRLF Injection: POST /language next: CRLF",
        "wapiti anomaly, Internal Server Error: POST /language next: 500",
    ]
    (tmp_path / "report.json").unlink()
    assert scan.wapiti_findings(tmp_path)[0].startswith("wapiti wrote no report")


def test_wapiti_attacks_one_request_of_each_shape_with_its_first_fields(scan, tmp_path):
    from werkzeug.routing import Map, Rule

    url_map = Map([
        Rule("/activities/<int:activity_id>/targets", methods=["POST"]),
        Rule("/activities/reports/<int:report_id>/correct", methods=["GET", "POST"]),
    ])  # fmt: skip
    (tmp_path / "session").mkdir()
    (tmp_path / "report.json").write_text("{}")  # the crawl's: no attack ran
    database = sqlite3.connect(tmp_path / "session" / "127.0.0.1_5000_folder_1.db")
    database.executescript(
        "CREATE TABLE paths (path_id INTEGER PRIMARY KEY, path TEXT, method TEXT, evil BOOLEAN);"
        "CREATE TABLE params (param_id INTEGER PRIMARY KEY, path_id INTEGER, type TEXT,"
        " position INTEGER, name TEXT);"
    )
    requests = {
        1: ("/activities/reports/7/correct", "GET", []),
        2: ("/activities/reports/8/correct", "GET", []),  # the same shape as 1
        3: ("/activities/reports/7/correct", "POST", ["csrf_token", "done_on"]),
        4: (
            "/activities/7/targets",
            "POST",
            ["csrf_token", *(f"target-{unit}-funds" for unit in range(300, 330))],
        ),
        5: ("/activities/8/targets", "POST", ["csrf_token", "target-283-funds"]),  # as 4
        6: ("/elsewhere", "GET", ["q"]),  # no rule: its own path is its shape
    }
    for path_id, (path, method, names) in requests.items():
        database.execute("INSERT INTO paths VALUES (?, ?, ?, 0)",
                         (path_id, f"http://127.0.0.1:5000{path}", method))  # fmt: skip
        for position, name in enumerate(names):
            database.execute("INSERT INTO params (path_id, type, position, name) VALUES "
                             "(?, ?, ?, ?)", (path_id, method, position, name))  # fmt: skip
    database.commit()
    wapiti = scan.Wapiti.__new__(scan.Wapiti)
    wapiti.folder = tmp_path

    assert wapiti.prune(url_map) == (6, 4, 1)
    assert [row[0] for row in database.execute("SELECT path_id FROM paths")] == [1, 3, 4, 6]
    fields = [row[0] for row in database.execute("SELECT name FROM params WHERE path_id = 4")]
    assert fields == ["csrf_token", *(f"target-{unit}-funds" for unit in range(300, 310))]
    assert not (tmp_path / "report.json").exists()

"""``make security``: sqlmap and wapiti against the application, signed in, on a throwaway
database with the demo data (issue 15). README, "Security scan", says how to read the output.

    .venv/bin/python scripts/security_scan.py [--minutes 45] [--report security-report]
        [--scanners .venv-security/bin]

1. A new SQLite database in a temporary folder: ``flask db upgrade``, ``seed-places`` and
   ``seed-demo`` (which prints the demo passwords), then gunicorn on a free port with JSON logs
   to a file. The script signs in as ``demo.admin`` (every page is open to that account)
   and opens a form, so that the session cookie holds its CSRF secret and stays the same.
2. Its own crawl (``CRAWL_PAGES`` pages at most) maps every link and every GET form it finds
   to a GET rule of the application's URL map; each rule with query parameters becomes one
   sqlmap target holding all of them (the suggestion endpoints' ``q`` is added by the pages'
   script, so it is named in ``SCRIPT_PARAMETERS``). A GET rule no page links to is listed as
   unreached.
3. sqlmap (level 2, risk 1, the GET parameters only, the engine's payloads) over those targets
   in ``SQLMAP_SHARDS`` processes, and beside them wapiti (modules ``WAPITI_MODULES``): its own
   crawl of the site, forms included, then its attacks on one request of each rule (``Wapiti``),
   all until the time limit. None is sent to ``EXCLUDED``: signing out, and what would end,
   demote or cripple the scan's own session or erase what is left to scan. At the end the
   session must still be signed in, or the scan is worthless and says so.
4. The verdict: every injectable parameter sqlmap lists (but those its own check ruled out as
   false positives, which are printed), every vulnerability and anomaly wapiti reports, every
   server log line at level ERROR or above or with a 5xx status, a time limit that cut a
   scanner short, a page that answered 5xx to the crawl. Each is printed, and the exit status
   is 1 if there is any. The tools' own reports and the server log stay in the report folder.
"""

import argparse
import contextlib
import csv
import fnmatch
import html.parser
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, RoutingException

ROOT = Path(__file__).resolve().parents[1]
USERNAME = "demo.admin"
CRAWL_PAGES = 400
WAPITI_MODULES = "xss,sql,exec,file,crlf,redirect,csrf,permanentxss"
SQLMAP_SHARDS = 2  # sqlmap processes, side by side with wapiti
SQLMAP_FALSE_POSITIVE = "false positive or unexploitable"  # the note of such a results row
WAPITI_REPORT_SECONDS = 30  # of the time limit, kept for wapiti to write its report
WAPITI_CRAWL_SECONDS = 90  # the crawl without attacks: it reaches every rule in a fraction
WAPITI_PER_RULE = 1  # requests of one shape that wapiti attacks (Wapiti.prune)
WAPITI_MAX_FIELDS = 10  # of a request's fields, beside KEPT_FIELDS
KEPT_FIELDS = ("csrf_token", "submission")  # without them every attack is refused at the door
EXCLUDED = (
    "/logout",
    "/admin/users/*/active",  # and the scan's own account page (its role and scope): scan()
    "/admin/users/*/reset-password",
    "/beneficiaries/*/erase",
    "/campaigns/*/close",
    "/campaigns/*/choose",
    "/gifts/*/handovers/*/void",
    "/gifts/*/nominations/*/withdraw",
    "/gifts/*/import/*/cancel",
    "/events/*/agenda/*/delete",
    "/events/*/participants/*/delete",
    "/officials/*/positions/*/delete",
    "/activities/reports/*/void",
    "/static/*",
)
"""Path patterns (``*`` is any text) that no tool is sent to."""
SCRIPT_PARAMETERS = {"/suggest": ("q",)}
"""Query parameters a page's script adds, by the end of the rule's path."""
DATE = "2022-11-20"  # the 2022 launch, in the demo data
PRINTED = "print"
"""The ``format`` of an export's HTML print view: the same filters as its files, and a page
sqlmap can compare (a PDF changes with every rendering)."""
UNSCANNED_RULES = ("/static/", "/healthz", "/readyz")
SERVER_WORKERS = 3
GUNICORN_REFUSED = "[WARNING] Invalid request from"  # a request line or header HTTP refuses
SIGNED_IN_ONLY = "/account/password"  # a page that sends anyone signed out to the sign-in page
TIMEOUT = 60


def _say(text: str) -> None:
    print(text, flush=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def excluded(path: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


# --- the application ---------------------------------------------------------------------------


class Application:
    """The app on a throwaway SQLite database, served by gunicorn (``SERVER_WORKERS`` workers:
    one process cannot answer the scanners as fast as they ask) with JSON logs."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.log = folder / "server.log"
        self.gunicorn_log = folder / "gunicorn.log"
        self.environment = {
            **os.environ,
            "CAMPAIGN_ENV": "development",
            "CAMPAIGN_SECURE_COOKIES": "0",
            "CAMPAIGN_SECRET_KEY": secrets.token_urlsafe(48),
            "CAMPAIGN_DATABASE_URL": f"sqlite:///{folder / 'scan.db'}",
            "CAMPAIGN_LOG_FORMAT": "json",
            # the scanners send the cookie of the sign-in, whose last-seen time never moves on
            "CAMPAIGN_IDLE_TIMEOUT_MINUTES": "600",
            "FLASK_APP": "campaign",
        }
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def flask(self, *command: str) -> str:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "flask"), *command],
            env=self.environment, cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode:
            raise SystemExit(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def prepare(self) -> str:
        """The schema and the demo data; the demo administrator's password."""
        self.flask("db", "upgrade")
        self.flask("seed-places")
        printed = self.flask("seed-demo")
        for line in printed.splitlines():
            words = line.split()
            if len(words) == 2 and words[0] == USERNAME:
                return words[1]
        raise SystemExit(f"seed-demo printed no password for {USERNAME}:\n{printed}")

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(SERVER_WORKERS),
                 "--bind", f"127.0.0.1:{self.port}", "--timeout", "30",
                 "--error-logfile", str(self.gunicorn_log), "--log-level", "warning",
                 "campaign:create_app()"],
                env=self.environment, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 1):
                    return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    log = self.log.read_text() + self.gunicorn_log.read_text()
                    raise SystemExit("the application did not start:\n" + log) from None
                time.sleep(0.2)

    def user_id(self, username: str) -> int:
        with contextlib.closing(sqlite3.connect(self.folder / "scan.db")) as database:
            (number,) = database.execute(
                "SELECT id FROM users WHERE username = ?", (username,)
            ).fetchone()
        return number

    def url_map(self) -> Map:
        """The application's URL map, from an app made with the server's settings."""
        os.environ.update(self.environment)
        from campaign import create_app

        return create_app().url_map

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def problems(self) -> list[str]:
        """Server log lines at ERROR or above, with a 5xx status, or not JSON (a traceback
        printed past the logger); and gunicorn's own warnings and errors (a worker timed out or
        died), but its refusals of requests that break HTTP (a header name with a newline, a
        request line over 4 KiB), which it answers 400 before the application sees them."""
        found = []
        if self.gunicorn_log.exists():
            lines = [line for line in self.gunicorn_log.read_text().splitlines() if line.strip()]
            refused = [line for line in lines if GUNICORN_REFUSED in line]
            if refused:
                _say(f"gunicorn answered {len(refused)} malformed requests with 400 (not counted)")
            found += [line for line in lines if GUNICORN_REFUSED not in line]
        for line in self.log.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                if line.strip():
                    found.append(line)
                continue
            status = entry.get("status") or 0
            if entry.get("level") in ("ERROR", "CRITICAL") or status >= 500:
                found.append(
                    f"{entry.get('level')} {entry.get('message')} "
                    f"{entry.get('exception_type') or ''}".strip()
                )
        return found


# --- a signed-in visitor, and its crawl --------------------------------------------------------


class _Keep(urllib.request.HTTPErrorProcessor):
    def http_response(self, _request, response):
        return response

    https_response = http_response


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


class Visitor:
    """A browser without scripts: cookies kept, redirects not followed, every status kept."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect(), _Keep()
        )

    def get(self, path: str) -> tuple[int, str, str]:
        """Status, content type and text of a GET."""
        with self.opener.open(self.base + path, timeout=TIMEOUT) as response:
            body = response.read()
            kind = response.headers.get("Content-Type", "")
            text = body.decode("utf-8", "replace") if kind.startswith("text/html") else ""
            return response.status, kind, text

    def sign_in(self, password: str) -> None:
        _status, _kind, page = self.get("/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        if token is None:
            raise SystemExit("the sign-in page has no CSRF token")
        form = {"csrf_token": token.group(1), "username": USERNAME, "password": password}
        request = urllib.request.Request(
            self.base + "/login", data=urllib.parse.urlencode(form).encode(), method="POST"
        )
        with self.opener.open(request, timeout=TIMEOUT) as response:
            if response.status != 302:
                raise SystemExit(f"signing in as {USERNAME} answered {response.status}")
        self.get("/campaigns/new")  # the form puts the CSRF secret in the session cookie
        if not self.signed_in():
            raise SystemExit(f"{USERNAME} is not signed in after signing in")

    def signed_in(self) -> bool:
        status, _kind, _text = self.get(SIGNED_IN_ONLY)
        return status == 200

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)


class _Page(html.parser.HTMLParser):
    """The site paths a page points to (links, form actions, ``data-*-url``) and its GET forms'
    fields, each with a value the form would send: its own, a select's first real option, a
    date for a date field."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []
        self.get_forms: list[tuple[str, dict[str, str]]] = []
        self._form: dict[str, str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        for name, value in attributes.items():
            if (name in ("href", "action") or name.startswith("data-")) and (
                value.startswith("/") and not value.startswith("//")
            ):
                self.addresses.append(value)
        name = attributes.get("name")
        if tag == "form" and attributes.get("method", "get").lower() == "get":
            self._form = {}
            self.get_forms.append((attributes.get("action", ""), self._form))
        elif self._form is None or not (name or tag == "option"):
            return
        elif tag == "select":
            self._select = name
            self._form.setdefault(name, "")
        elif tag == "option" and self._select and not self._form[self._select]:
            self._form[self._select] = attributes.get("value", "")
        elif tag in ("input", "textarea"):
            value = attributes.get("value") or (DATE if attributes.get("type") == "date" else "")
            self._form.setdefault(name, value)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass
class Target:
    """A GET rule of the URL map as the crawl reached it, with every query parameter seen."""

    rule: str
    path: str
    parameters: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.path + "?" + urllib.parse.urlencode(self.parameters)


def get_rules(url_map: Map) -> list[str]:
    return sorted(
        {rule.rule for rule in url_map.iter_rules()
         if "GET" in rule.methods and not rule.rule.startswith(UNSCANNED_RULES)}
    )  # fmt: skip


def crawl(
    visitor: Visitor,
    url_map: Map,
    rules: list[str],
    exclusions: tuple[str, ...],
    problems: list[str],
) -> dict[str, Target]:
    """Breadth first from the home page, over ``CRAWL_PAGES`` pages at most."""
    adapter = url_map.bind("127.0.0.1")
    targets: dict[str, Target] = {}
    queue, seen = deque(["/"]), {"/"}

    def note(address: str, parameters: dict[str, str]) -> str | None:
        parts = urllib.parse.urlsplit(address)
        if excluded(parts.path, exclusions):
            return None
        try:
            rule, _arguments = adapter.match(parts.path, method="GET", return_rule=True)
        except (HTTPException, RoutingException):  # a POST action, a redirect, not ours
            return None
        if rule.rule not in rules:
            return None
        target = targets.setdefault(rule.rule, Target(rule.rule, parts.path))
        for name, value in [*urllib.parse.parse_qsl(parts.query), *parameters.items()]:
            if name == "format" and value == PRINTED:
                target.parameters[name] = value
            target.parameters.setdefault(name, value)
        for suffix, names in SCRIPT_PARAMETERS.items():
            if parts.path.endswith(suffix):
                for name in names:
                    target.parameters.setdefault(name, "")
        return parts.path + (f"?{parts.query}" if parts.query else "")

    fetched = 0
    while queue and fetched < CRAWL_PAGES:
        address = queue.popleft()
        status, kind, text = visitor.get(address)
        fetched += 1
        if status >= 500:
            problems.append(f"the crawl's GET {address} answered {status}")
        if not kind.startswith("text/html"):
            continue
        page = _Page()
        page.feed(text)
        for action, fields in page.get_forms:
            note(urllib.parse.urljoin(address, action or address), fields)
        for found in page.addresses:
            kept = note(urllib.parse.urljoin(address, found), {})
            if kept and kept not in seen:
                seen.add(kept)
                queue.append(kept)
    return targets


# --- the scanners ------------------------------------------------------------------------------


class Scanner:
    """One scanner process, its output in a file of its folder."""

    def __init__(self, name: str, command: list[str], folder: Path):
        self.name, self.folder = name, folder
        folder.mkdir(parents=True)
        with (folder / "output.txt").open("w") as output:
            self.process = subprocess.Popen(
                command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        self.cut_short = False

    def wait(self, deadline: float) -> None:
        try:
            self.process.wait(max(deadline - time.monotonic(), 1))
        except subprocess.TimeoutExpired:
            self.cut_short = True
            self.process.kill()
            self.process.wait()


def start_sqlmap(scanners: Path, visitor: Visitor, targets: list[Target], folder: Path,
                 shard: int) -> Scanner:  # fmt: skip
    """sqlmap over every ``SQLMAP_SHARDS``-th target, from the ``shard``-th."""
    folder.mkdir(parents=True, exist_ok=True)
    listing = folder / f"targets-{shard}.txt"
    mine = targets[shard::SQLMAP_SHARDS]
    listing.write_text("".join(f"{visitor.base}{target.url}\n" for target in mine))
    command = [
        str(scanners / "sqlmap"), "-m", str(listing), "--batch", "--disable-coloring",
        "--cookie", visitor.cookie_header, "--drop-set-cookie", "--param-filter", "GET",
        "--level", "2", "--risk", "1", "--dbms", "SQLite", "--output-dir", str(folder / "data"),
        "--results-file", str(folder / f"results-{shard}.csv"),
        "--answers", "follow=N,crawl=N,normalize=N", "--flush-session",
    ]  # fmt: skip
    return Scanner(f"sqlmap {shard + 1}", command, folder / f"run-{shard}")


def sqlmap_findings(folder: Path) -> list[str]:
    """The injectable parameters sqlmap's results files list. A row its own check found to be a
    false positive (a jump to a name answers another page for ``x AND 1=1`` than for
    ``x AND 1=2``, as for any two names) is printed, not counted."""
    findings = []
    for results in sorted(folder.glob("results-*.csv")):
        with results.open(newline="") as rows:
            for row in csv.DictReader(rows):
                line = (
                    f"sqlmap: {row.get('Parameter')} of {row.get('Target URL')} "
                    f"({row.get('Technique(s)')})"
                )
                if SQLMAP_FALSE_POSITIVE in (row.get("Note(s)") or ""):
                    _say(f"{line}: ruled out by sqlmap as {SQLMAP_FALSE_POSITIVE}")
                else:
                    findings.append(line)
    return findings


class Wapiti:
    """wapiti in two runs on one stored session: a crawl of the site without attacks, then, once
    ``prune`` has kept ``WAPITI_PER_RULE`` requests of each rule (sixty "correct this report"
    pages of one rule test the same code with other numbers), the attacks on what is left, the
    modules one after the other until the time limit."""

    MODULE_TIME_UP = "Max attack time was reached for module"

    def __init__(self, scanners: Path, visitor: Visitor, exclusions: tuple[str, ...],
                 folder: Path):  # fmt: skip
        self.folder = folder
        folder.mkdir(parents=True)
        self.command = [
            str(scanners / "wapiti"), "-u", visitor.base + "/", "--scope", "folder",
            "-C", visitor.cookie_header, "--max-files-per-dir", "30", "--tasks", "4",
            "-d", "6", "--store-session", str(folder / "session"),
            "--store-config", str(folder / "config"), "-f", "json",
            "-o", str(folder / "report.json"), "--no-bugreport", "-v", "1",
        ]  # fmt: skip
        for pattern in exclusions:
            self.command += ["-x", visitor.base + pattern]

    def crawl(self, seconds: int) -> Scanner:
        return Scanner(
            "wapiti's crawl",
            [*self.command, "-m", "", "--flush-session", "--max-scan-time", str(seconds)],
            self.folder / "crawl",
        )

    def prune(self, url_map: Map) -> tuple[int, int, int]:
        """Requests crawled, those left to attack, and those of them cut to
        ``WAPITI_MAX_FIELDS`` fields (a table of targets by unit has sixty, all alike). A
        request's shape is its rule, method and field names with their numbers taken out
        (``target-283-funds`` and ``target-294-funds`` are one field of two units)."""
        adapter = url_map.bind("127.0.0.1")
        (self.folder / "report.json").unlink(missing_ok=True)  # the crawl's, without attacks
        (database,) = (self.folder / "session").glob("*.db")
        seen: Counter = Counter()
        trimmed = 0
        with contextlib.closing(sqlite3.connect(database)) as session, session:
            crawled = session.execute(
                "SELECT path_id, path, method FROM paths WHERE evil = 0 ORDER BY path_id"
            ).fetchall()
            for path_id, address, method in crawled:
                fields = session.execute(
                    "SELECT param_id, name FROM params WHERE path_id = ? ORDER BY type, position",
                    (path_id,),
                ).fetchall()
                path = urllib.parse.urlsplit(address).path
                with contextlib.suppress(HTTPException, RoutingException):  # else its own path
                    path = adapter.match(path, method=method, return_rule=True)[0].rule
                shape = (method, path, frozenset(re.sub(r"\d+", "#", name) for _, name in fields))
                seen[shape] += 1
                if seen[shape] > WAPITI_PER_RULE:
                    session.execute("DELETE FROM params WHERE path_id = ?", (path_id,))
                    session.execute("DELETE FROM paths WHERE path_id = ?", (path_id,))
                    continue
                extra = [number for number, name in fields if name not in KEPT_FIELDS]
                extra = extra[WAPITI_MAX_FIELDS:]
                trimmed += bool(extra)
                session.executemany(
                    "DELETE FROM params WHERE param_id = ?", [(number,) for number in extra]
                )
        kept = sum(min(count, WAPITI_PER_RULE) for count in seen.values())
        return len(crawled), kept, trimmed

    def attack(self, seconds: int) -> Scanner:
        return Scanner(
            "wapiti",
            [*self.command, "-m", WAPITI_MODULES, "--skip-crawl",
             "--max-attack-time", str(seconds)],
            self.folder / "attack",
        )  # fmt: skip

    def unfinished_modules(self) -> list[str]:
        """The modules stopped by the time limit, or never started."""
        output = (self.folder / "attack" / "output.txt").read_text(errors="replace")
        started = re.findall(r"\[\*\] Launching module (\w+)", output)
        stopped = re.findall(rf"{self.MODULE_TIME_UP} (\w+)", output)
        return [m for m in WAPITI_MODULES.split(",") if m not in started or m in stopped]


def wapiti_findings(folder: Path) -> list[str]:
    """The vulnerabilities and anomalies in wapiti's report."""
    report = folder / "report.json"
    if not report.exists():
        return [f"wapiti wrote no report: see {folder / 'output.txt'}"]
    data = json.loads(report.read_text())
    findings = []
    for section, kind in (("vulnerabilities", "vulnerability"), ("anomalies", "anomaly")):
        for category, entries in data.get(section, {}).items():
            for entry in entries:
                findings.append(
                    f"wapiti {kind}, {category}: {entry.get('method')} {entry.get('path')} "
                    f"{entry.get('parameter')}: {entry.get('info')}"
                )
    return findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=45)
    parser.add_argument("--report", type=Path, default=ROOT / "security-report")
    parser.add_argument("--scanners", type=Path, default=ROOT / ".venv-security" / "bin")
    arguments = parser.parse_args()
    shutil.rmtree(arguments.report, ignore_errors=True)
    arguments.report.mkdir(parents=True)
    deadline = time.monotonic() + arguments.minutes * 60

    with tempfile.TemporaryDirectory(prefix="campaign-security-") as folder:
        app = Application(Path(folder))
        _say("preparing a throwaway database with the demo data")
        password = app.prepare()
        app.start()
        try:
            findings = scan(app, password, arguments.scanners, arguments.report, deadline)
        finally:
            app.stop()
            shutil.copy(app.log, arguments.report / "server.log")
            if app.gunicorn_log.exists():
                shutil.copy(app.gunicorn_log, arguments.report / "gunicorn.log")
        findings += [f"server log: {line}" for line in app.problems()]

    summary = arguments.report / "summary.txt"
    summary.write_text("".join(f"{line}\n" for line in findings) or "nothing found\n")
    if findings:
        _say(f"\nFAILED: {len(findings)} finding(s), also in {summary}:")
        for line in findings:
            _say(f"  {line}")
        sys.exit(1)
    _say(
        "\nnothing found: no injectable parameter, no vulnerability, no anomaly, no 5xx "
        f"(the reports are in {arguments.report})"
    )


def scan(app: Application, password: str, scanners: Path, report: Path, deadline: float
         ) -> list[str]:  # fmt: skip
    """The crawl, then sqlmap's shards and wapiti side by side until the deadline."""
    findings: list[str] = []
    visitor = Visitor(app.base)
    visitor.sign_in(password)
    url_map = app.url_map()
    rules = get_rules(url_map)
    exclusions = (*EXCLUDED, f"/admin/users/{app.user_id(USERNAME)}")
    targets = crawl(visitor, url_map, rules, exclusions, findings)
    with_parameters = [target for target in targets.values() if target.parameters]
    unreached = [rule for rule in rules if rule not in targets]
    _say(
        f"the crawl reached {len(targets)} of the {len(rules)} GET rules; "
        f"{len(with_parameters)} take query parameters "
        f"({sum(len(t.parameters) for t in with_parameters)} in all)"
    )
    (report / "targets.txt").write_text(
        "".join(
            f"{target.rule}\t{visitor.get(target.url)[0]}\t{target.url}\n"
            for target in targets.values()
        )
        + "".join(f"{rule}\tunreached\n" for rule in unreached)
    )
    seconds = int(deadline - time.monotonic())
    _say(f"sqlmap ({SQLMAP_SHARDS} processes) and wapiti side by side, {seconds} s at most")
    running = [
        start_sqlmap(scanners, visitor, with_parameters, report / "sqlmap", shard)
        for shard in range(SQLMAP_SHARDS)
    ]
    wapiti = Wapiti(scanners, visitor, exclusions, report / "wapiti")
    crawling = wapiti.crawl(WAPITI_CRAWL_SECONDS)
    crawling.wait(deadline)
    crawled, kept, trimmed = wapiti.prune(url_map)
    attack_seconds = int(deadline - time.monotonic()) - WAPITI_REPORT_SECONDS
    _say(
        f"wapiti crawled {crawled} requests; it attacks {kept} ({trimmed} cut to their first "
        f"{WAPITI_MAX_FIELDS} fields), {attack_seconds} s at most"
    )
    running += [crawling, wapiti.attack(attack_seconds)]
    for scanner in running:
        scanner.wait(deadline)
        if scanner.cut_short:
            findings.append(f"{scanner.name}: cut short at the time limit; give more --minutes")
    findings += [
        f"wapiti: module {module} did not finish in time; give more --minutes"
        for module in wapiti.unfinished_modules()
    ]
    findings += sqlmap_findings(report / "sqlmap") + wapiti_findings(report / "wapiti")
    if not visitor.signed_in():
        findings.append("the scan's session ended during the run: the results are void")
    return findings


if __name__ == "__main__":
    main()

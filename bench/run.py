"""The national-scale benchmark: every list, search and overview page under gunicorn and wrk,
beside the limit of the stack and Flask-Admin on the same data (issue 11).

    make bench                                                     # SQLite
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_pg make bench

The data set (bench/generate.py) is made once per seed, scale and migration head: an SQLite
file in bench/.data/, or the schema ``campaign_bench`` of the PostgreSQL database (its comment
names what it holds). Then three servers, 2 sync gunicorn workers each, on loopback: the
application, the limit (bench/limit.py: the page's own template and rows, prepared once) and the
peer (bench/peer.py: Flask-Admin). Each page is loaded with wrk (2 threads, 8 connections, a few
seconds); the server's CPU per request comes from /proc (the workers, and on PostgreSQL the
backends serving them); SQL statements are counted once per page in this process. README,
"Benchmarks", says what each column means. BENCH_SECONDS, BENCH_SEED and BENCH_SCALE change the
run.
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from bench.generate import PASSWORD, generate
from bench.inprocess import CSRF_INPUT, bench_app, counted, rendered_templates, signed_in
from campaign.extensions import db
from campaign.places.lookup import UnitLookup
from campaign.places.models import AdministrativeUnit


@dataclass(frozen=True)
class Page:
    """A row of the table. ``url`` and ``sql`` may name facts of the data set ({district} …);
    ``deep`` follows page 1's link to its last page (rel="last", else the highest ?page=);
    ``table`` is the page's main table, whose query is EXPLAINed; ``peer`` is Flask-Admin's
    page for the same rows; ``sql`` a hand-written query for the same rows."""

    name: str
    url: str
    user: str = "tochuc"
    table: str | None = None
    peer: str | None = None
    sql: str | None = None
    deep: bool = False
    first: str | None = None  # the page 1 whose CPU a deep page is held to


BENEFICIARY_ROWS = (
    "SELECT b.id, b.full_name, b.birth_year, b.address, u.full_name "
    "FROM beneficiaries b JOIN administrative_units u ON u.id = b.unit_id "
)
EVENT_ROWS = (
    "SELECT e.id, e.title, e.kind, e.status, e.starts_at, u.full_name FROM events e "
    "LEFT JOIN administrative_units u ON u.id = e.host_unit_id "
)
# Edit here as the pages change: one row per page.
PAGES = [
    Page(
        "beneficiary list, page 1",
        "/beneficiaries/",
        table="beneficiaries",
        peer="/admin/beneficiary/",
        sql=BENEFICIARY_ROWS + "ORDER BY b.sort_key, b.id LIMIT 50",
    ),
    Page(
        "beneficiary list, last page",
        "/beneficiaries/",
        table="beneficiaries",
        deep=True,
        peer="/admin/beneficiary/",
        first="beneficiary list, page 1",
        sql=BENEFICIARY_ROWS + "ORDER BY b.sort_key DESC, b.id DESC LIMIT 50",
    ),
    Page(
        "beneficiary list, jump to “Lan”",
        "/beneficiaries/?from=Lan",
        table="beneficiaries",
        first="beneficiary list, page 1",
    ),
    Page(
        "beneficiary list, one district",
        "/beneficiaries/?area={district_label}",
        table="beneficiaries",
        peer="/admin/beneficiary/?flt0_0={commune}",
        sql=BENEFICIARY_ROWS + "WHERE u.parent_id = {district} ORDER BY b.sort_key, b.id LIMIT 50",
    ),
    Page(
        "beneficiary search “nguyen thi lan”",
        "/beneficiaries/?q=nguyen+thi+lan",
        table="beneficiaries",
        peer="/admin/beneficiary/?search=nguyen+thi+lan",
        sql=BENEFICIARY_ROWS + "WHERE b.search_key LIKE '%nguyen thi lan%' "
        "ORDER BY b.sort_key, b.id LIMIT 50",
    ),
    Page(
        "event list, page 1",
        "/events/",
        table="events",
        peer="/admin/event/",
        sql=EVENT_ROWS + "ORDER BY e.starts_at DESC, e.id DESC LIMIT 50",
    ),
    Page(
        "event list, last page",
        "/events/",
        table="events",
        deep=True,
        peer="/admin/event/",
        first="event list, page 1",
        sql=EVENT_ROWS + "ORDER BY e.starts_at, e.id LIMIT 50",
    ),
    Page(
        "event list, one campaign",
        "/events/?campaign={campaign}",
        table="events",
        peer="/admin/event/?flt0_0={campaign}",
        sql=EVENT_ROWS + "WHERE e.campaign_id = {campaign} ORDER BY e.starts_at DESC LIMIT 50",
    ),
    Page(
        "official list",
        "/officials/",
        table="officials",
        peer="/admin/official/",
        sql="SELECT id, full_name, phone, email FROM officials ORDER BY sort_key, id LIMIT 50",
    ),
    Page(
        "official search “thi lan”",
        "/officials/?q=thi+lan",
        table="officials",
        peer="/admin/official/?search=thi+lan",
        sql="SELECT id, full_name FROM officials WHERE search_key LIKE '%thi lan%' "
        "ORDER BY sort_key, id LIMIT 50",
    ),
    Page(
        "audit log",
        "/admin/audit/",
        user="quantri",
        table="audit_entries",
        peer="/admin/auditentry/",
        sql="SELECT a.id, a.occurred_at, u.username, a.action, a.entity_type, a.summary "
        "FROM audit_entries a LEFT JOIN users u ON u.id = a.user_id "
        "ORDER BY a.occurred_at DESC, a.id DESC LIMIT 50",
    ),
    Page(
        "nominations of the big programme",
        "/gifts/{programme}/nominations",
        table="gift_nominations",
        peer="/admin/nomination/?flt0_0={programme}",
        sql="SELECT n.id, n.list_number, b.full_name, n.status FROM gift_nominations n "
        "JOIN beneficiaries b ON b.id = n.beneficiary_id WHERE n.programme_id = {programme} "
        "ORDER BY n.list_number LIMIT 50",
    ),
    Page(
        "handover, nominee search “lan”",
        "/gifts/{programme}/handover?q=lan",
        user="canbo.hanoi",
        table="gift_nominations",
    ),
    Page(
        "activity list, one campaign",
        "/activities/?campaign={activity_campaign}",
        table="activities",
        peer="/admin/activity/?flt0_0={activity_campaign}",
        sql="SELECT a.id, a.title, a.kind, a.status, a.due_date FROM activities a "
        "WHERE a.campaign_id = {activity_campaign} ORDER BY a.due_date, a.id LIMIT 50",
    ),
    Page(
        "activity board of a unit",
        "/activities/units/{activity_unit}",
        table="activities",
        sql="SELECT a.id, a.title, a.kind, a.status, a.due_date FROM activities a "
        "JOIN activity_units au ON au.activity_id = a.id WHERE au.unit_id = {activity_unit} "
        "ORDER BY a.due_date, a.id LIMIT 50",
    ),
    Page("home page", "/"),
    Page("campaign hub", "/campaigns/{campaign}"),
]
FORM_PAGE = "/account/password"  # a signed-in page without rows: the statements every page costs
CSV_URL = "/reports/audit?format=csv"
CSV_SQL = (
    "SELECT a.occurred_at, u.username, a.remote_address, a.action, a.entity_type, "
    "a.entity_id, a.summary, a.changes FROM audit_entries a "
    "LEFT JOIN users u ON u.id = a.user_id {where} ORDER BY a.occurred_at DESC, a.id DESC"
)
SCHEMA = "campaign_bench"
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
SECONDS = int(os.environ.get("BENCH_SECONDS", 5))
SEED = int(os.environ.get("BENCH_SEED", 1))
SCALE = float(os.environ.get("BENCH_SCALE", 1.0))
WORKERS = 2
TARGETS = {"limit": 2.0, "peer": 10.0, "rows": 3, "deep": 1.5, "csv": 3.5, "csv_mib": 5.0}
TICKS = os.sysconf("SC_CLK_TCK")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the data set ---------------------------------------------------------------------------


def _data_key() -> str:
    head = ScriptDirectory(str(ROOT / "migrations")).get_current_head()
    return f"seed{SEED}-scale{SCALE:g}-{head}"


def _with_schema(url: str, schema: str) -> str:
    parsed = sa.engine.make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return parsed.render_as_string(hide_password=False)


def prepared_database() -> str:
    """The URL of the benchmark's data set, generated first if it is not there yet."""
    key = _data_key()
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        DATA.mkdir(exist_ok=True)
        path = DATA / f"nation-{key}.sqlite3"
        if not path.exists():
            for old in DATA.glob("nation-*.sqlite3*"):
                old.unlink()
            _say(f"generating the data set into {path} (once)")
            partial = path.with_suffix(".partial")
            generate(f"sqlite:///{partial}", SEED, SCALE)
            partial.rename(path)
        return f"sqlite:///{path}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        held = connection.execute(
            sa.text(
                "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace "
                "WHERE nspname = :schema"
            ),
            {"schema": SCHEMA},
        ).scalar()
    if held != key:
        _say(f"generating the data set into the schema {SCHEMA} (once)")
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
        generate(_with_schema(url, SCHEMA), SEED, SCALE)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"COMMENT ON SCHEMA {SCHEMA} IS '{key}'")
    engine.dispose()
    return _with_schema(url, SCHEMA)


def facts(url: str) -> dict[str, object]:
    """The records the page table names: the district with the most women (and its commune
    with the most), the current national campaign, the biggest programme, and the audit
    entries' dates that cut 50,000 and 500,000 rows for the CSV."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        one = lambda sql: connection.execute(sa.text(sql)).scalar()  # noqa: E731
        district = one(
            "SELECT u.parent_id FROM beneficiaries b JOIN administrative_units u "
            "ON u.id = b.unit_id WHERE u.scheme = 'pre2025' GROUP BY u.parent_id "
            "ORDER BY count(*) DESC LIMIT 1"
        )
        found = {
            "district": district,
            "commune": one(
                "SELECT unit_id FROM beneficiaries b JOIN administrative_units u "
                f"ON u.id = b.unit_id WHERE u.parent_id = {district} "
                "GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1"
            ),
            "campaign": one(
                "SELECT id FROM campaigns WHERE parent_id IS NULL ORDER BY year DESC LIMIT 1"
            ),
            "programme": one(
                "SELECT programme_id FROM gift_nominations GROUP BY programme_id "
                "ORDER BY count(*) DESC LIMIT 1"
            ),
            "entries": one("SELECT count(*) FROM audit_entries"),
            "activity_campaign": one(
                "SELECT campaign_id FROM activities GROUP BY campaign_id "
                "ORDER BY count(*) DESC LIMIT 1"
            ),
            "activity_unit": one(
                "SELECT unit_id FROM activity_units GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1"
            ),
        }
        tenth = found["entries"] // 10
        found["tenth_until"] = str(
            one(
                "SELECT occurred_at FROM audit_entries "
                f"ORDER BY occurred_at, id LIMIT 1 OFFSET {tenth}"
            )
        )[:10]
    engine.dispose()
    return found


# --- in-process: statements, plans, hand-written SQL ----------------------------------------


def _deep_link(html: str) -> str | None:
    """The link to the last page: rel="last", else the highest ?page= number."""
    last = re.search(
        r'<a[^>]*rel="last"[^>]*href="([^"]+)"|<a[^>]*href="([^"]+)"[^>]*rel="last"', html
    )
    if last:
        return (last.group(1) or last.group(2)).replace("&amp;", "&")
    pages = [
        (int(number), href)
        for href, number in re.findall(r'href="([^"]*[?&](?:amp;)?page=(\d+)[^"]*)"', html)
    ]
    return max(pages)[1].replace("&amp;", "&") if pages else None


def _plan(app, statement: str, parameters) -> list[str]:
    from campaign.extensions import db

    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            sqlite = db.engine.dialect.name == "sqlite"
            cursor.execute(
                ("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement, parameters
            )
            rows = cursor.fetchall()
        finally:
            connection.close()
    return [row[-1] if sqlite else row[0] for row in rows]


def _page_query(statements, table: str):
    """The statement that reads the page's rows: from its table, with a LIMIT."""
    mentions = [
        (sql, parameters)
        for sql, parameters in statements.sent
        if re.search(rf"\bFROM {table}\b", sql, re.IGNORECASE)
    ]
    limited = [item for item in mentions if "LIMIT" in item[0].upper()]
    return (limited or mentions or [None])[0]


@dataclass
class Measured:
    url: str
    statements: int = 0
    plan: list[str] | None = None
    page_sql: str = ""
    template: str | None = None
    size: int = 0
    options: int = 0
    status: int = 0


def measure_in_process(url: str, found: dict) -> tuple[dict[str, Measured], int, dict]:
    """Each page once through the test client: its final URL, statements, plan, template."""
    app = bench_app(url)
    with app.app_context():  # the area filter names a unit by the label its lookup offers
        district = db.session.get(AdministrativeUnit, found["district"])
        found["district_label"] = urllib.parse.quote_plus(UnitLookup().label(district))
    clients = {user: signed_in(app, user, PASSWORD) for user in {p.user for p in PAGES}}
    with counted(app) as baseline:
        clients["tochuc"].get(FORM_PAGE)
    results = {}
    for page in PAGES:
        client, target = clients[page.user], page.url.format(**found)
        if page.deep:
            target = _deep_link(client.get(target).text) or target
        with counted(app) as statements, rendered_templates(app) as templates:
            response = client.get(target)
        html = response.get_data(as_text=True)
        measured = Measured(
            target,
            len(statements),
            template=templates[0][0] if templates else None,
            size=len(html),
            options=html.count("<option"),
            status=response.status_code,
        )
        if page.table:
            query = _page_query(statements, page.table)
            if query:
                measured.page_sql = query[0]
                measured.plan = _plan(app, *query)
        results[page.name] = measured
    with app.app_context():
        db.engine.dispose()
    return results, len(baseline), clients


def time_hand_sql(url: str, found: dict, repeats: int = 30) -> dict[str, float]:
    """Milliseconds of each page's hand-written query (median of ``repeats``, rows fetched)."""
    engine = sa.create_engine(url)
    timings = {}
    with engine.connect() as connection:
        for page in PAGES:
            if not page.sql:
                continue
            statement = sa.text(page.sql.format(**found))
            connection.execute(statement).fetchall()
            runs = []
            for _ in range(repeats):
                started = time.perf_counter()
                connection.execute(statement).fetchall()
                runs.append(time.perf_counter() - started)
            timings[page.name] = statistics.median(runs) * 1000
    engine.dispose()
    return timings


# --- servers, wrk and /proc ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A gunicorn with ``WORKERS`` sync workers on a loopback port (its default 30 s worker
    timeout, as in production), logging each request it served to count them."""

    def __init__(self, name: str, application: str, environment: dict, folder: Path):
        self.name, self.port, self.log = name, _free_port(), folder / f"{name}.log"
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                str(self.log),
                "--log-level",
                "warning",
                application,
            ],
            env={**os.environ, **environment},
            cwd=ROOT,
        )
        deadline = time.monotonic() + 60
        while len(self.workers()) < WORKERS or not self._answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"{name} server did not start")
            time.sleep(0.2)

    def _answers(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 1):
            return True
        return False

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def served(self) -> int:
        """Requests answered so far (wrk's own count leaves out those it stopped waiting for,
        which the workers still serve)."""
        with contextlib.suppress(OSError):
            return self.log.read_bytes().count(b"\n")
        return 0

    def drain(self) -> None:
        """Wait until the workers are idle: every queued request served."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            before = sum(_cpu(self.workers()).values())
            time.sleep(0.5)
            if sum(_cpu(self.workers()).values()) - before < 0.02:
                return

    def workers(self) -> list[int]:
        return [pid for pid in _pids() if _stat(pid)[1] == self.process.pid]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _stat(pid: int) -> tuple[float, int]:
    """(user + system CPU seconds, parent pid) of a process; (0, 0) once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0
    return (int(fields[11]) + int(fields[12])) / TICKS, int(fields[1])


def _cpu(pids) -> dict[int, float]:
    return {pid: _stat(pid)[0] for pid in pids}


class Backends:
    """PostgreSQL's backends serving a server's workers, found by their application_name."""

    def __init__(self, url: str | None):
        self.engine = sa.create_engine(url) if url else None

    def pids(self, name: str) -> list[int]:
        if self.engine is None:
            return []
        with self.engine.connect() as connection:
            return list(
                connection.execute(
                    sa.text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                    {"name": name},
                ).scalars()
            )


def _application_name(url: str, name: str) -> str:
    if not url.startswith("postgresql"):
        return url
    parsed = sa.engine.make_url(url).update_query_dict({"application_name": name})
    return parsed.render_as_string(hide_password=False)


@dataclass
class Load:
    rps: float
    p50: float
    p99: float
    cpu_ms: float
    db_ms: float
    requests: int
    errors: int


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def load(server: Server, path: str, cookie: str, backends: Backends) -> Load:
    """wrk on one URL; the server's CPU per request over the run."""
    server.drain()
    workers = server.workers()
    before, db_before = _cpu(workers), _cpu(backends.pids(server.name))
    served, started = server.served(), time.monotonic()
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c8",
            "--timeout",
            "60s",
            f"-d{SECONDS}s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "wrk.lua"),
            server.url(path),
        ],
        env={**os.environ, "BENCH_COOKIE": cookie},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    server.drain()
    after, db_after = _cpu(workers), _cpu(backends.pids(server.name))
    served, elapsed = max(server.served() - served, 1), time.monotonic() - started
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        raise RuntimeError(f"wrk on {path}:\n{output}")
    errors = int(re.search(r"^bad responses: (\d+)", output, re.MULTILINE).group(1))
    timeouts = re.search(r"timeout (\d+)", output)
    errors += int(timeouts.group(1)) if timeouts else 0
    spent = sum(after[pid] - before.get(pid, 0) for pid in after)
    db_spent = sum(db_after[pid] - db_before.get(pid, 0) for pid in db_after)
    return Load(
        # None answered within wrk's run: what the server served until its queue drained.
        rps=rps if requests else served / elapsed,
        p50=_milliseconds(latency["50"]),
        p99=_milliseconds(latency["99"]),
        cpu_ms=spent * 1000 / served,
        db_ms=db_spent * 1000 / served,
        requests=requests,
        errors=errors,
    )


def sign_in_over_http(server: Server, username: str) -> str:
    """The session cookie of a sign-in through the server (the form's CSRF token first)."""
    opener = urllib.request.build_opener(_NoRedirect)
    with opener.open(server.url("/login")) as response:
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        token = CSRF_INPUT.search(response.read().decode()).group(1)
    form = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrf_token": token}
    ).encode()
    request = urllib.request.Request(server.url("/login"), form, {"Cookie": cookie})
    try:
        opener.open(request)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302, redirect.code
        return redirect.headers["Set-Cookie"].split(";", 1)[0]
    raise AssertionError(f"the sign-in of {username} did not redirect")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_arguments):
        return None


# --- the CSV export --------------------------------------------------------------------------


def _hwm_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))


def export(server: Server, path: str, cookie: str) -> tuple[float, int, float, bool]:
    """(seconds, rows, peak RSS of the busiest worker in MiB, whether it completed) of one
    download; a worker killed by gunicorn's timeout ends it early."""
    for pid in server.workers():
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    started = time.perf_counter()
    lines, complete = 0, True
    request = urllib.request.Request(server.url(path), headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        try:
            while chunk := response.read(1 << 16):
                lines += chunk.count(b"\n")
        except (http.client.IncompleteRead, ConnectionError) as cut:
            lines += getattr(cut, "partial", b"").count(b"\n")
            complete = False
    seconds = time.perf_counter() - started
    peak = max((_hwm_kib(pid) for pid in server.workers()), default=0) / 1024
    return seconds, lines - 1, peak, complete


def dump(url: str, where: str) -> float:
    """Seconds of the database's own CSV dump of the same join."""
    query = CSV_SQL.format(where=where)
    if url.startswith("sqlite"):
        command = ["sqlite3", "-csv", sa.engine.make_url(url).database, query]
        environment = os.environ
    else:
        parsed = sa.engine.make_url(url)
        command = [
            "psql",
            "-X",
            "-q",
            "-h",
            parsed.host or "127.0.0.1",
            "-p",
            str(parsed.port or 5432),
            "-U",
            parsed.username or "postgres",
            parsed.database,
            "-c",
            f"\\copy ({query}) to stdout csv",
        ]
        environment = {**os.environ, "PGOPTIONS": f"-csearch_path={SCHEMA}"}
        if parsed.password:
            environment["PGPASSWORD"] = parsed.password
    started = time.perf_counter()
    subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


# --- the table --------------------------------------------------------------------------------


def _mark(ratio: float | None, limit: float, higher_is_better: bool = False) -> str:
    if ratio is None:
        return "–"
    missed = ratio < limit if higher_is_better else ratio > limit
    return f"{'MISS ' if missed else ''}{ratio:.1f}×"


def _mark_count(count: int, limit: int) -> str:
    return f"{'MISS ' if count > limit else ''}{count}"


def _ratio(value: float, reference: float | None) -> float | None:
    """``value`` ÷ ``reference``; none without a reference (or when it did not complete a
    request in the run)."""
    return value / reference if reference else None


def table(results, loads, limits, peers, hand_sql, baseline, engine_name) -> str:
    rows = [
        f"## {engine_name}: {WORKERS} gunicorn workers, wrk -t2 -c8 -d{SECONDS}s; "
        f"CPU per request in ms (workers + database); statements: total (rows = total − "
        f"{baseline} of any signed-in page)",
        "",
        "| page | req/s | p50 ms | p99 ms | CPU ms/req | × limit | × Flask-Admin req/s | "
        "deep ÷ page 1 | SQL statements (rows) | hand SQL ms | KB | <option> |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    by_name = {page.name: page for page in PAGES}
    for name, measured in results.items():
        page, got = by_name[name], loads[name]
        total = got.cpu_ms + got.db_ms
        limit = limits.get(name)
        peer = peers.get(name)
        first = loads.get(page.first) if page.first else None
        rows_sql = measured.statements - baseline
        rows.append(
            " | ".join(
                [
                    f"| {name}" + (f" ({got.errors} bad responses)" if got.errors else ""),
                    f"{got.rps:,.1f}",
                    f"{got.p50:.1f}" if got.requests else "–",
                    f"{got.p99:.1f}" if got.requests else "–",
                    f"{total:.2f}" + (f" ({got.db_ms:.2f} db)" if got.db_ms else ""),
                    _mark(_ratio(total, limit and limit.cpu_ms + limit.db_ms), TARGETS["limit"]),
                    _mark(
                        _ratio(got.rps, peer and peer.rps), TARGETS["peer"], higher_is_better=True
                    ),
                    _mark(_ratio(total, first and first.cpu_ms + first.db_ms), TARGETS["deep"]),
                    f"{measured.statements} ({_mark_count(rows_sql, TARGETS['rows'])})",
                    f"{hand_sql[name]:.2f}" if name in hand_sql else "–",
                    f"{measured.size / 1024:,.0f}",
                    f"{measured.options:,}",
                ]
            )
            + " |"
        )
    rows += ["", "| reference | req/s | p50 ms | CPU ms/req |", "| --- | ---: | ---: | ---: |"]
    for name, limit in limits.items():
        rows.append(f"| limit: {name} | {limit.rps:,.1f} | {limit.p50:.1f} | {limit.cpu_ms:.2f} |")
    for name, peer in peers.items():
        rows.append(
            f"| Flask-Admin: {name} | {peer.rps:,.1f} | {peer.p50:.1f} | "
            f"{peer.cpu_ms + peer.db_ms:.2f} |"
        )
    return "\n".join(rows)


def csv_table(server: Server, url: str, found: dict, cookie: str) -> str:
    """The audit log's export of a tenth and of all of it, beside the database's own dump."""
    until = found["tenth_until"]
    rows = ["", "| audit CSV | rows | seconds | dump s | × dump | worker peak RSS MiB |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    peaks = []
    for where, query in ((f"WHERE a.occurred_at < '{until}'", f"&until={until}"), ("", "")):
        seconds, lines, peak, complete = export(server, CSV_URL + query, cookie)
        dumped = dump(url, where)
        peaks.append((lines, peak))
        cut = "" if complete else " MISS: cut by gunicorn's worker timeout"
        rows.append(f"| export{query} | {lines:,}{cut} | {seconds:.2f} | {dumped:.2f} | "
                    f"{_mark(seconds / dumped, TARGETS['csv'])} | {peak:.1f} |")  # fmt: skip
    growth = peaks[-1][1] - peaks[0][1]
    rows.append(f"\npeak memory growth from {peaks[0][0]:,} to {peaks[-1][0]:,} rows: "
                f"{growth:+.1f} MiB{' MISS' if growth > TARGETS['csv_mib'] else ''} "
                f"(target ≤ {TARGETS['csv_mib']} MiB)")  # fmt: skip
    return "\n".join(rows)


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk (make bench does it)")
    started = time.monotonic()
    os.environ.setdefault("BENCH_SECRET_KEY", secrets.token_urlsafe(48))
    url = prepared_database()
    found = facts(url)
    engine_name = sa.engine.make_url(url).get_backend_name()
    _say(f"data ready after {time.monotonic() - started:.0f} s; measuring in process")
    results, baseline, _clients = measure_in_process(url, found)
    bad = {name: m.status for name, m in results.items() if m.status != 200}
    if bad:
        raise SystemExit(f"pages that do not answer 200: {bad}")
    hand_sql = time_hand_sql(url, found)
    with tempfile.TemporaryDirectory() as folder:
        setup = Path(folder) / "limit.json"
        setup.write_text(
            json.dumps(
                {
                    "database_url": url,
                    "password": PASSWORD,
                    "pages": [
                        {"url": results[page.name].url, "username": page.user} for page in PAGES
                    ],
                }
            )
        )
        backends = Backends(os.environ.get("BENCH_DATABASE_URL"))
        servers = {}
        try:
            servers["app"] = Server(
                "bench_app",
                "campaign:create_app()",
                {
                    "CAMPAIGN_ENV": "production",
                    "CAMPAIGN_SECRET_KEY": os.environ["BENCH_SECRET_KEY"],
                    "CAMPAIGN_DATABASE_URL": _application_name(url, "bench_app"),
                },
                Path(folder),
            )
            servers["limit"] = Server(
                "bench_limit",
                "bench.limit:create_limit_app()",
                {"BENCH_LIMIT_PAGES": str(setup)},
                Path(folder),
            )
            servers["peer"] = Server(
                "bench_peer",
                "bench.peer:create_peer_app()",
                {"BENCH_PEER_DATABASE": _application_name(url, "bench_peer")},
                Path(folder),
            )
            cookies = {
                user: sign_in_over_http(servers["app"], user)
                for user in {page.user for page in PAGES}
            }
            loads, limits, peers = {}, {}, {}
            for number, page in enumerate(PAGES):
                _say(f"loading {page.name}")
                measured = results[page.name]
                loads[page.name] = load(servers["app"], measured.url, cookies[page.user], backends)
                if measured.template:
                    urllib.request.urlopen(servers["limit"].url(f"/{number}")).read()
                    urllib.request.urlopen(servers["limit"].url(f"/{number}")).read()
                    limits[page.name] = load(servers["limit"], f"/{number}", "", backends)
                if page.peer:
                    peer_url = page.peer.format(**found)
                    if page.deep:
                        with urllib.request.urlopen(servers["peer"].url(peer_url)) as response:
                            peer_url = _deep_link(response.read().decode()) or peer_url
                    peers[page.name] = load(servers["peer"], peer_url, "", backends)
            print(table(results, loads, limits, peers, hand_sql, baseline, engine_name), flush=True)
            _say("the audit log's CSV export")
            print(csv_table(servers["app"], url, found, cookies["quantri"]), flush=True)
        finally:
            for server in servers.values():
                server.stop()
    print("\n## Query plans of each list's page query\n")
    for name, measured in results.items():
        if measured.plan:
            print(f"### {name}: {measured.url}\n")
            print(
                "    "
                + re.sub(
                    r"^SELECT .*? FROM ", "SELECT … FROM ", " ".join(measured.page_sql.split())
                )
            )
            for line in measured.plan:
                print(f"      {line}")
            print()
    print(f"whole run: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()

"""Two application servers on one PostgreSQL, a worker killed in the middle of a handover: the
quota counters still equal the handover rows, and nothing lives in one process (issue 14).

    .venv/bin/python -m bench.soak \
        --database postgresql+psycopg://postgres@127.0.0.1:5432/test_soak [--minutes 3] [--seed 1]

The database is dropped and made again: ``flask db upgrade`` and ``flask seed-places``, then
bench/generate.py's data at a small scale (this year's programme in Hà Nội, with some 1,500
approved women still to receive their gift), three more officials of Hà Nội and two accounts
for the throttle; every third share of the programme is cut to two gifts above what it has
given, so that shares fill up during the run. Two gunicorn instances (2 sync workers each,
production settings, one secret key) serve it. Seven users sign in, each through one instance,
then alternate between both with the same cookies: four officials record handovers (the form
read from one instance, sent to the other; now and then sent to both at once; one in eight
voided again) between reads, an organizer, a reports officer and an administrator read lists
and reports, and the organizer sends a new programme's form, with its single-use token, to
both instances at once. Failed sign-ins alternating between the instances must be throttled at
the same try as on one. Midway, after some seconds of handovers only, one worker is killed with
SIGKILL while its database transaction is inside a handover; gunicorn starts another.

At the end it prints the requests by kind and status (connection errors apart), the handovers
and the checks; the exit status is 1 if a check fails, a response was a 5xx or not what the
step expects (a redirect to the sign-in page: a session one instance did not know), or the
gunicorn logs hold a traceback.
"""

import argparse
import concurrent.futures
import contextlib
import http.client
import http.cookiejar
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bench.generate import CAPITAL, PASSWORD, generate
from bench.inprocess import CSRF_INPUT, bench_app
from bench.run import ROOT, WORKERS, Server, _application_name, _say
from campaign import backups
from campaign.accounts.authentication import MAX_FAILURES
from campaign.accounts.models import Role
from campaign.accounts.services import create_user
from campaign.audit.services import COMMAND_LINE
from campaign.campaigns.models import Campaign, CampaignStatus
from campaign.extensions import db
from campaign.gifts.models import (
    GiftAllocation,
    GiftProgramme,
    Handover,
    Nomination,
    NominationStatus,
)
from campaign.places.models import AdministrativeUnit, UnitScheme

SCALE = 0.05  # of bench/generate.py's national data set
OFFICIALS = ("canbo.hanoi", "canbo.soak1", "canbo.soak2", "canbo.soak3")
USERS = (*OFFICIALS, "tochuc", "baocao", "quantri")  # and an organizer, staff, an administrator
THROTTLED = ("soak.split", "soak.single")  # failed sign-ins over both instances, over one
TIGHT_SHARE_EVERY, TIGHT_ROOM = 3, 2
VOID_EVERY, BOTH_AT_ONCE_EVERY, PROXY_EVERY = 8, 25, 10  # of an official's handovers
PROGRAMME_FORM_SECONDS = 20  # how often the organizer sends a new programme's form twice
BURST_SECONDS = 15  # of handovers only before the kill
KILL_WAIT_SECONDS = 20  # for a worker inside a handover; then any worker of the instance
TIMEOUT = 60
READS = {  # username (or "official") → the pages read between the steps
    "official": ["/", "/gifts/{programme}", "/gifts/{programme}/nominations",
                 "/gifts/{programme}/handover?q=lan", "/beneficiaries/", "/beneficiaries/{woman}",
                 "/reports/programmes/{programme}/handovers"],
    "tochuc": ["/gifts/", "/campaigns/{campaign}", "/events/?campaign={campaign}",
               "/activities/?campaign={campaign}", "/reports/dashboard",
               "/indicators/campaigns/{campaign}"],
    "baocao": ["/reports/", "/reports/programmes/{programme}/handovers",
               "/reports/programmes/{programme}/receipts?format=print&stage=after",
               "/reports/campaigns/{campaign}/summary",
               "/reports/programmes/{programme}/handovers/document?format=csv"],
    "quantri": ["/admin/audit/", "/admin/users/", "/places/?q=son+tay", "/organizations/"],
}  # fmt: skip
NOMINATION_INPUT = re.compile(r'name="nomination" value="(\d+)"')
REFUSAL = re.compile(r'data-refusal="([a-z_]+)"')
VOID_ACTION = re.compile(r'action="(/gifts/\d+/handovers/\d+/void)"')
SUBMISSION_INPUT = re.compile(r'name="submission"[^>]*value="([^"]+)"')
SIGKILL_NOTICE = "was sent SIGKILL"
RECORDING = (
    r"^(UPDATE gift_\w+ SET given_count=\(gift_\w+\.given_count \+|INSERT INTO gift_handovers)"
)
"""A statement of a handover's transaction: a place of the quota taken, the row written."""


# --- the database ----------------------------------------------------------------------------


@dataclass
class Facts:
    """What the run works on: this year's programme, its campaign, its approved women
    (nomination id → (list number, woman's id)), and the ids before the run."""

    programme: int
    campaign: int
    approved: dict[int, tuple[int, int]]
    handovers_before: int
    programmes_before: int


def _environment(url: str, secret: str) -> dict[str, str]:
    return {"CAMPAIGN_ENV": "production", "CAMPAIGN_SECRET_KEY": secret,
            "CAMPAIGN_DATABASE_URL": url}  # fmt: skip


def _flask(url: str, secret: str, *command: str) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "campaign", *command],
        env={**os.environ, **_environment(url, secret)}, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def prepare(url: str, seed: int, secret: str) -> Facts:
    """A new database with the data set, the run's accounts and some nearly full shares."""
    parsed = sa.engine.make_url(url)
    server = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    server.dispose()
    _flask(url, secret, "db", "upgrade")
    _flask(url, secret, "seed-places")
    generate(url, seed, SCALE)  # its migration and reference data find nothing left to do
    app = bench_app(url)
    with app.app_context():
        capital = db.session.scalars(
            sa.select(AdministrativeUnit).where(
                AdministrativeUnit.scheme == UnitScheme.POST_2025,
                AdministrativeUnit.code == CAPITAL,
            )
        ).one()
        for username in OFFICIALS[1:]:
            create_user(COMMAND_LINE, username, f"Cán bộ {username}", Role.OFFICIAL, [capital],
                        PASSWORD, must_change_password=False)  # fmt: skip
        for username in THROTTLED:
            create_user(COMMAND_LINE, username, username, Role.STAFF, [], PASSWORD,
                        must_change_password=False)  # fmt: skip
        programme = db.session.scalars(
            sa.select(GiftProgramme).join(Campaign)
            .where(Campaign.status == CampaignStatus.ACTIVE).order_by(GiftProgramme.quota.desc())
        ).first()  # fmt: skip
        shares = db.session.scalars(
            sa.select(GiftAllocation).where(GiftAllocation.programme_id == programme.id)
            .order_by(GiftAllocation.id)
        ).all()  # fmt: skip
        for share in shares[::TIGHT_SHARE_EVERY]:
            share.quota = min(share.quota, share.given_count + TIGHT_ROOM)
        approved = db.session.execute(
            sa.select(Nomination.id, Nomination.list_number, Nomination.beneficiary_id).where(
                Nomination.programme_id == programme.id,
                Nomination.status == NominationStatus.APPROVED,
            )
        ).all()  # fmt: skip
        facts = Facts(
            programme.id, programme.campaign_id,
            {nomination: (number, woman) for nomination, number, woman in approved},
            db.session.scalar(sa.select(sa.func.max(Handover.id))) or 0,
            db.session.scalar(sa.select(sa.func.max(GiftProgramme.id))),
        )  # fmt: skip
        db.session.commit()
        db.engine.dispose()
    return facts


# --- the clients -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    location: str


class _EveryStatus(urllib.request.HTTPErrorProcessor):
    """Hand back every response as it is: no exception for 4xx and 5xx, no redirect followed."""

    def http_response(self, _request, response):
        return response


@dataclass
class Tally:
    """Everything the clients saw, counted under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: Counter = field(default_factory=Counter)  # (kind, status or "no answer")
    by_server: Counter = field(default_factory=Counter)
    seconds: list = field(default_factory=list)  # (kind, seconds) of each answer
    unexpected: list = field(default_factory=list)  # (kind, server, path, status, location)
    refusals: Counter = field(default_factory=Counter)  # a refused handover's code
    given: Counter = field(default_factory=Counter)  # nomination id → acknowledged handovers
    given_lost: Counter = field(default_factory=Counter)  # … whose answer never came
    voided: Counter = field(default_factory=Counter)
    voided_lost: Counter = field(default_factory=Counter)
    pairs: list = field(default_factory=list)  # the statuses of a handover sent twice at once
    programmes: list = field(default_factory=list)  # (name, the two answers' locations)

    def add(self, counter: str, key, number: int = 1) -> None:
        with self.lock:
            getattr(self, counter)[key] += number

    def note(self, listing: str, item) -> None:
        with self.lock:
            getattr(self, listing).append(item)


class Browser:
    """One user's browser: its cookies go to both instances (both are 127.0.0.1). They are
    Secure, as production sets them; this client sends them over loopback http, as the TLS
    proxy in front of gunicorn would."""

    def __init__(self, tally: Tally):
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(policy)), _EveryStatus
        )
        self.tally = tally

    def send(self, kind: str, server: Server, path: str, form: dict | None = None,
             expected=(200,)) -> Reply | None:  # fmt: skip
        """GET ``path`` (POST ``form``) on ``server``; None when no answer came."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(server.url(path), data, timeout=TIMEOUT) as response:
                reply = Reply(response.status, response.read().decode(),
                              response.headers.get("Location") or "")  # fmt: skip
        except (OSError, http.client.HTTPException):
            self.tally.add("requests", (kind, "no answer"))
            return None
        self.tally.add("requests", (kind, reply.status))
        self.tally.note("seconds", (kind, time.perf_counter() - started))
        self.tally.add("by_server", server.name)
        if reply.status not in expected:
            self.tally.note("unexpected", (kind, server.name, path, reply.status, reply.location))
        return reply

    def sign_in(self, server: Server, username: str, password: str, kind: str = "sign-in",
                post_to: Server | None = None, expected=(302,)) -> Reply | None:  # fmt: skip
        """The sign-in form from ``server``, sent to ``post_to`` (the same by default)."""
        page = self.send(kind + " form", server, "/login")
        if page is None:
            return None
        form = {"username": username, "password": password,
                "csrf_token": CSRF_INPUT.search(page.body).group(1)}  # fmt: skip
        return self.send(kind, post_to or server, "/login", form, expected)


@dataclass
class Run:
    """What every client thread shares."""

    servers: list[Server]
    facts: Facts
    tally: Tally
    stop: threading.Event = field(default_factory=threading.Event)
    burst: threading.Event = field(default_factory=threading.Event)

    def page(self, reader: str, rng: random.Random) -> str:
        """One of the reader's pages, at random (a woman's page: one of the approved)."""
        woman = self.facts.approved[rng.choice(list(self.facts.approved))][1]
        return rng.choice(READS[reader]).format(
            programme=self.facts.programme, campaign=self.facts.campaign, woman=woman
        )


def _kind(path: str) -> str:
    return "read: report" if path.startswith("/reports/") else "read: page"


def _handover_form(reply: Reply, nomination: int, rng: random.Random) -> dict:
    """What the screen's "Received" button (or, now and then, its proxy form) sends."""
    form = {"csrf_token": CSRF_INPUT.search(reply.body).group(1), "nomination": nomination,
            "q": "", "mode": "in_person"}  # fmt: skip
    if rng.randrange(PROXY_EVERY) == 0:
        form.update(mode="proxy", proxy_name="Nguyễn Văn Nam", proxy_relationship="con trai")
    return form


def _record(run: Run, nomination: int, reply: Reply | None) -> bool:
    """Count a handover's answer; whether it was acknowledged (303 back to the screen)."""
    if reply is None:
        run.tally.add("given_lost", nomination)
        return False
    if reply.status == 303:
        run.tally.add("given", nomination)
        return True
    if refusal := REFUSAL.search(reply.body):
        run.tally.add("refusals", refusal.group(1))
    return False


def _void(browser: Browser, run: Run, nomination: int, turn: int) -> None:
    """Find her by her number on one instance and void her gift on the other."""
    screen = f"/gifts/{run.facts.programme}/handover"
    number = run.facts.approved[nomination][0]
    found = browser.send("handover screen", run.servers[turn], f"{screen}?q={number}")
    table = found and found.body.split('<div class="col-lg-4">')[0]  # not the latest gifts
    action = table and VOID_ACTION.search(table)
    if not action:
        return
    form = {"csrf_token": CSRF_INPUT.search(found.body).group(1), "q": str(number),
            "reason": "Ghi nhầm người nhận"}  # fmt: skip
    reply = browser.send("void", run.servers[1 - turn], action.group(1), form, (303,))
    if reply is None:
        run.tally.add("voided_lost", nomination)
    elif reply.status == 303:
        run.tally.add("voided", nomination)


def _both_at_once(browser: Browser, run: Run, path: str, form: dict, kind: str, expected):
    """The same form sent to both instances at the same moment (a double click)."""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda server: browser.send(kind, server, path, form, expected),
                             run.servers))  # fmt: skip


def _handover(browser: Browser, run: Run, rng: random.Random, count: int) -> None:
    """The ceremony screen from one instance (the waiting list, or her number typed), her
    "Received" sent to the other; now and then to both at once, or voided afterwards."""
    turn = rng.randrange(2)
    screen = f"/gifts/{run.facts.programme}/handover"
    if rng.random() < 0.5:
        path = screen
    else:
        path = f"{screen}?q={run.facts.approved[rng.choice(list(run.facts.approved))][0]}"
    reply = browser.send("handover screen", run.servers[turn], path)
    nominations = sorted(set(NOMINATION_INPUT.findall(reply.body))) if reply else []
    if not nominations:
        return
    nomination = int(rng.choice(nominations))
    form = _handover_form(reply, nomination, rng)
    if count % BOTH_AT_ONCE_EVERY == 0:
        answers = _both_at_once(browser, run, screen, form, "handover sent twice", (303, 409))
        run.tally.note("pairs", tuple(answer and answer.status for answer in answers))
        for answer in answers:
            _record(run, nomination, answer)
        return
    answer = browser.send("handover", run.servers[1 - turn], screen, form, (303, 409))
    if _record(run, nomination, answer) and rng.randrange(VOID_EVERY) == 0:
        _void(browser, run, nomination, 1 - turn)


def official(browser: Browser, run: Run, rng: random.Random) -> None:
    """Handovers and reads, alternating between the instances; handovers only in the burst."""
    count = 0
    while not run.stop.is_set():
        count += 1
        if run.burst.is_set() or rng.random() < 0.6:
            _handover(browser, run, rng, count)
        else:
            path = run.page("official", rng)
            browser.send(_kind(path), run.servers[count % 2], path)


def _new_programme(browser: Browser, run: Run, number: int) -> None:
    """A new programme's form from one instance, sent to both at once: one programme."""
    path = f"/gifts/new?campaign={run.facts.campaign}"
    page = browser.send("programme form", run.servers[number % 2], path)
    if page is None:
        return
    name = f"Quà tặng bổ sung đợt {number}"
    form = {"csrf_token": CSRF_INPUT.search(page.body).group(1),
            "submission": SUBMISSION_INPUT.search(page.body).group(1), "name": name,
            "event": "", "package_description": "Nhu yếu phẩm", "unit_value": "300000",
            "quota": "10"}  # fmt: skip
    answers = _both_at_once(browser, run, path, form, "programme sent twice", (302,))
    run.tally.note("programmes", (name, [answer and answer.location for answer in answers]))


def reader(browser: Browser, run: Run, rng: random.Random, username: str) -> None:
    """Lists and reports, alternating between the instances; the organizer also makes new
    programmes now and then."""
    count, made, next_form = 0, 0, time.monotonic()
    while not run.stop.is_set():
        if username == "tochuc" and time.monotonic() >= next_form:
            made += 1
            _new_programme(browser, run, made)
            next_form += PROGRAMME_FORM_SECONDS
        count += 1
        path = run.page(username, rng)
        browser.send(_kind(path), run.servers[count % 2], path)


def throttle(run: Run) -> dict[str, list]:
    """Wrong passwords for one account, the form from one instance sent to the other and the
    next try the other way round; then for another account, all on the first instance."""
    answers = {}
    for username, spread in zip(THROTTLED, (True, False), strict=True):
        statuses = []
        for attempt in range(MAX_FAILURES + 2):
            form_from = run.servers[attempt % 2 if spread else 0]
            post_to = run.servers[(attempt + 1) % 2 if spread else 0]
            reply = Browser(run.tally).sign_in(form_from, username, "wrong password 2026",
                                               "failed sign-in", post_to, (401, 429))  # fmt: skip
            statuses.append(reply and reply.status)
        answers[username] = statuses
    return answers


# --- the kill --------------------------------------------------------------------------------


def _workers_by_port(server: Server) -> dict[int, int]:
    """The workers of ``server`` by the local port of each TCP connection they hold."""
    ports = {
        f"socket:[{fields[9]}]": int(fields[1].rsplit(":", 1)[1], 16)
        for fields in (line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:])
    }
    found = {}
    for pid in server.workers():
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if port := ports.get(os.readlink(f"/proc/{pid}/fd/{fd}")):
                        found[port] = pid
    return found


def kill_mid_handover(server: Server, url: str) -> tuple[bool, str]:
    """SIGKILL the worker of ``server`` whose transaction has taken a place of the quota or
    written a handover, and not yet committed (any of its workers if none is seen in time);
    wait for gunicorn to start another. Whether it did, and what was killed."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")  # a fresh snapshot each time
    inside = sa.text(
        "SELECT client_port, state, left(query, 70) FROM pg_stat_activity "
        "WHERE application_name = :name AND xact_start IS NOT NULL AND client_port > 0 "
        "AND query ~ :recording"
    )
    victim, seen = None, "no transaction inside a handover was seen: any worker"
    deadline, workers = time.monotonic() + KILL_WAIT_SECONDS, _workers_by_port(server)
    before = set(server.workers())
    with engine.connect() as connection:
        while victim is None and time.monotonic() < deadline:
            found = connection.execute(inside, {"name": server.name, "recording": RECORDING})
            for port, state, query in found:
                if port not in workers:  # a connection opened since
                    workers = _workers_by_port(server)
                if victim := workers.get(port):
                    os.kill(victim, signal.SIGKILL)
                    seen = f"its transaction {state} after “{' '.join(query.split())} …”"
                    break
    engine.dispose()
    if victim is None:
        victim = server.workers()[0]
        os.kill(victim, signal.SIGKILL)
    killed = time.monotonic()
    while victim in server.workers() or len(server.workers()) < WORKERS:
        if time.monotonic() > killed + TIMEOUT:
            return False, f"worker {victim} of {server.name} killed, {seen}; none started since"
        time.sleep(0.05)
    return True, (
        f"worker {victim} of {server.name} killed with SIGKILL, {seen}; gunicorn started worker "
        f"{(set(server.workers()) - before).pop()} in {time.monotonic() - killed:.1f} s"
    )


# --- the checks ------------------------------------------------------------------------------


def _within(done: Counter, lost: Counter, stored: Counter) -> list[int]:
    """The women whose stored rows are not between what was acknowledged and that plus the
    answers lost."""
    return [key for key in set(done) | set(lost) | set(stored)
            if not done[key] <= stored[key] <= done[key] + lost[key]]  # fmt: skip


def checks(url: str, run: Run, throttled: dict[str, list]) -> list[tuple[bool, str]]:
    """(passed, what) of every check, read from the database after the run."""
    facts, tally = run.facts, run.tally
    app = bench_app(url)
    with app.app_context():
        restored = backups.check()
        programmes = db.session.scalar(sa.select(sa.func.count()).select_from(GiftProgramme))
        shares = db.session.scalar(sa.select(sa.func.count()).select_from(GiftAllocation))
        twice = db.session.execute(sa.text(
            "SELECT programme_id, beneficiary_id FROM gift_handovers WHERE status = 'given' "
            "GROUP BY programme_id, beneficiary_id HAVING count(*) > 1")).all()  # fmt: skip
        rows = db.session.execute(sa.text(
            "SELECT beneficiary_id, count(*), count(*) FILTER (WHERE status = 'voided') "
            "FROM gift_handovers WHERE id > :before AND programme_id = :programme "
            "GROUP BY beneficiary_id"),
            {"before": facts.handovers_before, "programme": facts.programme}).all()  # fmt: skip
        made = Counter(
            db.session.scalars(
                sa.select(GiftProgramme.name).where(GiftProgramme.id > facts.programmes_before)
            )
        )
        db.engine.dispose()
    woman_of = {nomination: woman for nomination, (_number, woman) in facts.approved.items()}

    def by_woman(counter: Counter) -> Counter:
        women = Counter()
        for nomination, n in counter.items():
            women[woman_of[nomination]] += n
        return women

    stored = Counter({row[0]: row[1] for row in rows})
    voided = Counter({row[0]: row[2] for row in rows})
    wrong_given = _within(by_woman(tally.given), by_woman(tally.given_lost), stored)
    wrong_voided = _within(by_woman(tally.voided), by_woman(tally.voided_lost), voided)
    doubled = [pair for pair in tally.pairs if pair.count(303) > 1]
    split, single = throttled.values()
    expected = [401] * MAX_FAILURES + [429] * 2
    odd_programmes = [(name, locations) for name, locations in tally.programmes
                      if made[name] != 1 or len(set(locations)) != 1]  # fmt: skip
    to_sign_in = [item for item in tally.unexpected if item[4].startswith("/login")]
    five = [item for item in tally.unexpected if item[3] >= 500]
    return [
        (not restored.problems,
         f"counters equal rows (flask restore's check) for {programmes} programmes and "
         f"{shares} shares" + "".join(f"\n       {problem}" for problem in restored.problems)),
        (not twice, f"no woman holds two given gifts of one programme {twice[:5] or ''}"),
        (not wrong_given, f"every acknowledged handover stored exactly once, nothing stored "
         f"beyond the answers lost ({sum(stored.values())} rows written in the run) "
         f"{wrong_given[:5] or ''}"),
        (not wrong_voided, f"every acknowledged void stored, once {wrong_voided[:5] or ''}"),
        (bool(tally.pairs) and not doubled,
         f"a handover sent to both instances at once: {len(tally.pairs)} times, never two "
         f"gifts {Counter(tally.pairs).most_common()}"),
        (bool(tally.programmes) and not odd_programmes,
         f"a programme form sent to both instances at once (one single-use token): "
         f"{len(tally.programmes)} times, one programme each {odd_programmes[:3] or ''}"),
        (split == single == expected,
         f"throttled at try {MAX_FAILURES + 1} whether the tries alternate between the "
         f"instances ({split}) or not ({single})"),
        (not to_sign_in, f"every signed-in request was signed in on both instances "
         f"(none sent to the sign-in page) {to_sign_in[:3] or ''}"),
        (not five, f"no 5xx answer {five[:5] or ''}"),
        (not tally.unexpected, f"every answer as expected {tally.unexpected[:5] or ''}"),
    ]  # fmt: skip


def log_problems(folder: Path) -> tuple[list[str], int]:
    """The gunicorn error logs' tracebacks and error lines, and how many SIGKILL notices."""
    problems, notices = [], 0
    for log in sorted(folder.glob("*.errors.log")):
        text = log.read_text()
        notices += text.count(SIGKILL_NOTICE)
        problems += [f"{log.name}: {line}" for line in text.splitlines()
                     if re.search(r"Traceback|\[ERROR\]|\[CRITICAL\]|ERROR in ", line)
                     and SIGKILL_NOTICE not in line]  # fmt: skip
    return problems, notices


# --- the report ------------------------------------------------------------------------------


def requests_table(tally: Tally) -> str:
    """Requests by kind and status, with the median and slowest answer of each kind."""
    statuses = sorted({status for _kind, status in tally.requests}, key=str)
    kinds = sorted({kind for kind, _status in tally.requests})
    lines = [f"  {'kind':<22}{'total':>6}" + "".join(f"{status:>10}" for status in statuses)
             + f"{'p50 s':>8}{'max s':>7}"]  # fmt: skip
    for kind in kinds:
        counts = [tally.requests[(kind, status)] for status in statuses]
        took = sorted(seconds for of, seconds in tally.seconds if of == kind) or [0.0]
        lines.append(f"  {kind:<22}{sum(counts):>6}"
                     + "".join(f"{count or '':>10}" for count in counts)
                     + f"{statistics.median(took):>8.2f}{took[-1]:>7.2f}")  # fmt: skip
    total = [sum(tally.requests[(kind, status)] for kind in kinds) for status in statuses]
    lines.append(f"  {'all':<22}{sum(total):>6}" + "".join(f"{count:>10}" for count in total))
    return "\n".join(lines)


def handovers_line(tally: Tally) -> str:
    sent = sum(n for (kind, _status), n in tally.requests.items()
               if kind in ("handover", "handover sent twice"))  # fmt: skip
    refused = ", ".join(f"{code} {n}" for code, n in tally.refusals.most_common())
    return (f"handovers: {sent} sent, {sum(tally.given.values())} acknowledged, "
            f"{sum(tally.refusals.values())} refused ({refused}), "
            f"{sum(tally.given_lost.values())} without an answer; voided again: "
            f"{sum(tally.voided.values())} acknowledged, {sum(tally.voided_lost.values())} "
            "without an answer")  # fmt: skip


def soak(run: Run, url: str, seconds: float, seed: int):
    """Sign the users in, then load both instances for ``seconds``: the throttle's tries at the
    start, the burst of handovers and the kill midway. (Failed sign-ins per account, whether
    a worker was started again and what was killed, the seconds it took.)"""
    clients = []
    for number, username in enumerate(USERS):
        browser = Browser(run.tally)
        if not browser.sign_in(run.servers[number % 2], username, PASSWORD):
            raise SystemExit(f"{username} could not sign in")
        rng = random.Random(f"{seed} {username}")
        work, extra = (official, ()) if username in OFFICIALS else (reader, (username,))
        clients.append(threading.Thread(target=work, args=(browser, run, rng, *extra),
                                        daemon=True))  # fmt: skip
    _say(f"{len(clients)} users signed in; load for {seconds:.0f} s")
    started = time.monotonic()
    for client in clients:
        client.start()
    throttled = throttle(run)
    time.sleep(max(0.0, started + seconds / 2 - BURST_SECONDS - time.monotonic()))
    run.burst.set()
    time.sleep(BURST_SECONDS)
    killed = kill_mid_handover(run.servers[0], _application_name(url, run.servers[0].name))
    _say(killed[1])
    run.burst.clear()
    time.sleep(max(0.0, started + seconds - time.monotonic()))
    run.stop.set()
    for client in clients:
        client.join(TIMEOUT)
    return throttled, killed, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        required=True,
        help="a PostgreSQL URL; that database is dropped and made again",
    )
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    url = arguments.database
    os.environ.setdefault("BENCH_SECRET_KEY", secrets.token_urlsafe(48))
    secret = os.environ["BENCH_SECRET_KEY"]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # through the clean-up below
    _say("preparing the database")
    run = Run([], prepare(url, arguments.seed, secret), Tally())
    with tempfile.TemporaryDirectory() as folder:
        try:
            for name in ("soak-a", "soak-b"):
                errors = Path(folder) / f"{name}.errors.log"
                run.servers.append(Server(name, "campaign:create_app()", {
                    **_environment(_application_name(url, name), secret),
                    "GUNICORN_CMD_ARGS": f"--error-logfile {errors}",
                }, Path(folder)))  # fmt: skip
            throttled, killed, elapsed = soak(run, url, arguments.minutes * 60, arguments.seed)
            served = {server.name: server.served() for server in run.servers}
        finally:  # Ctrl-C and SIGTERM too
            run.stop.set()
            for server in run.servers:
                server.stop()
        logged, notices = log_problems(Path(folder))
    results = [*checks(url, run, throttled), killed]
    results.append((not logged, f"no traceback or error in the gunicorn logs ({notices} "
                    "SIGKILL notice, expected)"
                    + "".join(f"\n       {line}" for line in logged[:20])))  # fmt: skip
    tally = run.tally
    total = sum(tally.requests.values())
    print(f"soak: {elapsed:.0f} s, two gunicorn instances × {WORKERS} workers on one PostgreSQL, "
          f"{len(USERS)} users; {total} requests ({total / elapsed:.1f}/s)")  # fmt: skip
    print(requests_table(tally))
    print("answered by instance (client / access log): " + ", ".join(
        f"{name} {tally.by_server[name]} / {served[name]}" for name in served))  # fmt: skip
    print(handovers_line(tally))
    print("checks:")
    for passed, what in results:
        print(f"  {'OK  ' if passed else 'FAIL'} {what}")
    sys.exit(0 if all(passed for passed, _what in results) else 1)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the servers were stopped on the way out
        sys.exit(130)

"""Every route of the URL map, as every role, with hostile values in every field and parameter:
never a 5xx, and a refusal (4xx) changes nothing in the database.

The routes come from ``app.url_map``, so a new route is covered without touching this file (a
new kind of id in a URL fails :func:`url_for_rule` until ``RECORDS`` says which table it names).
The field names come from the forms the pages themselves render; Hypothesis draws the values.
"""

import html.parser
import itertools
import re
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import Flask, got_request_exception
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule

from campaign.accounts.models import Role, User
from campaign.activities.models import Activity, ProgressReport
from campaign.beneficiaries.models import Beneficiary
from campaign.campaigns.models import Campaign, CampaignIndicator
from campaign.events.models import AgendaItem, Event, Participation
from campaign.extensions import db
from campaign.gifts.models import GiftProgramme, Handover, Nomination, SpreadsheetUpload
from campaign.officials.models import Official, OfficialPosition
from campaign.places.models import AdministrativeUnit, Organization
from tests import factories
from tests.conftest import csrf_token

RECORDS = {
    "beneficiary": Beneficiary, "campaign": Campaign, "event": Event,
    "handover": Handover, "item": AgendaItem, "nomination": Nomination, "official": Official,
    "organization": Organization, "participation": Participation, "position": OfficialPosition,
    "programme": GiftProgramme, "unit": AdministrativeUnit, "upload": SpreadsheetUpload,
    "user": User, "activity": Activity, "report": ProgressReport, "indicator": CampaignIndicator,
}  # fmt: skip
"""The table each ``<int:…_id>`` of a route names; the test fills it with an existing record."""
SKIPPED_ENDPOINTS = {"accounts.sign_out"}  # would end the session the next requests use
TARGET_USERNAME = "hostile.target"
"""The account /admin/users/<user_id> routes act on: not one the test signs in with."""
DELIBERATE_WRITES = {"INSERT audit_entries", "INSERT sign_in_attempts"}
"""Refused access and failed sign-ins are logged although the request fails (audit design)."""
WRITE = re.compile(r'\s*(INSERT|UPDATE|DELETE)\s+(?:INTO\s+|FROM\s+)?"?(\w+)', re.IGNORECASE)
ADDRESSES = (f"10.9.{n // 250}.{n % 250 + 1}" for n in itertools.count())
"""A client address of its own for every client of the test: the sign-in throttle counts
failures per address, and the hostile password changes are failures."""
LIST_FILE = "Họ và tên,Năm sinh,Xã/phường,Đồng ý\nNguyễn Thị Thử,1970,Phường Lê Lợi,x\n".encode()

WTFORMS_ENGLISH = ["Not a valid", "Invalid Choice", "Invalid input.", "Invalid field name",
                   "Invalid value, ", "Field must be", "Field cannot be", "Number must be",
                   "Date must be", "This field is", "CSRF token", "CSRF failed", "File does not"]  # fmt: skip
"""WTForms' and Flask-WTF's own messages, which exist in English only: none on a Vietnamese page."""
INVALID_UTF8 = ["%FF", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%E2%82", "%C0%AF", "%", "%zz"]
NUMBERS = ["-1", "0", "-0", "2147483648", "-2147483649", "9" * 30, "-" + "9" * 30, "1e309",
           "NaN", "inf", "1.5", "0x10", "１２", "٣", "²", "1_000", " 7 "]  # fmt: skip
WRONG_TYPES = ["", " ", "abc", "[]", "{}", "true", "null", "31/02/2022", "2022-13-45", "99:99",
               "00/00/0000", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --"]  # fmt: skip
LONG = ["A", "9", "%E1%BB%85", "%00"]
HIDDEN = ["\u202e", "\u2066", "\u200b", "\ufeff", "\u200f", "\x1b", "\r\n"]


def around(middle: st.SearchStrategy) -> st.SearchStrategy:
    """Text with ``middle`` somewhere inside."""
    return st.builds(lambda before, inside, after: before + inside + after,
                     st.text(max_size=8), middle, st.text(max_size=8))  # fmt: skip


encoded_value = st.one_of(
    around(st.just("\x00")).map(urllib.parse.quote_plus),
    around(st.sampled_from(HIDDEN)).map(urllib.parse.quote_plus),
    st.builds(
        lambda text, raw: urllib.parse.quote_plus(text) + raw,
        st.text(max_size=8),
        st.sampled_from(INVALID_UTF8),
    ),
    st.sampled_from(NUMBERS + WRONG_TYPES).map(urllib.parse.quote_plus),
    st.text(max_size=40).map(urllib.parse.quote_plus),
).map(lambda encoded: (1, encoded)) | st.tuples(st.just(10_000), st.sampled_from(LONG))
"""(times, a value as it goes on the wire): percent-encoded text, or bytes that are no UTF-8;
``times`` repeats it (10,000 characters), so that Hypothesis does not print them all."""


FIELD_TAGS = ("input", "select", "textarea", "button")


class FormFields(html.parser.HTMLParser):
    """The fields of every form of a page, and the parameters of its links, by method and
    path (a form without an action posts to the page itself: path "")."""

    def __init__(self):
        super().__init__()
        self.forms: dict[tuple[str, str], dict[str, str]] = {}
        self.current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            method = (attributes.get("method") or "get").upper()
            action = urllib.parse.urlsplit(attributes.get("action") or "").path
            self.current = self.forms.setdefault((method, action), {})
        elif self.current is not None and tag in FIELD_TAGS and attributes.get("name"):
            self.current.setdefault(attributes["name"], attributes.get("value") or "")
        elif tag == "a" and "?" in (attributes.get("href") or ""):  # pages, sorting, filters
            link = urllib.parse.urlsplit(attributes["href"])
            parameters = self.forms.setdefault(("GET", link.path), {})
            for name, value in urllib.parse.parse_qsl(link.query, keep_blank_values=True):
                parameters.setdefault(name, value)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


@contextmanager
def raised(app: Flask):
    """The exceptions the views raised while the block ran (the 500 page hides them)."""
    errors: list[Exception] = []

    def record(sender, exception, **extra):
        errors.append(exception)

    got_request_exception.connect(record, app)
    try:
        yield errors
    finally:
        got_request_exception.disconnect(record, app)


@contextmanager
def committed_writes(app: Flask):
    """Collects "INSERT table", "UPDATE table", "DELETE table" of every statement whose
    transaction committed while the block ran (a rolled-back one changed nothing)."""
    pending: list[str] = []
    committed: list[str] = []

    def statement(conn, cursor, text, parameters, context, executemany):
        if match := WRITE.match(text):
            pending.append(f"{match.group(1).upper()} {match.group(2)}")

    def commit(conn):
        committed.extend(pending)
        pending.clear()

    def rollback(conn):
        pending.clear()

    with app.app_context():
        engine = db.engine
    listeners = [("before_cursor_execute", statement), ("commit", commit), ("rollback", rollback)]
    for name, listener in listeners:
        sa.event.listen(engine, name, listener)
    try:
        yield committed
    finally:
        for name, listener in listeners:
            sa.event.remove(engine, name, listener)


def url_for_rule(rule: Rule, user_id: int | None) -> str:
    """The rule's path with every id an existing record, children consistent with parents (an
    agenda item of that event, an upload of that user and programme)."""
    rows = {}
    for argument in rule.arguments:
        if argument == "filename":
            continue
        name = argument.removesuffix("_id")
        assert name in RECORDS, f"{rule.rule}: which table does <{argument}> name? (RECORDS)"
        model = RECORDS[name]
        statement = sa.select(model).order_by(model.id.desc()).limit(1)
        if model is User:
            statement = statement.where(User.username == TARGET_USERNAME)
        if model is SpreadsheetUpload:
            statement = statement.where(SpreadsheetUpload.uploaded_by_id == user_id)
        rows[argument] = db.session.scalar(statement)
    values = {"filename": "css/app.css"} if "filename" in rule.arguments else {}
    for argument, row in sorted(rows.items(), key=lambda item: -_parents(item[1], rule)):
        values.setdefault(argument, row.id if row is not None else 1)
        for other in rule.arguments:
            if other != argument and row is not None and hasattr(row, other):
                values.setdefault(other, getattr(row, other))
    return rule.build(values, append_unknown=False)[1]


def _parents(row, rule: Rule) -> int:
    return sum(1 for other in rule.arguments if row is not None and hasattr(row, other))


def send(client, method: str, path: str, pairs: list[tuple[str, str]]) -> tuple[int, str]:
    """The status, and the page's text when it is a Vietnamese HTML page."""
    body = "&".join(f"{urllib.parse.quote_plus(name)}={value}" for name, value in pairs)
    if method == "GET":
        response = client.get(path + "?" + body)
    else:
        response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    page = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
    response.close()
    return response.status_code, page if '<html lang="vi">' in page else ""


class Hostile:
    """Hostile values drawn by Hypothesis as one pool per example, handed out in turn.

    Drawn up front, so that what is drawn does not depend on what the pages show, which changes
    as the test goes (a deleted agenda item, a closed campaign)."""

    POOL = 64

    def __init__(self, values: list[tuple[int, str]], picks: list[int]):
        self.values = itertools.cycle(values)
        self.picks = itertools.cycle(picks)

    def pick(self, count: int) -> int:
        return next(self.picks) % count

    def pairs(self, fields: dict[str, str]) -> list[tuple[str, str]]:
        """Every field, some of them more than once (a duplicated parameter). Either one field
        is hostile and the others keep the value the page gave them (an edit form's values get
        the request past validation, to the rules and the database), or every field is hostile
        or kept at random. The CSRF token stays valid."""
        names = [name for name in fields if name != "csrf_token"]
        focus = names[self.pick(len(names))] if names and self.pick(2) else None
        pairs = []
        for name, value in fields.items():
            if name == "csrf_token" or (focus and name != focus):
                pairs.append((name, urllib.parse.quote_plus(value)))
                continue
            for _ in range(1 + self.pick(3)):
                kept = focus is None and self.pick(3) == 0
                pairs.append((name, urllib.parse.quote_plus(value) if kept else self.value()))
        return pairs

    def value(self) -> str:
        times, encoded = next(self.values)
        return encoded * times

    def guessed_fields(self, names: list[str]) -> dict[str, str]:
        return {names[self.pick(len(names))]: "" for _ in range(self.pick(6))} if names else {}


def sign_in_as(client: FlaskClient, username: str, password: str) -> None:
    data = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    assert client.post("/login", data=data).status_code == 302


@dataclass
class Visitor:
    """A signed-in client (or an anonymous one) and the forms its pages show."""

    client: FlaskClient
    user_id: int | None
    forms: dict[tuple[str, str], dict[str, str]]


class World:
    """The demo campaign, a target account, an uploaded list of each demo user, and a visitor
    of each role, kept from one Hypothesis example to the next (signing in costs a password
    hash; the pages' forms are the same)."""

    def __init__(self, app: Flask, passwords: dict[str, str]):
        self.app = app
        self.passwords = passwords
        self.visitors: dict[Role | None, Visitor] = {}

    def visitor(self, role: Role | None) -> Visitor:
        if role not in self.visitors:
            client = self.app.test_client()
            client.environ_base["REMOTE_ADDR"] = next(ADDRESSES)
            user_id = None
            if role is not None:
                username = f"demo.{role.value}"
                sign_in_as(client, username, self.passwords[username])
                with self.app.app_context():
                    user_id = db.session.scalar(sa.select(User.id).where(User.username == username))
            forms = pages_forms(self.app, client, routes(self.app), user_id)
            self.visitors[role] = Visitor(client, user_id, forms)
        return self.visitors[role]


@pytest.fixture
def world(app, demo) -> World:
    """A view's exception answers the 500 page, as in production, rather than ending the test."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with app.app_context():
        factories.user(Role.STAFF, username=TARGET_USERNAME)
        programme = db.session.scalar(sa.select(GiftProgramme).limit(1))
        for user in db.session.scalars(sa.select(User).where(User.username.like("demo.%"))):
            db.session.add(SpreadsheetUpload(programme_id=programme.id, uploaded_by=user,
                                             filename="danh-sach.csv", content=LIST_FILE))  # fmt: skip
        db.session.commit()
    return World(app, demo.new_passwords)


def routes(app: Flask) -> list[tuple[Rule, str]]:
    return sorted(
        (
            (rule, method)
            for rule in app.url_map.iter_rules()
            if rule.endpoint not in SKIPPED_ENDPOINTS
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        ),
        key=lambda pair: (pair[0].rule, pair[1]),
    )


def pages_forms(app: Flask, client, rules: list[tuple[Rule, str]], user_id) -> dict:
    """(method, path) → fields, from every page the role can open."""
    forms: dict[tuple[str, str], dict[str, str]] = {}
    for rule, method in rules:
        if method != "GET" or rule.endpoint == "static":
            continue
        with app.app_context():
            path = url_for_rule(rule, user_id)
        response = client.get(path)
        response.close()
        if response.mimetype == "text/html":
            parser = FormFields()
            parser.feed(response.get_data(as_text=True))
            for key, fields in parser.forms.items():
                forms.setdefault((key[0], key[1] or path), {}).update(fields)
    return forms


def drive_every_route(app: Flask, visitor: Visitor, hostile: Hostile) -> list[str]:
    """Every route once with hostile values; what went wrong, one line per request."""
    failures = []
    client, user_id, forms = visitor.client, visitor.user_id, visitor.forms
    rules = routes(app)
    known = sorted({name for fields in forms.values() for name in fields} - {"csrf_token"})
    tokens = [fields["csrf_token"] for fields in forms.values() if "csrf_token" in fields]
    for rule, method in rules:
        with app.app_context():
            path = url_for_rule(rule, user_id)
        fields = dict(forms.get((method, path), {}))
        if method == "GET" or not fields:  # parameters no form of the page has, or a route
            fields = {**hostile.guessed_fields(known), **fields}  # no page of the role shows
        if method == "POST" and tokens:
            fields.setdefault("csrf_token", tokens[0])
        pairs = hostile.pairs(fields)
        with committed_writes(app) as writes, raised(app) as errors:
            status, page = send(client, method, path, pairs)
        request = f"{method} {path} {pairs!r:.300}"
        if english := [message for message in WTFORMS_ENGLISH if message in page]:
            failures.append(f"{status} in English {english}: {request}")
        if status >= 500:
            failures.append(f"{status} {errors!r:.300}: {request}")
        elif status >= 400 and not set(writes) <= DELIBERATE_WRITES:
            failures.append(f"{status} but wrote {sorted(set(writes))}: {request}")
    return failures


@settings(
    max_examples=2,
    deadline=None,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    values=st.lists(encoded_value, min_size=Hostile.POOL, max_size=Hostile.POOL),
    picks=st.lists(st.integers(0, 2**16), min_size=Hostile.POOL, max_size=Hostile.POOL),
)
def test_no_route_breaks_on_hostile_input_whoever_sends_it(app, world, values, picks):
    hostile = Hostile(values, picks)
    failures = []
    for role in (None, *Role):
        visitor = world.visitor(role)
        failures += [f"{role}: {failure}" for failure in drive_every_route(app, visitor, hostile)]
    assert not failures, "\n".join(failures)

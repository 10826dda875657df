"""The application in this process, for the benchmark: signing in through the test client,
counting a page's SQL statements, and catching the template a page renders with its context."""

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import template_rendered

from campaign import create_app
from campaign.extensions import db

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def bench_app(database_url: str):
    """The application on the benchmark's database, with production's settings but a fixed
    key (the test client and gunicorn then read each other's cookies)."""
    return create_app(
        {
            "CAMPAIGN_ENV": "production",
            "SECRET_KEY": os.environ["BENCH_SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )


def signed_in(app, username: str, password: str):
    """A test client signed in as ``username``."""
    client = app.test_client()
    token = CSRF_INPUT.search(client.get("/login").text).group(1)
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, f"sign-in of {username} failed: {response.status_code}"
    return client


def session_cookie(app, client) -> str:
    """The ``Cookie`` header of ``client``'s session."""
    name = app.config["SESSION_COOKIE_NAME"]
    return f"{name}={client.get_cookie(name).value}"


@dataclass
class Statements:
    """The SQL a request sent: text and parameters, in order."""

    sent: list[tuple[str, object]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sent)


@contextmanager
def counted(app):
    """Collect every statement sent on ``app``'s engine inside the block."""
    statements = Statements()

    def collect(_connection, _cursor, statement, parameters, _context, _executemany):
        statements.sent.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", collect)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", collect)


@contextmanager
def rendered_templates(app):
    """Collect (template name, context) of every template rendered inside the block."""
    caught = []

    def catch(_sender, template, context, **_extra):
        caught.append((template.name, dict(context)))

    template_rendered.connect(catch, app)
    try:
        yield caught
    finally:
        template_rendered.disconnect(catch, app)

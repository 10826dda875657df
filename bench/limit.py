"""The limit of the stack: a bare WSGI app that renders a page's own template with the context
its view built, prepared once, so that a request costs only Flask, Jinja and the template.

    gunicorn 'bench.limit:create_limit_app()'      (run.py starts it; see bench/run.py)

Its filters' lists of choices are cut to the blank one and the one chosen: what the limit costs
is the rows and the page around them, not the thousands of options issue 11 counts against the
page. ``/<n>`` renders page ``n`` of the list in the JSON file ``BENCH_LIMIT_PAGES`` names ({url,
username} each). On its first request a worker signs in, runs the page's view once in this
process and keeps what the view handed its template (the rows, already loaded); every later
request renders that again inside a request for the same URL, without a statement (the
objects are detached: what the first rendering loaded stays on them).
"""

import json
import os

from flask import g, render_template
from wtforms import Form

from bench.inprocess import bench_app, rendered_templates, session_cookie, signed_in
from campaign.extensions import db


def _chosen_options_only(form: Form) -> None:
    """Cut each list of choices to its first (the blank "all") and the chosen one: the limit
    is the page's rows and its filters, not thousands of options a page should not send."""
    for field in form:
        choices = getattr(field, "choices", None)
        if isinstance(choices, dict):
            field.choices = {}
        elif isinstance(choices, list | tuple) and len(choices) > 1:
            chosen = {str(field.data)}
            field.choices = [
                choice
                for position, choice in enumerate(choices)
                if position == 0 or str(_value(choice)) in chosen
            ]


def _value(choice):
    return choice[0] if isinstance(choice, list | tuple) else choice


class LimitApp:
    def __init__(self, database_url: str, pages: list[dict], password: str):
        self.app = bench_app(database_url)
        self.pages = pages
        self.password = password
        self.prepared: dict[int, tuple[str, dict, str, object]] = {}

    def _prepare(self, number: int):
        page = self.pages[number]
        client = signed_in(self.app, page["username"], self.password)
        cookie = session_cookie(self.app, client)
        with self.app.test_request_context(page["url"], headers={"Cookie": cookie}):
            self.app.preprocess_request()  # signs the user in from the cookie
            principal = g._login_user
            with rendered_templates(self.app) as caught:
                self.app.dispatch_request()
            # The rendering loaded what the template reads; detached, the objects keep it.
            db.session.expunge_all()
            db.session.rollback()
        name, context = caught[0]
        for value in context.values():
            if isinstance(value, Form):
                _chosen_options_only(value)
        self.prepared[number] = (name, context, page["url"], principal)
        return self.prepared[number]

    def _render(self, number: int) -> bytes:
        name, context, url, principal = self.prepared[number]
        with self.app.test_request_context(url):
            g._login_user = principal
            return render_template(name, **context).encode()

    def __call__(self, environ, start_response):
        number = int(environ["PATH_INFO"].strip("/"))
        if number not in self.prepared:
            self._prepare(number)
        body = self._render(number)
        start_response(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]


def create_limit_app() -> LimitApp:
    with open(os.environ["BENCH_LIMIT_PAGES"], encoding="utf-8") as handle:
        setup = json.load(handle)
    return LimitApp(setup["database_url"], setup["pages"], setup["password"])

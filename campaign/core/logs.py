"""The application's log (docs/architecture.md, "Logs and the request id"): one line per event
on stderr, as JSON (production's default) or as text, each with the request it belongs to.

Every request has an id: the caller's ``X-Request-ID`` when it is a short safe token (a proxy's
or a load balancer's), else a new one. It goes back in the response's ``X-Request-ID``, into
every line logged while the request runs, and onto the error page, so that a user can quote it.

A line never holds what a request carried: the path is logged without its query string (a
search for a woman's name is a query string), form values are never logged, and the database
driver's errors do not show their parameters (``config.finalize``: ``hide_parameters``). An
error's line keeps its traceback, whose exception message may still quote a value the code put
into it.
"""

import datetime as dt
import json
import logging
import re
import sys
import time
import uuid

from flask import has_request_context, request
from flask.logging import default_handler

REQUEST_ID_HEADER = "X-Request-ID"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
"""What an incoming ``X-Request-ID`` may be to be kept: no spaces, no newlines, no markup."""
ACCESS_LOGGER = "campaign.access"

_REQUEST_ID = "campaign.request_id"
_STARTED = "campaign.started"
_USER_ID = "campaign.user_id"
_REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id",
                   "remote_addr")  # fmt: skip


def request_id() -> str | None:
    """This request's id (made on first use), or None outside a request."""
    if not has_request_context():
        return None
    environ = request.environ
    if _REQUEST_ID not in environ:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        environ[_REQUEST_ID] = incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    return environ[_REQUEST_ID]


def note_user(user_id: int | None) -> None:
    """Say who this request's signed-in user is (her id only), for its log lines."""
    if has_request_context():
        request.environ[_USER_ID] = user_id


class RequestFields(logging.Filter):
    """Adds the request's id, method, path (no query string), user id and address to a record
    logged during a request; ``None`` outside one. The access line brings status and duration."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = dict.fromkeys(_REQUEST_FIELDS)
        if has_request_context():
            fields.update(
                request_id=request_id(),
                method=request.method,
                path=request.path,
                user_id=request.environ.get(_USER_ID),
                remote_addr=request.remote_addr,
            )
        for name, value in fields.items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, the request's fields, and
    for an error its exception's type and traceback."""

    def format(self, record: logging.LogRecord) -> str:
        moment = dt.datetime.fromtimestamp(record.created, dt.UTC)
        line = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **{name: getattr(record, name, None) for name in _REQUEST_FIELDS},
        }
        if record.exc_info and record.exc_info[0] is not None:
            kind = record.exc_info[0]
            module = "" if kind.__module__ == "builtins" else f"{kind.__module__}."
            line["exception_type"] = module + kind.__qualname__
            line["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """For development: ``time level logger [request id] message`` (``[-]`` outside a request)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_label)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.request_label = getattr(record, "request_id", None) or "-"
        return super().format(record)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a line is logged (gunicorn's, ``flask run``'s,
    or a test's capture), not to the one there was when the handler was made."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


class WerkzeugRequestLines(logging.Filter):
    """The development server's own request lines quote the query string: dropped (the access
    line replaces them); its other lines lose any query string they quote."""

    QUERY = re.compile(r"\?[^\s\"']*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.endswith('"%s" %s %s'):
            return False
        record.msg, record.args = self.QUERY.sub("?…", record.getMessage()), None
        return True


def configure(log_format: str, level: str) -> None:
    """One handler on the root logger, made again by each app (the last one's settings hold):
    the application's lines at ``level``, other libraries' from WARNING."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(handler)
    handler = StderrHandler()
    handler.addFilter(RequestFields())
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root.addHandler(handler)
    numeric_level = logging.getLevelName(level)
    root.setLevel(max(logging.WARNING, numeric_level))
    application = logging.getLogger("campaign")
    application.setLevel(numeric_level)
    application.removeHandler(default_handler)  # Flask's own: the root's handler is the one
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, WerkzeugRequestLines) for f in werkzeug.filters):
        werkzeug.addFilter(WerkzeugRequestLines())


def init_app(app) -> None:
    """The log's handler, the request id, and one access line per request after its response.

    Its hooks come first: the id exists before any other hook logs, and the access line is
    written after every other ``after_request`` (the transaction's commit included)."""
    configure(app.config["CAMPAIGN_LOG_FORMAT"], app.config["CAMPAIGN_LOG_LEVEL"])
    access = logging.getLogger(ACCESS_LOGGER)
    app.add_template_global(request_id, "request_id")

    @app.before_request
    def start():
        request.environ[_STARTED] = time.perf_counter()
        request_id()

    @app.after_request
    def log_access(response):
        response.headers[REQUEST_ID_HEADER] = request_id()
        started = request.environ.get(_STARTED)
        duration = round((time.perf_counter() - started) * 1000, 1) if started else None
        access.info(
            "%s %s %s %s ms", request.method, request.path, response.status_code, duration,
            extra={"status": response.status_code, "duration_ms": duration},
        )  # fmt: skip
        return response

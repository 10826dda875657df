"""Settings, read from ``CAMPAIGN_*`` environment variables.

``CAMPAIGN_ENV`` is ``production`` unless said otherwise: a server started without thinking gets
the safe settings, and refuses to start without a real secret key. ``make run`` sets
``development``, which keeps a random key in the instance folder instead.

Read here rather than by ``app.config.from_prefixed_env``: our variables are not Flask's keys with
a prefix (CAMPAIGN_DATABASE_URL is SQLALCHEMY_DATABASE_URI), and its JSON parsing would read
CAMPAIGN_DEBUG=no as the true string "no" and take in any stray CAMPAIGN_* variable.
"""

import functools
import json
import os
import secrets
from pathlib import Path

ENVIRONMENTS = ("production", "development", "testing")
MIN_SECRET_KEY_LENGTH = 32
WEAK_SECRET_KEYS = {"", "dev", "secret", "changeme", "change-me", "please-change-me", "test"}
PASSWORD_HASH_METHOD = "scrypt:32768:8:1"  # werkzeug's default scrypt cost, written out
# The tests' accounts are throwaway: a token cost keeps ~100 sign-ins per run from costing a
# third of a second each (more on a loaded machine). Only CAMPAIGN_ENV=testing gets it.
TESTING_PASSWORD_HASH_METHOD = "scrypt:128:8:1"  # the least werkzeug's memory limit allows
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
FORM_FIELDS_BYTES = 64 * 1024
"""What an upload's request carries besides the file (its CSRF token, the multipart framing)."""
JSON_AS_STORED = functools.partial(json.dumps, ensure_ascii=False)


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or incomplete; the app must not start."""


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEFAULT_LOCK_TIMEOUT_SECONDS = 15
"""How long a request waits for a lock another transaction holds (PostgreSQL's lock_timeout,
SQLite's busy timeout) before it is answered "busy, try again" (503): well inside gunicorn's
30 s worker timeout, which would kill the worker mid-request."""
DEFAULT_RETENTION_MONTHS = 24
"""How long after the last campaign holding a woman closes her personal data is kept
(``flask anonymise``; Law 91/2025/QH15)."""
MAX_RETENTION_MONTHS = 1200
"""A hundred years: longer is no retention at all, and no date is that far back."""
DEFAULT_STATEMENT_TIMEOUT_SECONDS = 25
"""The longest one statement of a request may run on PostgreSQL (statement_timeout)."""


DEFAULT_TRUSTED_HOSTS = "localhost,127.0.0.1"
"""The hosts answered when ``CAMPAIGN_TRUSTED_HOSTS`` says none: the machine itself."""


def _hosts(text: str) -> list[str]:
    return [host.strip().lower() for host in text.split(",") if host.strip()]


def from_environment(instance_path: str) -> dict:
    """The settings the environment asks for, with defaults for everything else."""
    environment = os.environ.get("CAMPAIGN_ENV", "production")
    default_database = "sqlite:///" + str(Path(instance_path) / "campaign.sqlite3")
    return {
        "CAMPAIGN_ENV": environment,
        "DEBUG": _flag("CAMPAIGN_DEBUG", default=False),
        "SECRET_KEY": os.environ.get("CAMPAIGN_SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("CAMPAIGN_DATABASE_URL", default_database),
        "CAMPAIGN_MAX_UPLOAD_BYTES": int(
            os.environ.get("CAMPAIGN_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)
        ),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "CAMPAIGN_LANGUAGES": ("vi", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("CAMPAIGN_SECURE_COOKIES", default=True),
        "WTF_CSRF_TIME_LIMIT": None,
        "CAMPAIGN_IDLE_TIMEOUT_MINUTES": int(os.environ.get("CAMPAIGN_IDLE_TIMEOUT_MINUTES", 30)),
        "CAMPAIGN_SESSION_HOURS": int(os.environ.get("CAMPAIGN_SESSION_HOURS", 12)),
        "CAMPAIGN_PROXY_COUNT": int(os.environ.get("CAMPAIGN_PROXY_COUNT", 0)),
        # Flask's own setting: a request for any other Host answers 400, so that no redirect or
        # link is built from a forged one.
        "TRUSTED_HOSTS": _hosts(os.environ.get("CAMPAIGN_TRUSTED_HOSTS", "")
                                or DEFAULT_TRUSTED_HOSTS),
        "CAMPAIGN_DB_LOCK_TIMEOUT_SECONDS": float(
            os.environ.get("CAMPAIGN_DB_LOCK_TIMEOUT_SECONDS", DEFAULT_LOCK_TIMEOUT_SECONDS)
        ),
        "CAMPAIGN_RETENTION_MONTHS": int(
            os.environ.get("CAMPAIGN_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS)
        ),
        "CAMPAIGN_DB_STATEMENT_TIMEOUT_SECONDS": float(
            os.environ.get("CAMPAIGN_DB_STATEMENT_TIMEOUT_SECONDS",
                           DEFAULT_STATEMENT_TIMEOUT_SECONDS)
        ),
        # None: the environment's default (finalize)
        "CAMPAIGN_LOG_FORMAT": os.environ.get("CAMPAIGN_LOG_FORMAT"),
        "CAMPAIGN_LOG_LEVEL": os.environ.get("CAMPAIGN_LOG_LEVEL", "INFO"),
    }


def finalize(config: dict, instance_path: str) -> None:
    """Check the merged settings and fill in what development may generate."""
    environment = config["CAMPAIGN_ENV"]
    if environment not in ENVIRONMENTS:
        raise ConfigurationError(
            f"CAMPAIGN_ENV must be one of {', '.join(ENVIRONMENTS)}, not {environment!r}"
        )
    config.setdefault(
        "PASSWORD_HASH_METHOD",
        TESTING_PASSWORD_HASH_METHOD if environment == "testing" else PASSWORD_HASH_METHOD,
    )
    # JSON columns store Vietnamese as letters, not \u escapes: shorter, readable in the
    # database, and written by an export as stored (audit/labels.py: changes_text). Set here,
    # so that engine options given by a caller (a pool size) keep it.
    options = config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    options.setdefault("json_serializer", JSON_AS_STORED)
    # A database error's message (and so the log) never quotes the statement's parameters: they
    # are what a form carried, a woman's name or ID number (core/logs.py).
    options.setdefault("hide_parameters", True)
    # A connection the database dropped (a restart, a failover, pg_terminate_backend) is found
    # when it is taken from the pool, not by the request that uses it.
    options.setdefault("pool_pre_ping", True)
    if not 1 <= config["CAMPAIGN_RETENTION_MONTHS"] <= MAX_RETENTION_MONTHS:
        raise ConfigurationError("CAMPAIGN_RETENTION_MONTHS must be a whole number of months from 1"
                                 f" to {MAX_RETENTION_MONTHS}.")  # fmt: skip
    if config.get("MAX_CONTENT_LENGTH") is None:
        # The setting limits the file; its form's few fields come on top, so that the form, not
        # a 413 page, says when a file is too large.
        config["MAX_CONTENT_LENGTH"] = config["CAMPAIGN_MAX_UPLOAD_BYTES"] + FORM_FIELDS_BYTES
    _check_logging(config)
    if environment == "production":
        _refuse_unsafe_production(config)
    elif not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret_key(Path(instance_path))


LOG_FORMATS = ("json", "text")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _check_logging(config: dict) -> None:
    """JSON lines in production, text elsewhere, unless said otherwise; a known level."""
    log_format = (config.get("CAMPAIGN_LOG_FORMAT") or "").strip().lower()
    if not log_format:
        log_format = "json" if config["CAMPAIGN_ENV"] == "production" else "text"
    config["CAMPAIGN_LOG_FORMAT"] = log_format
    if config["CAMPAIGN_LOG_FORMAT"] not in LOG_FORMATS:
        raise ConfigurationError(
            f"CAMPAIGN_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, "
            f"not {config['CAMPAIGN_LOG_FORMAT']!r}"
        )
    config["CAMPAIGN_LOG_LEVEL"] = str(config.get("CAMPAIGN_LOG_LEVEL") or "INFO").strip().upper()
    if config["CAMPAIGN_LOG_LEVEL"] not in LOG_LEVELS:
        raise ConfigurationError(
            f"CAMPAIGN_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, "
            f"not {config['CAMPAIGN_LOG_LEVEL']!r}"
        )


def _refuse_unsafe_production(config: dict) -> None:
    if config.get("DEBUG"):
        raise ConfigurationError("Debug mode must not be on in production (CAMPAIGN_DEBUG).")
    if not config.get("SESSION_COOKIE_SECURE"):
        raise ConfigurationError(
            "Cookies must be Secure in production: CAMPAIGN_SECURE_COOKIES=0 is for plain http "
            "on 127.0.0.1 only."
        )
    key = config.get("SECRET_KEY") or ""
    if key.strip().lower() in WEAK_SECRET_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigurationError(
            "Set CAMPAIGN_SECRET_KEY to a random value of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters, e.g. "
            '`python -c "import secrets; print(secrets.token_urlsafe(48))"`.'
        )


def _instance_secret_key(instance: Path) -> str:
    """A random key kept in the instance folder, so development sessions survive restarts."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()

"""Passwords: stored only as slow scrypt hashes; weak ones refused.

The cost is the ``PASSWORD_HASH_METHOD`` setting (``config.py``): werkzeug's scrypt everywhere
but in the tests, whose throwaway accounts use a token cost so that sign-ins stay cheap. A
stored hash names its own parameters, so checking it never depends on the setting.
"""

import secrets
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from campaign.core.errors import DomainError

MIN_LENGTH = 8
MAX_LENGTH = 128
# Common in Vietnam and missing from zxcvbn's (English-speaking) list of 30,000.
VIETNAMESE_COMMON = frozenset(
    {
        "matkhau", "matkhau1", "matkhau123", "anhyeuem", "anhyeuem1", "emyeuanh", "yeuem123",
        "vietnam", "vietnam1", "vietnam123", "hanoi123", "123456a@", "abc@123", "admin@123",
        "12345678a", "123456aa", "iloveyou1", "quantri", "quantri123", "hoilienhiep",
    }
)  # fmt: skip


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"]) | VIETNAMESE_COMMON


@cache
def _unknown_user_hash(method: str) -> str:
    """A hash to check against when the user does not exist, so both answers take as long."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def _method() -> str:
    return current_app.config["PASSWORD_HASH_METHOD"]


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_method())


def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown user) spend the same time and say no."""
    if password_hash is None:
        check_password_hash(_unknown_user_hash(_method()), password)
        return False
    return check_password_hash(password_hash, password)


def check_password_policy(password: str, username: str | None = None) -> None:
    """Refuse a password that is too short, too long, common, or the username itself."""
    if len(password) < MIN_LENGTH:
        raise DomainError(
            "password_too_short",
            _("The password needs at least %(count)d characters.", count=MIN_LENGTH),
            422,
        )
    if len(password) > MAX_LENGTH:
        raise DomainError(
            "password_too_long",
            _("The password can have at most %(count)d characters.", count=MAX_LENGTH),
            422,
        )
    folded = password.casefold()
    if folded in _common_passwords() or (username and folded == username.casefold()):
        raise DomainError(
            "password_common",
            _("This password is too common and easy to guess. Choose another one."),
            422,
        )


def random_password() -> str:
    """A password for a new or reset account, to be changed at the first sign-in."""
    return secrets.token_urlsafe(12)

"""Redirect targets taken from user input."""

import unicodedata
from urllib.parse import urlsplit

UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Zs"})
"""Characters a path of ours never holds raw: controls (CR and LF would split a header; a
browser drops tabs and newlines from a URL, so ``/\\t/evil.example`` would become
``//evil.example``), format characters, and separators and spaces, which a link sends
percent-encoded."""


def same_site_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, so that no link can redirect elsewhere and no
    redirect can carry a header of its own."""
    if not target:
        return None
    if any(unicodedata.category(character) in UNSAFE_CATEGORIES for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return None
    return target

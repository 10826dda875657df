"""Redirect targets taken from user input."""

from urllib.parse import urlsplit


def same_site_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, so that no link can redirect elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return None
    return target

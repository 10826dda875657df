"""Record ids in URLs and query strings: an id the database cannot hold is no record (404)."""

from werkzeug.routing import IntegerConverter

MAX_RECORD_ID = 2**31 - 1  # PostgreSQL's integer; a larger id in a URL is no record: 404


class RecordIdConverter(IntegerConverter):
    """``<int:…>`` in every route: ids beyond what the database can hold answer 404, not 500."""

    def __init__(self, url_map, **kwargs):
        kwargs.setdefault("max", MAX_RECORD_ID)
        super().__init__(url_map, **kwargs)


def record_id(value: str) -> int:
    """A record id from a query string (``type=record_id``); out of range counts as absent."""
    number = int(value)
    if not 0 < number <= MAX_RECORD_ID:
        raise ValueError(value)
    return number


def record_id_or_none(value: str | None) -> int | None:
    """:func:`record_id` for text from a form or a search box: None when it is no id."""
    try:
        return record_id(value or "")
    except ValueError:
        return None

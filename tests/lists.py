"""Walking a keyset-paged list page by page as a browser does, counting what each page costs."""

import html
import re

from tests.conftest import counted_queries

NEXT = re.compile(r'<a class="page-link" rel="next" href="([^"]+)"')
LAST = re.compile(r'<a class="page-link" rel="last" href="([^"]+)"')


def link(pattern: re.Pattern, page: str) -> str:
    match = pattern.search(page)
    assert match, "no such link on the page"
    return html.unescape(match.group(1))


def statements_of(app, client, path: str) -> tuple[list[str], str]:
    """The statements run while ``client`` gets ``path``, and the page."""
    with counted_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return statements, response.text


def reading(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if f"FROM {table}" in s or f"JOIN {table}" in s]


def walked_costs(app, client, path: str, table: str, hops: int = 3) -> list[tuple[int, int]]:
    """(statements reading ``table``, statements in all) for the first page of ``path``, the
    pages after it (``hops`` times "next") and the last page."""
    counts, page = [], None
    for step in range(hops + 2):
        if step == 0:
            target = path
        elif step <= hops:
            target = link(NEXT, page)
        else:
            target = link(LAST, page)
        statements, page = statements_of(app, client, target)
        counts.append((len(reading(statements, table)), len(statements)))
    return counts

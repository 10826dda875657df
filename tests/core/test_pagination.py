import pytest

from campaign.core.pagination import Page


def page(number, total, per_page=10):
    shown = max(0, min(per_page, total - (number - 1) * per_page))
    return Page(items=list(range(shown)), number=number, per_page=per_page, total=total)


@pytest.mark.parametrize(
    ("number", "pages", "window"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (6, 20, [1, None, 4, 5, 6, 7, 8, None, 20]),
        (1, 20, [1, 2, 3, None, 20]),
        (20, 20, [1, None, 18, 19, 20]),
        (4, 20, [1, 2, 3, 4, 5, 6, None, 20]),
    ],
)
def test_window_links_neighbours_and_ends_with_gaps(number, pages, window):
    assert page(number, pages * 10).window() == window


def test_positions_of_the_rows_shown():
    assert (page(2, 25).first_index, page(2, 25).last_index) == (11, 20)
    assert (page(3, 25).first_index, page(3, 25).last_index) == (21, 25)
    assert (page(1, 0).first_index, page(1, 0).last_index, page(1, 0).pages) == (0, 0, 1)


def test_previous_and_next():
    assert not page(1, 25).has_previous and page(1, 25).has_next
    assert page(3, 25).has_previous and not page(3, 25).has_next

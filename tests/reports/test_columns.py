"""Every printed table's column widths add up to the page's width, so none is squeezed."""

import importlib
import pkgutil

import pytest

import campaign.reports
from campaign.core.documents import Column


def column_sets():
    for module_info in pkgutil.iter_modules(campaign.reports.__path__):
        module = importlib.import_module(f"campaign.reports.{module_info.name}")
        for name, value in vars(module).items():
            sets = value.values() if isinstance(value, dict) else [value]
            for columns in sets:
                if isinstance(columns, tuple) and columns and all(
                    isinstance(column, Column) for column in columns
                ):
                    yield f"{module_info.name}.{name}", columns


@pytest.mark.parametrize(("name", "columns"), list(column_sets()))
def test_widths_add_up_to_the_whole_table(name, columns):
    assert sum(column.width or 0 for column in columns) == 100, name


def test_every_report_module_is_seen():
    names = {name.split(".")[0] for name, _columns in column_sets()}
    assert {"receipts", "register", "event_report", "beneficiary_list", "event_list",
            "nominations", "official_list", "reference_lists", "summary"} <= names

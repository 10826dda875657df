"""What each stored choice is called on screen. Each area keeps the labels of its own enums in
its ``labels.py``; ``create_app`` registers them here, and one template filter shows any of them:
``{{ event.kind|label }}``."""

import enum
from collections.abc import Iterable, Mapping

from flask_babel import LazyString
from wtforms import SelectChoice

LABELS: dict[enum.Enum, object] = {}
"""Every registered choice → its (lazily translated) label."""


def register(labels: Mapping[enum.Enum, object]) -> None:
    LABELS.update(labels)


def label(choice: enum.Enum) -> str:
    return str(LABELS[choice])


def choices(members: Iterable[enum.Enum], blank: str | None = None) -> list[SelectChoice]:
    """Options of a select field for ``members``, each with its label; ``blank`` first if given.
    The labels are looked up when the field is drawn, so a form may be declared before its area's
    labels are registered."""
    options = [SelectChoice("", blank)] if blank is not None else []
    return options + [SelectChoice(member.value, LazyString(label, member)) for member in members]


def init_app(app) -> None:
    app.add_template_filter(label, "label")

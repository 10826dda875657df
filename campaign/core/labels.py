"""What each stored choice is called on screen. Each area keeps the labels of its own enums in
its ``labels.py``; ``create_app`` registers them here, and one template filter shows any of them:
``{{ event.kind|label }}``."""

import enum
from collections.abc import Callable, Iterable

from flask_babel import LazyString
from wtforms import SelectChoice

# Keyed by (enum, member): the members are strings, so EventKind.OTHER == Circumstance.OTHER.
LABELS: dict[tuple[type[enum.Enum], enum.Enum], object] = {}
"""Every registered choice → its (lazily translated) label."""

AUDITED_CHOICES: dict[tuple[str, str], type[enum.Enum]] = {}
"""(audited record type, field) → the enum its stored values belong to."""


def register(
    labels: Iterable[tuple[enum.Enum, object]],
    audited: dict[tuple[str, str], type[enum.Enum]] | None = None,
) -> None:
    """An area's (member, label) pairs, and the enums of the fields its audit entries record."""
    LABELS.update({(type(member), member): text for member, text in labels})
    AUDITED_CHOICES.update(audited or {})


def label(choice: enum.Enum) -> str:
    return str(LABELS[type(choice), choice])


def labeller() -> Callable[[enum.Enum | None], str | None]:
    """:func:`label` for the many rows of one export: each choice is translated once (a
    translation per row costs seconds at 100,000 rows); None stays None."""
    known: dict[enum.Enum | None, str | None] = {None: None}

    def label_of(choice: enum.Enum | None) -> str | None:
        if choice not in known:
            known[choice] = label(choice)
        return known[choice]

    return label_of


def choices(members: Iterable[enum.Enum], blank: str | None = None) -> list[SelectChoice]:
    """Options of a select field for ``members``, each with its label; ``blank`` first if given.
    The labels are looked up when the field is drawn, so a form may be declared before its area's
    labels are registered."""
    options = [SelectChoice("", blank)] if blank is not None else []
    return options + [SelectChoice(member.value, LazyString(label, member)) for member in members]


def init_app(app) -> None:
    app.add_template_filter(label, "label")

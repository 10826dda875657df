"""Naming one record among many by typing: the type-ahead for sets too large for a dropdown (a
nation's 13,000 administrative units, its officials), that works without JavaScript too
(docs/architecture.md, "The read side at scale").

The field is a text box. With JavaScript, ``static/js/suggest.js`` fills its ``<datalist>`` with
the labels the field's suggestion address answers for what is typed, so the user picks an exact
label. Without it, the user types part of a name and sends the form: one match is taken, several
are offered back as buttons (each sends the form again with that label), none is an error. Either
way the server resolves the text against the same :class:`Lookup`, bounded by what the page may
offer (the user's scope, the campaign's map)."""

from collections.abc import Sequence
from typing import Any, Protocol

from flask import jsonify
from flask_babel import gettext
from wtforms import StringField, ValidationError

from campaign.core.forms import max_length, text_filter
from campaign.core.text import search_key

SUGGESTIONS = 20
"""Suggestions sent while typing, and candidates offered back without JavaScript."""
SHORTEST = 2
"""Fewer letters than this suggest nothing: they would match half the registry."""


class Lookup(Protocol):
    """What a lookup field searches: candidates for typed text, and how each is labelled."""

    def find(self, typed: str, limit: int) -> Sequence[Any]: ...

    def label(self, item: Any) -> str: ...


def suggestions_response(lookup: Lookup, typed: str | None):
    """The JSON a lookup field's suggestion address answers: up to :data:`SUGGESTIONS` labels."""
    typed = text_filter(typed) or ""
    found = lookup.find(typed, SUGGESTIONS) if len(search_key(typed)) >= SHORTEST else []
    response = jsonify({"suggestions": [lookup.label(item) for item in found]})
    response.headers["Cache-Control"] = "private, no-store"
    return response


class LookupField(StringField):
    """A text box naming one record of ``lookup`` (set by the form's owner before validating,
    with ``suggest_url``); after validation ``chosen`` is the record, or None when left empty."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, [*(validators or ()), max_length(200)],
                         filters=[text_filter], **kwargs)  # fmt: skip
        self.lookup: Lookup | None = None
        self.suggest_url: str | None = None
        self.chosen: Any = None
        self.candidates: list[tuple[str, Any]] = []

    def process_formdata(self, valuelist):
        # A candidate button sends its label after what was typed: the last value wins.
        if valuelist:
            self.data = valuelist[-1]

    def pre_validate(self, form) -> None:
        self.chosen, self.candidates = None, []
        if not self.data:
            return
        if self.lookup is None:
            raise RuntimeError(f"{self.name}: no lookup set before validation")
        found = list(self.lookup.find(self.data, SUGGESTIONS + 1))
        exact = [
            item for item in found if self.lookup.label(item).casefold() == self.data.casefold()
        ]
        if len(exact) == 1 or len(found) == 1:
            self.chosen = (exact or found)[0]
            self.data = self.lookup.label(self.chosen)
            return
        if not found:
            raise ValidationError(gettext("Nothing matches “%(typed)s”.", typed=self.data))
        self.candidates = [(self.lookup.label(item), item) for item in found[:SUGGESTIONS]]
        if len(found) > SUGGESTIONS:
            raise ValidationError(gettext(
                "More than %(count)d match “%(typed)s”: type more of the name, or choose one of "
                "the first below.", count=SUGGESTIONS, typed=self.data))  # fmt: skip
        raise ValidationError(
            gettext("Several match “%(typed)s”: choose one below.", typed=self.data)
        )

    def __call__(self, **kwargs):
        kwargs.setdefault("list", f"{self.id}-suggestions")
        kwargs.setdefault("autocomplete", "off")
        if self.suggest_url:
            kwargs.setdefault("data-suggest", self.suggest_url)
        return super().__call__(**kwargs)

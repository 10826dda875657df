"""The gifts blueprint, one for the whole area: its routes live in ``programme_views``
(programmes and shares), ``nomination_views`` (the list and its approval) and ``handover_views``
(the ceremony), imported at the end so that each finds the blueprint here."""

from flask import Blueprint, abort, request

from campaign.core.routing import record_id_or_none
from campaign.gifts import queries
from campaign.gifts.models import GiftProgramme
from campaign.gifts.words import share_words

blueprint = Blueprint("gifts", __name__)
blueprint.context_processor(lambda: {"share_words": share_words})


def programme_or_404(programme_id: int) -> GiftProgramme:
    return queries.programme_with_shares(programme_id) or abort(404)


def ticked_ids(name: str) -> list[int]:
    """The ids ticked in a list of checkboxes; anything else is ignored."""
    ids = (record_id_or_none(value) for value in request.form.getlist(name)[:1000])
    return [number for number in ids if number is not None]


from campaign.gifts import handover_views, nomination_views, programme_views  # noqa: E402, F401

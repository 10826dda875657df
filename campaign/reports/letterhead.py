"""The parts of a document that come from its campaign: who issues it, where and when; and a
document issued so, with its number and signature blocks (:func:`issued_document`)."""

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from campaign.campaigns.models import Campaign
from campaign.core.dates import local_today
from campaign.core.documents import Document, Sheet, Signature, date_line


@dataclass(frozen=True)
class Letterhead:
    issuer_parent: str | None
    issuer: str
    place_and_date: str


def letterhead_of(campaign: Campaign | None) -> Letterhead:
    """The campaign's standing body issues its documents, under its lead body (Decree 30: the
    issuing body below its governing one); the place is the campaign's unit, the date today's.
    Without a campaign (none set up yet), the application's name, and a place to write in."""
    if campaign is None:
        return Letterhead(None, _("Month of Action").upper(), date_line("…", local_today()))
    standing, lead = campaign.standing_organization, campaign.lead_organization
    issuer = standing or lead
    parent = lead if standing is not None and lead is not None and lead.id != standing.id else None
    return Letterhead(
        issuer_parent=parent.name.upper() if parent else None,
        issuer=(issuer.name if issuer else campaign.name).upper(),
        place_and_date=date_line(campaign.unit.name, local_today()),
    )


def document_number(code: str) -> str:
    """"      /DS": the number is left blank for the office's registry to write in by hand when
    the document is issued (Decree 30, Art. 15: numbers are given at issue, not when drafted)."""
    return f"\u2002\u2002\u2002\u2002\u2002\u2002/{code}"


def issued_document(
    campaign: Campaign | None, title: str, sheets: Sequence[Sheet], *, code: str = "DS",
    signer: str | None = None, subtitles: Sequence[str] = (), recipients: Sequence[str] = (),
    landscape: bool = False, closing_each_sheet: bool = False,
) -> Document:  # fmt: skip
    """A document the campaign issues: its letterhead, a number of kind ``code`` ("DS" a list,
    "BC" a report) to be given at issue, the title, and the signature of who prepared it
    (``signer``) beside the head of unit's."""
    head = letterhead_of(campaign)
    return Document(
        title=title, issuer=head.issuer, issuer_parent=head.issuer_parent,
        number=document_number(code), place_and_date=head.place_and_date, sheets=sheets,
        subtitles=subtitles, recipients=recipients, landscape=landscape,
        signatures=[Signature(_("Prepared by"), signer), Signature(_("Head of unit"))],
        closing_each_sheet=closing_each_sheet,
    )  # fmt: skip

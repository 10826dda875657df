"""What the choices of this area are called on screen (registered in ``campaign.core.labels``)."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from campaign.gifts.models import HandoverStatus, NominationStatus, ReceiptMode

# Pairs, not a dict: the members are strings, so two enums' namesake members would clash.
LABELS = (
    (NominationStatus.PROPOSED, _l("Proposed")),
    (NominationStatus.APPROVED, _l("Approved")),
    (NominationStatus.REJECTED, _l("Rejected")),
    (ReceiptMode.IN_PERSON, _l("In person")),
    (ReceiptMode.PROXY, _l("By proxy")),
    (HandoverStatus.GIVEN, _l("Given")),
    (HandoverStatus.VOIDED, _l("Voided")),
)


def held(count: int) -> str:
    """How many of them a campaign holds, in words (``campaigns.services.count_holdings_with``)."""
    return ngettext("%(num)d gift programme", "%(num)d gift programmes", count)

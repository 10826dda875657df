"""What the choices of this area are called on screen (registered in ``campaign.core.labels``)."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from campaign.events.models import EventKind, EventStatus, ParticipationRole

# Pairs, not a dict: the members are strings, so two enums' namesake members would clash.
LABELS = (
    (EventKind.LAUNCH_CEREMONY, _l("Launch ceremony")),
    (EventKind.COMMUNICATION, _l("Communication")),
    (EventKind.TRAINING, _l("Training")),
    (EventKind.INSPECTION, _l("Inspection")),
    (EventKind.DIALOGUE, _l("Dialogue")),
    (EventKind.SUPPORT, _l("Support")),
    (EventKind.MEETING, _l("Meeting")),
    (EventKind.OTHER, _l("Other")),
    (EventStatus.PLANNED, _l("Planned")),
    (EventStatus.HELD, _l("Held")),
    (EventStatus.POSTPONED, _l("Postponed")),
    (EventStatus.CANCELLED, _l("Cancelled")),
    (ParticipationRole.CHAIR, _l("Chair")),
    (ParticipationRole.GUEST_OF_HONOUR, _l("Guest of honour")),
    (ParticipationRole.KEYNOTE, _l("Keynote speech")),
    (ParticipationRole.RESPONSE_SPEECH, _l("Response speech")),
    (ParticipationRole.DELEGATE, _l("Delegate")),
    (ParticipationRole.GIFT_PRESENTER, _l("Gift presenter")),
    (ParticipationRole.MC, _l("Master of ceremonies")),
)

AUDITED = {
    ("event", "kind"): EventKind,
    ("event", "status"): EventStatus,
    ("participation", "role"): ParticipationRole,
}
"""The fields whose stored choices the audit log shows by their labels."""


def held(count: int) -> str:
    """How many of them a campaign holds, in words (``campaigns.services.count_holdings_with``)."""
    return ngettext("%(num)d event", "%(num)d events", count)

"""What the choices of this area are called on screen (registered in ``campaign.core.labels``)."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from campaign.activities.models import ActivityKind, ActivityStatus, Measure, ReportStatus
from campaign.core.labels import label

# Pairs, not a dict: the members are strings, so two enums' namesake members would clash.
LABELS = (
    (ActivityKind.COMMUNICATION, _l("Communication and awareness")),
    (ActivityKind.TRAINING, _l("Training")),
    (ActivityKind.INSPECTION, _l("Inter-sector inspection")),
    (ActivityKind.MODEL_REPLICATION, _l("Model replication")),
    (ActivityKind.VICTIM_SUPPORT, _l("Social security and victim support")),
    (ActivityKind.RESOURCE_MOBILISATION, _l("Resource mobilisation")),
    (ActivityKind.OTHER, _l("Other")),
    (ActivityStatus.PLANNED, _l("Planned")),
    (ActivityStatus.IN_PROGRESS, _l("In progress")),
    (ActivityStatus.DONE, _l("Done")),
    (ActivityStatus.CANCELLED, _l("Cancelled")),
    (Measure.SESSIONS, _l("Sessions held")),
    (Measure.PARTICIPANTS, _l("Participants")),
    (Measure.PEOPLE_REACHED, _l("People reached")),
    (Measure.MODELS, _l("Models established")),
    (Measure.INSPECTIONS, _l("Inspections carried out")),
    (Measure.VIOLATIONS, _l("Violations handled")),
    (Measure.VICTIMS, _l("Victims supported")),
    (Measure.FUNDS, _l("Funds mobilised (đồng)")),
    (ReportStatus.SUBMITTED, _l("Waiting for review")),
    (ReportStatus.ACCEPTED, _l("Accepted")),
    (ReportStatus.RETURNED, _l("Sent back")),
    (ReportStatus.SUPERSEDED, _l("Replaced by a newer version")),
    (ReportStatus.VOIDED, _l("Withdrawn")),
)
AUDITED = {
    ("activity", "kind"): ActivityKind,
    ("activity", "status"): ActivityStatus,
}
"""Audited fields holding a choice of this area, shown by label in the audit log."""


def measure_name(measure: Measure) -> str:
    return label(measure)


def held(count: int) -> str:
    """How many of them a campaign holds, in words (``campaigns.services.count_holdings_with``)."""
    return ngettext("%(num)d follow-up activity", "%(num)d follow-up activities", count)

"""What the choices of this area are called on screen (registered in ``campaign.core.labels``)."""

from flask_babel import lazy_gettext as _l

from campaign.campaigns.models import (
    CampaignStatus,
    IndicatorAssessment,
    IndicatorKind,
    LinkedFigure,
)

# Pairs, not a dict: the members are strings, so two enums' namesake members would clash.
LABELS = (
    (CampaignStatus.DRAFT, _l("Draft")),
    (CampaignStatus.ACTIVE, _l("Active")),
    (CampaignStatus.CLOSED, _l("Closed")),
    (IndicatorAssessment.NOT_ASSESSED, _l("Not assessed")),
    (IndicatorAssessment.NOT_MET, _l("Not yet met")),
    (IndicatorAssessment.MET, _l("Met")),
    (IndicatorAssessment.EXCEEDED, _l("Exceeded")),
    (IndicatorKind.COUNT, _l("A count")),
    (IndicatorKind.PERCENTAGE, _l("A share (%)")),
    (LinkedFigure.GIFTS_GIVEN, _l("Gifts handed over, against the quota")),
    (LinkedFigure.TRAINING_PARTICIPANTS, _l("Participants of trainings")),
    (LinkedFigure.SAFE_VILLAGE_COMMUNES, _l("Units with a safe-village model established")),
    (LinkedFigure.VICTIMS_SUPPORTED, _l("Victims supported")),
)

AUDITED = {("campaign", "status"): CampaignStatus}
"""The fields whose stored choices the audit log shows by their labels."""

"""What the choices of this area are called on screen (registered in ``campaign.core.labels``)."""

from flask_babel import lazy_gettext as _l

from campaign.beneficiaries.models import Circumstance

# Pairs, not a dict: the members are strings, so two enums' namesake members would clash.
LABELS = (
    (Circumstance.POOR_HOUSEHOLD, _l("Poor household")),
    (Circumstance.NEAR_POOR_HOUSEHOLD, _l("Near-poor household")),
    (Circumstance.SINGLE_MOTHER, _l("Single mother")),
    (Circumstance.DISABILITY, _l("Disability")),
    (Circumstance.ETHNIC_MINORITY, _l("Ethnic minority")),
    (Circumstance.ELDERLY_ALONE, _l("Elderly, living alone")),
    (Circumstance.SERIOUS_ILLNESS, _l("Serious illness")),
    (Circumstance.SURVIVOR_OF_VIOLENCE, _l("Survivor of violence")),
    (Circumstance.OTHER, _l("Other circumstance")),
)

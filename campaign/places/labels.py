"""What the choices of this area are called on screen (registered in ``campaign.core.labels``)."""

from flask_babel import lazy_gettext as _l

from campaign.places.models import GovernmentLevel, OrganizationKind, UnitLevel, UnitScheme

# Pairs, not a dict: the members are strings, so two enums' namesake members would clash.
LABELS = (
    (UnitScheme.PRE_2025, _l("Before 1 July 2025 (3 levels)")),
    (UnitScheme.POST_2025, _l("From 1 July 2025 (2 levels)")),
    (UnitLevel.PROVINCE, _l("Province / centrally-run city")),
    (UnitLevel.DISTRICT, _l("District")),
    (UnitLevel.COMMUNE, _l("Commune / ward")),
    (GovernmentLevel.CENTRAL, _l("Central")),
    (GovernmentLevel.PROVINCE, _l("Province / city")),
    (GovernmentLevel.DISTRICT, _l("District")),
    (GovernmentLevel.COMMUNE, _l("Commune")),
    (OrganizationKind.MINISTRY, _l("Ministry")),
    (OrganizationKind.PARTY_COMMITTEE, _l("Party committee")),
    (OrganizationKind.PEOPLES_COUNCIL, _l("People's Council")),
    (OrganizationKind.PEOPLES_COMMITTEE, _l("People's Committee")),
    (OrganizationKind.COMMITTEE_FOR_WOMEN, _l("Committee for the Advancement of Women")),
    (OrganizationKind.WOMENS_UNION, _l("Women's Union")),
    (OrganizationKind.DEPARTMENT, _l("Department")),
    (OrganizationKind.MASS_ORGANIZATION, _l("Mass organization")),
    (OrganizationKind.OTHER, _l("Other")),
)

AUDITED = {("organization", "kind"): OrganizationKind, ("organization", "level"): GovernmentLevel}
"""The fields whose stored choices the audit log shows by their labels."""

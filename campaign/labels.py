"""What each stored choice is called on screen: ``{{ event.kind|label }}``."""

import enum
from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from campaign.accounts.models import Role
from campaign.activities.models import ActivityKind, ActivityStatus
from campaign.beneficiaries.models import Circumstance
from campaign.campaigns.models import CampaignStatus, IndicatorAssessment
from campaign.events.models import EventKind, EventStatus, ParticipationRole
from campaign.gifts.models import HandoverStatus, NominationStatus, ReceiptMode
from campaign.places.models import GovernmentLevel, OrganizationKind, UnitLevel, UnitScheme

_NAMED = (
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
    (CampaignStatus.DRAFT, _l("Draft")),
    (CampaignStatus.ACTIVE, _l("Active")),
    (CampaignStatus.CLOSED, _l("Closed")),
    (IndicatorAssessment.NOT_ASSESSED, _l("Not assessed")),
    (IndicatorAssessment.NOT_MET, _l("Not met")),
    (IndicatorAssessment.MET, _l("Met")),
    (IndicatorAssessment.EXCEEDED, _l("Exceeded")),
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
    (Circumstance.POOR_HOUSEHOLD, _l("Poor household")),
    (Circumstance.NEAR_POOR_HOUSEHOLD, _l("Near-poor household")),
    (Circumstance.SINGLE_MOTHER, _l("Single mother")),
    (Circumstance.DISABILITY, _l("Disability")),
    (Circumstance.ETHNIC_MINORITY, _l("Ethnic minority")),
    (Circumstance.ELDERLY_ALONE, _l("Elderly, living alone")),
    (Circumstance.SERIOUS_ILLNESS, _l("Serious illness")),
    (Circumstance.SURVIVOR_OF_VIOLENCE, _l("Survivor of violence")),
    (Circumstance.OTHER, _l("Other circumstance")),
    (NominationStatus.PROPOSED, _l("Proposed")),
    (NominationStatus.APPROVED, _l("Approved")),
    (NominationStatus.REJECTED, _l("Rejected")),
    (ReceiptMode.IN_PERSON, _l("In person")),
    (ReceiptMode.PROXY, _l("By proxy")),
    (HandoverStatus.GIVEN, _l("Given")),
    (HandoverStatus.VOIDED, _l("Voided")),
    (Role.ADMIN, _l("Administrator")),
    (Role.ORGANIZER, _l("Organizer")),
    (Role.OFFICIAL, _l("District official")),
    (Role.STAFF, _l("Reports staff")),
)
# Keyed by the enum as well as the member: the members are strings, and "other" or "planned"
# of two enums would otherwise be one key, the last label winning.
LABELS: dict[tuple[type, enum.Enum], object] = {
    (type(member), member): text for member, text in _NAMED
}


AUDIT_ACTIONS = {
    "create": _l("Created"),
    "update": _l("Changed"),
    "delete": _l("Deleted"),
    "import": _l("Imported"),
    "view": _l("Viewed"),
    "export": _l("Exported"),
    "sign_in": _l("Signed in"),
    "sign_in_failed": _l("Failed sign-in"),
    "sign_in_throttled": _l("Sign-in blocked (too many failures)"),
    "sign_out": _l("Signed out"),
    "access_refused": _l("Access refused"),
    "change_password": _l("Changed own password"),
    "reset_password": _l("Password reset"),
    "set_password": _l("Password set"),
    "reallocate": _l("Shares changed"),
    "nominate": _l("Proposed"),
    "approve": _l("Approved"),
    "reject": _l("Rejected"),
    "withdraw": _l("Proposal withdrawn"),
    "hand_over": _l("Gift handed over"),
    "void": _l("Voided"),
}
AUDIT_ENTITIES = {
    "user": _l("User account"),
    "beneficiary": _l("Beneficiary"),
    "campaign": _l("Campaign"),
    "event": _l("Event"),
    "participation": _l("Official at an event"),
    "agenda_item": _l("Programme item"),
    "official": _l("Official"),
    "organization": _l("Organization"),
    "administrative_unit": _l("Administrative units"),
    "audit_entry": _l("Audit log"),
    "page": _l("Page"),
    "gift_programme": _l("Gift programme"),
    "nomination": _l("Nomination"),
    "handover": _l("Gift handover"),
    "import": _l("Spreadsheet import"),
}


# The audited fields that hold a stored choice: the log keeps the code, the screen its label.
AUDITED_CHOICES: dict[tuple[str, str], type[enum.Enum]] = {
    ("campaign", "status"): CampaignStatus,
    ("event", "kind"): EventKind,
    ("event", "status"): EventStatus,
    ("organization", "kind"): OrganizationKind,
    ("organization", "level"): GovernmentLevel,
    ("participation", "role"): ParticipationRole,
    ("user", "role"): Role,
}


def label(choice: enum.Enum) -> str:
    return str(LABELS[type(choice), choice])


def audit_action(code: str) -> str:
    """What an audit action code means, in the user's language (the code if unknown)."""
    return str(AUDIT_ACTIONS.get(code, code))


def audit_entity(code: str) -> str:
    return str(AUDIT_ENTITIES.get(code, code))


def audit_value(value, entity_type: str, field: str) -> str:
    """One side of an audited change as the screen says it: a stored choice by its label, yes
    or no, a dash for nothing; anything else as stored."""
    choice = AUDITED_CHOICES.get((entity_type, field))
    if choice is not None and value in choice._value2member_map_:
        return label(choice(value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return "—" if value is None else str(value)


def init_app(app) -> None:
    app.add_template_filter(label, "label")
    app.add_template_filter(audit_action, "audit_action")
    app.add_template_filter(audit_entity, "audit_entity")
    app.add_template_filter(audit_value, "audit_value")


def choices(members: Iterable[enum.Enum], blank: str | None = None) -> list[SelectChoice]:
    """Options of a select field for ``members``, each with its label; ``blank`` first if given."""
    options = [SelectChoice("", blank)] if blank is not None else []
    # The lazy label itself, not label(): the options are built once, at import.
    return options + [
        SelectChoice(member.value, LABELS[type(member), member]) for member in members
    ]

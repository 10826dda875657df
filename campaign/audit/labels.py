"""What the audit log calls the actions and the kinds of record it names, in the user's
language: ``{{ entry.action|audit_action }}``."""

import json

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from campaign.audit.models import ERASED
from campaign.core.labels import AUDITED_CHOICES, label

AUDIT_ACTIONS = {
    "create": _l("Created"),
    "update": _l("Changed"),
    "delete": _l("Deleted"),
    "import": _l("Imported"),
    "view": _l("Viewed"),
    "export": _l("Exported"),
    "print": _l("Printed"),
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
    "anonymise": _l("Anonymised (retention period over)"),
    "erase": _l("Personal data erased on request"),
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
    "activity": _l("Follow-up activity"),
    "activity_target": _l("Targets of an activity"),
    "progress_report": _l("Progress report"),
    "reporting_window": _l("Reporting window"),
    "indicator": _l("Indicator"),
    "indicator_actual": _l("Actual of an indicator"),
}


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


def audit_summary(summary: str) -> str:
    """An entry's summary, or what became of it when the woman it named was anonymised."""
    return _("(personal data erased)") if summary == ERASED else summary


def init_app(app) -> None:
    app.add_template_filter(audit_summary, "audit_summary")
    app.add_template_filter(audit_action, "audit_action")
    app.add_template_filter(audit_entity, "audit_entity")
    app.add_template_filter(audit_value, "audit_value")


def changes_text(stored: str | None) -> str | None:
    """A change as the exports write it: its JSON with the letters unescaped ("Thôn 1").
    Entries are stored so (``config.JSON_AS_STORED``) and written as they are; older ones,
    stored with ``\\u`` escapes, are decoded and written again."""
    if not stored:
        return None
    if "\\u" in stored:
        stored = json.dumps(json.loads(stored), ensure_ascii=False)
    return "" if stored == "{}" else stored

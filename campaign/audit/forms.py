"""The filters of the audit page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField

from campaign.audit.labels import AUDIT_ACTIONS, AUDIT_ENTITIES
from campaign.core.forms import CHOICE_MESSAGE, LocalDateField
from campaign.core.lookup import LookupField


def _vocabulary(labels: dict) -> list[SelectChoice]:
    """The choice of all, then the codes a vocabulary of ``audit.labels`` names: never the
    distinct values of the log itself, which would be a scan of every entry."""
    return [SelectChoice("", _l("All"))] + [
        SelectChoice(code, name) for code, name in labels.items()
    ]


class AuditFilterForm(FlaskForm):
    """Filters of the audit page (a GET form: no CSRF token). The user is typed by username
    (``accounts.lookup``), not chosen from a list of every account."""

    class Meta:
        csrf = False

    user = LookupField(_l("User"), render_kw={"spellcheck": "false"})
    action = SelectField(_l("Action"), default="", invalid_choice_message=CHOICE_MESSAGE)
    entity_type = SelectField(_l("Record"), default="", invalid_choice_message=CHOICE_MESSAGE)
    since = LocalDateField(_l("From"))
    until = LocalDateField(_l("To"))
    jump = LocalDateField(_l("Go to date"), name="from")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = _vocabulary(AUDIT_ACTIONS)
        self.entity_type.choices = _vocabulary(AUDIT_ENTITIES)

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField

from campaign.audit.labels import audit_action, audit_entity
from campaign.core.forms import CHOICE_MESSAGE, LocalDateField


class AuditFilterForm(FlaskForm):
    """Filters of the audit page (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    user = SelectField(_l("User"), default="", invalid_choice_message=CHOICE_MESSAGE)
    action = SelectField(_l("Action"), default="", invalid_choice_message=CHOICE_MESSAGE)
    entity_type = SelectField(_l("Record"), default="", invalid_choice_message=CHOICE_MESSAGE)
    since = LocalDateField(_l("From"))
    until = LocalDateField(_l("To"))

    def set_options(self, users, actions, entity_types) -> None:
        anything = SelectChoice("", _l("All"))
        self.user.choices = [anything] + [SelectChoice(str(u.id), u.username) for u in users]
        self.action.choices = [anything] + [SelectChoice(a, audit_action(a)) for a in actions]
        self.entity_type.choices = [anything] + [
            SelectChoice(e, audit_entity(e)) for e in entity_types
        ]

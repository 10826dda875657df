from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField, SelectMultipleField, StringField

from campaign.accounts.models import Role
from campaign.accounts.scope_choices import proposals, scope_choices
from campaign.core.forms import (
    CHOICE_MESSAGE,
    max_length,
    name_filter,
    person_name,
    required,
    text_filter,
)
from campaign.core.labels import choices


def username_filter(value: str | None) -> str | None:
    """:func:`text_filter`, in lower case: what a username is stored as."""
    value = text_filter(value)
    return value.lower() if value else value


class UserFilterForm(FlaskForm):
    """The filters of the user list (a GET form: no CSRF token); ``from`` goes to a username."""

    class Meta:
        csrf = False

    role = SelectField(
        _l("Role"),
        choices=choices(Role, blank=_l("All roles")),
        default="",
        invalid_choice_message=CHOICE_MESSAGE,
    )
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("All")),
                 SelectChoice("active", lazy_pgettext("account", "Active")),
                 SelectChoice("deactivated", _l("Deactivated"))],
        default="",
        invalid_choice_message=CHOICE_MESSAGE,
    )  # fmt: skip
    jump = SearchField(_l("Go to username"), name="from", validators=[max_length(64)],
                       filters=[username_filter])  # fmt: skip


class UserForm(FlaskForm):
    full_name = StringField(
        _l("Full name"),
        validators=[required(), max_length(150), person_name],
        filters=[name_filter],
    )
    role = SelectField(
        _l("Role"),
        choices=choices(Role, blank=_l("— Choose a role —")),
        validators=[required()],
        invalid_choice_message=CHOICE_MESSAGE,
    )
    units = SelectMultipleField(
        _l("Units in scope (for officials)"),
        render_kw={"size": 12},
        invalid_choice_message=CHOICE_MESSAGE,
        description=_l(
            "A province, or units below it: districts on the map before 1 July 2025, communes"
            " and wards on the map from 1 July 2025; an official works on one map. Listed below"
            " the province: the units of the provinces that run a campaign on that map. Hold"
            " Ctrl (⌘ on a Mac) to choose several."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        offered = proposals(user)
        self.has_proposals = bool(offered)
        self.units.choices = scope_choices(user, offered)


class NewUserForm(UserForm):
    username = StringField(
        _l("Username"),
        validators=[required(), max_length(64)],
        filters=[lambda value: value.strip().lower() if value else value],
        render_kw={"autocapitalize": "none", "autocomplete": "off"},
    )

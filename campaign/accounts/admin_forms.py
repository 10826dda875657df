import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField

from campaign.accounts.models import Role, user_units
from campaign.core.forms import CHOICE_MESSAGE, max_length, name_filter, person_name, required
from campaign.core.labels import choices
from campaign.extensions import db
from campaign.places.choices import unit_choices
from campaign.places.models import UnitLevel, UnitScheme


def official_unit_ids() -> set[int]:
    """The districts some official acts in: the district picker lists their provinces first."""
    return set(db.session.scalars(sa.select(user_units.c.unit_id)))


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
    districts = SelectMultipleField(
        _l("Districts (for district officials)"),
        render_kw={"size": 12},
        invalid_choice_message=CHOICE_MESSAGE,
        description=_l("Hold Ctrl (⌘ on a Mac) to choose several."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts.choices = unit_choices(
            UnitScheme.PRE_2025, [UnitLevel.DISTRICT], first=official_unit_ids()
        )


class NewUserForm(UserForm):
    username = StringField(
        _l("Username"),
        validators=[required(), max_length(64)],
        filters=[lambda value: value.strip().lower() if value else value],
        render_kw={"autocapitalize": "none", "autocomplete": "off"},
    )

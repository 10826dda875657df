import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField

from campaign.accounts.models import Role
from campaign.campaigns.models import Campaign
from campaign.core.forms import CHOICE_MESSAGE, max_length, name_filter, required
from campaign.extensions import db
from campaign.labels import choices
from campaign.places.models import AdministrativeUnit, UnitLevel, UnitScheme


def district_choices() -> list[SelectChoice]:
    """Every district of the 3-level scheme, grouped by province; the provinces that run a
    campaign come first."""
    districts = db.session.scalars(
        sa.select(AdministrativeUnit)
        .where(
            AdministrativeUnit.scheme == UnitScheme.PRE_2025,
            AdministrativeUnit.level == UnitLevel.DISTRICT,
        )
        .options(joinedload(AdministrativeUnit.parent))
    ).all()
    campaign_units = set(db.session.scalars(sa.select(Campaign.unit_id)))
    districts = sorted(
        districts,
        key=lambda d: (d.parent_id not in campaign_units, d.parent.sort_key, d.sort_key),
    )
    return [SelectChoice(str(d.id), d.full_name, optgroup=d.parent.full_name) for d in districts]


class UserForm(FlaskForm):
    full_name = StringField(
        _l("Full name"), validators=[required(), max_length(150)], filters=[name_filter]
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
        self.districts.choices = district_choices()


class NewUserForm(UserForm):
    username = StringField(
        _l("Username"),
        validators=[required(), max_length(64)],
        filters=[lambda value: value.strip().lower() if value else value],
        render_kw={"autocapitalize": "none", "autocomplete": "off"},
    )

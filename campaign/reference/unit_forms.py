from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField, ValidationError

from campaign.core.forms import CHOICE_MESSAGE, max_length, name_filter
from campaign.core.labels import choices
from campaign.places.models import UnitLevel, UnitScheme


class UnitFilterForm(FlaskForm):
    """The filters of the administrative-unit list (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name"), validators=[max_length(100)])
    scheme = SelectField(
        _l("Scheme"),
        choices=choices([UnitScheme.POST_2025, UnitScheme.PRE_2025]),
        default=UnitScheme.POST_2025.value,
        invalid_choice_message=CHOICE_MESSAGE,
    )
    level = SelectField(
        _l("Level"),
        choices=choices(UnitLevel, blank=_l("All levels")),
        default="",
        invalid_choice_message=CHOICE_MESSAGE,
    )
    jump = SearchField(_l("Go to name"), name="from", validators=[max_length(100)],
                       filters=[name_filter])  # fmt: skip

    def validate_jump(self, field) -> None:
        if field.data and not self.level.data:
            raise ValidationError(_l("Choose a level to go to a name in it."))

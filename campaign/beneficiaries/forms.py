from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField

from campaign.core.forms import CHOICE_MESSAGE, max_length


class BeneficiaryFilterForm(FlaskForm):
    """Filters of the beneficiary list (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name"), validators=[max_length(100)])
    district = SelectField(_l("District"), default="", invalid_choice_message=CHOICE_MESSAGE)

    def set_districts(self, districts) -> None:
        self.district.choices = [SelectChoice("", _l("All districts"))] + [
            SelectChoice(str(unit.id), unit.full_name) for unit in districts
        ]

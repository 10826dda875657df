from flask_babel import gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from campaign.beneficiaries.identity import IdentityError, check_national_id, normalise_phone
from campaign.beneficiaries.models import Circumstance
from campaign.core.forms import (
    CHOICE_MESSAGE,
    BirthYearField,
    NameJumpMixin,
    max_length,
    name_filter,
    no_markup,
    person_name,
    required,
    text_filter,
)
from campaign.core.labels import choices
from campaign.core.lookup import LookupField
from campaign.core.submissions import SubmissionMixin
from campaign.places.choices import organization_choices as organization_options
from campaign.places.maps import words
from campaign.places.models import UnitScheme

COMMUNE = lazy_pgettext("either map", "Commune or ward")
"""A woman's unit on either map (no "thị trấn" since July 2025, no "đặc khu" before)."""


AREA_HEADINGS = {
    frozenset({UnitScheme.PRE_2025}): words(UnitScheme.PRE_2025).local_unit,
    frozenset({UnitScheme.POST_2025}): lazy_pgettext("area of communes", "Province"),
}
BOTH_MAPS_AREA_HEADING = lazy_pgettext("area of communes", "Province / district")


def area_heading(schemes: set[UnitScheme]):
    """What the parent of a woman's commune is called for the maps shown: a district on the old
    map, a province on the new one (never "district" there)."""
    return AREA_HEADINGS.get(frozenset(schemes), BOTH_MAPS_AREA_HEADING)


class BeneficiaryFilterForm(NameJumpMixin, FlaskForm):
    """Filters of the beneficiary list (a GET form: no CSRF token). Its owner sets the area's
    lookup (core.lookup) before validating."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name"), validators=[max_length(100)])
    area = LookupField(_l("Area"))  # a province, an old-map district, a commune: all inside it
    category = SelectField(_l("Circumstance"), default="", invalid_choice_message=CHOICE_MESSAGE)

    def set_categories(self, categories) -> None:
        self.category.choices = [SelectChoice("", _l("All circumstances")), *choices(categories)]


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BeneficiaryForm(FlaskForm):
    full_name = StringField(
        _l("Full name"),
        validators=[required(), max_length(150), no_markup, person_name],
        filters=[name_filter],
    )
    birth_year = BirthYearField(_l("Birth year"), validators=[Optional()])
    commune = LookupField(COMMUNE, validators=[required()])  # its owner sets the lookup
    address = StringField(
        _l("Village or street"),
        validators=[max_length(255), no_markup],
        filters=[text_filter],
    )
    phone = StringField(
        _l("Phone"), validators=[max_length(30)], filters=[text_filter],
        render_kw={"inputmode": "tel", "autocomplete": "off"},
    )  # fmt: skip
    national_id = StringField(
        _l("Citizen ID number"),
        validators=[max_length(20)],
        filters=[text_filter],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    circumstances = CheckboxesField(_l("Circumstances"), invalid_choice_message=CHOICE_MESSAGE)
    circumstance_note = TextAreaField(
        _l("Note on her circumstances"),
        validators=[max_length(2000), no_markup],
        filters=[text_filter],
        render_kw={"rows": 3},
    )
    nominating_organization = SelectField(
        _l("Nominating organization"), default="", invalid_choice_message=CHOICE_MESSAGE
    )
    accept_warnings = BooleanField(_l("I have checked the warnings above: save anyway."))

    def __init__(self, *args, organizations, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominating_organization.choices = [
            SelectChoice("", _l("None")),
            *organization_options(organizations),
        ]
        self.circumstances.choices = choices(categories)

    def validate_phone(self, field) -> None:
        if field.data:
            try:
                field.data = normalise_phone(field.data)
            except IdentityError as error:
                raise ValidationError(str(error)) from error

    def validate_national_id(self, field) -> None:
        """Refuses a number that cannot be right; its warnings are kept for the view."""
        self.national_id_warnings = []
        if field.data:
            try:
                checked = check_national_id(field.data, self.birth_year.data)
            except IdentityError as error:
                raise ValidationError(str(error)) from error
            field.data = checked.number
            self.national_id_warnings = checked.warnings


class NewBeneficiaryForm(SubmissionMixin, BeneficiaryForm):
    consent = BooleanField(
        _l("She has agreed to her data being kept for the campaign's support."),
    )

    def validate_consent(self, field) -> None:
        if not field.data:
            raise ValidationError(
                gettext("Her agreement is needed before her data can be recorded.")
            )


def categories_for(*, can_see_sensitive: bool) -> list[Circumstance]:
    """The categories a user may choose or filter by (the sensitive one if allowed to see it)."""
    return [c for c in Circumstance if can_see_sensitive or not c.sensitive]


class ErasureForm(FlaskForm):
    """Erasing a woman's personal data on her request: why, and that it cannot be undone."""

    reason = TextAreaField(
        _l("Why is her data erased?"),
        description=_l("For example: her request in writing of 3 December. Do not write her"
                       " name: this reason is kept in the audit log."),
        validators=[required(), max_length(500), no_markup],
        filters=[text_filter],
    )  # fmt: skip
    confirm = BooleanField(_l("I understand that her name, birth year, address, phone, ID number"
                              " and note are erased for good."))  # fmt: skip

    def validate_confirm(self, field) -> None:
        if not field.data:
            raise ValidationError(gettext("Tick the box to confirm."))

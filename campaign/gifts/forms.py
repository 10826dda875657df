from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    HiddenField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional

from campaign.core.forms import (
    CHOICE_MESSAGE,
    WholeNumberField,
    filled,
    max_length,
    name_filter,
    no_markup,
    person_name,
    required,
    text_filter,
    whole_number,
)
from campaign.core.labels import choices
from campaign.core.submissions import SubmissionMixin
from campaign.gifts.models import NominationStatus, ReceiptMode

MAX_QUOTA = 1_000_000
NUMBER_MESSAGE = _l("Enter a whole number, 0 or more.")


class ProgrammeForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[required(), max_length(255), no_markup], filters=[name_filter]
    )
    event = SelectField(
        _l("Event where the gifts are handed over"),
        default="",
        invalid_choice_message=CHOICE_MESSAGE,
    )
    package_description = TextAreaField(
        _l("What each gift is (cash and/or goods)"),
        validators=[max_length(2000), no_markup],
        filters=[text_filter],
        render_kw={"rows": 2},
    )
    unit_value = WholeNumberField(
        _l("Value of one gift (đồng)"),
        validators=[Optional(), NumberRange(0, 10**12, NUMBER_MESSAGE)],
        invalid_value_message=NUMBER_MESSAGE,
    )
    quota = WholeNumberField(
        _l("Number of gifts (quota)"),
        validators=[filled(), NumberRange(0, MAX_QUOTA, NUMBER_MESSAGE)],
        invalid_value_message=NUMBER_MESSAGE,
    )

    def set_events(self, events) -> None:
        self.event.choices = [SelectChoice("", _l("Not yet decided"))] + [
            SelectChoice(str(event.id), event.title) for event in events
        ]


class NewProgrammeForm(SubmissionMixin, ProgrammeForm):
    pass


def parse_share(text: str | None) -> int | None:
    """A share typed in the shares table: a whole number from 0 to MAX_QUOTA, else None."""
    value = whole_number(text)
    return value if value is not None and 0 <= value <= MAX_QUOTA else None


class ShareForm(FlaskForm):
    """One number per district; a district is added by choosing it with its share."""

    new_unit = SelectField(_l("Add a district"), default="", invalid_choice_message=CHOICE_MESSAGE)
    new_quota = WholeNumberField(
        _l("Its share"),
        validators=[Optional(), NumberRange(0, MAX_QUOTA, NUMBER_MESSAGE)],
        invalid_value_message=NUMBER_MESSAGE,
    )


class NominateForm(FlaskForm):
    """The women ticked on the page (checkboxes named ``woman``), proposed at once."""


class DecisionForm(FlaskForm):
    decision = StringField()  # the button pressed; not a HiddenField, which hidden_tag() repeats
    reason = StringField(
        _l("Reason for rejecting"), validators=[max_length(500), no_markup], filters=[text_filter]
    )


class NominationFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="", invalid_choice_message=CHOICE_MESSAGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices(NominationStatus, blank=_l("All"))


class NameSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Name"), validators=[max_length(100)])


class HandoverSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(
        _l("Her name or number on the list"),
        validators=[max_length(100)],
        render_kw={"autofocus": True, "autocomplete": "off"},
    )


class HandoverForm(FlaskForm):
    nomination = HiddenField(validators=[required()])
    q = HiddenField()
    mode = RadioField(
        _l("Received"),
        default=ReceiptMode.IN_PERSON.value,
        choices=choices(ReceiptMode),
        invalid_choice_message=CHOICE_MESSAGE,
    )
    proxy_name = StringField(
        _l("Received for her by"),
        validators=[max_length(150), no_markup, person_name],
        filters=[name_filter],
    )
    proxy_relationship = StringField(
        _l("Relationship to her"), validators=[max_length(100), no_markup], filters=[text_filter]
    )


class VoidForm(FlaskForm):
    reason = StringField(
        _l("Why is the record wrong?"),
        validators=[required(), max_length(500), no_markup],
        filters=[text_filter],
    )


class ImportForm(FlaskForm):
    spreadsheet = FileField(_l("The list (XLSX or CSV)"))

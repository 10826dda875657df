from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from campaign.core.forms import (
    CHOICE_MESSAGE,
    LocalDateTimeField,
    NameJumpMixin,
    WholeNumberField,
    filled,
    max_length,
    name_filter,
    no_markup,
    person_name,
    required,
    text_filter,
    upload_size,
)
from campaign.core.labels import choices
from campaign.core.submissions import SubmissionMixin
from campaign.gifts.models import NominationStatus, ReceiptMode

MAX_QUOTA = 1_000_000
MAX_SHARES = 1000
SPREADSHEET_SUFFIXES = ("xlsx", "xlsm", "csv", "txt")
"""The names a list may have; Excel saves its “Unicode Text” (UTF-16) as .txt."""
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


class ShareRowForm(Form):
    """One unit's share: the unit (hidden) and its number of gifts."""

    unit = HiddenField()
    quota = WholeNumberField(
        validators=[InputRequired(NUMBER_MESSAGE), NumberRange(0, MAX_QUOTA, NUMBER_MESSAGE)],
        invalid_value_message=NUMBER_MESSAGE,
    )


class ShareForm(FlaskForm):
    """One number per unit sharing the programme (a district, or a commune or ward, by the
    campaign's map); a unit is added by choosing it with its share."""

    shares = FieldList(FormField(ShareRowForm), max_entries=MAX_SHARES)
    new_unit = SelectField(default="", invalid_choice_message=CHOICE_MESSAGE)
    new_quota = WholeNumberField(
        _l("Its share"),
        validators=[Optional(), NumberRange(0, MAX_QUOTA, NUMBER_MESSAGE)],
        invalid_value_message=NUMBER_MESSAGE,
    )

    def set_shares(self, allocations, addable: list[SelectChoice], words) -> None:
        """The programme's shares (``allocations``), the units that may be added and the words
        of the map (``gifts.words.ShareWords``)."""
        self.words = words
        self.units = {str(a.unit_id): a.unit.full_name for a in allocations}
        if not self.shares.entries:  # a fresh form shows every share as it is
            for allocation in allocations:
                self.shares.append_entry({"unit": allocation.unit_id, "quota": allocation.quota})
        for entry in self.shares:
            entry.quota.label.text = self.units.get(str(entry.unit.data), "")
        self.new_unit.label.text = words.add
        self.new_unit.choices = [SelectChoice("", words.choose), *addable]

    def validate_shares(self, field) -> None:
        if any(entry.unit.data not in self.units for entry in field):
            raise ValidationError(_("The shares changed meanwhile: reload the page."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.new_unit.data and self.new_quota.data is None and not self.new_quota.errors:
            self.new_quota.errors = [str(self.words.enter_share)]
            return False  # an empty share stops at Optional(), before an inline validator
        return valid

    def by_unit(self) -> dict[int, int]:
        """The shares asked for: unit id → number of gifts."""
        shares = {int(entry.unit.data): entry.quota.data for entry in self.shares}
        if self.new_unit.data:
            shares[int(self.new_unit.data)] = self.new_quota.data
        return shares


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


class NameSearchForm(NameJumpMixin, FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Name or commune"), validators=[max_length(100)])


class HandoverSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(
        _l("Her name or number on the list"),
        validators=[max_length(100)],
        render_kw={"autofocus": True, "autocomplete": "off"},
    )
    at = LocalDateTimeField(
        _l("Date and time of the handover"),
        description=_l("Leave empty to record them now; for a ceremony recorded afterwards,"
                       " its date and time (dd/mm/yyyy hh:mm)."),
    )  # fmt: skip


class HandoverForm(FlaskForm):
    nomination = HiddenField(validators=[required()])
    q = HiddenField()
    handed_over_at = LocalDateTimeField()
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
    """A list of women; its content is checked by ``core.spreadsheet_reading``, which trusts
    what the bytes are rather than the name, so the name check here only says what to send."""

    spreadsheet = FileField(
        _l("The list (XLSX or CSV)"),
        validators=[
            FileRequired(_l("Choose the file to upload.")),
            FileAllowed(
                SPREADSHEET_SUFFIXES,
                _l("Send an Excel workbook (.xlsx) or a CSV file; an old .xls file must first be"
                   " saved again as .xlsx."),
            ),
            upload_size,
        ],
    )  # fmt: skip


class ImportConfirmForm(FlaskForm):
    """The preview's confirmation: its CSRF token alone."""

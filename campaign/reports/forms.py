"""The choices a report is printed or exported with (GET forms: no CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import Length

from campaign.core.forms import (
    CHOICE_MESSAGE,
    LocalDateField,
    max_length,
    no_markup,
    required,
    text_filter,
)
from campaign.core.labels import choices
from campaign.gifts.models import GiftProgramme, HandoverStatus
from campaign.reports.receipts import AFTER, BEFORE


def _share_choices(programme: GiftProgramme, unit_ids: set[int] | None) -> list[SelectChoice]:
    """All units, then each unit with a share of the programme (a few dozen at most) that the
    reader may see (``unit_ids``; None: every one)."""
    shares = sorted(
        (a.unit for a in programme.allocations if unit_ids is None or a.unit_id in unit_ids),
        key=lambda unit: (unit.sort_key, unit.id),
    )
    return [SelectChoice("", _l("All units"))] + [
        SelectChoice(unit.code, unit.full_name) for unit in shares
    ]


class _ShareFilterMixin:
    def chosen_unit(self, programme: GiftProgramme):
        """The share's unit the form names, or None for all."""
        code = self.unit.data
        return next((a.unit for a in programme.allocations if a.unit.code == code), None)


class ReceiptListForm(_ShareFilterMixin, FlaskForm):
    class Meta:
        csrf = False

    stage = SelectField(
        _l("List"),
        choices=[SelectChoice(BEFORE, _l("Before the ceremony: to be signed")),
                 SelectChoice(AFTER, _l("After the ceremony: who received"))],
        default=BEFORE,
        invalid_choice_message=CHOICE_MESSAGE,
    )
    unit = SelectField(_l("Unit"), default="", invalid_choice_message=CHOICE_MESSAGE)
    by_unit = BooleanField(_l("Each unit on its own pages"))

    def __init__(self, *args, programme: GiftProgramme, unit_ids: set[int] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit.choices = _share_choices(programme, unit_ids)


class RegisterFilterForm(_ShareFilterMixin, FlaskForm):
    class Meta:
        csrf = False

    unit = SelectField(_l("Unit"), default="", invalid_choice_message=CHOICE_MESSAGE)
    since = LocalDateField(_l("Received from"))
    until = LocalDateField(_l("Received until"))
    status = SelectField(_l("Status"), default="", invalid_choice_message=CHOICE_MESSAGE)

    def __init__(self, *args, programme: GiftProgramme, unit_ids: set[int] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit.choices = _share_choices(programme, unit_ids)
        self.status.choices = choices(HandoverStatus, blank=_l("All"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.since.data and self.until.data and self.since.data > self.until.data:
            self.until.errors.append(_l("The end date cannot be before the start date."))
            return False
        return valid


class FullListForm(FlaskForm):
    """Why the full beneficiary list is needed: the audit entry keeps it."""

    reason = TextAreaField(
        _l("Why you need the full list"),
        validators=[required(), max_length(300), no_markup,
                    Length(min=10, message=_l("Say in a few words why (at least 10 characters)."))],
        filters=[text_filter],
    )

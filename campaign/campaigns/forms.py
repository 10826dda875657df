"""The campaign form: input checks only; the rules live in services.py."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from campaign.campaigns.models import Campaign
from campaign.campaigns.queries import (
    campaign_tree,
    campaign_unit_ids,
    descendant_ids,
    running_units,
)
from campaign.core.forms import (
    CHOICE_MESSAGE,
    LocalDateField,
    WholeNumberField,
    filled,
    max_length,
    name_filter,
    no_markup,
    required,
    text_filter,
)
from campaign.core.submissions import SubmissionMixin
from campaign.extensions import db
from campaign.places.choices import organization_choices as organization_options
from campaign.places.choices import unit_choices
from campaign.places.maps import PICKED_LEVELS
from campaign.places.models import Organization, UnitScheme

FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_MESSAGE = _l("A year from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)


def parent_choices(campaign: Campaign | None) -> list[SelectChoice]:
    """Every other campaign, as the list shows them; never the campaign itself nor one below it."""
    excluded = set()
    if campaign is not None and campaign.id is not None:
        excluded = {campaign.id} | descendant_ids(campaign.id)
    options = [SelectChoice("", _l("— None: a top-level campaign —"))]
    for row in campaign_tree():
        other = row.campaign
        if other.id not in excluded:
            label = f"{'— ' * row.depth}{other.name} · {other.unit.full_name} ({other.year})"
            options.append(SelectChoice(str(other.id), label))
    return options


def campaign_unit_choices(campaign: Campaign | None) -> list[SelectChoice]:
    """The units a campaign can belong to, on both maps, the new one first: every province of the
    map, the units at ``PICKED_LEVELS`` inside the units that already run a campaign on it, and
    the campaign's own unit; each group names its map. Never the whole registry."""
    own = [campaign.unit_id] if campaign is not None else []
    first = campaign_unit_ids()
    return [
        choice
        for scheme in (UnitScheme.POST_2025, UnitScheme.PRE_2025)
        for choice in unit_choices(
            scheme, PICKED_LEVELS[scheme], area=running_units(), selected=own,
            every_province=True, first=first, name_map=True,
        )
    ]  # fmt: skip


def organization_choices() -> list[SelectChoice]:
    organizations = db.session.scalars(
        sa.select(Organization).order_by(Organization.sort_key, Organization.id)
    )
    options = [SelectChoice("", _l("— None —"))]
    return options + organization_options(organizations)


def _select(label, **kwargs) -> SelectField:
    return SelectField(label, invalid_choice_message=CHOICE_MESSAGE, **kwargs)


def _text(label, length: int, rows: int = 3) -> TextAreaField:
    return TextAreaField(
        label, validators=[Optional(), max_length(length), no_markup], filters=[text_filter],
        render_kw={"rows": rows},
    )  # fmt: skip


class CampaignForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[required(), max_length(255), no_markup], filters=[name_filter]
    )
    theme = _text(_l("Theme"), 2000, rows=2)
    year = WholeNumberField(
        _l("Year"),
        validators=[filled(), NumberRange(FIRST_YEAR, LAST_YEAR, YEAR_MESSAGE)],
        invalid_value_message=YEAR_MESSAGE,
        render_kw={"inputmode": "numeric"},
    )
    start_date = LocalDateField(_l("Start date"), validators=[filled()])
    end_date = LocalDateField(_l("End date"), validators=[filled()])
    unit = _select(_l("Administrative unit"), validators=[required()])
    parent = _select(_l("Parent campaign"), validators=[Optional()])
    lead_organization = _select(_l("Lead body"), validators=[Optional()])
    standing_organization = _select(_l("Standing body"), validators=[Optional()])
    description = _text(_l("Description"), 10_000, rows=4)
    plan_references = _text(_l("Plans and documents carried out"), 5000)

    def __init__(self, *args, campaign: Campaign | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        units = campaign_unit_choices(campaign)
        self.unit.choices = [SelectChoice("", _l("— Choose a unit —")), *units]
        self.parent.choices = parent_choices(campaign)
        self.lead_organization.choices = organization_choices()
        self.standing_organization.choices = self.lead_organization.choices

    def fill_from(self, campaign: Campaign) -> None:
        """Show a stored campaign's values (on GET)."""
        for name in ("unit", "parent", "lead_organization", "standing_organization"):
            value = getattr(campaign, f"{name}_id")
            getattr(self, name).data = str(value) if value is not None else ""


class NewCampaignForm(SubmissionMixin, CampaignForm):
    pass

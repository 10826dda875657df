"""A campaign's indicators: the page with each against its target and last year's, defining
one, adding the national strategy's set, and recording actuals."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.activities import indicators
from campaign.activities.forms import ActualForm, IndicatorForm, NewIndicatorForm
from campaign.campaigns.models import (
    Campaign,
    CampaignIndicator,
    CampaignStatus,
    IndicatorKind,
    LinkedFigure,
)
from campaign.core.attempts import attempt
from campaign.core.dates import local_today
from campaign.extensions import db

blueprint = Blueprint("indicators", __name__)


def _campaign(campaign_id: int) -> Campaign:
    return db.session.get(Campaign, campaign_id) or abort(404)


def _indicator(indicator_id: int) -> CampaignIndicator:
    return db.session.get(CampaignIndicator, indicator_id) or abort(404)


def _page(campaign: Campaign, form=None, actual_forms=None, status=200, message=None):
    readings = indicators.readings(campaign)
    can_manage = current_user.can(Permission.PLAN_ACTIVITIES) and (
        campaign.status != CampaignStatus.CLOSED)  # fmt: skip
    forms = actual_forms or {}
    return render_template(
        "activities/indicators.html", campaign=campaign, readings=readings,
        can_manage=can_manage, form=form or NewIndicatorForm(formdata=None),
        actual_forms={r.indicator.id: forms.get(r.indicator.id) or ActualForm(formdata=None)
                      for r in readings if r.indicator.linked_figure is None},
        message=message, IndicatorKind=IndicatorKind,
    ), status  # fmt: skip


@blueprint.get("/campaigns/<int:campaign_id>")
@requires(Permission.VIEW_CAMPAIGNS)
def indicator_list(campaign_id: int):
    return _page(_campaign(campaign_id))


def _definition(form: IndicatorForm) -> indicators.Definition:
    return indicators.Definition(
        name=form.name.data, kind=IndicatorKind(form.kind.data),
        measure_unit=form.measure_unit.data, numerator=form.numerator.data,
        denominator=form.denominator.data, period=form.period.data,
        baseline=form.baseline.data, target=form.target.data,
        linked_figure=LinkedFigure(form.linked_figure.data) if form.linked_figure.data else None,
        note=form.note.data,
    )  # fmt: skip


def _saved(campaign: Campaign, message: str):
    flash(message, "success")
    return redirect(url_for("indicators.indicator_list", campaign_id=campaign.id))


@blueprint.post("/campaigns/<int:campaign_id>")
@requires(Permission.PLAN_ACTIVITIES)
def indicator_create(campaign_id: int):
    campaign = _campaign(campaign_id)
    form = NewIndicatorForm()
    if not form.validate_on_submit():
        return _page(campaign, form=form, status=422)
    return attempt(
        lambda: indicators.define_indicator(current_actor(), campaign, _definition(form)),
        refused=lambda error: _page(campaign, form=form, status=error.status,
                                    message=error.message),
        done=lambda _indicator: _saved(campaign, _("The indicator was added.")),
        token=form.submission.data,
    )  # fmt: skip


@blueprint.post("/campaigns/<int:campaign_id>/strategy")
@requires(Permission.PLAN_ACTIVITIES)
def strategy_add(campaign_id: int):
    campaign = _campaign(campaign_id)

    def done(added: int):
        if not added:
            return _saved(campaign, _("The campaign has the national strategy's indicators."))
        return _saved(campaign, ngettext(
            "%(num)d indicator of the national strategy was added.",
            "%(num)d indicators of the national strategy were added.", added,
        ))  # fmt: skip

    return attempt(
        lambda: indicators.add_strategy_indicators(current_actor(), campaign),
        refused=lambda error: _page(campaign, status=error.status, message=error.message),
        done=done,
    )


@blueprint.route("/<int:indicator_id>/edit", methods=["GET", "POST"])
@requires(Permission.PLAN_ACTIVITIES)
def indicator_edit(indicator_id: int):
    indicator = _indicator(indicator_id)
    form = IndicatorForm(obj=None if request.method == "POST" else indicator)
    if request.method == "GET":
        form.kind.data = indicator.kind.value
        form.baseline.data, form.target.data = indicator.baseline_value, indicator.target_value
        form.linked_figure.data = indicator.linked_figure.value if indicator.linked_figure else ""

    def page(status=200, message=None):
        return render_template("activities/indicator_form.html", form=form,
                               indicator=indicator, message=message), status  # fmt: skip

    if not form.validate_on_submit():
        return page(422 if form.is_submitted() else 200)
    return attempt(
        lambda: indicators.update_indicator(current_actor(), indicator, _definition(form)),
        refused=lambda error: page(error.status, error.message),
        done=lambda _result: _saved(indicator.campaign, _("The indicator was saved.")),
    )


@blueprint.post("/<int:indicator_id>/actuals")
@requires(Permission.PLAN_ACTIVITIES)
def actual_create(indicator_id: int):
    indicator = _indicator(indicator_id)
    campaign = indicator.campaign
    form = ActualForm()
    if not form.validate_on_submit():
        return _page(campaign, actual_forms={indicator.id: form}, status=422)
    return attempt(
        lambda: indicators.record_actual(
            current_actor(), indicator, form.recorded_on.data, form.source.data, local_today(),
            value=form.value.data, numerator=form.numerator.data,
            denominator=form.denominator.data,
        ),
        refused=lambda error: _page(campaign, actual_forms={indicator.id: form},
                                    status=error.status, message=error.message),
        done=lambda _actual: _saved(campaign, _("The actual was recorded.")),
        token=form.submission.data,
    )  # fmt: skip

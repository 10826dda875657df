"""The audit page: who did what, filtered, paged by keyset (printed and exported by
``reports.audit_log``)."""

from flask import Blueprint, render_template, request, url_for

from campaign.accounts.lookup import UserLookup
from campaign.accounts.permissions import Permission, requires
from campaign.audit import queries
from campaign.audit.forms import AuditFilterForm
from campaign.core.lookup import suggestions_response
from campaign.core.pagination import keyset_page
from campaign.extensions import db

blueprint = Blueprint("audit", __name__)


def list_filters() -> tuple[AuditFilterForm, queries.AuditFilter | None]:
    """The filter form of the request, and its criteria when it is valid: the page's, and its
    printed and exported copies' (``reports``)."""
    form = AuditFilterForm(request.args)
    form.user.lookup = UserLookup()
    form.user.suggest_url = url_for("audit.user_suggestions")
    if not form.validate():
        return form, None
    return form, queries.AuditFilter(
        user_id=form.user.chosen.id if form.user.chosen else None,
        action=form.action.data or None,
        entity_type=form.entity_type.data or None,
        since=form.since.data,
        until=form.until.data,
    )


@blueprint.get("/")
@requires(Permission.VIEW_AUDIT_LOG)
def entry_list():
    form, criteria = list_filters()
    if criteria is None:
        return render_template("audit/list.html", form=form, page=None), 400
    page = keyset_page(
        db.session, queries.audit_entries(criteria), queries.NEWEST,
        key=lambda entry: (entry.occurred_at, entry.id), args=request.args,
        start=queries.last_moment_of(form.jump.data) if form.jump.data else None,
    )  # fmt: skip
    return render_template("audit/list.html", form=form, page=page)


@blueprint.get("/users/suggest")
@requires(Permission.VIEW_AUDIT_LOG)
def user_suggestions():
    """Usernames starting with ``q``, for the user filter's type-ahead."""
    return suggestions_response(UserLookup(), request.args.get("q"))

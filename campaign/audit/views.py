"""The audit page: who did what, filtered, paginated, exportable."""

import json

import sqlalchemy as sa
from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_babel import gettext as _

from campaign.accounts.access import current_actor
from campaign.accounts.models import User
from campaign.accounts.permissions import Permission, requires
from campaign.audit import queries
from campaign.audit.forms import AuditFilterForm
from campaign.audit.labels import audit_action, audit_entity
from campaign.audit.models import AuditEntry
from campaign.audit.services import record
from campaign.core.engine import writes_on_read
from campaign.core.formatting import datetime_text
from campaign.core.pagination import paginate
from campaign.core.spreadsheets import csv_lines
from campaign.extensions import db

blueprint = Blueprint("audit", __name__)


def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.set_options(
        db.session.scalars(sa.select(User).order_by(User.username)),
        queries.distinct_values(AuditEntry.action),
        queries.distinct_values(AuditEntry.entity_type),
    )
    return form


def _criteria(form: AuditFilterForm) -> queries.AuditFilter:
    return queries.AuditFilter(
        user_id=int(form.user.data) if form.user.data else None,
        action=form.action.data or None,
        entity_type=form.entity_type.data or None,
        since=form.since.data,
        until=form.until.data,
    )


@blueprint.get("/")
@requires(Permission.VIEW_AUDIT_LOG)
def entry_list():
    form = _filter_form()
    if not form.validate():
        return render_template("audit/list.html", form=form, page=None), 400
    page = paginate(db.session, queries.audit_entries(_criteria(form)),
                    request.args.get("page", 1, type=int))  # fmt: skip
    return render_template("audit/list.html", form=form, page=page)


def _export_rows(statement):
    """The entries as rows, read in batches; the cursor is closed even if the download stops."""
    result = db.session.scalars(statement.execution_options(yield_per=500))
    try:
        for entry in result:
            yield [
                datetime_text(entry.occurred_at), entry.user.username if entry.user else "",
                entry.remote_address, audit_action(entry.action),
                audit_entity(entry.entity_type), entry.entity_id,
                entry.summary,
                json.dumps(entry.changes, ensure_ascii=False) if entry.changes else "",
            ]  # fmt: skip
    finally:
        result.close()


@blueprint.get("/export.csv")
@requires(Permission.VIEW_AUDIT_LOG)
@writes_on_read
def entry_export():
    form = _filter_form()
    if not form.validate():
        return render_template("audit/list.html", form=form, page=None), 400
    statement = queries.audit_entries(_criteria(form))
    record(current_actor(), "export", "audit_entry", None, request.query_string.decode()[:500])
    headers = [_("Time"), _("User"), _("Address"), _("Action"), _("Record"), _("Record id"),
               _("Summary"), _("Changes")]  # fmt: skip
    return Response(
        stream_with_context(csv_lines(headers, _export_rows(statement))),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit-log.csv"},
    )

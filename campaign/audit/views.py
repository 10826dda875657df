"""The audit page: who did what, filtered, paged by keyset, exportable."""

import json

from flask import Blueprint, Response, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _

from campaign.accounts.access import current_actor
from campaign.accounts.lookup import UserLookup
from campaign.accounts.permissions import Permission, requires
from campaign.audit import queries
from campaign.audit.forms import AuditFilterForm
from campaign.audit.labels import audit_action, audit_entity
from campaign.audit.services import record
from campaign.core.engine import reads_only_from_now_on, writes_on_read
from campaign.core.formatting import minute_texts
from campaign.core.lookup import suggestions_response
from campaign.core.pagination import keyset_page
from campaign.core.spreadsheets import csv_lines
from campaign.extensions import db

blueprint = Blueprint("audit", __name__)
EXPORT_BATCH = 2000
"""Rows fetched from the database's cursor at a time while exporting."""
TYPED_COLUMNS = (1, 2, 6)
"""The export's columns that can hold text someone typed or sent: the username, the address
and the summary (the others are moments, labels, ids and the changes' JSON, which opens with a
brace)."""


def _filters() -> tuple[AuditFilterForm, queries.AuditFilter | None]:
    """The filter form of the request, and its criteria when it is valid."""
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
    form, criteria = _filters()
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


def _export_rows(criteria: queries.AuditFilter):
    """The entries as CSV rows, streamed from a server-side cursor; labels are translated once
    per code. The cursor is closed even if the download stops."""
    moment, actions, entities = minute_texts(), {}, {}
    reads_only_from_now_on()  # the export's own entry is committed before the first row
    result = db.session.connection().execute(
        queries.export_rows(criteria).execution_options(yield_per=EXPORT_BATCH)
    )
    try:
        for occurred_at, username, address, action, entity, entity_id, summary, changes in result:
            if action not in actions:
                actions[action] = audit_action(action)
            if entity not in entities:
                entities[entity] = audit_entity(entity)
            yield (
                moment(occurred_at), username, address, actions[action], entities[entity],
                entity_id, summary, _changes_text(changes) if changes else None,
            )  # fmt: skip
    finally:
        result.close()


def _changes_text(stored: str) -> str:
    """A change as the export writes it: its JSON with the letters unescaped ("Thôn 1").
    Entries are stored so (``config.JSON_AS_STORED``) and written as they are; older ones,
    stored with ``\\u`` escapes, are decoded and written again."""
    if "\\u" in stored:
        stored = json.dumps(json.loads(stored), ensure_ascii=False)
    return "" if stored == "{}" else stored


@blueprint.get("/export.csv")
@requires(Permission.VIEW_AUDIT_LOG)
@writes_on_read
def entry_export():
    form, criteria = _filters()
    if criteria is None:
        return render_template("audit/list.html", form=form, page=None), 400
    record(current_actor(), "export", "audit_entry", None, request.query_string.decode()[:500])
    headers = [_("Time"), _("User"), _("Address"), _("Action"), _("Record"), _("Record id"),
               _("Summary"), _("Changes")]  # fmt: skip
    return Response(
        stream_with_context(csv_lines(headers, _export_rows(criteria), typed=TYPED_COLUMNS)),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit-log.csv"},
    )

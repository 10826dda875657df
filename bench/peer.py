"""The peer: what a team would build a back office with, Flask-Admin's ``ModelView`` lists of
the same models on the same database, 50 rows a page, sorted and searched on the same keys.

    gunicorn 'bench.peer:create_peer_app()'      (run.py starts it with BENCH_PEER_DATABASE)

URLs: /admin/<model>/ with Flask-Admin's own ``?page=``, ``?search=`` and ``?flt0_0=``.
"""

import os

import sqlalchemy as sa
from flask import Flask
from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_babel import Babel
from sqlalchemy.orm import scoped_session, sessionmaker

import campaign.activities.models  # noqa: F401  (every mapped class, for the relationships)
from campaign.activities.models import Activity
from campaign.audit.models import AuditEntry
from campaign.beneficiaries.models import Beneficiary
from campaign.events.models import Event
from campaign.gifts.models import Nomination
from campaign.officials.models import Official


class Listing(ModelView):
    page_size = 50
    can_set_page_size = False
    can_create = can_edit = can_delete = False


class Beneficiaries(Listing):
    column_list = ("full_name", "birth_year", "unit", "address")
    column_searchable_list = ("search_key",)
    column_filters = ("unit_id",)
    column_default_sort = ("sort_key", False)


class Events(Listing):
    column_list = ("title", "kind", "status", "starts_at", "host_unit", "campaign")
    column_filters = ("campaign_id",)
    column_default_sort = ("starts_at", True)


class Officials(Listing):
    column_list = ("full_name", "phone", "email")
    column_searchable_list = ("search_key",)
    column_default_sort = ("sort_key", False)


class AuditEntries(Listing):
    column_list = ("occurred_at", "user", "action", "entity_type", "entity_id", "summary")
    column_default_sort = ("occurred_at", True)


class Activities(Listing):
    column_list = ("title", "kind", "status", "due_date", "campaign")
    column_filters = ("campaign_id",)
    column_default_sort = ("due_date", False)


class Nominations(Listing):
    column_list = ("list_number", "beneficiary", "status", "allocation")
    column_filters = ("programme_id",)
    column_default_sort = ("list_number", False)


def create_peer_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["BENCH_SECRET_KEY"]
    session = scoped_session(sessionmaker(sa.create_engine(os.environ["BENCH_PEER_DATABASE"])))
    Babel(app)  # Flask-Admin translates through Flask-Babel when it is installed
    admin = Admin(app, name="peer")
    for view, model in (
        (Beneficiaries, Beneficiary),
        (Events, Event),
        (Officials, Official),
        (AuditEntries, AuditEntry),
        (Nominations, Nomination),
        (Activities, Activity),
    ):
        admin.add_view(view(model, session))
    app.teardown_appcontext(lambda _error: session.remove())
    return app

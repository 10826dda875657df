"""The campaign application: Month of Action for gender equality."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

PACKAGE_DIRECTORY = Path(__file__).parent


def resource_directory(name: str) -> Path:
    """A top-level folder of the checkout (templates, static, migrations), or the copy of it that
    the wheel installs inside the package (pyproject.toml maps it there)."""
    installed = PACKAGE_DIRECTORY / name
    return installed if installed.is_dir() else PACKAGE_DIRECTORY.parent / name


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, models, blueprints, commands, errors."""
    from campaign import cli, errors, navigation, security
    from campaign import config as settings
    from campaign.accounts import access
    from campaign.audit import labels as audit_labels
    from campaign.core import (
        documents,
        engine,
        formatting,
        i18n,
        labels,
        logs,
        pagination,
        request_input,
        routing,
        transactions,
    )
    from campaign.extensions import babel, csrf, db, migrate

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(resource_directory("templates")),
        static_folder=str(resource_directory("static")),
    )
    app.url_map.converters["int"] = routing.RecordIdConverter
    app.jinja_env.add_extension("jinja2.ext.do")
    app.config.update(settings.from_environment(app.instance_path))
    app.config.update(config or {})
    settings.finalize(app.config, app.instance_path)
    logs.init_app(app)  # first: its hooks open and close every request (core/logs.py)

    _import_models()
    db.init_app(app)
    with app.app_context():
        engine.configure_engine(db.engine, app.config)
    transactions.init_app(app)
    migrate.init_app(app, db, directory=str(resource_directory("migrations")), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.selected_language)

    access.init_app(app)
    _register_blueprints(app)
    _register_template_globals(app)
    _register_rules_of_higher_areas()
    navigation.init_app(app)
    formatting.init_app(app)
    documents.init_app(app)
    pagination.init_app(app)
    _register_labels()
    labels.init_app(app)
    audit_labels.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    request_input.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def _import_models() -> None:
    """Every area's tables, so that the metadata (and Alembic) sees the whole schema."""
    from campaign.accounts import models as _accounts  # noqa: F401
    from campaign.activities import models as _activities  # noqa: F401
    from campaign.audit import models as _audit  # noqa: F401
    from campaign.beneficiaries import models as _beneficiaries  # noqa: F401
    from campaign.campaigns import models as _campaigns  # noqa: F401
    from campaign.core import submissions as _submissions  # noqa: F401
    from campaign.events import models as _events  # noqa: F401
    from campaign.gifts import models as _gifts  # noqa: F401
    from campaign.officials import models as _officials  # noqa: F401
    from campaign.places import models as _places  # noqa: F401


def _register_labels() -> None:
    """Every area's labels of its choices, into the one registry the ``label`` filter reads."""
    from campaign.accounts import labels as accounts
    from campaign.activities import labels as activities
    from campaign.beneficiaries import labels as beneficiaries
    from campaign.campaigns import labels as campaigns
    from campaign.core.labels import register
    from campaign.events import labels as events
    from campaign.gifts import labels as gifts
    from campaign.places import labels as places

    for area in (places, accounts, campaigns, events, beneficiaries, gifts, activities):
        register(area.LABELS, getattr(area, "AUDITED", None))


def _register_template_globals(app: Flask) -> None:
    """What a page of a lower area shows of a higher one, called from its template: imports go
    only downward (docs/architecture.md); and how every page names a woman (``woman_name``)."""
    from campaign.beneficiaries.privacy import name_shown
    from campaign.gifts.queries import gifts_of, programmes_at_event
    from campaign.places.maps import words

    app.add_template_global(words, "map_words")
    app.add_template_global(programmes_at_event, "gift_programmes_at_event")
    app.add_template_global(gifts_of, "gifts_of_beneficiary")
    app.add_template_global(name_shown, "woman_name")


def _register_rules_of_higher_areas() -> None:
    """What a higher area adds to a lower one's rules, through the lower one's hooks: imports go
    only downward (docs/architecture.md)."""
    from campaign.accounts import scope_choices
    from campaign.activities import labels as activity_labels
    from campaign.activities.models import Activity
    from campaign.beneficiaries import queries as beneficiary_queries
    from campaign.beneficiaries import services as beneficiary_services
    from campaign.campaigns import queries as campaign_queries
    from campaign.campaigns import services as campaign_services
    from campaign.events import labels as event_labels
    from campaign.events.models import Event
    from campaign.gifts import labels as gift_labels
    from campaign.gifts import queries as gift_queries
    from campaign.gifts import retention, shares
    from campaign.gifts.models import GiftProgramme
    from campaign.reference import organization_forms

    beneficiary_services.check_moves_with(shares.ensure_same_shares)
    beneficiary_services.erase_also_with(retention.erase_gift_words)
    beneficiary_queries.register_areas_with(gift_queries.share_districts)
    campaign_services.count_holdings_with(Event.campaign_id, event_labels.held)
    campaign_services.count_holdings_with(GiftProgramme.campaign_id, gift_labels.held)
    campaign_services.count_holdings_with(Activity.campaign_id, activity_labels.held)
    scope_choices.offer_scope_in(campaign_queries.campaign_unit_ids)
    organization_forms.register_units_in_use(campaign_queries.campaign_unit_ids)


def _register_blueprints(app: Flask) -> None:
    from campaign.accounts.admin_views import blueprint as users
    from campaign.accounts.views import blueprint as accounts
    from campaign.activities.indicator_views import blueprint as indicators
    from campaign.activities.views import blueprint as activities
    from campaign.audit.views import blueprint as audit
    from campaign.beneficiaries.views import blueprint as beneficiaries
    from campaign.campaigns.views import blueprint as campaigns
    from campaign.events.views import blueprint as events
    from campaign.gifts.import_views import blueprint as imports
    from campaign.gifts.views import blueprint as gifts
    from campaign.main.views import blueprint as main
    from campaign.officials.views import blueprint as officials
    from campaign.overview.views import blueprint as overview
    from campaign.reference.organization_views import blueprint as organizations
    from campaign.reference.unit_views import blueprint as places
    from campaign.reports.views import blueprint as reports

    app.register_blueprint(main)
    app.register_blueprint(accounts)
    app.register_blueprint(campaigns, url_prefix="/campaigns")
    app.register_blueprint(overview, url_prefix="/campaigns")
    app.register_blueprint(events, url_prefix="/events")
    app.register_blueprint(activities, url_prefix="/activities")
    app.register_blueprint(indicators, url_prefix="/indicators")
    app.register_blueprint(officials, url_prefix="/officials")
    app.register_blueprint(organizations, url_prefix="/organizations")
    app.register_blueprint(places, url_prefix="/places")
    app.register_blueprint(beneficiaries, url_prefix="/beneficiaries")
    app.register_blueprint(gifts, url_prefix="/gifts")
    app.register_blueprint(imports, url_prefix="/gifts")
    app.register_blueprint(users, url_prefix="/admin/users")
    app.register_blueprint(audit, url_prefix="/admin/audit")
    app.register_blueprint(reports, url_prefix="/reports")

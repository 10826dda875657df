"""The main menu: each entry shows only to users whose role has its permission."""

from flask_babel import lazy_gettext as _l

from campaign.accounts.permissions import Permission

NAVIGATION = (
    ("main.home", _l("Home"), Permission.VIEW_CAMPAIGNS),
    ("campaigns.campaign_list", _l("Campaigns"), Permission.VIEW_CAMPAIGNS),
    ("events.event_list", _l("Events"), Permission.VIEW_CAMPAIGNS),
    ("activities.activity_list", _l("Activities"), Permission.VIEW_CAMPAIGNS),
    ("officials.official_list", _l("Officials"), Permission.VIEW_CAMPAIGNS),
    ("gifts.programme_list", _l("Gift programmes"), Permission.VIEW_CAMPAIGNS),
    ("beneficiaries.beneficiary_list", _l("Beneficiaries"), Permission.VIEW_BENEFICIARIES),
    ("reports.report_index", _l("Reports"), Permission.VIEW_CAMPAIGNS),
    ("places.unit_list", _l("Administrative units"), Permission.VIEW_REFERENCE_DATA),
    ("organizations.organization_list", _l("Organizations"), Permission.VIEW_REFERENCE_DATA),
    ("users.user_list", _l("Users"), Permission.MANAGE_USERS),
    ("audit.entry_list", _l("Audit log"), Permission.VIEW_AUDIT_LOG),
)


def init_app(app) -> None:
    @app.context_processor
    def navigation_context():
        return {"navigation": NAVIGATION}

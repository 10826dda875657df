"""The permission matrix: every route of the URL map × every role (and signed-out).

The table below is written by hand on purpose: it is what we promise. A new route that is not in
it fails the first test, so nobody adds a page without deciding who may open it.
"""

import datetime as dt

import pytest
import sqlalchemy as sa

from campaign.accounts.models import Role
from campaign.activities.models import ProgressFigure, ProgressReport
from campaign.campaigns.models import CampaignIndicator
from campaign.events.models import AgendaItem, Participation
from campaign.extensions import db
from campaign.gifts.models import Nomination, SpreadsheetUpload
from campaign.places.models import AdministrativeUnit
from tests import factories
from tests.conftest import csrf_token, sign_in

ROLES = [role.value for role in Role]
EVERY_ROLE = frozenset(ROLES)
ADMIN = frozenset({"admin"})
ORGANIZERS = frozenset({"admin", "organizer"})
MANAGERS_OF_BENEFICIARIES = frozenset({"admin", "organizer", "official"})
PUBLIC = "public"

ALLOWED = {
    "static": PUBLIC,
    "main.health": PUBLIC,
    "main.readiness": PUBLIC,
    "main.set_language": PUBLIC,
    "accounts.sign_in": PUBLIC,
    "accounts.sign_out": EVERY_ROLE,
    "accounts.change_password": EVERY_ROLE,
    "main.home": EVERY_ROLE,
    "places.unit_list": EVERY_ROLE,
    "places.unit_suggestions": EVERY_ROLE,
    "places.unit_detail": EVERY_ROLE,
    "beneficiaries.beneficiary_list": EVERY_ROLE,
    "beneficiaries.beneficiary_detail": EVERY_ROLE,
    "organizations.organization_list": EVERY_ROLE,
    "organizations.organization_create": ORGANIZERS,
    "organizations.organization_edit": ORGANIZERS,
    "officials.official_list": EVERY_ROLE,
    "officials.official_suggestions": EVERY_ROLE,
    "officials.official_detail": EVERY_ROLE,
    "officials.official_create": ORGANIZERS,
    "officials.official_edit": ORGANIZERS,
    "officials.position_add": ORGANIZERS,
    "officials.position_delete": ORGANIZERS,
    "campaigns.campaign_list": EVERY_ROLE,
    "overview.campaign_hub": EVERY_ROLE,
    "campaigns.campaign_choose": EVERY_ROLE,
    "campaigns.campaign_create": ORGANIZERS,
    "campaigns.campaign_edit": ORGANIZERS,
    "campaigns.campaign_close": ORGANIZERS,
    "campaigns.campaign_reopen": ORGANIZERS,
    "events.event_list": EVERY_ROLE,
    "events.event_calendar": EVERY_ROLE,
    "events.event_detail": EVERY_ROLE,
    "events.event_create": ORGANIZERS,
    "events.event_edit": ORGANIZERS,
    "events.event_status": ORGANIZERS,
    "events.participation_add": ORGANIZERS,
    "events.participation_update": ORGANIZERS,
    "events.participation_move": ORGANIZERS,
    "events.participation_delete": ORGANIZERS,
    "events.participation_delete_confirm": ORGANIZERS,
    "events.agenda_add": ORGANIZERS,
    "events.agenda_move": ORGANIZERS,
    "events.agenda_delete": ORGANIZERS,
    "beneficiaries.beneficiary_create": MANAGERS_OF_BENEFICIARIES,
    "beneficiaries.beneficiary_edit": MANAGERS_OF_BENEFICIARIES,
    "beneficiaries.beneficiary_erase": ORGANIZERS,
    "beneficiaries.commune_suggestions": MANAGERS_OF_BENEFICIARIES,
    "gifts.programme_list": EVERY_ROLE,
    "gifts.programme_detail": EVERY_ROLE,
    "gifts.programme_create": ORGANIZERS,
    "gifts.programme_edit": ORGANIZERS,
    "gifts.share_update": ORGANIZERS,
    "gifts.nomination_list": EVERY_ROLE,
    "gifts.nominate": MANAGERS_OF_BENEFICIARIES,
    "gifts.nomination_withdraw": MANAGERS_OF_BENEFICIARIES,
    "gifts.nomination_decide": ORGANIZERS,
    "gifts.handover_screen": MANAGERS_OF_BENEFICIARIES,
    "gifts.handover_record": MANAGERS_OF_BENEFICIARIES,
    "gifts.handover_void": MANAGERS_OF_BENEFICIARIES,
    "imports.import_template": MANAGERS_OF_BENEFICIARIES,
    "imports.import_upload": MANAGERS_OF_BENEFICIARIES,
    "imports.import_preview": MANAGERS_OF_BENEFICIARIES,
    "imports.import_confirm": MANAGERS_OF_BENEFICIARIES,
    "imports.import_delete": MANAGERS_OF_BENEFICIARIES,
    "imports.import_rejected": MANAGERS_OF_BENEFICIARIES,
    "users.user_list": ADMIN,
    "users.user_create": ADMIN,
    "users.user_edit": ADMIN,
    "users.user_set_active": ADMIN,
    "users.user_reset_password": ADMIN,
    "audit.entry_list": ADMIN,
    "reports.audit_log_document": ADMIN,
    "audit.user_suggestions": ADMIN,
    "reports.report_index": EVERY_ROLE,
    "reports.receipt_list": EVERY_ROLE,
    "reports.handover_register": EVERY_ROLE,
    "reports.handover_register_document": EVERY_ROLE,
    "reports.event_document": EVERY_ROLE,
    "reports.summary_document": EVERY_ROLE,
    "reports.dashboard": EVERY_ROLE,
    "reports.event_list_document": EVERY_ROLE,
    "reports.nomination_document": EVERY_ROLE,
    "reports.official_list_document": EVERY_ROLE,
    "reports.unit_list_document": EVERY_ROLE,
    "reports.organization_list_document": EVERY_ROLE,
    "reports.user_list_document": ADMIN,
    "reports.campaign_list_document": EVERY_ROLE,
    "reports.beneficiary_document": EVERY_ROLE,
    "reports.full_beneficiary_document": MANAGERS_OF_BENEFICIARIES,
    "reports.activity_list_document": EVERY_ROLE,
    "activities.activity_list": EVERY_ROLE,
    "activities.activity_detail": EVERY_ROLE,
    "activities.unit_board": EVERY_ROLE,
    "activities.campaign_sums": EVERY_ROLE,
    "activities.activity_create": ORGANIZERS,
    "activities.activity_edit": ORGANIZERS,
    "activities.activity_targets": ORGANIZERS,
    "activities.activity_status": ORGANIZERS,
    "activities.activity_events": ORGANIZERS,
    "activities.report_review": ORGANIZERS,
    "activities.reporting_window": ORGANIZERS,
    "activities.report_create": MANAGERS_OF_BENEFICIARIES,
    "activities.report_correct": MANAGERS_OF_BENEFICIARIES,
    "activities.report_void": MANAGERS_OF_BENEFICIARIES,
    "reports.indicator_document": EVERY_ROLE,
    "reports.activity_document": EVERY_ROLE,
    "reports.unit_board_document": EVERY_ROLE,
    "indicators.indicator_list": EVERY_ROLE,
    "indicators.indicator_create": ORGANIZERS,
    "indicators.strategy_add": ORGANIZERS,
    "indicators.indicator_edit": ORGANIZERS,
    "indicators.actual_create": ORGANIZERS,
}


def routes(app):
    """Every rule; deleting after everything else, signing out last."""
    return sorted(
        app.url_map.iter_rules(),
        key=lambda rule: (
            rule.endpoint == "accounts.sign_out",
            rule.endpoint.endswith("_delete"),
            rule.endpoint,
        ),
    )


def test_every_route_has_a_declared_expectation(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == set(ALLOWED)


def test_every_view_declares_its_access(app):
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        declared = [getattr(view, name, None) for name in
                    ("required_permission", "is_public", "any_signed_in_user")]  # fmt: skip
        assert any(declared), f"{endpoint} declares no permission"


@pytest.fixture
def samples(app):
    """A value for each URL variable: records every role may reach (in the official's scope)."""
    with app.app_context():
        district = factories.unit("Ba Vì")
        commune = factories.unit("Xã Tản Lĩnh", level="commune", parent=district)
        woman = factories.beneficiary("Nguyễn Thị Mai", unit=commune)
        target = factories.user(Role.STAFF, username="target.user")
        event = factories.event()
        person = factories.official()
        participation = Participation(
            event=event, official=person, role="delegate", official_position=person.positions[0]
        )
        item = AgendaItem(event=event, title="Khai mạc", position=1)
        db.session.add_all([participation, item])
        programme = factories.programme(campaign=event.campaign, event=event)
        share = factories.allocation(programme, district, quota=5)
        proposer, approver = factories.user(Role.ORGANIZER), factories.user(Role.ORGANIZER)
        given = factories.beneficiary("Đỗ Thị Hà", unit=commune)
        nominations = [
            Nomination(programme=programme, beneficiary=person_, allocation=share,
                       list_number=number, status=status, proposed_by=proposer,
                       decided_by=approver if status == "approved" else None)
            for number, (person_, status) in enumerate(
                [(woman, "proposed"), (given, "approved")], start=1)
        ]  # fmt: skip
        handover = factories.handover(share, given, recorded_by=proposer)
        db.session.add_all(nominations)
        activity = factories.activity(event.campaign, [district])
        report = ProgressReport(activity=activity, unit=district, done_on=dt.date(2022, 11, 20),
                                figures=[ProgressFigure(measure="participants", value=10)])
        indicator = CampaignIndicator(campaign_id=event.campaign_id, name="Tỷ lệ", kind="count")
        db.session.add_all([report, indicator])
        db.session.commit()
        return {
            "values": {"unit_id": commune.id, "beneficiary_id": woman.id, "user_id": target.id,
                       "filename": "css/app.css", "campaign_id": event.campaign_id,
                       "event_id": event.id, "official_id": person.id,
                       "organization_id": person.positions[0].organization_id,
                       "position_id": person.positions[0].id,
                       "participation_id": participation.id, "item_id": item.id,
                       "programme_id": programme.id, "nomination_id": nominations[0].id,
                       "handover_id": handover.id, "upload_id": 0, "activity_id": activity.id,
                       "report_id": report.id, "indicator_id": indicator.id},
            "district": db.session.get(AdministrativeUnit, district.id),
        }  # fmt: skip


def own_upload(app, user_id: int, programme_id: int) -> int:
    """A list uploaded by the signed-in user (only its uploader may open it), with a row that
    cannot be imported, so that importing it leaves it for the routes after."""
    with app.app_context():
        upload = SpreadsheetUpload(
            programme_id=programme_id, uploaded_by_id=user_id, filename="danh-sach.csv",
            content="Họ và tên,Xã/phường,Đồng ý\nNguyễn Thị Hoa,Xã Không Có,x\n".encode(),
        )  # fmt: skip
        db.session.add(upload)
        db.session.commit()
        return upload.id


def request_route(client, rule, values):
    url = rule.build(values, append_unknown=False)[1]
    if "GET" in rule.methods:
        response = client.get(url)
        response.close()
        return response
    return client.post(url, data={"csrf_token": csrf_token(client), "language": "vi"})


@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_reaches_exactly_what_the_matrix_says(app, client, samples, role):
    values = dict(samples["values"])
    if role is not None:
        units = [samples["district"]] if role == "official" else []
        user_id = sign_in(app, client, role, units=units)
        values["upload_id"] = own_upload(app, user_id, values["programme_id"])
    failures = []
    for rule in routes(app):
        rule_allowed = ALLOWED[rule.endpoint]
        allowed = rule_allowed == PUBLIC or (role is not None and role in rule_allowed)
        method = "GET" if "GET" in rule.methods else "POST"
        response = request_route(client, rule, values)
        location = response.headers.get("Location", "")
        if allowed:  # answered, even if only to say the (empty) form is incomplete
            ok = response.status_code not in (401, 403, 404, 405, 500)
            ok = ok and not location.startswith("/login?")
        elif role is None:
            ok = (response.status_code, location.startswith("/login?")) == (
                (302, True) if method == "GET" else (401, False)
            )
        else:
            ok = response.status_code == 403
        if not ok:
            failures.append(f"{method} {rule.rule} as {role}: {response.status_code} {location}")
    assert failures == []


def test_a_refused_request_is_in_the_audit_log(app, client, samples):
    from campaign.audit.models import AuditEntry

    user_id = sign_in(app, client, "staff")
    assert client.get("/admin/users/").status_code == 403
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "access_refused")
        ).one()
        assert entry.user_id == user_id and "/admin/users/" in entry.summary


def state_changing_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]


def test_every_state_changing_route_needs_the_csrf_token(app, client, samples):
    sign_in(app, client, "admin")
    for rule in state_changing_rules(app):
        url = rule.build(samples["values"], append_unknown=False)[1]
        response = client.post(url, data={"language": "en", "active": "0"})
        assert response.status_code == 400, f"{rule.rule} accepted a POST without CSRF token"
    assert client.get("/admin/users/").status_code == 200  # nothing was done


def test_every_post_only_route_answers_405_to_get(app, client, samples):
    sign_in(app, client, "admin")
    readable = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    post_only = [rule for rule in state_changing_rules(app) if rule.rule not in readable]
    assert post_only
    for rule in post_only:
        url = rule.build(samples["values"], append_unknown=False)[1]
        assert client.get(url).status_code == 405, rule.rule


def test_the_session_cookie_is_secure_httponly_and_samesite(app, client):
    sign_in(app, client, "staff")
    cookie = client.get_cookie("session")
    assert cookie.secure and cookie.http_only and cookie.same_site == "Lax"

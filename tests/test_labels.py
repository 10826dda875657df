"""Each stored choice reads as its own enum names it, never as a namesake member of another."""

import pytest
from flask_babel import force_locale

from campaign.activities.models import ActivityKind
from campaign.beneficiaries.models import Circumstance
from campaign.core.labels import choices, label
from campaign.events.models import EventKind, EventStatus
from campaign.places.models import GovernmentLevel, OrganizationKind, UnitLevel
from tests.conftest import make_app


@pytest.fixture(scope="module")
def app():
    return make_app("sqlite://")


# Pairs, not a dict: the members are strings, so EventKind.OTHER == Circumstance.OTHER.
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", [(EventKind.OTHER, "Khác"), (Circumstance.OTHER, "Hoàn cảnh khác"),
                (UnitLevel.PROVINCE, "Tỉnh / thành phố trực thuộc trung ương"),
                (GovernmentLevel.PROVINCE, "Tỉnh / thành phố")]),
        ("en", [(EventKind.OTHER, "Other"), (ActivityKind.OTHER, "Other"),
                (OrganizationKind.OTHER, "Other"), (Circumstance.OTHER, "Other circumstance"),
                (UnitLevel.PROVINCE, "Province / centrally-run city"),
                (UnitLevel.COMMUNE, "Commune / ward"), (GovernmentLevel.COMMUNE, "Commune")]),
    ],
)  # fmt: skip
def test_members_that_share_a_stored_value_keep_their_own_labels(app, language, expected):
    with app.test_request_context(), force_locale(language):
        assert [(member, label(member)) for member, _ in expected] == expected


def test_options_built_at_import_read_in_the_language_of_the_request(app):
    options = choices(EventStatus)
    with app.test_request_context(), force_locale("vi"):
        assert [str(option.label) for option in options][:2] == ["Dự kiến", "Đã tổ chức"]

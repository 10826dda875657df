import pytest
from sqlalchemy.exc import IntegrityError

from campaign.extensions import db
from tests import factories

pytestmark = pytest.mark.usefixtures("app_context")


def test_a_national_id_belongs_to_one_beneficiary_only():
    factories.beneficiary("Nguyễn Thị Lan", national_id="001190012345")
    with pytest.raises(IntegrityError):
        factories.beneficiary("Trần Thị Lan", national_id="001190012345")


def test_many_beneficiaries_may_have_no_national_id():
    factories.beneficiary("Nguyễn Thị Lan")
    factories.beneficiary("Trần Thị Mai")
    db.session.flush()


def test_a_national_id_has_twelve_digits():
    with pytest.raises(IntegrityError):
        factories.beneficiary(national_id="12345")


def test_birth_year_must_be_plausible():
    with pytest.raises(IntegrityError):
        factories.beneficiary(birth_year=1800)

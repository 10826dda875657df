import pytest
import sqlalchemy as sa

from campaign.extensions import db
from campaign.places.models import (
    AdministrativeUnit,
    Organization,
    UnitLevel,
    UnitScheme,
    UnitSuccession,
)
from campaign.reference.services import load_reference_data

pytestmark = pytest.mark.usefixtures("reference_data", "app_context")

SCENARIO_DISTRICTS = {
    "269": "Sơn Tây", "271": "Ba Vì", "272": "Phúc Thọ", "281": "Ứng Hòa", "282": "Mỹ Đức",
}  # fmt: skip


def count(scheme, level) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            AdministrativeUnit.scheme == scheme, AdministrativeUnit.level == level
        )
    )


def unit(scheme, level, code) -> AdministrativeUnit:
    return db.session.scalars(
        sa.select(AdministrativeUnit).filter_by(scheme=scheme, level=level, code=code)
    ).one()


def test_both_schemes_are_loaded_in_full():
    assert count(UnitScheme.POST_2025, UnitLevel.PROVINCE) == 34
    assert count(UnitScheme.POST_2025, UnitLevel.COMMUNE) == 3321
    assert count(UnitScheme.POST_2025, UnitLevel.DISTRICT) == 0
    assert count(UnitScheme.PRE_2025, UnitLevel.PROVINCE) == 63
    assert count(UnitScheme.PRE_2025, UnitLevel.DISTRICT) == 696
    assert count(UnitScheme.PRE_2025, UnitLevel.COMMUNE) > 10_000


def test_the_scenario_districts_are_in_hanoi_with_their_communes():
    hanoi = unit(UnitScheme.PRE_2025, UnitLevel.PROVINCE, "01")
    assert hanoi.full_name == "Thành phố Hà Nội"
    for code, name in SCENARIO_DISTRICTS.items():
        district = unit(UnitScheme.PRE_2025, UnitLevel.DISTRICT, code)
        assert (district.name, district.parent) == (name, hanoi)
        assert len(district.children) >= 10
        assert all(child.level == UnitLevel.COMMUNE for child in district.children)
    assert unit(UnitScheme.PRE_2025, UnitLevel.DISTRICT, "269").full_name == "Thị xã Sơn Tây"


def test_old_communes_lead_to_their_successors():
    son_tay = unit(UnitScheme.PRE_2025, UnitLevel.DISTRICT, "269")
    communes = [child.id for child in son_tay.children]
    successors = db.session.scalars(
        sa.select(AdministrativeUnit)
        .join(UnitSuccession, UnitSuccession.new_unit_id == AdministrativeUnit.id)
        .where(UnitSuccession.old_unit_id.in_(communes))
    ).all()
    assert successors
    assert {s.scheme for s in successors} == {UnitScheme.POST_2025}
    assert {s.parent.code for s in successors} == {"01"}


def test_units_are_searchable_without_diacritics():
    found = db.session.scalars(
        sa.select(AdministrativeUnit.code).where(
            AdministrativeUnit.scheme == UnitScheme.PRE_2025,
            AdministrativeUnit.search_key == "thi xa son tay",
        )
    ).all()
    assert found == ["269"]


def test_organizations_of_the_city_and_the_scenario_districts():
    names = set(db.session.scalars(sa.select(Organization.name)))
    assert "Ủy ban nhân dân thành phố Hà Nội" in names
    assert "Ban Vì sự tiến bộ phụ nữ thành phố Hà Nội" in names
    assert "Bộ Lao động - Thương binh và Xã hội" in names
    for name in SCENARIO_DISTRICTS.values():
        assert any(n.startswith("Ủy ban nhân dân") and n.endswith(name) for n in names), name


def test_loading_again_adds_and_changes_nothing():
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AdministrativeUnit))
    summary = load_reference_data()
    assert (summary.units_added, summary.units_updated) == (0, 0)
    assert (summary.successions_added, summary.organizations_added) == (0, 0)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AdministrativeUnit)) == before


def test_a_renamed_unit_in_the_data_file_is_renamed_in_place():
    son_tay = unit(UnitScheme.PRE_2025, UnitLevel.DISTRICT, "269")
    son_tay.name = "Tên cũ"
    db.session.flush()
    summary = load_reference_data()
    assert summary.units_updated == 1
    db.session.refresh(son_tay)
    assert son_tay.name == "Sơn Tây"


def test_long_names_fit_their_sort_keys_on_every_database():
    from campaign.core.text import search_key, text_sort_key
    from campaign.places.models import GovernmentLevel, OrganizationKind

    name = "Trung tâm Công tác xã hội và Quỹ Bảo trợ trẻ em " * 5
    db.session.add(
        Organization(name=name[:255], kind=OrganizationKind.OTHER, level=GovernmentLevel.CENTRAL,
                     search_key=search_key(name[:255]), sort_key=text_sort_key(name[:255]))
    )  # fmt: skip
    db.session.flush()
    assert len(text_sort_key(name[:255])) > 255


def test_organizations_of_the_new_map_are_namesakes_on_their_own_units():
    """The data file names each row's map: Hà Nội's People's Committee of the old map and of the
    new one are two bodies; the Ministry of Home Affairs is central."""
    rows = db.session.execute(
        sa.select(Organization.name, AdministrativeUnit.scheme, AdministrativeUnit.code)
        .outerjoin(AdministrativeUnit, Organization.unit)
        .where(Organization.name.in_(["Ủy ban nhân dân thành phố Hà Nội", "Bộ Nội vụ",
                                      "Sở Nội vụ thành phố Hà Nội",
                                      "Ủy ban nhân dân phường Sơn Tây"]))
    ).all()  # fmt: skip
    assert sorted(rows, key=str) == sorted([
        ("Bộ Nội vụ", None, None),
        ("Sở Nội vụ thành phố Hà Nội", UnitScheme.POST_2025, "01"),
        ("Ủy ban nhân dân phường Sơn Tây", UnitScheme.POST_2025, "09574"),
        ("Ủy ban nhân dân thành phố Hà Nội", UnitScheme.POST_2025, "01"),
        ("Ủy ban nhân dân thành phố Hà Nội", UnitScheme.PRE_2025, "01"),
    ], key=str)  # fmt: skip

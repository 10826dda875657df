"""Synthetic women for the demo: generated names, no real persons.

Names are drawn from common Vietnamese family, middle and given names by a seeded generator,
so every run produces the same list; each record says it is sample data.
"""

import datetime as dt
import random
from dataclasses import dataclass

from campaign.accounts.models import User
from campaign.beneficiaries.models import (
    Beneficiary,
    BeneficiaryCircumstance,
    Circumstance,
    placed_in,
)
from campaign.core.text import name_sort_key, search_key
from campaign.places.models import AdministrativeUnit

FAMILY_NAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô",
    "Dương", "Đinh", "Phùng", "Kiều", "Khuất", "Chu", "Tạ", "Lương", "Đào", "Cao",
]  # fmt: skip
MIDDLE_NAMES = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Kim", "Minh", "Hồng", "Bích"]
GIVEN_NAMES = [
    "Lan", "Hoa", "Mai", "Hằng", "Hương", "Nga", "Thủy", "Huệ", "Yến", "Loan", "Nhung",
    "Tuyết", "Liên", "Hạnh", "Xuân", "Oanh", "Thoa", "Vân", "Dung", "Hiền", "Phượng", "Sen",
    "Cúc", "Đào", "Ngân", "Ánh", "Ân", "Uyên", "Thảo", "Trang",
]  # fmt: skip
EVERYDAY_CIRCUMSTANCES = [
    Circumstance.POOR_HOUSEHOLD,
    Circumstance.NEAR_POOR_HOUSEHOLD,
    Circumstance.SINGLE_MOTHER,
    Circumstance.DISABILITY,
    Circumstance.ELDERLY_ALONE,
    Circumstance.SERIOUS_ILLNESS,
]
SAMPLE_NOTE = "Dữ liệu mẫu, không phải người thật."
SCENARIO_YEAR = 2022  # the women's ages are counted in the year of the 2022 launch by default
ELDERLY_FROM_AGE = 60  # Vietnam's Law on the Elderly: a citizen aged 60 or more


@dataclass(frozen=True)
class SyntheticWoman:
    full_name: str
    birth_year: int
    village: str
    circumstances: tuple[Circumstance, ...]


def synthetic_women(count: int, seed: int, year: int = SCENARIO_YEAR) -> list[SyntheticWoman]:
    """``count`` distinct generated women, their ages counted in ``year``; the same ``seed``
    gives the same list."""
    possible = len(FAMILY_NAMES) * len(set(MIDDLE_NAMES)) * len(GIVEN_NAMES)
    if count > possible:
        raise ValueError(f"at most {possible} distinct names can be generated")
    generator = random.Random(seed)
    women: list[SyntheticWoman] = []
    names: set[str] = set()
    while len(women) < count:
        name = " ".join(
            (
                generator.choice(FAMILY_NAMES),
                generator.choice(MIDDLE_NAMES),
                generator.choice(GIVEN_NAMES),
            )
        )
        if name in names:
            continue
        names.add(name)
        circumstances = tuple(
            sorted(set(generator.sample(EVERYDAY_CIRCUMSTANCES, generator.choice((1, 1, 2)))))
        )
        if generator.random() < 0.05:
            circumstances += (Circumstance.SURVIVOR_OF_VIOLENCE,)
        birth_year = generator.randint(1942, 1996)
        women.append(
            SyntheticWoman(
                full_name=name,
                birth_year=birth_year,
                village=f"Thôn {generator.randint(1, 9)}",
                circumstances=_fitting_the_age(circumstances, year - birth_year),
            )
        )
    return women


def _fitting_the_age(circumstances: tuple[Circumstance, ...], age: int) -> tuple[Circumstance, ...]:
    """Only a woman of 60 or more is "elderly, living alone"; a younger one drawn so is a poor
    household instead. (Drawn first and replaced after, so that the names stay as they were.)"""
    if age >= ELDERLY_FROM_AGE:
        return circumstances
    fitting = tuple(c for c in circumstances if c is not Circumstance.ELDERLY_ALONE)
    if len(fitting) < len(circumstances) and Circumstance.POOR_HOUSEHOLD not in fitting:
        fitting = (Circumstance.POOR_HOUSEHOLD, *fitting)
    return fitting


def sample_beneficiary(
    woman: SyntheticWoman,
    unit: AdministrativeUnit,
    consent_given_at: dt.datetime,
    recorded_by: User | None,
) -> Beneficiary:
    """A generated woman as a registered beneficiary of the commune ``unit``, marked as sample."""
    return Beneficiary(
        full_name=woman.full_name,
        birth_year=woman.birth_year,
        **placed_in(unit),
        unit=unit,
        address=woman.village,
        circumstance_note=SAMPLE_NOTE,
        consent_given_at=consent_given_at,
        consent_recorded_by=recorded_by,
        search_key=search_key(woman.full_name),
        sort_key=name_sort_key(woman.full_name),
        circumstances=[BeneficiaryCircumstance(category=c) for c in woman.circumstances],
    )

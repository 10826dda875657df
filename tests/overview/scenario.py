"""A small map across the reform, and reading a page as a user reads it.

Old map: Hà Nội with Thị xã Sơn Tây (communes Lê Lợi, Cổ Đông) and Huyện Thạch Thất (Tiến Xuân).
New map: Hà Nội with Phường Sơn Tây (took over Lê Lợi), Phường Tùng Thiện and Xã Hòa Lạc (both
took over Cổ Đông; Hòa Lạc also Tiến Xuân, so it took over parts of two districts).
A 2022 campaign shares gifts between the two districts, a 2026 one among the three new units."""

import datetime as dt
import html.parser
import re
from dataclasses import dataclass

from campaign.extensions import db
from campaign.places.models import UnitLevel, UnitScheme, UnitSuccession
from tests import factories

OLD, NEW = UnitScheme.PRE_2025, UnitScheme.POST_2025


@dataclass
class Reform:
    old_campaign: int
    new_campaign: int
    son_tay: int
    thach_that: int
    phuong_son_tay: int
    tung_thien: int
    hoa_lac: int


def succession(old, new) -> None:
    db.session.add(UnitSuccession(old_unit=old, new_unit=new))


def district(name: str, full_name: str, province, communes: list[str]):
    unit = factories.unit(name, UnitLevel.DISTRICT, parent=province, full_name=full_name)
    return unit, [
        factories.unit(commune, UnitLevel.COMMUNE, parent=unit, full_name=f"Xã {commune}")
        for commune in communes
    ]


def new_commune(name: str, province):
    return factories.unit(name, UnitLevel.COMMUNE, parent=province, scheme=NEW, full_name=name)


def share(programme, unit, quota: int, given: int):
    return factories.allocation(programme, unit, quota=quota, given_count=given)


def new_campaign(unit, year: int = 2026):
    return factories.campaign(
        unit=unit, year=year, name=f"Tháng hành động năm {year}",
        start_date=dt.date(year, 11, 15), end_date=dt.date(year, 12, 15),
    )  # fmt: skip


def build_reform() -> Reform:
    old_hanoi = factories.unit("Hà Nội", UnitLevel.PROVINCE, full_name="Thành phố Hà Nội")
    son_tay, (le_loi, co_dong) = district("Sơn Tây", "Thị xã Sơn Tây", old_hanoi,
                                          ["Lê Lợi", "Cổ Đông"])  # fmt: skip
    thach_that, (tien_xuan,) = district("Thạch Thất", "Huyện Thạch Thất", old_hanoi, ["Tiến Xuân"])
    new_hanoi = factories.unit(
        "Hà Nội", UnitLevel.PROVINCE, scheme=NEW, full_name="Thành phố Hà Nội"
    )
    phuong_son_tay = new_commune("Phường Sơn Tây", new_hanoi)
    tung_thien = new_commune("Phường Tùng Thiện", new_hanoi)
    hoa_lac = new_commune("Xã Hòa Lạc", new_hanoi)
    succession(old_hanoi, new_hanoi)
    for old, new in ((le_loi, phuong_son_tay), (co_dong, tung_thien), (co_dong, hoa_lac),
                     (tien_xuan, hoa_lac)):  # fmt: skip
        succession(old, new)
    before = factories.campaign(unit=old_hanoi, name="Tháng hành động năm 2022")
    factories.event(campaign=before)
    gifts_2022 = factories.programme(campaign=before, quota=15, given_count=12)
    share(gifts_2022, son_tay, 10, 7)
    share(gifts_2022, thach_that, 5, 5)
    now = new_campaign(new_hanoi)
    gifts_2026 = factories.programme(campaign=now, quota=13, given_count=3)
    share(gifts_2026, phuong_son_tay, 4, 1)
    share(gifts_2026, tung_thien, 3, 0)
    share(gifts_2026, hoa_lac, 6, 2)
    db.session.flush()
    return Reform(before.id, now.id, son_tay.id, thach_that.id, phuong_son_tay.id,
                  tung_thien.id, hoa_lac.id)  # fmt: skip


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class _VisibleWords(html.parser.HTMLParser):
    """The text and labels of a page, leaving out scripts, styles and the elements marked
    ``data-map="pre2025"`` (names of old-map units, which keep their own words)."""

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipping = (bool(self.stack and self.stack[-1]) or tag in ("script", "style")
                    or attributes.get("data-map") == "pre2025")  # fmt: skip
        if not skipping:
            self.words += [attributes[a] for a in ("aria-label", "title", "data-label")
                           if attributes.get(a)]  # fmt: skip
        if tag not in VOID:
            self.stack.append(skipping)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.words.append(data)


def visible_words(page: str) -> str:
    parser = _VisibleWords()
    parser.feed(page)
    return " ".join(parser.words)


OLD_MAP_WORDS = re.compile(r"\b(district|districts|quận|huyện|thị xã)\b", re.IGNORECASE)

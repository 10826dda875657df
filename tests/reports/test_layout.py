"""The printed layout of Decree 30/2020/NĐ-CP, checked on the PDF itself so that it cannot
drift: A4, the margins (from where the text lies), one serif family embedded, the Quốc hiệu and
Tiêu ngữ at their sizes with a rule under the motto, page numbers in the top margin from page 2."""

import io

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1

from campaign.extensions import db
from tests import factories
from tests.conftest import sign_in

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)


@pytest.fixture
def long_list(app):
    """A programme of 45 approved nominees: a list of several pages."""
    with app.app_context():
        son_tay, _ba_vi, le_loi, _tan_linh = factories.two_districts()
        gifts = factories.programme(quota=45, unit_value=1_005_000,
                                    campaign=factories.campaign(unit=son_tay.parent))  # fmt: skip
        share = factories.allocation(gifts, son_tay, quota=45)
        for number in range(1, 46):
            woman = factories.beneficiary(f"Lê Thị Ướt {number:02d}", unit=le_loi,
                                          address="Thôn Đông Sàng", birth_year=1970)  # fmt: skip
            factories.nomination(share, woman, list_number=number)
        db.session.commit()
        return gifts.id


@pytest.fixture
def pdf(app, client, long_list):
    sign_in(app, client, "staff")
    response = client.get(f"/reports/programmes/{long_list}/receipts?format=pdf")
    assert response.status_code == 200
    with pdfplumber.open(io.BytesIO(response.data)) as document:
        yield document


def words_of(page) -> list[dict]:
    return page.extract_words(extra_attrs=["fontname", "size"])


def line_of(page, text: str) -> list[dict]:
    """The words of ``text`` where it stands on a line of the page."""
    wanted = text.split()
    words = words_of(page)
    for word in words:
        if word["text"] == wanted[0]:
            line = sorted((w for w in words if abs(w["top"] - word["top"]) < 1
                           and w["x0"] >= word["x0"]), key=lambda w: w["x0"])  # fmt: skip
            if [w["text"] for w in line[: len(wanted)]] == wanted:
                return line[: len(wanted)]
    raise AssertionError(f"{text!r} is not on the page")


def test_pages_are_a4_portrait_and_the_text_keeps_the_margins(pdf):
    assert len(pdf.pages) >= 3
    for number, page in enumerate(pdf.pages, start=1):
        assert (page.width, page.height) == pytest.approx(A4, abs=0.5)
        body = [word for word in words_of(page) if word["top"] > 20 * MM]
        assert min(word["x0"] for word in body) >= 30 * MM
        assert max(word["x1"] for word in body) <= page.width - 15 * MM
        assert max(word["bottom"] for word in body) <= page.height - 20 * MM
        heading = [word for word in words_of(page) if word["bottom"] < 20 * MM]
        if number == 1:
            assert heading == []
        else:  # the page number, centred in the top margin
            assert [word["text"] for word in heading] == [str(number)]
            middle = (heading[0]["x0"] + heading[0]["x1"]) / 2
            assert middle == pytest.approx(30 * MM + (page.width - 45 * MM) / 2, abs=2 * MM)


def test_one_serif_family_with_every_font_embedded(pdf):
    names = {char["fontname"].split("+", 1)[-1] for page in pdf.pages for char in page.chars}
    assert names and all(name.startswith("Liberation-Serif") for name in names)
    for page in pdf.pages:
        fonts = resolve1(resolve1(page.page_obj.resources)["Font"])
        for reference in fonts.values():
            font = resolve1(reference)
            descendants = resolve1(font.get("DescendantFonts")) or [font]
            descriptor = resolve1(resolve1(descendants[0])["FontDescriptor"])
            assert any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3"))


def test_the_national_title_and_motto_top_right_at_their_sizes_with_a_rule(pdf):
    page = pdf.pages[0]
    title = line_of(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = line_of(page, "Độc lập - Tự do - Hạnh phúc")
    assert " ".join(word["text"] for word in motto) == "Độc lập - Tự do - Hạnh phúc"
    for words, (smallest, largest) in ((title, (12, 13)), (motto, (13, 14))):
        assert all(smallest <= word["size"] <= largest for word in words)
        assert all("Bold" in word["fontname"] for word in words)
    assert title[0]["x0"] > page.width / 2 - 10 * MM  # on the right
    motto_left, motto_right = motto[0]["x0"], motto[-1]["x1"]
    motto_middle = (motto_left + motto_right) / 2
    assert motto_middle == pytest.approx((title[0]["x0"] + title[-1]["x1"]) / 2, abs=3)
    rules = [edge for edge in page.edges if edge["orientation"] == "h"
             and 0 < edge["top"] - motto[0]["bottom"] < 4 * MM
             and edge["x0"] <= motto_left + 2 and edge["x1"] >= motto_right - 2]  # fmt: skip
    assert rules, "a solid rule under the motto, as long as it"
    issuer = line_of(page, "Số:")
    assert issuer[0]["x1"] < page.width / 2  # the issuing body's side, top left
    date = [word for word in words_of(page) if word["text"] == "ngày"]
    assert date and "Italic" in date[0]["fontname"]


def test_the_last_page_has_the_total_in_words_and_the_signatures(pdf):
    text = pdf.pages[-1].extract_text()
    assert "Bằng chữ: Bốn mươi lăm triệu hai trăm hai mươi lăm nghìn đồng." in text
    assert "NGƯỜI LẬP BIỂU" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    everything = "\n".join(page.extract_text() for page in pdf.pages)
    assert all(f"Lê Thị Ướt {n:02d}" in everything for n in range(1, 46))
    assert everything.count("Tổng cộng") == 1  # the total is not repeated on every page

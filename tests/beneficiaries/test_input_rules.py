"""The rules the registration form and the import share: invisible characters, names that look
like formulas, birth years and dates, digits however typed, messages in the user's language."""

import re

import pytest
import sqlalchemy as sa

from campaign.accounts.models import Role, User
from campaign.beneficiaries.models import Beneficiary
from campaign.core.dates import local_today
from campaign.core.spreadsheet_reading import read_table
from campaign.extensions import db
from campaign.gifts.import_vocabulary import COLUMNS
from campaign.gifts.imports import analyse
from campaign.gifts.models import GiftProgramme
from tests import factories
from tests.conftest import CSRF_INPUT, csrf_token

FIELD_ERRORS = re.compile(r'class="invalid-feedback[^"]*">(.*?)</div>', re.DOTALL)
SUBMISSION = re.compile(r'name="submission" type="hidden" value="([^"]+)"')
FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example","Lan")', "@SUM(1+1)",
            "-2+3 Nguyễn Thị Lan", "+84 Lan", "＝1+1"]  # fmt: skip
HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2067", "\u200f",
          "\u00ad", "\u034f", "\ufe0f", "\x07"]  # fmt: skip


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def place(app):
    """Sơn Tây's ward Lê Lợi, where Nguyễn Thị Zw (born 1970) is registered; a programme there."""
    with app.app_context():
        son_tay, _ba_vi, le_loi, _tan_linh = factories.two_districts()
        programme = factories.programme()
        factories.allocation(programme, son_tay)
        zw = factories.beneficiary("Nguyễn Thị Zw", unit=le_loi, birth_year=1970)
        official = factories.user(Role.OFFICIAL, username="can.bo", units=[son_tay])
        db.session.commit()
        return {"le_loi": le_loi.id, "zw": zw.id, "programme": programme.id,
                "official": official.id}  # fmt: skip


@pytest.fixture
def official(client, place):
    client.post("/login", data={"username": "can.bo", "password": factories.PASSWORD,
                                "csrf_token": csrf_token(client)})  # fmt: skip
    return client


def register(client, place, **values):
    page = text(client.get("/beneficiaries/new"))
    data = {"csrf_token": CSRF_INPUT.search(page).group(1),
            "submission": SUBMISSION.search(page).group(1),
            "full_name": "Trần Thị Mai", "birth_year": "1975", "commune": "Lê Lợi",
            "consent": "y", **values}  # fmt: skip
    return client.post("/beneficiaries/new", data=data)


def women(app) -> list[Beneficiary]:
    with app.app_context():
        return db.session.scalars(sa.select(Beneficiary).order_by(Beneficiary.id)).all()


def imported(app, place, *rows: list[str]):
    """What the import makes of a CSV with these rows (name, year, commune, phone, consent)."""
    lines = ["Họ và tên,Năm sinh,Xã/phường,Số điện thoại,Đồng ý"]
    lines += [",".join(f'"{cell}"' for cell in row) for row in rows]
    sheet = read_table("danh-sach.csv", "\n".join(lines).encode(), COLUMNS)
    with app.app_context():
        user = db.session.get(User, place["official"])
        analysis = analyse(user, db.session.get(GiftProgramme, place["programme"]), sheet)
        return [(row.problems, row.details) for row in analysis.rows]


@pytest.mark.parametrize("hidden", HIDDEN)
def test_an_invisible_character_in_a_name_is_dropped_so_she_is_recognised(
    app, official, place, hidden
):
    name = f"Nguyễn{hidden} Thị Zw"
    warned = register(official, place, full_name=name, birth_year="1970")
    assert warned.status_code == 422
    assert f'/beneficiaries/{place["zw"]}"' in text(warned)  # the same-name warning
    found = text(official.get("/beneficiaries/", query_string={"q": f"nguyen{hidden} thi zw"}))
    assert f'/beneficiaries/{place["zw"]}"' in found
    saved = register(official, place, full_name=f"Lê{hidden} Thị{hidden}Hoa",
                     address=f"Tổ 5{hidden}", birth_year="1975")  # fmt: skip
    assert saved.status_code == 302
    assert (women(app)[-1].full_name, women(app)[-1].address) == ("Lê ThịHoa", "Tổ 5")


def test_an_invisible_character_in_an_imported_name_is_dropped(app, place):
    ((problems, details),) = imported(app, place, ["Nguyễn\u200b Thị Zw", "1970", "Lê Lợi",
                                                   "", "x"])  # fmt: skip
    assert details is None
    assert any("Nguyễn Thị Zw" in problem and "1970" in problem for problem in problems)
    ((problems, details),) = imported(app, place, ["\u202eTrần\u2066 Thị\u200f Mai", "1975",
                                                   "Lê Lợi", "", "x"])  # fmt: skip
    assert problems == [] and details.full_name == "Trần Thị Mai"


@pytest.mark.parametrize("name", FORMULAS)
def test_a_name_that_looks_like_a_formula_is_refused_by_the_form(app, official, place, name):
    response = register(official, place, full_name=name)
    assert response.status_code == 422
    assert "công thức" in text(response)
    assert len(women(app)) == 1


def test_a_name_that_looks_like_a_formula_is_refused_by_the_import(app, place):
    outcomes = imported(app, place, *([name.replace('"', "'"), "1975", "Lê Lợi", "", "x"]
                                      for name in FORMULAS))  # fmt: skip
    for problems, details in outcomes:
        assert details is None
        assert any("công thức" in problem for problem in problems)


def test_an_official_name_that_looks_like_a_formula_is_refused(app, client):
    from tests.conftest import sign_in

    sign_in(app, client, "organizer")
    data = {"csrf_token": csrf_token(client, "/officials/new"), "full_name": "=1+2"}
    response = client.post("/officials/new", data=data)
    assert response.status_code in (400, 422) and "công thức" in text(response)


@pytest.mark.parametrize(
    "year",
    ["2099", str(local_today().year + 1), "1800", str(local_today().year - 121), "31/02/1980",
     "29/02/1981", "31/12/2999"],
)  # fmt: skip
def test_one_birth_year_rule_for_the_form_and_the_import(app, official, place, year):
    response = register(official, place, birth_year=year)
    assert response.status_code == 422
    assert len(women(app)) == 1
    ((problems, details),) = imported(app, place, ["Trần Thị Mai", year, "Lê Lợi", "", "x"])
    assert details is None and problems


@pytest.mark.parametrize(
    ("typed", "year"), [("1975", 1975), ("14/11/1975", 1975), ("29/02/1980", 1980),
                        ("１９７５", 1975), (str(local_today().year - 120), local_today().year - 120)],
)  # fmt: skip
def test_a_birth_year_or_a_real_birth_date_is_read_alike(app, official, place, typed, year):
    ((problems, details),) = imported(app, place, ["Trần Thị Mai", typed, "Lê Lợi", "", "x"])
    assert problems == [] and details.birth_year == year
    assert register(official, place, birth_year=typed).status_code == 302
    assert women(app)[-1].birth_year == year


def test_full_width_digits_are_read_in_every_number_field(app, official, place):
    saved = register(official, place, birth_year="１９７５", phone="０９１２ ３４５ ６７８",
                     national_id="００１１７５０００００３")  # fmt: skip
    assert saved.status_code == 302, text(saved)
    mai = women(app)[-1]
    assert (mai.birth_year, mai.phone, mai.national_id) == (1975, "0912345678", "001175000003")
    ((problems, details),) = imported(app, place, ["Lê Thị Hoa", "１９８０", "Lê Lợi",
                                                   "０９８７６５４３２１", "x"])  # fmt: skip
    assert problems == [] and details.phone == "0987654321"


def test_a_wrong_number_has_one_message_in_the_users_language(app, official, place):
    response = register(official, place, birth_year="năm bảy lăm")
    page = text(response)
    assert response.status_code == 422
    assert "Not a valid" not in page and "không phải là năm sinh" in page
    assert page.count("không phải là năm sinh") == 1


def test_an_error_message_quotes_only_the_beginning_of_a_long_input(app, official, place):
    digits = "9" * 10_000
    page = text(register(official, place, phone=digits, birth_year=digits))
    messages = FIELD_ERRORS.findall(page)
    assert len(messages) >= 2 and all(len(message) < 300 for message in messages)
    ((problems, _details),) = imported(app, place, ["Trần Thị Mai", digits, "Lê Lợi", digits, "x"])
    assert problems and all(len(problem) < 300 for problem in problems)

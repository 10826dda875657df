"""Uploaded lists hold women's personal data: a day after upload they are purged, by the
scheduled command and whenever an upload is stored, imported or dropped; reading never deletes."""

import datetime as dt

import sqlalchemy as sa

from campaign.core.dates import utcnow
from campaign.extensions import db
from campaign.gifts.models import SpreadsheetUpload
from tests.gifts.test_imports import CSRF_INPUT, sign_in_as, text, upload

LIST = "Họ và tên,Xã/phường,Đồng ý\r\nLê Thị Mười Một,Lê Lợi,x".encode()


def uploads_aged(app, programme_id: int, **ages: dt.timedelta) -> dict[str, int]:
    """Uploads of the district's official, each ``name=age`` old; their ids by name."""
    from campaign.accounts.models import User

    with app.app_context():
        official = db.session.scalar(sa.select(User).where(User.username == "can.bo"))
        made = {
            name: SpreadsheetUpload(
                programme_id=programme_id, uploaded_by_id=official.id, filename=f"{name}.csv",
                content=LIST, uploaded_at=utcnow() - age,
            )
            for name, age in ages.items()
        }  # fmt: skip
        db.session.add_all(made.values())
        db.session.commit()
        return {name: item.id for name, item in made.items()}


def remaining(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(sa.select(SpreadsheetUpload.filename)))


def test_the_command_purges_the_uploads_older_than_a_day_and_says_which(app, district):
    uploads_aged(app, district["programme"], old=dt.timedelta(hours=25),
                 fresh=dt.timedelta(hours=23))  # fmt: skip
    result = app.test_cli_runner().invoke(args=["purge-uploads"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "old.csv" in result.output and "fresh.csv" not in result.output
    assert "Đã xoá 1 danh sách tải lên quá hạn." in result.output
    assert remaining(app) == {"fresh.csv"}
    again = app.test_cli_runner().invoke(args=["purge-uploads"], catch_exceptions=False)
    assert again.exit_code == 0 and "old.csv" not in again.output


def test_opening_the_import_page_deletes_nothing(app, client, district):
    uploads_aged(app, district["programme"], old=dt.timedelta(days=3))
    sign_in_as(client, district["official"])
    assert client.get(f"/gifts/{district['programme']}/import").status_code == 200
    assert remaining(app) == {"old.csv"}


def test_an_expired_upload_is_not_shown_even_before_it_is_purged(app, client, district):
    ids = uploads_aged(app, district["programme"], old=dt.timedelta(hours=25))
    sign_in_as(client, district["official"])
    assert client.get(f"/gifts/{district['programme']}/import/{ids['old']}").status_code == 404


def test_storing_importing_or_dropping_a_list_purges_the_expired_ones(app, client, district):
    pid = district["programme"]
    sign_in_as(client, district["official"])
    uploads_aged(app, pid, first=dt.timedelta(days=2))
    location = upload(client, pid, LIST, "new.csv").headers["Location"]
    assert remaining(app) == {"new.csv"}

    uploads_aged(app, pid, second=dt.timedelta(days=2))
    token = CSRF_INPUT.search(text(client.get(location))).group(1)
    assert client.post(location, data={"csrf_token": token}).status_code == 303
    assert remaining(app) == set()

    ids = uploads_aged(app, pid, third=dt.timedelta(days=2), kept=dt.timedelta(hours=1))
    dropped = client.post(f"/gifts/{pid}/import/{ids['kept']}/cancel", data={"csrf_token": token})
    assert dropped.status_code == 303
    assert remaining(app) == set()

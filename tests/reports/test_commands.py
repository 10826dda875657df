"""`flask export` and `flask report`: the documents of the Reports pages from the command line,
audited like them."""

import csv
import io

import openpyxl
import pdfplumber
import sqlalchemy as sa

from campaign.audit.models import AuditEntry
from campaign.extensions import db


def test_export_writes_csv_and_xlsx_with_the_same_values_and_audits_both(app, programme, tmp_path):
    runner = app.test_cli_runner()
    as_csv, as_xlsx = tmp_path / "list.csv", tmp_path / "list.xlsx"
    result = runner.invoke(args=["export", "receipt-list", "--programme", str(programme["id"]),
                                 "--format", "csv", "--output", str(as_csv)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "4" in result.output
    result = runner.invoke(args=["export", "receipt-list", "--programme", str(programme["id"]),
                                 "--format", "xlsx", "--output", str(as_xlsx)])  # fmt: skip
    assert result.exit_code == 0, result.output
    csv_rows = list(csv.reader(io.StringIO(as_csv.read_text(encoding="utf-8-sig"))))
    sheet = openpyxl.load_workbook(as_xlsx).active
    xlsx_rows = [row for row in sheet.iter_rows(values_only=True)][2:]
    assert [str(value) for value in xlsx_rows[0]] == csv_rows[0]
    assert [row[1] for row in xlsx_rows[1:]] == [
        row[1].removeprefix("'") if row[1].startswith("'=") else row[1] for row in csv_rows[1:]]
    with app.app_context():
        entries = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)
        ).all()
    assert [entry.summary.split(" ")[0] for entry in entries] == [
        "receipt-list.csv", "receipt-list.xlsx"]
    assert all(entry.user_id is None and "(4)" in entry.summary for entry in entries)


def test_report_writes_the_pdf_of_one_unit(app, programme, tmp_path):
    output = tmp_path / "register.pdf"
    result = app.test_cli_runner().invoke(args=[
        "report", "handover-register", "--programme", str(programme["id"]),
        "--unit", programme["ba_vi_code"], "--output", str(output)])  # fmt: skip
    assert result.exit_code == 0, result.output
    with pdfplumber.open(output) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Lê Thị Ưng" in text and "Nguyễn Thị Lan" not in text
    assert "SỔ THEO DÕI TRAO QUÀ" in text


def test_a_wrong_programme_or_unit_is_refused_with_nothing_written(app, programme, tmp_path):
    runner = app.test_cli_runner()
    output = tmp_path / "x.csv"
    for extra in (["--programme", "999999"], ["--programme", str(programme["id"]), "--unit", "x"],
                  []):  # fmt: skip
        result = runner.invoke(args=["export", "receipt-list", *extra, "--format", "csv",
                                     "--output", str(output)])  # fmt: skip
        assert result.exit_code != 0 and not output.exists()


def test_report_writes_the_event_report(app, programme, tmp_path):
    from tests.reports.test_event_report import launch_with_officials

    with app.app_context():
        event_id = launch_with_officials(programme["id"])
    output = tmp_path / "event.pdf"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["report", "event-report", "--event", str(event_id),
                                 "--output", str(output)])  # fmt: skip
    assert result.exit_code == 0, result.output
    with pdfplumber.open(output) as pdf:
        assert "Chử Xuân Dũng" in pdf.pages[0].extract_text()
    refused = runner.invoke(args=["report", "event-report", "--output", str(output)])
    assert refused.exit_code != 0


def test_export_writes_the_campaign_summarys_gifts_by_unit(app, programme, tmp_path):
    from campaign.gifts.models import GiftProgramme

    with app.app_context():
        campaign_id = db.session.get(GiftProgramme, programme["id"]).campaign_id
    output = tmp_path / "summary.csv"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export", "campaign-summary", "--campaign", str(campaign_id),
                                 "--format", "csv", "--output", str(output)])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["Huyện Ba Vì", "Thị xã Sơn Tây"]
    pdf = tmp_path / "summary.pdf"
    result = runner.invoke(args=["report", "campaign-summary", "--campaign", str(campaign_id),
                                 "--output", str(pdf)])  # fmt: skip
    assert result.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF-")

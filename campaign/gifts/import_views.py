"""Importing a list of women: upload, preview every row, import the valid ones or nothing."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from campaign.accounts.access import current_actor
from campaign.accounts.permissions import Permission, requires
from campaign.audit.services import record
from campaign.core.attempts import attempt
from campaign.core.engine import writes_on_read
from campaign.core.errors import DomainError
from campaign.core.spreadsheet_reading import SpreadsheetError, read_table
from campaign.core.spreadsheets import xlsx_bytes
from campaign.gifts import imports, uploads
from campaign.gifts.forms import ImportConfirmForm, ImportForm
from campaign.gifts.import_vocabulary import (
    ALL_HEADERS,
    COLUMNS,
    TEMPLATE_EXAMPLE_CIRCUMSTANCES,
    template_headers,
)
from campaign.gifts.models import GiftProgramme, SpreadsheetUpload
from campaign.gifts.queries import programme_with_shares, share_counts
from campaign.gifts.words import share_words
from campaign.places.models import UnitScheme

blueprint = Blueprint("imports", __name__)
blueprint.context_processor(lambda: {"share_words": share_words})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _programme(programme_id: int) -> GiftProgramme:
    return programme_with_shares(programme_id) or abort(404)


def _own_upload(programme: GiftProgramme, upload_id: int) -> SpreadsheetUpload | None:
    return uploads.waiting(programme, current_user.user, upload_id)


def _upload(programme: GiftProgramme, upload_id: int) -> SpreadsheetUpload:
    return _own_upload(programme, upload_id) or abort(404)


def _analysis(programme: GiftProgramme, upload: SpreadsheetUpload) -> imports.Analysis:
    sheet = read_table(upload.filename, upload.content, COLUMNS)
    return imports.analyse(current_user.user, programme, sheet)


def _xlsx(content: bytes, filename: str) -> Response:
    return Response(
        content,
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


TEMPLATE_EXAMPLES = {
    UnitScheme.PRE_2025: ["Nguyễn Thị Lan", 1975, "Thị xã Sơn Tây", "Phường Ngô Quyền"],
    UnitScheme.POST_2025: ["Nguyễn Thị Lan", 1975, "Thành phố Hà Nội", "Phường Sơn Tây"],
}
"""The example row's name, birth year, district or province, and commune, on each map."""


@blueprint.get("/import-template.xlsx")
@requires(Permission.MANAGE_BENEFICIARIES)
def import_template():
    """The columns the import expects, with one example row, for the map ``?map=`` names (the
    old map by default): a district column on the old map, a province column on the new."""
    try:
        scheme = UnitScheme(request.args.get("map", UnitScheme.PRE_2025.value))
    except ValueError:
        abort(404)
    headers = [str(header) for header in template_headers(scheme).values()]
    example = [
        *TEMPLATE_EXAMPLES[scheme], "Tổ dân phố 3", "0912345678", "",
        TEMPLATE_EXAMPLE_CIRCUMSTANCES, "", "x",
    ]  # fmt: skip
    notes = [
        str(share_words(scheme).required_columns),
        _("Circumstances: separate several with commas. Delete the example row before sending."),
    ]
    content = xlsx_bytes(
        _("List"), headers, [example], title=_("LIST OF WOMEN NOMINATED FOR A GIFT"), notes=notes
    )
    return _xlsx(content, "mau-danh-sach.xlsx")


@blueprint.route("/<int:programme_id>/import", methods=["GET", "POST"])
@requires(Permission.MANAGE_BENEFICIARIES)
def import_upload(programme_id: int):
    programme = _programme(programme_id)
    form = ImportForm()
    if form.validate_on_submit():
        file = form.spreadsheet.data
        try:
            with file.stream:
                content = file.read()
            read_table(file.filename, content, COLUMNS)
        except SpreadsheetError as error:
            form.spreadsheet.errors = [*form.spreadsheet.errors, error.message]
        else:
            upload = uploads.store(programme, current_user.user, file.filename, content)
            return redirect(
                url_for("imports.import_preview", programme_id=programme.id, upload_id=upload.id),
                303,
            )
    return _render_upload_form(programme, form, 422 if form.is_submitted() else 200)


def _render_upload_form(programme: GiftProgramme, form: ImportForm, status: int):
    return render_template(
        "gifts/import.html", programme=programme, form=form, shares=share_counts(programme)
    ), status


@blueprint.get("/<int:programme_id>/import/<int:upload_id>")
@requires(Permission.MANAGE_BENEFICIARIES)
def import_preview(programme_id: int, upload_id: int):
    programme = _programme(programme_id)
    upload = _upload(programme, upload_id)
    return render_template(
        "gifts/import_preview.html",
        programme=programme,
        upload=upload,
        analysis=_analysis(programme, upload),
        form=ImportConfirmForm(formdata=None),
    )


@blueprint.post("/<int:programme_id>/import/<int:upload_id>")
@requires(Permission.MANAGE_BENEFICIARIES)
def import_confirm(programme_id: int, upload_id: int):
    """Import what the preview showed as valid, checked once more now, in one transaction; of
    several confirmations at once, the one that claims the upload imports it."""
    programme = _programme(programme_id)
    upload = _own_upload(programme, upload_id)
    form = ImportConfirmForm()
    if upload is None or not uploads.claim(upload):
        return _already_gone(programme)
    analysis = _analysis(programme, upload)

    def import_them():
        if not form.validate():
            raise DomainError("invalid", _("The form has expired; upload the file again."), 400)
        return imports.import_rows(
            current_actor(), current_user.user, programme, analysis, upload.filename
        )

    def refused(error):  # the rollback put the upload back: it waits again
        flash(error.message, "error")
        return render_template(
            "gifts/import_preview.html", programme=programme, upload=upload, analysis=analysis,
            form=form,
        ), error.status  # fmt: skip

    def done(result):
        flash(
            _("%(registered)s women registered, %(proposed)s of them proposed for the programme;"
              " %(rejected)s rows left out.", registered=result.registered,
              proposed=result.proposed, rejected=result.rejected),
            "success",
        )  # fmt: skip
        return redirect(url_for("gifts.nomination_list", programme_id=programme.id), 303)

    return attempt(import_them, refused=refused, done=done)


@blueprint.post("/<int:programme_id>/import/<int:upload_id>/cancel")
@requires(Permission.MANAGE_BENEFICIARIES)
def import_delete(programme_id: int, upload_id: int):
    programme = _programme(programme_id)
    upload = _own_upload(programme, upload_id)
    if upload is None or not uploads.claim(upload):
        return _already_gone(programme)
    flash(_("The file was dropped; nothing was imported."), "info")
    return redirect(url_for("imports.import_upload", programme_id=programme.id), 303)


def _already_gone(programme: GiftProgramme):
    """The upload was imported or dropped meanwhile (another tab, a double click)."""
    flash(_("This list has already been imported or dropped; nothing more was imported."), "error")
    return _render_upload_form(programme, ImportForm(formdata=None), 409)


@blueprint.get("/<int:programme_id>/import/<int:upload_id>/rejected.xlsx")
@requires(Permission.MANAGE_BENEFICIARIES)
@writes_on_read
def import_rejected(programme_id: int, upload_id: int):
    """The rejected rows as they were sent, with the reason on each, to fix and send again."""
    programme = _programme(programme_id)
    upload = _upload(programme, upload_id)
    analysis = _analysis(programme, upload)
    sent = {key for row in analysis.rejected_rows for key in row.values if row.values[key]}
    columns = {**analysis.headers, **{key: header for key, header in ALL_HEADERS.items()
                                      if key in sent and key not in analysis.headers}}  # fmt: skip
    keys = list(columns)
    headers = [_("Row"), *(str(h) for h in columns.values()), _("Reason")]
    rows = [
        [row.number, *(row.values.get(key, "") for key in keys), " ".join(row.problems)]
        for row in analysis.rejected_rows
    ]
    record(current_actor(), "export", "gift_programme", programme.id,
           _("Rejected rows of %(file)s", file=upload.filename))  # fmt: skip
    content = xlsx_bytes(_("Rows left out"), headers, rows, title=_("ROWS NOT IMPORTED"))
    return _xlsx(content, "dong-bi-loai.xlsx")

"""core.attempts: a refusal rolls back what the service did and shows the page again; a creating
form sent twice runs the service once and leads both times where the first one led."""

import sqlalchemy as sa
from flask import redirect

from campaign.core.attempts import attempt
from campaign.core.errors import DomainError
from campaign.core.submissions import FormSubmission, new_token
from campaign.extensions import db
from campaign.places.models import AdministrativeUnit
from tests import factories


def test_a_refusal_rolls_back_and_answers_with_the_page(app):
    with app.test_request_context(method="POST"):

        def refuse():
            factories.unit("Sơn Tây")
            db.session.flush()
            raise DomainError("no", "Không được.", 409)

        answer = attempt(
            refuse,
            refused=lambda error: (error.message, error.status),
            done=lambda _result: redirect("/never"),
        )
        assert answer == ("Không được.", 409)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(FormSubmission)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AdministrativeUnit)) == 0


def test_a_form_sent_twice_runs_the_service_once(app):
    token, calls = new_token(), []
    for _ in range(2):
        with app.test_request_context(method="POST"):
            answer = attempt(
                lambda: calls.append("created") or len(calls),
                refused=lambda error: (error.message, error.status),
                done=lambda number: redirect(f"/created/{number}"),
                token=token,
            )
            db.session.commit()
            assert answer.location == "/created/1"
    assert calls == ["created"]

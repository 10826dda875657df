"""One transaction per request: committed once when the response succeeds, else rolled back."""

from flask import g, has_request_context


def keep_even_if_request_fails(instance) -> None:
    """Add ``instance`` to the request's transaction, and keep it when the rest is rolled back."""
    from campaign.extensions import db

    db.session.add(instance)
    if has_request_context():
        g.setdefault("kept_on_failure", []).append(instance)


def init_app(app) -> None:
    """One transaction per request: committed when the response succeeds, else rolled back
    (keeping only what was marked with :func:`keep_even_if_request_fails`)."""
    from campaign.extensions import db

    @app.after_request
    def commit_or_roll_back(response):
        if response.status_code < 400:
            db.session.commit()
            return response
        db.session.rollback()
        kept = g.pop("kept_on_failure", [])
        if kept:
            db.session.add_all(kept)
            db.session.commit()
        return response

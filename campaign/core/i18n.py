"""Which language a page is shown in: Vietnamese unless the user switched."""

from flask import current_app, has_request_context, session

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
SESSION_KEY = "language"


def selected_language() -> str:
    """The session's language; the default (Vietnamese) outside requests, e.g. on the CLI."""
    languages = current_app.config["CAMPAIGN_LANGUAGES"]
    chosen = session.get(SESSION_KEY) if has_request_context() else None
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def choose_language(language: str) -> bool:
    """Remember the user's language; False when it is not one the site speaks."""
    if language not in current_app.config["CAMPAIGN_LANGUAGES"]:
        return False
    session[SESSION_KEY] = language
    return True


def init_app(app) -> None:
    @app.context_processor
    def language_context():
        return {
            "current_language": selected_language(),
            "languages": [
                (code, LANGUAGE_NAMES[code]) for code in app.config["CAMPAIGN_LANGUAGES"]
            ],
        }

"""The Vietnamese catalogue is complete and current; the compiled catalogues match it."""

import gettext
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "campaign" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfr]")


def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def msgids(catalog) -> set:
    return {message.id for message in catalog if message.id}


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        ["make", "--no-print-directory", "-s", "extract", f"POT={pot}"], cwd=ROOT, check=True
    )
    with pot.open("rb") as handle:
        return read_po(handle)


def test_the_committed_template_holds_every_string_of_the_code(fresh_template):
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        committed = read_po(handle)
    assert msgids(fresh_template) == msgids(committed), "run `make translations`"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_catalogue_has_every_string(fresh_template, language):
    assert msgids(fresh_template) <= msgids(catalogue(language)), "run `make translations`"


def test_vietnamese_is_complete_and_keeps_every_placeholder(fresh_template):
    vietnamese = catalogue("vi")
    for message in fresh_template:
        if not message.id:
            continue
        translated = vietnamese.get(message.id, message.context)
        assert not translated.fuzzy, message.id
        strings = (
            translated.string if isinstance(translated.string, tuple) else (translated.string,)
        )
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for string in strings:
            assert string, f"untranslated: {message.id!r}"
            assert sorted(PLACEHOLDER.findall(string)) == sorted(PLACEHOLDER.findall(ids[-1])), (
                message.id
            )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_compiled_catalogue_matches_its_source(language):
    mo = TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalogue(language):
        if message.id and isinstance(message.id, str) and message.string:
            found = (
                compiled.pgettext(message.context, message.id)
                if message.context
                else compiled.gettext(message.id)
            )
            assert found == message.string, "run `make compile-translations`"


def _form_classes():
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm

    import campaign

    for module in pkgutil.walk_packages(campaign.__path__, "campaign."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, pending = [], [FlaskForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("campaign."):
                found.append(subclass)
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_form_has_two_fields_that_read_the_same(app, language):
    """Two fields of one form with the same label ("Đến ngày" for both "To" and "Go to date")
    cannot be told apart."""
    from flask_babel import force_locale
    from wtforms.fields.core import UnboundField

    forms = _form_classes()
    assert len(forms) > 20
    with app.test_request_context(), force_locale(language):
        for form in forms:
            labels = {}
            for klass in reversed(form.__mro__):
                for name, field in vars(klass).items():
                    if isinstance(field, UnboundField):
                        label = field.args[0] if field.args else field.kwargs.get("label")
                        labels[name] = str(label) if label else name
            shown = [label for label in labels.values() if label]
            duplicates = {label for label in shown if shown.count(label) > 1}
            assert not duplicates, f"{form.__module__}.{form.__name__}: {duplicates}"

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

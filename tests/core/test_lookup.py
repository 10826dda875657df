"""A lookup field resolves what was typed: one match is taken, several are offered back, none is
an error; a candidate button's label wins over what was typed."""

from dataclasses import dataclass

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from campaign.core.lookup import SUGGESTIONS, LookupField, suggestions_response


@dataclass
class Names:
    names: list[str]

    def find(self, typed, limit):
        return [n for n in self.names if typed.casefold() in n.casefold()][:limit]

    def label(self, item):
        return item


class PlaceForm(FlaskForm):
    class Meta:
        csrf = False

    place = LookupField("Place")


def submitted(app, values, names):
    with app.test_request_context():
        form = PlaceForm(MultiDict(values))
        form.place.lookup = Names(names)
        return form.validate(), form.place


WARDS = ["Phường Sơn Tây", "Phường Trung Hưng", "Xã Sơn Đông"]


def test_one_match_is_taken_and_the_box_shows_its_label(app):
    valid, field = submitted(app, {"place": "trung"}, WARDS)
    assert valid and field.chosen == "Phường Trung Hưng" and field.data == "Phường Trung Hưng"


def test_an_exact_label_is_taken_even_when_others_contain_it(app):
    valid, field = submitted(app, {"place": "Phường Sơn Tây"}, [*WARDS, "Phường Sơn Tây Mới"])
    assert valid and field.chosen == "Phường Sơn Tây"


def test_several_matches_are_offered_back(app):
    valid, field = submitted(app, {"place": "sơn"}, WARDS)
    assert not valid and field.chosen is None
    assert [label for label, _ in field.candidates] == ["Phường Sơn Tây", "Xã Sơn Đông"]


def test_too_many_matches_offer_the_first_and_ask_for_more(app):
    valid, field = submitted(app, {"place": "xã"}, [f"Xã {n}" for n in range(50)])
    assert not valid and len(field.candidates) == SUGGESTIONS
    assert str(SUGGESTIONS) in field.errors[0]


def test_nothing_matching_is_an_error_and_empty_is_no_choice(app):
    assert not submitted(app, {"place": "zzz"}, WARDS)[0]
    valid, field = submitted(app, {}, WARDS)
    assert valid and field.chosen is None


def test_a_candidate_button_sent_after_the_typed_text_wins(app):
    valid, field = submitted(app, [("place", "sơn"), ("place", "Xã Sơn Đông")], WARDS)
    assert valid and field.chosen == "Xã Sơn Đông"


@pytest.mark.parametrize(("typed", "count"), [("s", 0), ("sơn", 2), (None, 0)])
def test_suggestions_need_two_letters(app, typed, count):
    with app.test_request_context():
        answer = suggestions_response(Names(WARDS), typed).get_json()
    assert len(answer["suggestions"]) == count


def test_the_box_names_its_suggestions(app):
    with app.test_request_context():
        form = PlaceForm()
        form.place.suggest_url = "/units/suggest?level=commune"
        html = str(form.place())
    assert (
        'list="place-suggestions"' in html and 'data-suggest="/units/suggest?level=commune"' in html
    )

"""What a programme's pages call its shares, in the words of its campaign's map
(``places.maps``): districts on the map before 1 July 2025, communes and wards on the new one.

Column headings use ``places.maps.words``; the sentences here are the few whose grammar needs a
whole sentence per map. Templates of the gifts blueprints read them as ``share_words(scheme)``.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from campaign.places.models import UnitScheme


@dataclass(frozen=True)
class ShareWords:
    shares_by: object  # the heading of the shares table and tab
    not_shared: object  # the empty shares table
    add: object  # the label of the unit picker that adds a share
    choose: object  # the picker's empty choice
    enter_share: object  # the picker used without a number
    commune: object  # the heading of a woman's unit
    required_columns: object  # the import template's note on the columns it needs
    import_intro: object  # what the import page asks for


SHARE_WORDS = {
    UnitScheme.PRE_2025: ShareWords(
        shares_by=_l("Shares by district"),
        not_shared=_l("The quota is not shared between districts yet."),
        add=_l("Add a district"),
        choose=_l("Choose a district"),
        enter_share=_l("Enter the share of the district you add."),
        commune=_l("Commune"),
        required_columns=_l(
            "One woman per row. Required: full name, commune or ward, consent (x)."
        ),
        import_intro=_l(
            "Upload the list a district sends: one woman per row. You will see every row and its"
            " problems before anything is saved; then the valid rows are registered and proposed"
            " for this programme, within each district's share."
        ),
    ),
    UnitScheme.POST_2025: ShareWords(
        shares_by=lazy_pgettext("new map", "Shares by commune and ward"),
        not_shared=lazy_pgettext(
            "new map", "The quota is not shared between communes and wards yet."
        ),
        add=lazy_pgettext("new map", "Add a commune or ward"),
        choose=lazy_pgettext("new map", "Choose a commune or ward"),
        enter_share=lazy_pgettext("new map", "Enter the share of the commune or ward you add."),
        commune=lazy_pgettext("new map", "Commune or ward"),
        required_columns=lazy_pgettext(
            "new map", "One woman per row. Required: full name, commune or ward, consent (x)."
        ),
        import_intro=lazy_pgettext(
            "new map",
            "Upload the list a commune or ward sends: one woman per row. Her commune or ward is"
            " enough to place her: it is found among this programme's shares and your area."
            " You will see every row and its problems before anything is saved; then the valid"
            " rows are registered and proposed for this programme, within each share.",
        ),
    ),
}


def share_words(scheme: UnitScheme | str) -> ShareWords:
    return SHARE_WORDS[UnitScheme(scheme)]

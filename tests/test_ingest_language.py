"""Language detection on short English fragments that py3langid alone reads as something else."""

from __future__ import annotations

import pytest

from storyline.ingest.language import _get_identifier, detect_language, english_share

# Hand-written fragments: listings of places, dates and names, as news pages carry them. The
# classifier alone labels each one Nigerian Pidgin.
LISTINGS = [
    "London Film Festival, October 4 - 15; Berlin, February 9 - 19; Toronto, September 7 - 17 with Tom Hanks",
    "Edinburgh , August 5 - 29 Smith among three other actors starring singer Bafta Irish theatre weekend , May 12 - 14 Venice , September 1 - 11",
    "Toronto , September 7 - 17 ; Berlin , February 9 - 19 ; Cannes , May 16 - 27 ; Venice , August 29 - September 8",
]


@pytest.mark.parametrize("text", LISTINGS)
def test_short_english_listing_is_english(text: str) -> None:
    assert _get_identifier().classify(text)[0] == "pcm"  # what the fallback corrects
    assert detect_language(text)[0] == "en"


def test_graphic_credit_is_not_foreign() -> None:
    credit = "GRAPHIC : Maria Holt and Peter Vance - The Morning Ledger , October 12 , 2011"
    assert detect_language(credit)[0] in (None, "en")  # None is analysed as English


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Die Hafenarbeiter in Port Calder haben am Dienstag die Arbeit niedergelegt. Die Gewerkschaft fordert mehr Lohn.", "de"),
        ("Chính phủ Việt Nam đã quyết định đóng cửa khẩu biên giới để ngăn chặn dịch cúm heo lây lan.", "vi"),
        # Vietnamese with its diacritics lost, as some scraped pages carry it.
        ("Ch nh ph Vi t Nam quy t nh ng c a kh u bi n gi i ng n ch n d ch c m heo l y lan tr n to n qu c", "vi"),
        ("Wetin dey happen for Lagos today? Di goment don talk say dem go fix road wey spoil since last year.", "pcm"),
        ("Le président a annoncé mardi une réforme des retraites devant les députés à Paris.", "fr"),
    ],
)
def test_real_other_languages_keep_their_label(text: str, code: str) -> None:
    assert detect_language(text)[0] == code


def test_english_share_counts_function_words_names_and_numbers() -> None:
    assert english_share(["Venice", "August", "29", "among", "the"]) == 1.0
    assert english_share(["goment", "don", "talk", "say", "dem"]) < 0.5

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teitools.readers.dates import find_date, parse_date

CASES = [
    # text, context, expected attributes (None = not a date)
    ("November 1, 1934", {}, {"when": "1934-11-01"}),
    ("1 November 1934", {}, {"when": "1934-11-01"}),
    ("1.XI.1934", {}, {"when": "1934-11-01"}),
    ("16.XII.1947", {}, {"when": "1947-12-16"}),
    ("01.11.1934", {}, {"when": "1934-11-01"}),
    ("13.10.50", {"year": 1950}, {"when": "1950-10-13"}),
    ("13.10.50", {}, None),  # a two-digit year needs the record's year
    ("10/14/50", {"year": 1950}, {"when": "1950-10-14"}),
    ("09/30/50", {"year": 1950}, {"when": "1950-09-30"}),
    ("02/11/77", {"year": 1977, "us": True}, {"when": "1977-02-11"}),
    ("1972 July 1.", {}, {"when": "1972-07-01"}),
    ("18. März 1991", {}, {"when": "1991-03-18"}),
    ("den 18. März 1991", {}, {"when": "1991-03-18"}),
    ("80. 10. 02.", {"year": 1980}, {"when": "1980-10-02"}),
    ("July 26", {"ref": "1950-08-01"}, {"when": "1950-07-26", "evidence": "internal"}),
    ("27 July", {"ref": "1934-11-01"}, {"when": "1934-07-27", "evidence": "internal"}),
    ("December 30", {"ref": "1951-01-13"}, {"when": "1950-12-30", "evidence": "internal"}),
    ("27 July", {}, None),  # no year anywhere: nothing invented
    ("November 1934", {}, {"when": "1934-11"}),
    ("1934", {}, {"when": "1934"}),
    ("February 01, 1950", {}, {"when": "1950-02-01"}),
    ("15 February, 1963", {}, {"when": "1963-02-15"}),
    ("early November 1934", {}, {"notBefore": "1934-11-01", "notAfter": "1934-11-10", "cert": "medium"}),
    ("late February 1952", {}, {"notBefore": "1952-02-21", "notAfter": "1952-02-29", "cert": "medium"}),
    ("November 1–3, 1934", {}, {"from": "1934-11-01", "to": "1934-11-03"}),
    ("c. 1934", {}, {"when": "1934", "cert": "low"}),
    ("1934?", {}, {"when": "1934", "cert": "low"}),
    ("4.XII.71", {"year": 1934}, None),  # no century within ten years of 1934
    ("31 February 1950", {}, None),
    ("Sheng Shicai", {}, None),
    ("1950-10-02", {}, {"when": "1950-10-02"}),
]


@pytest.mark.parametrize(("text", "ctx", "expected"), CASES)
def test_parse_date(text, ctx, expected):
    value = parse_date(text, **ctx)
    assert (value.attributes() if value else None) == expected


@pytest.mark.parametrize(("line", "found", "when"), [
    ("Warsaw, 15 February, 1963", "15 February, 1963", "1963-02-15"),
    ("Bonn, den 18. März 1991", "den 18. März 1991", "1991-03-18"),
    ("24.III.50 Shtykov", "24.III.50", "1950-03-24"),
    ("Beijing, 17 May 1965", "17 May 1965", "1965-05-17"),
    ("Budapest, 1972 July 1.", "1972 July 1.", "1972-07-01"),
])
def test_find_date(line, found, when):
    s, e, value = find_date(line, year=1950)
    assert line[s:e] == found and value.when == when


@pytest.mark.parametrize(("words", "text", "found"), [
    ({"mar", "march", "marzo", "may"}, "March", "March"), ({"mar", "march"}, "Mar. 3", "Mar"),
    ({"sept", "septembre", "septembris", "septr"}, "SEPTEMBRE", "SEPTEMBRE"),
    ({"sept", "septembre"}, "Septemb", "Sept"), ({"jan.", "jan"}, "jan. 3", "jan."), ({"a"}, "b", None),
])
def test_word_alternation_is_a_prefix_tree_that_prefers_the_longest_word(words, text, found):
    import re

    from teitools.conventions import _alternation

    m = re.match(_alternation(words), text, re.IGNORECASE)
    assert (m.group() if m else None) == found


def test_a_paragraph_is_never_a_date_line():
    from teitools.readers.dates import is_date_line

    assert is_date_line("September 21, 1950")
    assert not is_date_line("September 21, 1950" + " " * 70 + "and more")


def test_the_characters_that_match_ascii_letters_only_regardless_of_case_are_known():
    import re

    from teitools.readers.letterdates import FOLDS_TO_ASCII

    letter = re.compile("[a-zA-Z]", re.IGNORECASE)
    assert {chr(c) for c in range(128, 0x110000) if letter.fullmatch(chr(c))} == FOLDS_TO_ASCII


_DATE_WORDS = ["3", "12", "1891", "91", "7/12", ".", "/", "-", " ", ", ", "den", "Den", "le", "LE", "de", "of",
               "March", "MARZ", "mars", "Juni", "jun.", "Sept", "th", "TH", "er", "XII", "iv", "may", "May", "1er",
               "1820-03-04", "am", "the", "Wien", "(", ")", "[", "]", "2te"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_DATE_WORDS), max_size=14).map("".join))
def test_an_ascii_text_lowered_gives_the_dates_the_case_blind_forms_give(text):
    fast, slow = _FAST_AND_SLOW
    assert fast._lowered is not None
    for century in (None, 1800):
        assert fast.find(text, century_of=century) == slow.find(text, century_of=century)


def _readers():
    from teitools.conventions import built_in
    from teitools.readers.letterdates import DateReader

    fast, slow = DateReader(built_in()), DateReader(built_in())
    slow._lowered = None  # the forms read regardless of case, as for any text that is not ASCII
    return fast, slow


_FAST_AND_SLOW = _readers()

"""The layout readers on small invented records, one trap each (record-format.md)."""

import pytest

from teitools.conversion import read_record
from teitools.readers import layouts
from teitools.readers.wilson import split_funders

RIGHTS = ("The History and Public Policy Program welcomes reuse of Digital Archive materials for research and "
          "educational purposes.")

BLANK_PAGE = f"""Skip to content

May 2, 1950

Letter from Anna Berg to Karl Lund

This document was made possible with support from the Example Fund; Other Foundation

Dear Comrade Lund!

The road [to the mill] is closed.

Anna Berg

Anna Berg writes to Karl Lund about the road.

Document Information

RGASPI f. 1 op. 2 d. 3, l. 4. Contributed by A. Editor and translated by B. Translator.

{RIGHTS}

Original Uploaded Date

2011-11-20

Record ID

123

Example Fund
"""

SINGLE_NEWLINE = f"""Summary of another record that leaked in.
May 2, 1950
Telegram, Anna Berg to Karl Lund
The road is closed.
Berg
A telegram about the road.
Author(s):
Associated Places
Document Information
Source
Original Archive
Rights
{RIGHTS}
"""

OLD_SITE = """LETTER FROM ANNA BERG TO KARL LUND
CITATION SHARE DOWNLOAD-
Citation
get citation
Berg writes about the road"Letter from Anna Berg to Karl Lund," May 2, 1950, History and Public Policy Program Digital Archive, RGASPI, F. 1, Op. 2, D. 3, L. 4. Translated by B. Translator. https://digitalarchive.wilsoncenter.org/document/555 - Share
- Download
VIEW DOCUMENT IN
English HTML
2 May 1950 Dear Karl, the road is closed. Anna Berg
RUSSIAN (TRANSCRIPTION) HTML
2 мая 1950 г. Дорога закрыта.
"""

DOCSLIB = """Digital Archive International History Declassified
May 02, 1950 Letter, Anna Berg to Karl Lund
“Letter, Anna Berg to Karl Lund,” May 02, 1950, History and Public Policy Program Digital Archive, APRF, f. 1, op. 2, d. 3, l. 4.
Berg writes about the road.
Original Language:
Russian
English Translation Scan of Original Document [...]
Dear Karl!
The road is closed.
Anna Berg
"""

VIEWER = ("Letter from Anna Berg to Karl Lund\nTotal Page:2\nFile Type:pdf, Size:100Kb\n"
          "Letter from Anna Berg to Karl Lund Digital Archive digitalarchive.wilsoncenter.org International History "
          "Declassified May 02, 1950 Letter from Anna Berg to Karl Lund Citation: “Letter from Anna Berg to Karl "
          "Lund,” May 02, 1950, History and Public Policy Program Digital Archive, APRF, fond 1, opis 2, delo 3, "
          "listy 4-5. http://digitalarchive.wilsoncenter.org/document/777 Summary: Berg writes about the road. "
          "Credits: This document was made possible with support from the Example Fund. Original Language: "
          "Russian Contents: English Translation The road is closed. A N N A\n")

TRANSCRIPTION = """Title: Letter from Anna Berg to the Town Council
From: Anna Berg
To: the Town Council
Date: 12 May 1920
Place: Lund
Translated by: C. Example

The road [to the mill] is closed [sic].

Anna Berg
"""

BARE = "May 2, 1950\n\nLetter from Anna Berg to Karl Lund\n\nThe road is closed.\n\nAnna Berg\n"


@pytest.mark.parametrize(("text", "layout"), [
    (BLANK_PAGE, "wilson-page"), (SINGLE_NEWLINE, "wilson-page"), (OLD_SITE, "old-site"),
    (DOCSLIB, "docslib-pdf"), (VIEWER, "docslib-pdf"), (TRANSCRIPTION, "transcription"), (BARE, "bare"),
    ("Just text.\n\nMore text.\n", "generic"),
    ("Titel: Brief an Arthur\nVon: Hugo\n\nLieber Arthur,\n\ndanke.\n\nHugo\n", "transcription"),
    ("Hofmannsthal an Schnitzler, 7. 12. 1891\n\nLieber Arthur,\n\ndanke.\n", "transcription"),
])
def test_detect_layout(text, layout):
    from teitools.readers.context import Conversion
    from teitools.readers.names import Register

    assert layout == layouts.detect(text, Conversion(Register([]))).NAME


@pytest.mark.parametrize("text", [BLANK_PAGE, SINGLE_NEWLINE, OLD_SITE, DOCSLIB, VIEWER, TRANSCRIPTION, BARE,
                                  "Just text.\n", "Wien, 7. 12. 1891\n\nLieber Arthur,\n\ndanke.\n"])
def test_detection_asking_every_layout_gives_the_same_answer(text):
    """``detect`` skips layouts that cannot win; asking all of them in table order must agree with it."""
    from teitools.readers.context import Conversion
    from teitools.readers.names import Register

    conversion = Conversion(Register([]))
    scores = [(m.detect(text, conversion), m) for m in layouts.LAYOUTS]
    assert all(score <= m.CONFIDENCE for score, m in scores)
    best = max(scores, key=lambda sm: sm[0])  # the first of equal scores, as the table breaks ties
    assert layouts.detect(text, conversion) is (best[1] if best[0] > 0 else layouts.LAYOUTS[-1])


def test_layout_table_drives_the_names():
    assert [name for name, _ in layouts.table()] == [m.NAME for m in layouts.LAYOUTS]
    assert set(layouts.names()) >= {"wilson-page", "transcription", "generic", "docslib-viewer"}


def test_blank_line_page():
    rec = read_record(BLANK_PAGE)
    assert rec.title == "Letter from Anna Berg to Karl Lund" and rec.date.when == "1950-05-02"
    assert rec.funders == ["Example Fund", "Other Foundation"]
    assert rec.summary == "Anna Berg writes to Karl Lund about the road."
    assert rec.citation == "RGASPI f. 1 op. 2 d. 3, l. 4"
    assert (rec.translators, rec.contributors) == (["B. Translator"], ["A. Editor"])
    assert (rec.uploaded_date, rec.record_id) == ("2011-11-20", "123")
    assert rec.signatures == ["Anna Berg"]
    assert [b.kind for b in rec.main.blocks] == ["salute", "p", "signed"]
    assert any("repeated" in d for d in rec.dropped)


def test_single_newline_with_leaked_summary():
    rec = read_record(SINGLE_NEWLINE)
    assert rec.title == "Telegram, Anna Berg to Karl Lund" and rec.summary == "A telegram about the road."
    assert rec.citation is None
    assert any("neighbouring record" in w for w in rec.warnings)
    assert [p.name for p in rec.senders] == ["Anna Berg"]


def test_old_site():
    rec = read_record(OLD_SITE)
    assert rec.title == "Letter from Anna Berg to Karl Lund" and rec.record_id == "555"
    assert rec.summary == "Berg writes about the road"
    assert [d.lang for d in rec.divisions] == [None, "ru"]


def test_docslib_multiline():
    rec = read_record(DOCSLIB)
    assert rec.title == "Letter, Anna Berg to Karl Lund" and rec.date.when == "1950-05-02"
    assert rec.summary == "Berg writes about the road." and rec.original_language == "Russian"
    assert rec.archives == ["APRF"]


def test_docslib_viewer():
    rec = read_record(VIEWER)
    assert rec.title == "Letter from Anna Berg to Karl Lund" and rec.record_id == "777"
    assert rec.funders == ["Example Fund"] and rec.summary == "Berg writes about the road."


def test_transcription_header():
    rec = read_record(TRANSCRIPTION)
    assert rec.layout == "transcription" and rec.date.when == "1920-05-12"
    assert [p.name for p in rec.recipients] == ["Town Council"] and rec.sender_place == "Lund"
    assert rec.translators == ["C. Example"]


def test_cut_off_citation_drops_the_partial_word():
    text = BLANK_PAGE.split("Contributed by")[0] + "Contributed by A. Edi"
    rec = read_record(text)
    assert rec.citation == "RGASPI f. 1 op. 2 d. 3, l. 4"
    assert all("Edi" not in n for n in rec.contributors)
    assert any("cut off" in w for w in rec.warnings)


@pytest.mark.parametrize(("text", "funders"), [
    ("MacArthur Foundation", ["MacArthur Foundation"]),
    ("John D. and Catherine T. MacArthur Foundation", ["John D. and Catherine T. MacArthur Foundation"]),
    ("the Leon Levy Foundation, the Korea Foundation", ["Leon Levy Foundation", "Korea Foundation"]),
    ("Carnegie Corporation of New York (CCNY); Example Fund", ["Carnegie Corporation of New York (CCNY)",
                                                              "Example Fund"]),
])
def test_split_funders(text, funders):
    assert split_funders(text.removeprefix("the ")) == funders


def test_transcription_with_rights_is_valid_tei(tei_all):
    from teitools.conversion import convert
    from teitools.xml import parse_bytes, serialize

    tree = parse_bytes(serialize(convert(TRANSCRIPTION.replace("Translated by: C. Example",
                                                               "Translated by: C. Example\nRights: CC BY 4.0"))))
    assert tei_all.validate(tree), tei_all.error_log
    assert "CC BY 4.0" in "".join(tree.getroot().itertext())


@pytest.mark.parametrize(("closing", "place"), [
    ("Moscow, 12 May 1950", "Moscow"), ("Pyongyang, 12.V.1950", "Pyongyang"),
    ("Beijing, 12 May 1950, 10 p.m.", "Beijing"), ("Warsaw, 12 May 1950 r.", "Warsaw"),
    ("Moscow, 12 May 1950 г.", "Moscow"),
])
def test_a_closing_dateline_after_the_signature_gives_the_place(closing, place):
    rec = read_record(f"May 2, 1950\n\nLetter from Anna Berg to Karl Lund\n\nThe road is closed.\n\nAnna Berg\n\n"
                      f"{closing}\n")
    assert [b.kind for b in rec.main.blocks] == ["p", "signed", "dateline"]
    assert rec.sender_place == place


def test_a_text_of_unknown_origin_claims_no_publisher():
    from teitools.conversion import convert

    tree = convert("Just text.\n\nMore text, in no known layout.\n")
    tei = "{http://www.tei-c.org/ns/1.0}"
    assert tree.find(f".//{tei}publicationStmt/{tei}publisher") is None
    assert tree.find(f".//{tei}sourceDesc/{tei}bibl").get("type") is None
    assert "Digital Archive" not in "".join(tree.find(f".//{tei}encodingDesc").itertext())


def test_a_letter_without_header_or_opener_that_ends_in_a_valediction_is_a_transcription():
    text = ("Calvinus Farello.\n\nAccepi literas tuas, frater, et gaudeo.\n\n"
            "Vale, frater optime.\nTuus Ioannes Calvinus.\n")
    rec = read_record(text)
    assert rec.layout == "transcription" and rec.language == "la"

import pytest

from teitools.readers.brackets import InlineContext, bracket_kind, parse_inline
from teitools.record import (
    Abbr,
    AltName,
    DateValue,
    EditorNote,
    FootnoteRef,
    Gap,
    Handwritten,
    Name,
    Sic,
    Stamp,
    Supplied,
    Unclear,
)


def kinds(text, **ctx):
    nodes = parse_inline(text, InlineContext(**ctx))
    return [(type(n).__name__, bracket_kind(n)) for n in nodes if not isinstance(n, str)]


CASES = [
    ("I wish you [good] health.", [("Supplied", "supplied")]),
    ("Nanjing [Nanking] government", [("Name", None), ("AltName", "alternate-name")]),
    ("With greetings. FILIPPOV [Stalin].", [("Name", None), ("AltName", "alternate-name")]),
    ("4.XII.71 [SIC]", [("Sic", "sic")]),
    ("the word [sic!] here", [("Sic", "sic")]),
    ("Governer [sic: Governor]", [("Sic", "sic")]),
    ("Ma [SIC, presumably Ma Zhongying]", [("Sic", "sic")]),
    ("To Com[rade] F. Kuznetsov", [("Supplied", "supplied")]),
    ("the F[oreign] M[inistry] here", [("Supplied", "supplied"), ("Supplied", "supplied")]),
    ("[ …] the", [("Gap", "omission")]),
    ("[…]", [("Gap", "omission")]),
    ("[...]", [("Gap", "omission")]),
    ("[. . .]", [("Gap", "omission")]),
    ("give a break to CKS [Jiang Jieshi], one", [("Name", None), ("AltName", "alternate-name")]),
    ("We [Poles] hope", [("Supplied", "supplied")]),
    ("them [Soviets] that", [("Supplied", "supplied")]),
    ("The Chancellor’s [Helmut Kohl's] Meeting", [("Supplied", "supplied")]),
    ("Comrade [Mikhail Stepanovich] Kapitsa", [("Supplied", "supplied")]),
    ("Chairman [Mao Zedong], Comrade [Liu] Shaoqi", [("Supplied", "supplied"), ("Supplied", "supplied")]),
    ("Zhou Enlai: [On Soviet-Vietnam relations] The Soviet", [("EditorNote", "editorial-comment")]),
    ("proposition;[1]", [("FootnoteRef", "footnote")]),
    ("Uhr[1]", [("FootnoteRef", "footnote")]),
    ("[handwritten: from Minutes Nº 64\n\nPolitburo\n\nfrom 10 January 1939]",
     [("Handwritten", "stamp-or-handwriting-description")]),
    ("[handwritten]", [("Handwritten", "stamp-or-handwriting-description")]),
    ("[a handwritten version of the above follows]", [("EditorNote", "stamp-or-handwriting-description")]),
    ("[signature]", [("Gap", "stamp-or-handwriting-description")]),
    ("[unknown signature]", [("Gap", "stamp-or-handwriting-description")]),
    ("[stamp: Secret]", [("Stamp", "stamp-or-handwriting-description")]),
    ("[Stamp at the end of the first page: Secret]", [("Stamp", "stamp-or-handwriting-description")]),
    ("[Translator’s note: molniruite]", [("EditorNote", "translator-note")]),
    ("[Translator's comment: see above]", [("EditorNote", "translator-note")]),
    ("the CC [Central Committee] decided", [("Abbr", "supplied")]),
    ("MID [the Soviet Foreign Ministry]", [("Supplied", "supplied")]),
    ("word [illegible] and [2 words illegible]", [("Gap", "illegible"), ("Gap", "illegible")]),
    ("[excised]", [("Gap", "omission")]),
    ("Kapitsa [?] said", [("Unclear", "supplied")]),
    ("at [email\u00a0protected].", [("Gap", None)]),
    ("speech from 25 February [1954] underwent", [("Supplied", "supplied")]),
    ("a stray ] here", []),
    ("[headed by [Zenon Kliszko]—", [("Supplied", "supplied")]),
    ("no brackets at all", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_bracket_kinds(text, expected):
    assert kinds(text) == expected


def test_unbalanced_brackets_warn_and_keep_text():
    ctx = InlineContext()
    nodes = parse_inline("a stray ] here and [open", ctx)
    assert "".join(n for n in nodes if isinstance(n, str)) == "a stray ] here and [open"
    assert len(ctx.warnings) == 2


def test_sic_takes_the_token_before():
    (sic,) = [n for n in parse_inline("4.XII.71 [SIC]") if isinstance(n, Sic)]
    assert sic.text == "4.XII.71" and sic.is_date


def test_sic_with_correction():
    (sic,) = [n for n in parse_inline("Governer [sic: Governor]") if isinstance(n, Sic)]
    assert (sic.text, sic.corr) == ("Governer", "Governor")


def test_pseudonym_is_identified():
    from teitools.readers.names import Register, default_register

    nodes = parse_inline("Filippov [Stalin]", InlineContext(register=default_register()))
    base, alt = nodes[0], nodes[2]
    assert isinstance(base, Name) and base.name_type == "pseudonym"
    assert isinstance(alt, AltName) and alt.note_type == "identification"
    # the pseudonym is known from the register given, and only from it
    nodes = parse_inline("Filippov [Stalin]", InlineContext(register=Register([])))
    assert isinstance(nodes[2], AltName) and nodes[2].note_type == "altName"


def test_a_name_completed_by_the_editors_is_supplied():
    from teitools.readers.names import default_register

    nodes = parse_inline("Kim [Il Sung] said", InlineContext(register=default_register()))
    assert [type(n).__name__ for n in nodes] == ["str", "Supplied", "str"] and nodes[0] == "Kim "
    nodes = parse_inline("Zhou [Enlai] said", InlineContext(persons=["Zhou Enlai"]))
    assert type(nodes[1]).__name__ == "Supplied"
    nodes = parse_inline("Filippov [Stalin] said", InlineContext(register=default_register()))
    assert type(nodes[2]).__name__ == "AltName"  # a pseudonym identified, not a completion


def test_alternate_place_name_uses_register():
    from teitools.readers.names import default_register

    nodes = parse_inline("Nanjing [Nanking]", InlineContext(register=default_register()))
    assert nodes[0].kind == "place" and nodes[2].kind == "place"
    nodes = parse_inline("Nanjing [Nanking]")  # no register: the kind of name is not known
    assert nodes[0].kind == "name" and nodes[2].kind == "name"


def test_supplied_date_with_context():
    (sup,) = [n for n in parse_inline("on [17 December] local", InlineContext(ref_date=DateValue("1947-12-17")))
              if isinstance(n, Supplied)]
    assert sup.content[0].value.when == "1947-12-17"


def test_illegible_quantity():
    (gap,) = [n for n in parse_inline("[2 words illegible]") if isinstance(n, Gap)]
    assert (gap.reason, gap.quantity, gap.unit) == ("illegible", "2", "words")


def test_nested_content_is_parsed():
    (hw,) = parse_inline("[handwritten: see [illegible]]")
    assert isinstance(hw, Handwritten) and any(isinstance(n, Gap) for n in hw.content)


def test_types_exported():
    assert {Abbr, EditorNote, FootnoteRef, Stamp, Unclear}

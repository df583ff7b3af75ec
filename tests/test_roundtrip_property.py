"""Property: records with random bracket constructs round-trip through TEI to the same bracketed text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teitools.convert import convert, read_record
from teitools.render.diplomatic import diplomatic_text, normalise
from teitools.xml import parse_bytes, serialize

WORDS = st.sampled_from(["the", "commission", "report", "was", "sent", "today", "road", "bridge", "we", "agree"])
BRACKETS = st.sampled_from([
    "[good]", "[...]", "[…]", "[illegible]", "[2 words illegible]", "[sic]", "[SIC]", "[Translator's note: x y]",
    "[handwritten: see me]", "[stamp: Secret]", "[of the farmers]", "[1954]", "[excised]", "[signature]",
])
PIECE = st.one_of(WORDS, BRACKETS)
PARAGRAPH = st.lists(PIECE, min_size=3, max_size=12).map(lambda xs: "We " + " ".join(xs) + ".")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PARAGRAPH, min_size=1, max_size=4))
def test_bracketed_paragraphs_round_trip(paragraphs):
    text = "March 3, 1949\n\nLetter from Anna Berg to Karl Lund\n\n" + "\n\n".join(paragraphs) + "\n\nAnna Berg\n"
    rec = read_record(text)
    tree = parse_bytes(serialize(convert(text)))
    assert normalise(diplomatic_text(tree)) == normalise("\n\n".join(rec.body_source))

"""Property: records with random bracket constructs round-trip through TEI to the same bracketed text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teitools.conversion import convert, read_record
from teitools.rendering.diplomatic import diplomatic_text, normalise
from teitools.rendering.text import text_blocks
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


BLOCKS = st.sampled_from([
    "TOP SECRET", "Copy No. 3", "CIPHERED TELEGRAM No. 12", "From BEIJING No. 1309", "Moscow, 12 May 1950",
    "To Comrade Stalin", "Dear Comrade Mao!", "Copies: Stalin, Molotov", "[handwritten: a note\n\nmore of it]",
    "[stamp: Secret]", "We agree [with you] on 12 May [1950] that Nanjing [Nanking] is ok.[1]",
    "Text with [...] and [illegible] and a word [sic] here.", "Zhou Enlai: [On relations] we talk.",
    "With greetings,", "I wish you [good] health.", "Sheng Shicai", "S H T Y K O V", "/-/ Rapacki", "12 May 1950",
    "4.XII.71 [SIC]", "P.S. One more thing.", "[1] A footnote text.", "[2] Another note.", "Typed by X on 10/01/50",
    "Excerpts have been sent:", "to Cdes. Beria and Voroshilov.", "CC [Central Committee] decided.",
    "the Ko[rea] issue", "Spravka: a note", "V e r m e r k", "Abteilungsleiter 2", "[signature]",
    "A plain paragraph of text that goes on for a while, as prose does.", "The CKS [Jiang Jieshi] matter."])
TITLES = st.sampled_from(["Letter from Anna Berg to Karl Lund", "Telegram, Filippov [Stalin] to Krasovsky, for Mao",
                          "Concerning the road", "Record of Conversation between A and B", "Minutes of the meeting"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TITLES, st.lists(BLOCKS, min_size=1, max_size=12), st.booleans(), st.booleans())
def test_any_block_sequence_gives_valid_tei_that_round_trips(tei_all, profile, title, blocks, trailer,
                                                             single_newline):
    parts = ["Skip to content", "May 2, 1950", title, *blocks]
    if trailer:
        parts += ["A summary.", "Document Information", "RGASPI f. 1 op. 2 d. 3, l. 4. Translated by A. B.",
                  "The History and Public Policy Program welcomes reuse."]
    text = ("\n" if single_newline else "\n\n").join(parts) + "\n"
    rec = read_record(text)
    tree = parse_bytes(serialize(convert(text)))
    assert tei_all.validate(tree), [e.message for e in tei_all.error_log][:3]
    assert profile(tree) == []
    # every source word comes back; footnote texts move to the end (encoding.md §10), the rest keeps its order
    assert sorted(normalise(diplomatic_text(tree)).split()) == sorted(normalise(" ".join(rec.body_source)).split())
    notes = {normalise(piece) for b in rec.main.blocks if b.kind == "footnote" for piece in b.source.split("\n\n")}
    wanted = [normalise(b) for b in rec.body_source if normalise(b) not in notes]
    rendered = iter(normalise(" ".join(text_blocks(tree, "diplomatic")[1])).split(" "))
    assert all(word in rendered for block in wanted for word in block.split(" "))  # in order

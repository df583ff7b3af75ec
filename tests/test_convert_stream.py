"""Converting a big record as it is written (``encode.stream``): the same TEI, byte for byte, as the whole tree."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teitools.cli import cli
from teitools.conversion import convert_data, read_record
from teitools.encode import encode
from teitools.encode.stream import write_encoded
from teitools.record import Deferred
from teitools.xml import serialize

from .conftest import SHARED

TODAY = dt.date(2026, 1, 1)
ROOT = Path(__file__).resolve().parent.parent
OWN = sorted((ROOT / "samples").glob("*.txt"))
SHARED_LETTERS = sorted((SHARED / "samples").glob("*.txt")) + sorted((SHARED / "dev-letters").rglob("*.txt"))


def both(text: str) -> tuple[bytes, bytes, object]:
    whole = serialize(encode(read_record(text), today=TODAY))
    rec = read_record(text, deferred=True)
    out = io.BytesIO()
    write_encoded(rec, out, today=TODAY)
    return whole, out.getvalue(), rec


LETTER = """Title: Letter from Anna Berg to Karl Lund
Date: 12 May 1920

Lieber Karl,

We met Filippov [Stalin] in Moscow.[1]

[S. 2]

Then the Com[rade] came [illegible] and Filippov again, with Mao [Zedong].[2]

Moscow, 13 May 1920

A last word [sic] on Mao.[1]

Yours ever,
Anna Berg

[1] The first note, on Moscow.
[2] Another.
"""


def test_a_deferred_letter_encodes_as_the_whole_tree():
    whole, streamed, rec = both(LETTER)
    assert streamed == whole
    paragraphs = [b for d in rec.divisions for b in d.blocks if b.kind == "p"]
    assert paragraphs and all(isinstance(b.content, Deferred) for b in paragraphs)  # no content kept
    # what the paragraphs needed of the rest was there: the register, the footnote texts, the page's sign
    assert whole.count(b'<placeName ref="#pl-moscow">Moscow</placeName>') >= 3
    assert b'<persName ref="#per-stalin">Stalin</persName>' in whole
    assert b'<note type="footnote" n="2" place="foot" xml:id="fn2">Another.</note>' in whole
    assert b'<pb n="2" rendition="#src-sign-1"/>' in whole


def test_a_deferred_record_encodes_whole_too():
    assert serialize(encode(read_record(LETTER, deferred=True), today=TODAY)) == both(LETTER)[0]


@pytest.mark.parametrize("path", OWN + SHARED_LETTERS, ids=lambda p: p.stem)
def test_every_sample_and_development_letter_streams_as_the_tree(path):
    text = path.read_text(encoding="utf-8")
    whole, streamed, _ = both(text)
    assert streamed == whole


PIECES = st.sampled_from(["und", "the", "Moscow", "Stalin", "Filippov [Stalin]", "Mao [Zedong]", "Com[rade]", "[1]",
                          "[2]", "[illegible]", "[sic]", "[gestrichen: alt]", "[S. 2]", "|", "[Note: a note]",
                          "Nanjing [Nanking]", "[...]", "[wort]", "Haus [?]"])
BLOCKS = st.one_of(
    st.lists(PIECES, min_size=2, max_size=10).map(lambda xs: "Wir " + " ".join(xs) + "."),
    st.sampled_from(["[S. 3]", "Moscow, 13 May 1920", "Ivanov [Petr Ivanov] came.", "P.S. And Stalin."]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BLOCKS, min_size=1, max_size=10), st.booleans(), st.sampled_from(["", "Lieber Karl,\n\n"]))
def test_generated_letters_stream_as_the_tree(blocks, notes, opener):
    text = ("Title: Letter from Anna Berg to Karl Lund\n\n" + opener + "\n\n".join(blocks) + "\n\nYours,\nAnna\n"
            + ("\n[1] A note on Moscow.\n[2] Another [sic].\n" if notes else ""))
    whole, streamed, _ = both(text)
    assert streamed == whole


def test_the_cli_converts_a_big_record_as_it_is_written(tmp_path, monkeypatch):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    whole = convert_data(LETTER.encode(), name=str(path))[1]
    assert isinstance(whole, bytes)
    monkeypatch.setattr("teitools.encode.stream.STREAM_FROM", 100)  # this letter is big
    assert callable(convert_data(LETTER.encode(), name=str(path))[1])
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path / "out.xml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.xml").read_bytes() == whole
    result = CliRunner().invoke(cli, ["convert", str(path)])
    assert result.exit_code == 0 and result.stdout_bytes == whole
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["Letter from Anna Berg to Karl Lund", "Telegram, Filippov [Stalin] to Krasovsky, for Mao"]),
       st.lists(st.sampled_from(["To Comrade Stalin", "Dear Comrade Mao!", "We agree [with you] on 12 May [1950] that "
                                 "Nanjing [Nanking] is ok.[1]", "Text with [...] and [illegible] and a word [sic].",
                                 "With greetings,", "Sheng Shicai", "[1] A footnote text.", "CC [Central Committee] "
                                 "decided.", "The CKS [Jiang Jieshi] matter.", "[stamp: Secret]", "P.S. One more."]),
                min_size=1, max_size=10))
def test_digital_archive_pages_stream_as_the_tree(title, blocks):
    whole, streamed, rec = both("\n\n".join(["Skip to content", "May 2, 1950", title, *blocks]) + "\n")
    assert rec.layout != "transcription"
    assert streamed == whole

"""A big record encoded as it is written: its text a block at a time, never the whole tree.

A record read with ``Conversion(deferred=True)`` keeps its paragraphs' text, not their content
(``record.Deferred``). ``write_encoded`` encodes the record as ``encode`` does, but each division's blocks
are made one at a time and, once a later block stands after them, serialized to a spool file and dropped from
the tree; the header, filled after the body (it lists what the body used), is written first, then the spooled
blocks, then the rest. Each block is serialized inside a chain of empty elements as deep as its place in the
document, so libxml2 indents it as it would in the whole tree: the output is byte for byte the one
``serialize(encode(rec))`` gives (the test suite converts every sample and development letter both ways).
"""

from __future__ import annotations

import datetime as _dt
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from teitools.encode import encode, keep_mixed_content_tight
from teitools.encode.body import made_blocks
from teitools.record import Block, Record
from teitools.xml import NSMAP, serialize, tei

STREAM_FROM = 16 * 2**20  # bytes of text: a record this big is converted as it is written


class BodyStream:
    """What ``encode_division`` hands its blocks through: it makes a deferred block's content before the block
    is encoded, and writes the division's finished children to the spool."""

    def __init__(self, spool: BinaryIO) -> None:
        self.spool = spool
        self.parts: list[tuple[bytes, int, int]] = []  # (marker, start, end): a division's blocks in the spool
        self._chains: dict[int, list[etree._Element]] = {}  # depth → empty elements nested that deep

    def blocks(self, blocks: list[Block], div: etree._Element) -> Iterator[Block]:
        depth = sum(1 for _ in div.iterancestors()) + 1
        start = self.spool.tell()
        for block in made_blocks(blocks):
            yield block
            while len(div) > 1:  # a child with a later one after it is finished: nothing is added to it
                self._write(div[0], depth)
        if self.spool.tell() > start:
            marker = f"teitools-stream-{len(self.parts)}"
            div.insert(0, etree.Comment(marker))
            self.parts.append((f"<!--{marker}-->".encode(), start, self.spool.tell()))

    def _write(self, el: etree._Element, depth: int) -> None:
        chain = self._chains.get(depth)
        if chain is None:
            chain = [etree.Element(tei("w"), nsmap=NSMAP)]
            for _ in range(depth - 1):
                chain.append(etree.SubElement(chain[-1], tei("w")))
            self._chains[depth] = chain
        chain[-1].append(el)  # moved out of the document's tree
        keep_mixed_content_tight(el)
        data = etree.tostring(chain[0], encoding="UTF-8", xml_declaration=False, pretty_print=True)
        chain[-1].remove(el)
        start = 0
        for _ in range(depth):  # the chain's opening lines, one each
            start = data.index(b"\n", start) + 1
        end = len(data) - 1
        for _ in range(depth):  # and its closing lines
            end = data.rindex(b"\n", 0, end)
        self.spool.write(data[start:end + 1])


def write_encoded(rec: Record, out: BinaryIO, *, today: _dt.date | None = None) -> None:
    """Encode a record (read deferred, or not) and write its TEI to ``out``, a block at a time."""
    with tempfile.TemporaryFile() as spool:
        stream = BodyStream(spool)
        data = serialize(encode(rec, today=today, stream=stream))
        pos = 0
        for marker, start, end in stream.parts:
            at = data.index(marker, pos)
            out.write(data[pos:data.rindex(b"\n", 0, at) + 1])
            pos = data.index(b"\n", at) + 1
            spool.seek(start)
            left = end - start
            while left:
                chunk = spool.read(min(left, 1 << 20))
                out.write(chunk)
                left -= len(chunk)
        out.write(data[pos:])

"""The one place where XML is parsed and written: safe by default, TEI namespace helpers.

Parsing never resolves external entities, never loads a DTD, never touches the
network, and refuses any document that declares entities; libxml2's "huge" option
is used only for documents past its own limits that declare none, and they are then
held to ``teitools.limits``. Writing is atomic and never leaves a temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import signal
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from teitools.errors import LimitError, XMLInputError
from teitools.limits import DEFAULT, LIBXML2_MAX_DEPTH, Limits
from teitools.resources import read_input

TEI = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# the attributes whose "#id" tokens point to an element of the document (teidata.pointer)
POINTER_ATTRS = ("ref", "target", "corresp", "who", "hand", "source", "resp", "ana", "decls", "sameAs", "copyOf",
                 "next", "prev", "synch", "scribeRef", "scriptRef", "wit", "facs", "start", "end", "inst")
NSMAP = {None: TEI}
NS = {"tei": TEI}


def _parser(huge: bool = False, ids: bool = True) -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=huge, remove_blank_text=False, collect_ids=ids)


# libxml2's own resource limits (without its "huge" option): depth 256, a text node of 10 MB, a 10 MB tag
_LIBXML2_LIMIT = re.compile(r"Excessive depth in document|Resource limit exceeded|huge text node|"
                            r"AttValue length too long|xmlSAX2Characters", re.IGNORECASE)
ENTITY_MARKS = (b"<!ENTITY", "<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be"))


def parse_bytes(data: bytes, name: str = "<bytes>", limits: Limits = DEFAULT,
                ids: bool = True) -> etree._ElementTree:
    """A document within ``limits``, parsed safely (XMLInputError, or LimitError, naming where it went wrong).

    It is parsed first with libxml2's own limits, which keep its protection against entity amplification; only a
    document past them that declares no entity is parsed again without them, and then held to ``limits``: deep or
    long documents that jing accepts are accepted too, and nothing declared can be expanded. ``ids=False``: xml:ids
    are not collected, so a duplicate one does not end the parse (validation reports it in its place, as jing)."""
    try:
        root = _parse(data, name, huge=False, ids=ids)
    except XMLInputError as exc:
        if not _LIBXML2_LIMIT.search(exc.message) or any(mark in data for mark in ENTITY_MARKS):
            raise
        root = _parse(data, name, huge=True, ids=ids)
        _check_size(root, name, limits)
    else:
        if limits.depth < 256 or limits.text_size < 10_000_000:  # tighter than libxml2's own limits
            _check_size(root, name, limits)
    _refuse_entity_declarations(root.getroottree(), name, data)
    _check_attributes(root, name, limits)
    return root.getroottree()


def _parse(data: bytes, name: str, huge: bool, ids: bool = True) -> etree._Element:
    try:
        return etree.fromstring(data, _parser(huge, ids))
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, name, huge) from None


def syntax_error(exc: etree.XMLSyntaxError, name: str, huge: bool = True) -> XMLInputError:
    """libxml2's error as ours: where it is, and what, without libxml2's own "line, column" suffix."""
    line, col = exc.position if exc.position else (None, None)
    message = re.sub(r"\s*, line \d+, column \d+$", "", (exc.msg or str(exc)).strip())
    if huge and "Excessive depth" in message:
        return LimitError(name, line, col, f"elements nested deeper than libxml2's ceiling of "
                                           f"{LIBXML2_MAX_DEPTH} levels")
    return XMLInputError(name, line, col, message)


def too_deep(name: str, line: int | None, limits: Limits) -> LimitError:
    return LimitError(name, line, None, limits.exceeded("depth", f"elements nested more than {limits.depth:,} "
                                                                 "levels deep"))


def too_long(name: str, line: int | None, limits: Limits) -> LimitError:
    return LimitError(name, line, None, limits.exceeded(
        "text_size", f"a text or attribute value of more than {limits.text_size:,} characters"))


def too_many_attributes(name: str, el: etree._Element, limits: Limits) -> LimitError:
    return LimitError(name, el.sourceline, None, limits.exceeded("attributes",
                                                                 f"an element with {len(el.attrib):,} attributes"))


def _check_size(root: etree._Element, name: str, limits: Limits) -> None:
    """Depth and text size, for a document parsed past libxml2's limits (within them, libxml2 checked both)."""
    if limits.depth < LIBXML2_MAX_DEPTH:
        deep = _first(root, f"(//*[count(ancestor::*) >= {limits.depth}])[1]", lambda: _deeper(root, limits.depth))
        if deep is not None:
            raise too_deep(name, deep.sourceline, limits)
    n = limits.text_size
    long = _first(root, f"(//text()[string-length() > {n}]/.. | //@*[string-length() > {n}]/..)[1]",
                  lambda: next((el for el in root.iter() if len(el.text or "") > n or len(el.tail or "") > n or
                                any(len(v) > n for v in el.attrib.values())), None))
    if long is not None:
        raise too_long(name, long.sourceline, limits)


def _check_attributes(root: etree._Element, name: str, limits: Limits) -> None:
    """Attributes per element: libxml2 has no limit of its own, and a million of them kept a validation busy for
    minutes. One XPath pass in C costs a few milliseconds on a large file."""
    n = limits.attributes
    many = _first(root, f"(//*[count(@*) > {n}])[1]",
                  lambda: next((el for el in root.iter(etree.Element) if len(el.attrib) > n), None))
    if many is not None:
        raise too_many_attributes(name, many, limits)


def _first(root: etree._Element, expr: str, walk: Callable[[], etree._Element | None]) -> etree._Element | None:
    """The first element ``expr`` finds, evaluated by libxml2 in C; in a document past libxml2's ten million nodes
    in one node-set, what ``walk`` finds in Python (slower, and only for such documents)."""
    try:
        found = etree.XPath(expr)(root)
    except etree.XPathEvalError:
        return walk()
    return found[0] if found else None


def _deeper(root: etree._Element, depth: int) -> etree._Element | None:
    level = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        level += 1 if event == "start" else -1
        if level > depth:
            return el
    return None


def parse_file(path: str | os.PathLike[str], limits: Limits = DEFAULT, ids: bool = True) -> etree._ElementTree:
    return parse_bytes(read_input(path, limits), os.fsdecode(path), limits, ids)


def _refuse_entity_declarations(tree: etree._ElementTree, name: str, data: bytes) -> None:
    """Entities are never expanded: a document that declares any is refused (billion laughs, external entities)."""
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        at = data.find(b"<!ENTITY")
        line = data[:at].count(b"\n") + 1 if at >= 0 else 1
        raise XMLInputError(name, line, None, "entity declarations are not allowed (internal DTD subset): "
                                              "entities are never expanded")


@lru_cache(maxsize=512)
def tei(tag: str) -> str:
    return f"{{{TEI}}}{tag}"


def tei_child(parent: etree._Element, tag: str, attrs: dict[str, str | None]) -> etree._Element:
    """A new last child ``tag`` (TEI namespace) of ``parent``, with the attributes that have a value (lxml makes
    an element faster without an attribute dict than with an empty one)."""
    if attrs:
        return etree.SubElement(parent, tei(tag), {k: v for k, v in attrs.items() if v is not None})
    return etree.SubElement(parent, tei(tag))


class LocalNames(dict):
    """Tag → local name ("" for comments and processing instructions), worked out once per tag: hot loops over
    documents look names up here instead of building a QName for every element."""

    def __missing__(self, tag: object) -> str:
        name = "" if not isinstance(tag, str) else tag[len(_TEI_PREFIX):] if tag.startswith(_TEI_PREFIX) else \
            tag.rsplit("}", 1)[-1]
        self[tag] = name
        return name


_TEI_PREFIX = f"{{{TEI}}}"
LOCAL_NAMES = LocalNames()


def children_at(el: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """What ``el.iterfind("a/b/c")`` finds for the tags a, b, c, in the same order, without ElementPath's Python
    machinery: a ``find`` cost 4 to 9 us, and a page asked some twenty of them."""
    first, rest = tags[0], tags[1:]
    for child in el:
        if child.tag == first:
            if rest:
                yield from children_at(child, *rest)
            else:
                yield child


def child_at(el: etree._Element, *tags: str) -> etree._Element | None:
    """What ``el.find("a/b/c")`` finds for the tags a, b, c: the first of ``children_at``."""
    return next(children_at(el, *tags), None)


def text_of(el: etree._Element) -> str:
    """All the text in ``el``, not its tail: what ``"".join(el.itertext())`` gives (compared on 218,209 elements of
    the corpora), written out by libxml2 at a fifth of the time of iterating in Python."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def xml_attr(name: str) -> str:
    return f"{{{XML_NS}}}{name}"


def append_text(parent: etree._Element, text: str | None) -> None:
    """Text after the last child of ``parent`` (or as its text): mixed content built in order."""
    if not text:
        return
    try:
        last = parent[-1]  # O(1), where len() counts every child
    except IndexError:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def write_atomic(path: str | os.PathLike[str], data: bytes | Callable[[BinaryIO], None], replace: bool = True
                 ) -> None:
    """Write to a temporary file beside ``path`` and rename it into place (``replace``), or link it to ``path``, which
    fails with FileExistsError if ``path`` exists (not ``replace``): no reader ever sees half a file.

    The file gets the permissions any new file gets (0666 less the umask): mkstemp's owner-only 0600 made a
    rendered site unreadable to a web server. Its name is this process's own, so parallel workers never meet.
    Ctrl-C and SIGTERM wait until the file is written or removed: a signal that came between the creation of the
    temporary file and the ``try`` that removes it left the file behind, in one run out of two. ``data`` may be
    a function that writes the file (a streamed document): while it runs, the signals stop it at once.
    """
    with _signals_deferred() as mask:
        target = Path(path)
        for attempt in itertools.count():
            tmp = target.with_name(f".{target.name}.{os.getpid()}.{attempt}.tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
                break
            except FileExistsError:  # left by an earlier process of the same id that was killed
                continue
        try:
            try:
                if callable(data):
                    with _signals_as(mask), open(fd, "wb", closefd=False) as out:
                        data(out)
                else:
                    view = memoryview(data)
                    while view:
                        view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            if replace:
                os.replace(tmp, target)
            else:
                _create_from(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)


_STOPPING = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[set[int] | None]:
    """Ctrl-C and SIGTERM held back (delivered on leaving), where the system can hold them; gives the mask
    before."""
    if not hasattr(signal, "pthread_sigmask"):
        yield None
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield old
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextlib.contextmanager
def _signals_as(mask: set[int] | None) -> Iterator[None]:
    """Inside ``_signals_deferred``: the signals as they were before it, for a while."""
    if mask is None:
        yield
        return
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)


def _create_from(tmp: Path, target: Path) -> None:
    """``tmp`` under the new name ``target``, failing if ``target`` exists: a hard link where the file system has
    them; else an exclusive create and a copy (never a replace)."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(tmp.read_bytes())
    except BaseException:
        target.unlink(missing_ok=True)
        raise

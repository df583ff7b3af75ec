"""XInclude, as jing and Oxygen resolve it, read through the resource loader.

Editions keep their registers in shared files and ``xi:include`` them; validated without them, their
letters look invalid and their pointers unresolved. ``expand`` replaces each ``xi:include`` with what it
names: ``parse="xml"`` (the whole document, or the element an ``xpointer`` names by its id, bare or as
``element(id)``), ``parse="text"`` (in its ``encoding``), or its ``xi:fallback`` when the resource cannot be
had. Included elements get ``xml:base`` (as the XInclude recommendation's base fix-up has it), so a finding
in them can be traced to their file (``origin``). What is included is read under an explicit ``Access``: by
default only inside the input's folder tree; an include loop is refused.
"""

from __future__ import annotations

import copy
import os
import re
import urllib.parse
from pathlib import Path

from lxml import etree

from teitools.errors import ResourceError, XMLInputError
from teitools.limits import DEFAULT, Limits
from teitools.resources import Access, load, locate
from teitools.xml import XML_NS, parse_file

XI_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
XML_BASE = f"{{{XML_NS}}}base"
XML_ID = f"{{{XML_NS}}}id"
INCLUDES = tuple(f"{{{ns}}}include" for ns in XI_NAMESPACES)
_FALLBACKS = tuple(f"{{{ns}}}fallback" for ns in XI_NAMESPACES)


class XIncludeError(ResourceError):
    """An include that cannot be resolved and has no fallback, or that includes itself."""

    def __init__(self, message: str, path: str, line: int | None) -> None:
        self.path, self.line = path, line
        super().__init__(message)


def load_document(path: Path, root: Path | None = None, limits: Limits = DEFAULT, *, allow_outside: bool = False,
                  allow_network: bool = False, ids: bool = True, includes: bool = True) -> etree._ElementTree:
    """A document as validation and rendering read it: parsed safely, its includes resolved inside ``root`` (the
    folder named, by default the file's own) — anywhere local with ``allow_outside``, from the web too with
    ``allow_network``. ``ids=False``: a duplicate xml:id does not end the parse."""
    tree = parse_file(path, limits, ids=ids)
    if includes and has_includes(tree):
        access = Access("network" if allow_network else "local") if allow_outside else \
            Access("folder", (root or path.parent).resolve(), web=allow_network)
        expand(tree, str(path), access, limits)
    return tree


def load_for_reading(path: Path, root: Path | None = None, limits: Limits = DEFAULT
                     ) -> tuple[etree._ElementTree, str | None]:
    """A document to render, its includes resolved as ``load_document`` resolves them; where one cannot be, the
    document as it is, and a warning saying which include was left out and why."""
    try:
        return load_document(path, root, limits), None
    except XIncludeError as exc:
        where = f"{exc.path}:{exc.line}" if exc.line else exc.path
        return parse_file(path, limits), f"{where}: {exc}; shown without what it includes"


def has_includes(tree: etree._ElementTree) -> bool:
    return next(tree.getroot().iter(*INCLUDES), None) is not None


def expand(tree: etree._ElementTree, path: str, access: Access, limits: Limits = DEFAULT) -> int:
    """Resolve the includes of ``tree`` (read from ``path``) in place; the number resolved. XIncludeError names
    the include (its file and line) that could not be."""
    tree.docinfo.URL = os.path.abspath(path)
    return _expand(tree.getroot(), os.path.abspath(path), access, limits, (os.path.abspath(path),))


def _expand(root: etree._Element, path: str, access: Access, limits: Limits, stack: tuple[str, ...]) -> int:
    count = 0
    for inc in list(root.iter(*INCLUDES)):
        if any(a.tag in _FALLBACKS for a in inc.iterancestors()):
            continue  # inside a fallback that was not needed: left as it is (removed with the include)
        try:
            nodes = _resolve(inc, path, access, limits, stack)
        except XIncludeError:
            raise
        except (ResourceError, XMLInputError) as exc:
            fallback = next((c for c in inc if c.tag in _FALLBACKS), None)
            if fallback is None:
                raise XIncludeError(f"xi:include cannot be resolved: {exc}", path, inc.sourceline) from None
            nodes = [copy.deepcopy(c) for c in fallback]
            text = fallback.text
            _expand_list(nodes, path, access, limits, stack)
            _replace(inc, nodes, text)
            count += 1
            continue
        if isinstance(nodes, str):
            _replace(inc, [], nodes)
        else:
            _replace(inc, nodes, None)
        count += 1
    return count


def _expand_list(nodes: list[etree._Element], path: str, access: Access, limits: Limits,
                 stack: tuple[str, ...]) -> None:
    holder = etree.Element("holder")
    holder.extend(nodes)
    _expand(holder, path, access, limits, stack)
    nodes[:] = list(holder)


def _resolve(inc: etree._Element, path: str, access: Access, limits: Limits,
             stack: tuple[str, ...]) -> list[etree._Element] | str:
    from teitools.xml import parse_bytes

    href = (inc.get("href") or "").strip()
    parse = inc.get("parse", "xml")
    xpointer = inc.get("xpointer")
    if parse not in ("xml", "text"):
        raise XIncludeError(f'xi:include has parse="{parse}" (xml or text)', path, inc.sourceline)
    if not href and not xpointer:
        raise XIncludeError("xi:include has neither @href nor @xpointer", path, inc.sourceline)
    where = locate(urllib.parse.unquote(href), os.path.dirname(path)) if href else path
    if parse == "xml" and where in stack and (href or xpointer is None):
        raise XIncludeError(f"xi:include of {where} includes itself (a loop through "
                            f"{' → '.join(stack)})", path, inc.sourceline)
    if href:
        local, data = load(where, access, limits, "included file", referrer=f"{path}:{inc.sourceline}")
    else:
        local, data = path, b""
    if parse == "text":
        try:
            return data.decode(inc.get("encoding") or "utf-8")
        except (LookupError, UnicodeDecodeError) as exc:
            raise ResourceError(f"{where}: cannot read as text ({exc})") from None
    root = parse_bytes(data, where, limits).getroot() if href else inc.getroottree().getroot()
    target = root if xpointer is None else _by_id(root, xpointer, where)
    node = copy.deepcopy(target)
    node.tail = None  # a copy takes the text after the element with it: not part of what is included
    if href:
        node.set(XML_BASE, href)
    holder = etree.Element("holder")
    holder.append(node)
    _expand(holder, local, access, limits, (*stack, where))  # still confined to the input's tree
    return list(holder)


def _by_id(root: etree._Element, xpointer: str, where: str) -> etree._Element:
    m = re.fullmatch(r"\s*(?:element\(\s*([\w.-]+)\s*\)|xpointer\(\s*id\(\s*['\"]([\w.-]+)['\"]\s*\)\s*\)|"
                     r"([\w.-]+))\s*", xpointer)
    xml_id = m and (m.group(1) or m.group(2) or m.group(3))
    if not xml_id:
        raise ResourceError(f'{where}: xpointer "{xpointer}" is not an id (only a bare id, element(id) and '
                            f"xpointer(id('…')) are supported)")
    found = next((el for el in root.iter(etree.Element) if el.get(XML_ID) == xml_id), None)
    if found is None:
        raise ResourceError(f'{where}: no element with xml:id "{xml_id}" for xpointer "{xpointer}"')
    return found


def _replace(inc: etree._Element, nodes: list[etree._Element], text: str | None) -> None:
    """Put ``text`` and then ``nodes`` where ``inc`` stands, keeping the text around it."""
    parent = inc.getparent()
    tail = inc.tail
    prev = inc.getprevious()
    if text:
        if prev is not None:
            prev.tail = (prev.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
    index = parent.index(inc)
    for offset, node in enumerate(nodes):
        parent.insert(index + offset, node)
    last = nodes[-1] if nodes else None
    parent.remove(inc)  # lxml moves inc's tail with it: put it back
    if tail:
        if last is not None:
            last.tail = (last.tail or "") + tail
        else:
            before = parent[index - 1] if index > 0 else None
            if before is not None:
                before.tail = (before.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def origin(el: etree._Element | None) -> str | None:
    """The file ``el`` came from when an include brought it in (None when it is the document's own, or its
    document was not expanded)."""
    main = el.getroottree().docinfo.URL if el is not None else None
    base = el.base if main else None
    if not base:
        return None
    local = urllib.parse.unquote(urllib.parse.urlparse(base).path) if base.startswith("file:") else base
    local = os.path.abspath(local)
    return None if local == os.path.abspath(main) else local

"""OASIS XML Catalogs: where a schema's public address is to be found on this machine.

A catalog maps URIs to local files (``uri``, ``rewriteURI``, ``uriSuffix``; ``system``, ``rewriteSystem``,
``systemSuffix`` likewise, since an ``xml-model`` href is looked up both ways as libxml2 does), and may hand
on to other catalogs (``nextCatalog``). teitools consults, in order, the catalogs given with ``--catalog``,
those of ``XML_CATALOG_FILES`` (as libxml2 and Oxygen users set it), and last its own
(``teitools/schemas/catalog.xml``), which maps the TEI Consortium's addresses of tei_all to the copy shipped
with teitools: so a converted letter, or any file whose ``xml-model`` names tei_all, validates offline.
Catalog files are read through the resource loader (regular files, bounded size, no entities).
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from teitools.errors import ResourceError, XMLInputError
from teitools.limits import DEFAULT, Limits
from teitools.resources import read_regular

CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
def _built_in() -> Path:
    """The catalog shipped with teitools, consulted after the user's."""
    from teitools.schemas import PROFILE

    return Path(PROFILE).with_name("catalog.xml")


@dataclass
class _Entries:
    exact: dict[str, str] = field(default_factory=dict)
    prefixes: list[tuple[str, str]] = field(default_factory=list)  # (start, rewrite prefix)
    suffixes: list[tuple[str, str]] = field(default_factory=list)  # (suffix, uri)
    next: list[str] = field(default_factory=list)  # further catalog files


_KINDS = {"uri": ("name", "uri"), "system": ("systemId", "uri"), "rewriteURI": ("uriStartString", "rewritePrefix"),
          "rewriteSystem": ("systemIdStartString", "rewritePrefix"), "uriSuffix": ("uriSuffix", "uri"),
          "systemSuffix": ("systemIdSuffix", "uri"), "nextCatalog": (None, "catalog")}


class Catalog:
    """The catalogs of one run, in the order they are consulted."""

    def __init__(self, files: list[str] | tuple[str, ...] = (), *, built_in: bool = True,
                 limits: Limits = DEFAULT) -> None:
        self.limits = limits
        self.files = [_path_of(f) for f in files]  # paths or file: URLs, as XML_CATALOG_FILES holds them
        if built_in:
            self.files.append(str(_built_in()))
        self._loaded: dict[str, _Entries] = {}

    def resolve(self, uri: str) -> str | None:
        """The local file ``uri`` is mapped to, or None."""
        seen: set[str] = set()
        todo = list(self.files)
        while todo:
            path = todo.pop(0)
            if path in seen:
                continue  # catalogs that hand on to each other in a loop
            seen.add(path)
            entries = self._load(path)
            found = _lookup(entries, uri)
            if found is not None:
                return found
            todo[:0] = entries.next
        return None

    def _load(self, path: str) -> _Entries:
        if path not in self._loaded:
            self._loaded[path] = _read(path, self.limits)
        return self._loaded[path]


def _path_of(item: str) -> str:
    if item.lower().startswith("file:"):
        return os.path.abspath(urllib.parse.unquote(urllib.parse.urlparse(item).path))
    return os.path.abspath(item)


def _lookup(entries: _Entries, uri: str) -> str | None:
    if uri in entries.exact:
        return entries.exact[uri]
    starts = [(start, prefix) for start, prefix in entries.prefixes if uri.startswith(start)]
    if starts:
        start, prefix = max(starts, key=lambda sp: len(sp[0]))  # the longest match wins, as the standard says
        return _local(prefix + uri[len(start):])
    ends = [(suffix, target) for suffix, target in entries.suffixes if uri.endswith(suffix)]
    if ends:
        return max(ends, key=lambda st: len(st[0]))[1]
    return None


def _local(target: str) -> str:
    if target.lower().startswith("file:"):
        return _path_of(target)
    return target


def _read(path: str, limits: Limits) -> _Entries:
    from teitools.xml import parse_bytes

    try:
        root = parse_bytes(read_regular(path, limits.resource_size, "catalog"), path).getroot()
    except XMLInputError as exc:
        raise ResourceError(f"cannot read catalog: {exc}") from None
    if root.tag != f"{{{CATALOG_NS}}}catalog":
        raise ResourceError(f"{path}: not an OASIS XML catalog (its root is not <catalog> in {CATALOG_NS})")
    entries = _Entries()
    _collect(root, Path(path).resolve().parent.as_uri() + "/", entries)
    return entries


def _collect(parent: object, base: str, entries: _Entries) -> None:
    for el in parent:  # type: ignore[attr-defined]
        if not isinstance(el.tag, str) or not el.tag.startswith(f"{{{CATALOG_NS}}}"):
            continue
        here = urllib.parse.urljoin(base, el.get(XML_BASE)) if el.get(XML_BASE) else base
        kind = el.tag[len(CATALOG_NS) + 2:]
        if kind == "group":
            _collect(el, here, entries)
            continue
        if kind not in _KINDS:
            continue
        key_attr, value_attr = _KINDS[kind]
        value = el.get(value_attr)
        if not value:
            continue
        target = urllib.parse.urljoin(here, value)
        if kind == "nextCatalog":
            entries.next.append(_path_of(target))
            continue
        key = el.get(key_attr or "")
        if not key:
            continue
        if kind in ("uri", "system"):
            entries.exact.setdefault(key, _local(target))
        elif kind.startswith("rewrite"):
            entries.prefixes.append((key, target))
        else:
            entries.suffixes.append((key, _local(target)))

"""RELAX NG specialised to the vocabulary of the documents at hand, so libxml2 compiles it in milliseconds.

libxml2 needs ~13 s to compile tei_all, most of it for the ~590 element patterns a given set of letters never
uses. A pattern ``element x {…}`` can only match a document that contains an element x; for documents without
x, replacing it by ``notAllowed`` accepts and rejects exactly the same documents. The same holds for a named
attribute pattern. After the replacement, ``notAllowed`` is propagated (a choice drops it, a group, interleave,
oneOrMore, list, mixed, element or attribute containing it becomes it, optional/zeroOrMore of it become
``empty``) and definitions no longer reachable from ``start`` are dropped. Name classes (anyName, nsName) and
prefixed names that cannot be resolved are left alone, which only keeps more of the grammar.

The verdict for a document is the same as with the full grammar provided every element and attribute name of
the document is in the vocabulary given; ``Schema`` checks that before using a specialised grammar.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from lxml import etree

RNG = "http://relaxng.org/ns/structure/1.0"
_R = f"{{{RNG}}}"
XML_NS = "http://www.w3.org/XML/1998/namespace"
Name = tuple[str, str]  # (namespace, local name)

# patterns that cannot match anything as soon as one of their (pattern) children cannot
_ALL_NEEDED = {f"{_R}{t}" for t in ("group", "interleave", "oneOrMore", "list", "mixed", "element", "attribute",
                                    "define")}
_NOT_ALLOWED = f"{_R}notAllowed"


def vocabulary(trees: Iterable[etree._ElementTree | etree._Element]) -> tuple[frozenset[Name], frozenset[Name]]:
    """(element names, attribute names) used in the documents, as (namespace, local name)."""
    elements: set[Name] = set()
    attributes: set[Name] = set()
    for tree in trees:
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        for el in root.iter(etree.Element):
            elements.add(_split(el.tag))
            attributes.update(_split(a) for a in el.attrib)
    return frozenset(elements), frozenset(attributes)


def _split(clark: str) -> Name:
    if clark.startswith("{"):
        ns, _, local = clark[1:].partition("}")
        return ns, local
    return "", clark


def specialize(grammar: etree._ElementTree, elements: frozenset[Name], attributes: frozenset[Name]) \
        -> etree._ElementTree:
    """A copy of ``grammar`` (a simple-syntax, single-file RELAX NG grammar) keeping only what can match."""
    doc = copy.deepcopy(grammar)
    root = doc.getroot()
    for node in list(root.iter(f"{_R}element", f"{_R}attribute")):
        name = _pattern_name(node)
        if name is None:
            continue
        wanted = elements if node.tag == f"{_R}element" else attributes
        if name not in wanted:
            node.getparent().replace(node, etree.Element(_NOT_ALLOWED))
    _propagate(root)
    _drop_unreachable(root)
    return doc


def _pattern_name(node: etree._Element) -> Name | None:
    """The (namespace, local name) an element or attribute pattern matches, or None for a name class."""
    name = node.get("name")
    if name is None:
        return None
    name = name.strip()
    if ":" in name:
        prefix, local = name.split(":", 1)
        ns = XML_NS if prefix == "xml" else node.nsmap.get(prefix)
        return None if ns is None else (ns, local)
    if node.tag == f"{_R}attribute" or node.get("ns") is not None:
        return node.get("ns", ""), name  # attributes do not inherit ns
    inherited = next((anc.get("ns") for anc in node.iterancestors() if anc.get("ns") is not None), "")
    return inherited, name


def _propagate(root: etree._Element) -> None:
    dead: set[str] = set()

    def impossible(n: etree._Element) -> bool:
        return n.tag == _NOT_ALLOWED or (n.tag == f"{_R}ref" and n.get("name") in dead)

    changed = True
    while changed:
        changed = False
        for node in reversed(list(root.iter(f"{_R}*"))):
            parent = node.getparent()
            if parent is None:
                continue
            tag = node.tag
            kids = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(_R)]
            if tag in _ALL_NEEDED:
                # the name class child of an unnamed element or attribute is not a pattern
                patterns = kids[1:] if tag in (f"{_R}element", f"{_R}attribute") and node.get("name") is None \
                    else kids
                if any(impossible(c) for c in patterns):
                    if tag == f"{_R}define":
                        if node.get("name") not in dead:
                            dead.add(node.get("name"))
                            changed = True
                    else:
                        parent.replace(node, etree.Element(_NOT_ALLOWED))
                        changed = True
            elif tag == f"{_R}choice":
                live = [c for c in kids if not impossible(c)]
                if not live:
                    parent.replace(node, etree.Element(_NOT_ALLOWED))
                    changed = True
                elif len(live) < len(kids):
                    for c in kids:
                        if impossible(c):
                            node.remove(c)
                    changed = True
            elif tag in (f"{_R}zeroOrMore", f"{_R}optional") and kids and all(impossible(c) for c in kids):
                parent.replace(node, etree.Element(f"{_R}empty"))
                changed = True
    start = root.find(f"{_R}start")
    if start is not None and any(c.tag == _NOT_ALLOWED or c.get("name") in dead for c in start
                                 if isinstance(c.tag, str)):
        for c in list(start):
            start.remove(c)
        start.append(etree.Element(_NOT_ALLOWED))


def _drop_unreachable(root: etree._Element) -> None:
    defines: dict[str, list[etree._Element]] = {}
    for d in root.iter(f"{_R}define"):
        defines.setdefault(d.get("name"), []).append(d)
    reached: set[str] = set()
    todo = [n for n in root if n.tag == f"{_R}start"]
    while todo:
        for ref in todo.pop().iter(f"{_R}ref"):
            name = ref.get("name")
            if name not in reached:
                reached.add(name)
                todo.extend(defines.get(name, []))
    for name, nodes in defines.items():
        if name not in reached:
            for d in nodes:
                d.getparent().remove(d)

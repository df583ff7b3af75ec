"""RELAX NG specialised to the vocabulary of the documents at hand, so libxml2 compiles it in milliseconds.

libxml2 needs ~13 s to compile tei_all, most of it for the ~590 element patterns a given set of letters never
uses. A pattern ``element x {…}`` can only match a document that contains an element x; for documents without
x, replacing it by ``notAllowed`` accepts and rejects exactly the same documents. The same holds for a named
attribute pattern. After the replacement, ``notAllowed`` is propagated (a choice drops it, a group, interleave,
oneOrMore, list, mixed, element or attribute containing it becomes it) and what can then match only the empty
sequence (optional or zeroOrMore of it, a definition left with nothing else, a reference to one) is dropped from
the sequence it stands in, or becomes ``empty`` in a choice. Dropping it rather than leaving ``empty`` behind
matters: libxml2 compiles an element's content to an automaton — which is what makes its messages precise
("Did not expect element repository there") — only when that content, its attribute-only parts set aside, is
free of such leftovers. Definitions no longer reachable from ``start`` are dropped. Name classes (anyName,
nsName) and prefixed names that cannot be resolved are left alone, which only keeps more of the grammar.

The verdict for a document is the same as with the full grammar provided every element and attribute name of
the document is in the vocabulary given; ``Schema`` checks that before trusting a rejection, and specialises again
to the wider vocabulary when a document brings new names (``Schema.cover``).
"""

from __future__ import annotations

import copy
from collections import deque
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
_HOLLOW = "{urn:teitools:specialize}hollow"  # an element pattern kept for its name alone
_EMPTY = f"{_R}empty"
_REF = f"{_R}ref"
# patterns whose children form a sequence, where a child matching only the empty sequence can be dropped
_SEQUENCES = {f"{_R}{t}" for t in ("group", "interleave", "oneOrMore", "zeroOrMore", "optional")}


def vocabulary(trees: Iterable[etree._ElementTree | etree._Element]) -> tuple[frozenset[Name], frozenset[Name]]:
    """(element names, attribute names) used in the documents, as (namespace, local name)."""
    tags: set[str] = set()
    attributes: set[str] = set()
    for tree in trees:
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        for el in root.iter(etree.Element):
            tags.add(el.tag)
            if el.attrib:
                attributes.update(el.keys())
    return frozenset(map(_split, tags)), frozenset(map(_split, attributes))


def _split(clark: str) -> Name:
    if clark.startswith("{"):
        ns, _, local = clark[1:].partition("}")
        return ns, local
    return "", clark


def specialize(grammar: etree._ElementTree, elements: frozenset[Name], attributes: frozenset[Name]) \
        -> etree._ElementTree:
    """A copy of ``grammar`` (a simple-syntax, single-file RELAX NG grammar) keeping only what can match.

    An element the documents use can become impossible: a child it requires is in none of them (the documents are
    then invalid). libxml2 would blame that element's place in its parent; so it is specialised again with the
    elements its content names kept hollow (named, matching nothing), and libxml2 blames the child it did not
    expect, as the whole grammar (and jing) do. Valid documents never need the second pass."""
    doc, lost = _specialized(grammar, elements, attributes, frozenset())
    if lost:
        doc, _ = _specialized(grammar, elements, attributes, _content_names(grammar, lost) - elements)
    return doc


def _specialized(grammar: etree._ElementTree, elements: frozenset[Name], attributes: frozenset[Name],
                 hollow: frozenset[Name]) -> tuple[etree._ElementTree, set[Name]]:
    """The specialised copy, and the elements of ``elements`` whose patterns became impossible."""
    doc = copy.deepcopy(grammar)
    root = doc.getroot()
    for node in list(root.iter(f"{_R}element", f"{_R}attribute")):
        name = _pattern_name(node)
        if name is None:
            continue
        wanted = elements if node.tag == f"{_R}element" else attributes
        if name in hollow and node.tag == f"{_R}element":
            empty = etree.Element(node.tag, {**{k: v for k, v in node.attrib.items() if k in ("name", "ns")},
                                             _HOLLOW: "1"}, nsmap=node.nsmap)
            empty.append(etree.Element(_NOT_ALLOWED))
            node.getparent().replace(node, empty)
        elif name not in wanted:
            node.getparent().replace(node, etree.Element(_NOT_ALLOWED))
    _drop_unreachable(root)  # most of the grammar was only reachable through the elements just removed
    lost = _propagate(root, elements)
    _flatten(root)
    _drop_unreachable(root)
    return doc, lost


def _content_names(grammar: etree._ElementTree, owners: set[Name]) -> frozenset[Name]:
    """The names of the element patterns the content of the ``owners`` elements refers to (not deeper)."""
    defines = _defines(grammar.getroot())
    names: set[Name] = set()
    seen: set[str] = set()
    todo = [c for el in grammar.getroot().iter(f"{_R}element") if _pattern_name(el) in owners for c in el]
    while todo:
        node = todo.pop()
        if not isinstance(node.tag, str):
            continue
        if node.tag == f"{_R}element":
            name = _pattern_name(node)
            if name is not None:
                names.add(name)
        elif node.tag == _REF and node.get("name") not in seen:
            seen.add(node.get("name"))
            todo.extend(defines.get(node.get("name"), []))
        else:
            todo.extend(node)
    return frozenset(names)


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


def _propagate(root: etree._Element, used: frozenset[Name]) -> set[Name]:
    """Propagate ``notAllowed``; return the elements of ``used`` (the documents' names) that became impossible."""
    dead: set[str] = set()  # defines that cannot match anything
    lost: set[Name] = set()
    void: set[str] = set()  # defines that now match only the empty sequence

    def impossible(n: etree._Element) -> bool:
        return n.tag == _NOT_ALLOWED or (n.tag == _REF and n.get("name") in dead)

    def vanishes(n: etree._Element) -> bool:
        """Matches only the empty sequence because of what was removed (literal ``<empty/>`` is left alone)."""
        if n.tag == _REF:
            return n.get("name") in void
        kids = _patterns(n)
        if n.tag in (f"{_R}optional", f"{_R}zeroOrMore"):
            # its children are one group: one of them impossible makes the group impossible, so the whole matches
            # only the empty sequence (TEI 4.12.0's div1 has zeroOrMore { notAllowed, zeroOrMore { global } },
            # which libxml2 then rejected pb in: a valid file was called invalid)
            return any(impossible(c) for c in kids) or all(vanishes(c) for c in kids)
        return n.tag in _SEQUENCES and all(vanishes(c) for c in kids)

    # a worklist from what is impossible upwards: a node is looked at again when anything below it, or a definition
    # it refers to, changed (the result is the fixpoint a sweep of the whole grammar until nothing changes gives)
    refs: dict[str, list[etree._Element]] = {}
    for ref in root.iter(_REF):
        refs.setdefault(ref.get("name"), []).append(ref)
    queue: deque[etree._Element] = deque()
    queued: set[etree._Element] = set()

    def touch(node: etree._Element | None) -> None:
        while node is not None:
            if node not in queued:
                queued.add(node)
                queue.append(node)
            node = node.getparent()

    for placeholder in list(root.iter(_NOT_ALLOWED)):  # every rule below starts from something impossible
        touch(placeholder.getparent())

    def defined(name: str) -> None:  # a define became dead or void: what refers to it is looked at again
        for ref in refs.get(name, []):
            touch(ref.getparent())

    while queue:
        node = queue.popleft()
        queued.discard(node)
        parent = node.getparent()
        if parent is None or node.getroottree().getroot() is not root:
            continue  # the root, or a part of what was replaced
        tag = node.tag
        kids = _patterns(node)
        if tag == f"{_R}element" and node.get(_HOLLOW):
            continue  # matches nothing, on purpose: kept for its name
        if tag in _ALL_NEEDED and any(impossible(c) for c in kids):
            if tag == f"{_R}element" and _pattern_name(node) in used:
                lost.add(_pattern_name(node))  # type: ignore[arg-type]
            if tag == f"{_R}define":
                if node.get("name") not in dead:
                    dead.add(node.get("name"))
                    defined(node.get("name"))
            else:
                parent.replace(node, etree.Element(_NOT_ALLOWED))
                touch(parent)
        elif tag == f"{_R}choice":
            live = [c for c in kids if not impossible(c)]
            if not live:
                parent.replace(node, etree.Element(_NOT_ALLOWED))
                touch(parent)
                continue
            changed = False
            for c in kids:
                if impossible(c):
                    node.remove(c)
                    changed = True
                elif c.tag != _EMPTY and vanishes(c):
                    node.replace(c, etree.Element(_EMPTY))  # in a choice the empty branch keeps its meaning
                    changed = True
            if changed:
                touch(node)
        elif tag in (f"{_R}element", f"{_R}define"):
            gone = [c for c in kids if vanishes(c)]
            if gone and (tag == f"{_R}element" or node.get("name") not in void):
                # libxml2 compiles an element's content to an automaton (precise messages, fast) only when what
                # remains of it, once attribute-only parts are set aside, holds no stray empty pattern
                for c in gone:
                    node.remove(c)
                if len(gone) == len(kids):
                    node.append(etree.Element(_EMPTY))
                    if tag == f"{_R}define":
                        void.add(node.get("name"))
                        defined(node.get("name"))
                touch(node)
        elif tag in _SEQUENCES or tag == f"{_R}mixed":  # mixed {empty} is text: never all of it
            gone = [c for c in kids if vanishes(c)]
            if gone and len(gone) < len(kids):
                for c in gone:
                    node.remove(c)
                touch(node)
    start = root.find(f"{_R}start")
    if start is not None and any(c.tag == _NOT_ALLOWED or c.get("name") in dead for c in start
                                 if isinstance(c.tag, str)):
        for c in list(start):
            start.remove(c)
        start.append(etree.Element(_NOT_ALLOWED))
    return lost


def _patterns(node: etree._Element) -> list[etree._Element]:
    """The pattern children (the name class of an unnamed element or attribute is not one)."""
    kids = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(_R)]
    if node.tag in (f"{_R}element", f"{_R}attribute") and node.get("name") is None:
        return kids[1:]
    return kids


def _flatten(root: etree._Element) -> None:
    """Undo the nesting that removal leaves behind: a group or choice of one pattern is that pattern, and a repeat
    of a repeat is one repeat. Same language; libxml2 needs it, because nested repeats (``oneOrMore { oneOrMore
    { x } }``, where TEI had a sibling between them) send its automaton construction into exponential time."""
    repeats = {f"{_R}oneOrMore", f"{_R}zeroOrMore"}
    for node in reversed(list(root.iter(f"{_R}group", f"{_R}choice", *repeats))):
        kids = [c for c in node if isinstance(c.tag, str)]
        if len(kids) != 1 or not kids[0].tag.startswith(_R) or node.attrib:
            continue  # an ns or datatypeLibrary on the wrapper is inherited by what it holds: keep it
        child = kids[0]
        if node.tag in (f"{_R}group", f"{_R}choice"):
            node.getparent().replace(node, child)
        elif child.tag in repeats:
            # one-or-more of one-or-more is one-or-more; any other pairing can match nothing, so is zero-or-more
            if node.tag != child.tag:
                child.tag = f"{_R}zeroOrMore"
            node.getparent().replace(node, child)


def _defines(root: etree._Element) -> dict[str, list[etree._Element]]:
    """The grammar's definitions by name (a name can be defined in parts)."""
    defines: dict[str, list[etree._Element]] = {}
    for d in root.iter(f"{_R}define"):
        defines.setdefault(d.get("name"), []).append(d)
    return defines


def _drop_unreachable(root: etree._Element) -> None:
    defines = _defines(root)
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

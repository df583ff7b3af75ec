"""Schemas: find (option, xml-model PI), load once per run, validate, and turn engine errors into findings.

Engines: lxml (libxml2) for RELAX NG and XSD 1.0, the fastest once compiled;
xmlschema for XSD 1.1 (assertions) and for its richer messages. Every schema file,
and every file it includes or imports, is read through ``teitools.resources``: a
schema named by an ``http(s)`` URL, or importing one, is fetched only with
``allow_network``, and what a schema includes must lie in its own folder tree unless
``allow_outside``. All of it is vetted before an engine compiles it, so no engine
reaches the network or a file that was not allowed; a conversion never fetches anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teitools.catalog import Catalog
from teitools.errors import ResourceError, SchemaError, XMLInputError
from teitools.limits import DEFAULT, Limits
from teitools.resources import Access, is_url, load, locate, vet_parts
from teitools.validation.embedded import embedded_schematron
from teitools.validation.expect import ContentModels
from teitools.validation.findings import FileReport
from teitools.validation.schematron import Schematron
from teitools.validation.specialize import specialize, vocabulary
from teitools.xinclude import origin
from teitools.xml import XML_NS

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
OWN_GRAMMARS = 256  # documents' own grammars a process keeps (a warm worker answers the same folders again)
_PARTS = {f"{{{RNG_NS}}}include": "href", f"{{{RNG_NS}}}externalRef": "href", f"{{{XSD_NS}}}include": "schemaLocation",
          f"{{{XSD_NS}}}import": "schemaLocation", f"{{{XSD_NS}}}redefine": "schemaLocation",
          f"{{{XSD_NS}}}override": "schemaLocation"}


class RngIndex:
    """What a RELAX NG grammar allows inside each element, for messages that say what was expected."""

    def __init__(self, doc: etree._ElementTree) -> None:
        r = f"{{{RNG_NS}}}"
        self.defines: dict[str, list[etree._Element]] = {}
        for d in doc.iter(f"{r}define"):
            self.defines.setdefault(d.get("name"), []).append(d)
        self.elements: dict[str, list[etree._Element]] = {}
        for el in doc.iter(f"{r}element"):
            name = el.get("name")
            if name:
                self.elements.setdefault(name, []).append(el)
        self._cache: dict[str, tuple[set[str], set[str]]] = {}
        self._models: ContentModels | None = None
        self._attribute_patterns: dict[str, dict[str, list[etree._Element]]] = {}

    def allowed(self, element: str) -> tuple[set[str], set[str]]:
        """(child element names, attribute names) allowed in ``element``."""
        if element not in self._cache:
            children: set[str] = set()
            attrs: set[str] = set()
            seen: set[str] = set()
            self._attribute_patterns[element] = {}
            for el in self.elements.get(element, []):
                for c in el:
                    self._walk(c, children, attrs, seen, self._attribute_patterns[element])
            self._cache[element] = (children, attrs)
        return self._cache[element]

    def content_problem(self, node: etree._Element) -> str | None:
        """What is wrong with the children of ``node``, worked out from its content model (``expect``)."""
        patterns = self.elements.get(etree.QName(node).localname, [])
        return self._content_models().explain(patterns, node) if patterns else None

    def expected_children(self, node: etree._Element, count: int) -> list[str]:
        """The elements ``node``'s content model allows after its first ``count`` child elements."""
        patterns = self.elements.get(etree.QName(node).localname, [])
        return self._content_models().expected_after(patterns, node, count) if patterns else []

    def _content_models(self) -> ContentModels:
        """Compiled on the first message that needs them: a run of valid files never does."""
        if self._models is None:
            self._models = ContentModels(self.defines)
        return self._models

    def expected(self, element: str, attribute: str) -> list[str]:
        """What the grammar allows as the value of ``attribute`` on ``element``: datatypes, values, text."""
        self.allowed(element)
        found: list[str] = []
        for pattern in self._attribute_patterns.get(element, {}).get(attribute, []):
            self._values(pattern, found, set())
        return list(dict.fromkeys(found))

    def _values(self, node: etree._Element, found: list[str], seen: set[str]) -> None:
        for c in node:
            if not isinstance(c.tag, str):
                continue
            tag = etree.QName(c).localname
            if tag == "data":
                pattern = next((p.text for p in c if etree.QName(p).localname == "param" and
                                p.get("name") == "pattern"), None)
                found.append(f"{c.get('type')}" + (f" matching {pattern}" if pattern else ""))
            elif tag == "value":
                found.append(f'"{c.text or ""}"')
            elif tag == "text":
                found.append("any text")
            elif tag == "empty":
                found.append("nothing (an empty value)")
            elif tag == "ref" and c.get("name") not in seen:
                seen.add(c.get("name"))
                for d in self.defines.get(c.get("name"), []):
                    self._values(d, found, seen)
            elif tag not in ("name", "except"):
                self._values(c, found, seen)

    def _walk(self, node: etree._Element, children: set[str], attrs: set[str], seen: set[str],
              patterns: dict[str, list[etree._Element]]) -> None:
        if not isinstance(node.tag, str):
            return
        tag = etree.QName(node).localname
        if tag == "element":
            if node.get("name"):
                children.add(node.get("name"))
            return
        if tag == "attribute":
            name = node.get("name") or "".join(n.text or "" for n in node if etree.QName(n).localname == "name")
            if name:
                key = name.split(":")[-1] if not name.startswith("xml:") else name
                attrs.add(key)
                patterns.setdefault(key, []).append(node)
            return
        if tag == "ref":
            name = node.get("name")
            if name and name not in seen:
                seen.add(name)
                for d in self.defines.get(name, []):
                    for c in d:
                        self._walk(c, children, attrs, seen, patterns)
            return
        for c in node:
            self._walk(c, children, attrs, seen, patterns)


def _names(items: set[str], limit: int = 14) -> str:
    ordered = sorted(items, key=str.lower)
    shown = ", ".join(f"<{n}>" for n in ordered[:limit])
    return shown + (f" … ({len(ordered) - limit} more)" if len(ordered) > limit else "")


@dataclass
class Schema:
    location: str  # path as given or resolved
    kind: str  # rng | xsd | xsd11
    engine: str
    validator: object  # None until needed when the RELAX NG is compiled specialised first
    index: RngIndex | None = None
    grammar: etree._ElementTree | None = None  # the full RELAX NG grammar, compiled only when needed
    special: etree.RelaxNG | None = None  # the grammar specialised to a vocabulary (``specialize``)
    covers: tuple[frozenset, frozenset] | None = None  # that vocabulary
    embedded: Schematron | None = None  # the Schematron the schema carries (an ODD's constraints), run with it
    special_doc: etree._ElementTree | None = None  # the specialised grammar, for a document's own (``_own``)
    own: dict[tuple[frozenset, frozenset], etree.RelaxNG] = field(default_factory=dict)

    def check(self, tree: etree._ElementTree, report: FileReport, max_errors: int | None = None) -> None:
        report.engine = self.engine
        if self.engine == "xmlschema":
            self._check_xmlschema(tree, report, max_errors)
            return
        validator = self.validator
        if self.covers is not None:
            # the specialised grammar only ever has fewer ways to match, so what it accepts the whole grammar
            # accepts; a rejection stands only if the document keeps to the names it was specialised for
            if self.special.validate(tree):  # type: ignore[union-attr]
                return
            before = self.special
            own = vocabulary([tree])
            validator = self.cover(*own)
            # unchanged, its error log holds this document's errors; specialised anew, it must look again
            if validator is not before and validator.validate(tree):
                return
            if self.covers != own:
                # libxml2 recovers from an error along the ways the grammar offers, so a grammar that also covers
                # other files' names can report other errors after the first (or blame an ancestor): the
                # document's own grammar gives the findings it gets when validated alone or by a warm worker
                validator = self._own(own)
                validator.validate(tree)
        elif validator.validate(tree):  # type: ignore[attr-defined]
            return
        errors = list(validator.error_log)  # type: ignore[attr-defined]
        if not errors and validator is self.special:  # rejected silently: nothing can match (start is notAllowed)
            validator = self._whole()
            validator.validate(tree)
            errors = list(validator.error_log)
        if not errors:
            root = tree.getroot()
            report.add(root.sourceline or 1, 0, "error", "schema",
                       f"the schema allows no document with root element <{etree.QName(root).localname}>")
        firsts: dict[str, etree._Element] | None = None
        for err in errors[: max_errors or None]:
            node = _node_at(tree, err.path)
            line = node.sourceline if node is not None and node.sourceline else err.line
            if firsts is None and "Invalid attribute id" in err.message:
                firsts = _first_ids(tree)
            message = self._explain(err.message, node, firsts or {})
            if node is not None and "Did not expect text" in err.message:
                line = _stray_text(node)[1] or line  # at the text, as jing reports it, not at its element
            elif node is not None and message.startswith(f"<{etree.QName(node).localname}> is missing required"):
                line = _end_line(node) or line  # where the content ended without it: the end tag, as in jing
            report.add(line, err.column, "error", "schema", message, origin(node))

    def cover(self, elements: frozenset, attributes: frozenset) -> etree.RelaxNG:
        """The specialised grammar, specialised again if these names are new to it: tenths of a second, where the
        whole grammar takes 12 s (tei_all). A warm worker grows its grammar this way, request after request."""
        assert self.covers is not None and self.grammar is not None
        if not (elements <= self.covers[0] and attributes <= self.covers[1]):
            covers = (self.covers[0] | elements, self.covers[1] | attributes)
            self.special_doc = specialize(self.grammar, *covers)
            self.special = etree.RelaxNG(self.special_doc)
            self.covers = covers  # only once the grammar for them compiled
        return self.special  # type: ignore[return-value]

    def _own(self, names: tuple[frozenset, frozenset]) -> etree.RelaxNG:
        """The grammar specialised to one document's names, from the run's (small) specialised grammar: what can
        match those names is in it. The last ``OWN_GRAMMARS`` are kept, for the next run of a warm worker."""
        if names not in self.own:
            if len(self.own) >= OWN_GRAMMARS:
                del self.own[next(iter(self.own))]
            self.own[names] = etree.RelaxNG(specialize(self.special_doc, *names))  # type: ignore[arg-type]
        return self.own[names]

    def _whole(self) -> etree.RelaxNG:
        if self.validator is None:
            self.validator = etree.RelaxNG(self.grammar)
        return self.validator  # type: ignore[return-value]

    def _explain(self, message: str, node: etree._Element | None, firsts: dict[str, etree._Element]) -> str:
        """``firsts``: each xml:id's first element (an ID datatype refuses a value only when one before has it)."""
        text = explain(message)
        if self.index is None or node is None:
            return text
        name = etree.QName(node).localname
        parent = node.getparent()
        if re.search(r"Did not expect element|Expecting element|failed to validate content|Expecting an element|"
                     r"extra content", message):
            owner = parent if re.search(r"Did not expect element|Expecting element ", message) else node
            problem = self.index.content_problem(owner) if owner is not None else None
            if problem:
                return _with_namespace(problem, node)
        if re.search(r"Did not expect element|Expecting element", message) and parent is not None:
            pname = etree.QName(parent).localname
            children, _ = self.index.allowed(pname)
            if name in children and etree.QName(node).namespace == etree.QName(parent).namespace:
                text = f"element <{name}> is allowed in <{pname}> but not at this position (check the order of " \
                       f"the children)"
            elif children:
                text += f"; <{pname}> allows {_names(children)}"
        elif re.search(r"Expecting an element|failed to validate content|extra content", message):
            children, _ = self.index.allowed(name)
            if children:
                text = f"<{name}> is missing content or has content in the wrong order; it allows {_names(children)}"
        elif m := re.search(r"Invalid attribute (\S+) for element", message):
            _, attrs = self.index.allowed(name)
            attr = m.group(1)
            if attr not in attrs and f"xml:{attr}" in attrs and node.get(f"{{{XML_NS}}}{attr}") is not None:
                attr = f"xml:{attr}"  # libxml2 names xml:lang, xml:space … without their prefix
            first = firsts.get(node.get(f"{{{XML_NS}}}id") or "") if attr == "xml:id" else None
            if first is not None and first is not node:
                text = f'xml:id "{node.get(f"{{{XML_NS}}}id")}" is used twice in this file (first on line ' \
                       f'{first.sourceline}); give each element its own id'
            elif attr in attrs:
                value = node.get(f"{{{XML_NS}}}{attr[4:]}" if attr.startswith("xml:") else attr)
                expected = self.index.expected(name, attr)
                text = f'the value of @{attr}="{value}" on <{name}> is not allowed by its datatype' + \
                    (f"; expected {', '.join(expected[:8])}" + (" …" if len(expected) > 8 else "") if expected
                     else "")
            elif attrs:
                text += f"; <{name}> allows {', '.join('@' + a for a in sorted(attrs)[:14])}" + \
                        (" …" if len(attrs) > 14 else "")
        elif re.search(r"Did not expect text", message):
            before, _ = _stray_text(node)
            expected = self.index.expected_children(node, before) if before is not None else []
            text = f"text is not allowed here in <{name}>" + (f"; expected {_names(set(expected), 10)}"
                                                              if expected else "")
        return _with_namespace(text, node)

    def _check_xmlschema(self, tree: etree._ElementTree, report: FileReport, max_errors: int | None) -> None:
        for count, err in enumerate(self.validator.iter_errors(tree), 1):  # type: ignore[attr-defined]
            elem = getattr(err, "elem", None)
            line = elem.sourceline if elem is not None and hasattr(elem, "sourceline") else None
            index = getattr(err, "index", None)
            if isinstance(elem, etree._Element) and isinstance(index, int):
                children = [c for c in elem if isinstance(c.tag, str)]
                if index < len(children):
                    line = children[index].sourceline  # the child that does not fit, not its parent
            report.add(line, None, "error", "schema", _xmlschema_message(err, elem),
                       origin(elem) if isinstance(elem, etree._Element) else None)
            if max_errors and count >= max_errors:
                break


def _first_ids(tree: etree._ElementTree) -> dict[str, etree._Element]:
    """Each xml:id's first element."""
    firsts: dict[str, etree._Element] = {}
    for el in tree.iter(etree.Element):
        value = el.get(f"{{{XML_NS}}}id")
        if value is not None:
            firsts.setdefault(value, el)
    return firsts


def _end_line(node: etree._Element) -> int | None:
    """The line of ``node``'s end tag: lxml knows where elements start, so it is counted back from whatever
    comes next in the document, over the text between."""
    between = (node.tail or "").count("\n")
    following = node.getnext()
    if following is not None and following.sourceline:
        return following.sourceline - between
    parent = node.getparent()
    end = _end_line(parent) if parent is not None else None
    return end - between if end else None


def _stray_text(node: etree._Element) -> tuple[int | None, int | None]:
    """Where the first text that is not white space stands in ``node``: (how many child elements come before it,
    its line). A text after a child starts on the line of the child's end tag (``_end_line``), plus the line
    breaks before its first word."""
    if node.text and node.text.strip():
        lead = node.text[: len(node.text) - len(node.text.lstrip())]
        return 0, (node.sourceline or 0) + lead.count("\n") or None
    children = [c for c in node if isinstance(c.tag, str)]
    for i, child in enumerate(children):
        tail = child.tail or ""
        if tail.strip():
            end = _end_line(child)
            return i + 1, end + tail[: len(tail) - len(tail.lstrip())].count("\n") if end else None
    return None, None


def _with_namespace(text: str, node: etree._Element) -> str:
    """Name the namespace of an element that is not in its document's (``<xi:include>`` is not TEI's
    ``<include>``): libxml2's messages give the local name only."""
    ns = etree.QName(node).namespace
    if ns is None or ns == etree.QName(node.getroottree().getroot()).namespace:
        return text
    name = etree.QName(node).localname
    shown = f"<{node.prefix}:{name}>" if node.prefix else f"<{name}>"
    return text.replace(f"<{name}>", f"{shown} (namespace {ns})", 1)


def _xmlschema_message(err: Exception, elem: etree._Element | None) -> str:
    """xmlschema's reason, with element names as <name>, what was expected, and assertions by their documentation."""
    name = f"<{etree.QName(elem).localname}>" if isinstance(elem, etree._Element) else "the element"
    validator = getattr(err, "validator", None)
    annotation = getattr(validator, "annotation", None)
    if type(validator).__name__ == "XsdAssert":
        docs = [d.text for d in getattr(annotation, "documentation", []) if d.text]
        return f"{name}: {docs[0].strip()}" if docs else f"{name}: assertion {validator.path!r} is false"
    reason = getattr(err, "reason", None) or str(err)
    unexpected = re.match(r"Unexpected child with tag '(?:\{[^}]*\}|\w+:)?([\w.-]+)'", reason)
    if unexpected and hasattr(validator, "iter_elements"):
        child = unexpected.group(1)
        allowed = sorted({x.local_name for x in validator.iter_elements() if x.local_name})
        expected = _expected(err)
        wanted = f"; expected here: {_names(set(expected), 8)}" if expected else ""
        if child in allowed:
            hint = ": opening matter, then text, then closing matter" if name in ("<div>", "<body>") else ""
            return f"element <{child}> is allowed in {name} but not at this position (check the order of the " \
                   f"children{hint}){wanted}"
        return f"element <{child}> is not allowed in {name}; it allows {_names(set(allowed))}"
    if "is not complete" in reason:
        expected = _expected(err)
        wanted = f": expected {_names(set(expected), 8)}" if expected else ""
        return f"{name} is missing content{wanted}"
    if "is not an element of the schema" in reason:
        return f"{name} cannot be the root element: a document of this schema starts with " + \
            ", ".join(f"<{_short(str(k))}>" for k in getattr(validator, "elements", {}) or ["TEI"])
    reason = reason.replace("{http://www.w3.org/XML/1998/namespace}", "xml:")
    reason = re.sub(r"'([\w:.-]+)' attribute", r"attribute @\1", reason)
    reason = re.sub(r"'?\{[^}]*\}([\w.-]+)'?", r"<\1>", reason)
    names = _expected(err)
    if names:
        reason += f" Expected: {', '.join(names[:12])}" + (" …" if len(names) > 12 else "") + "."
    return f"{name}: {reason}" if isinstance(elem, etree._Element) and not reason.startswith(name) else reason


def _expected(err: Exception) -> list[str]:
    """The names xmlschema says it expected (element declarations or strings)."""
    expected = getattr(err, "expected", None) or []
    items = expected if isinstance(expected, (list, tuple)) else [expected]
    return sorted({getattr(e, "local_name", None) or _short(str(e)) for e in items})


def _node_at(tree: etree._ElementTree, path: str | None) -> etree._Element | None:
    """The element libxml2's error path names; a path through a foreign element uses the document's own prefix
    (``…/x:foo``), which is looked up where the document declares it."""
    if not path:
        return None
    prefixes = set(re.findall(r"([\w.-]+):[\w.-]", path))
    namespaces: dict[str, str] = {}
    if prefixes:
        for el in tree.iter(etree.Element):
            namespaces.update((p, n) for p, n in el.nsmap.items() if p in prefixes and p not in namespaces)
            if len(namespaces) == len(prefixes):
                break
    try:
        found = tree.xpath(path, namespaces=namespaces)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


def _short(name: str) -> str:
    return re.sub(r"\{[^}]*\}", "", name).replace("tei:", "")


# libxml2's RELAX NG messages → what a person can act on (checked in order)
_MESSAGES = [
    (re.compile(r"Expecting element (?P<exp>\S+), got (?P<got>\S+)"),
     "element <{got}> is not allowed here; expected <{exp}>"),
    (re.compile(r"Did not expect element (?P<el>\S+) there"), "element <{el}> is not allowed here (unexpected child)"),
    (re.compile(r"Element (?P<el>\S+) failed to validate content"),
     "the content of <{el}> does not match its content model (a child is missing, misplaced or not allowed)"),
    (re.compile(r"Invalid attribute (?P<at>\S+) for element (?P<el>\S+)"), "attribute @{at} is not allowed on <{el}>"),
    (re.compile(r"Element (?P<el>\S+) failed to validate attributes"),
     "an attribute of <{el}> has a value its datatype does not allow, or a required attribute is missing"),
    (re.compile(r"Expecting an element (?P<el>\S+), got nothing"), "required element <{el}> is missing"),
    (re.compile(r"Element (?P<el>\S+) has extra content: (?P<x>\S+)"),
     "<{el}> has content its model does not allow: {x}"),
]


def explain(message: str) -> str:
    """libxml2's RELAX NG messages, made to say what was expected where they can."""
    message = message.replace("{http://www.tei-c.org/ns/1.0}", "")
    for rx, template in _MESSAGES:
        m = rx.search(message)
        if m:
            return template.format(**m.groupdict())
    return message


def kind_of(path: str, data: bytes | None = None) -> str:
    low = path.lower()
    if low.endswith(".rng"):
        return "rng"
    if low.endswith((".xsd",)):
        if data is not None and b"vc:minVersion=\"1.1\"" in data or data is not None and b"xs:assert" in data:
            return "xsd11"
        return "xsd"
    if low.endswith(".rnc"):
        raise SchemaError(f"{path}: compact-syntax RELAX NG (.rnc) is not supported; convert it to .rng (trang)")
    if data is not None:
        if RNG_NS.encode() in data[:4000]:
            return "rng"
        if XSD_NS.encode() in data[:4000]:
            return "xsd"
    raise SchemaError(f"{path}: unknown schema type (expected .rng or .xsd)")


class SchemaCache:
    """Schemas compiled once per run and shared by all files."""

    def __init__(self, allow_network: bool = False, prefer: str | None = None,
                 vocabulary: tuple[frozenset, frozenset] | None = None, *, allow_outside: bool = False,
                 limits: Limits = DEFAULT, catalog: Catalog | None = None) -> None:
        self.allow_network = allow_network
        self.catalog = catalog or Catalog(limits=limits)  # the built-in one at least: tei_all offline
        self.allow_outside = allow_outside  # a schema may include or import files outside its own folder tree
        self.limits = limits
        self.prefer = prefer  # force an engine: lxml | xmlschema
        # element and attribute names of all documents of the run: RELAX NG is compiled specialised to them
        self.vocabulary = vocabulary
        self._schemas: dict[str, Schema] = {}
        self._resolved: dict[tuple[str, Path | None], str] = {}

    def get(self, location: str, base: Path | None = None) -> Schema:
        key = (location, base)
        if key not in self._resolved:
            self._resolved[key] = self.resolve(location, base)
        resolved = self._resolved[key]
        if resolved not in self._schemas:
            self._schemas[resolved] = self._load(resolved)
        return self._schemas[resolved]

    def resolve(self, location: str, base: Path | None) -> str:
        return locate(location, str(base) if base is not None else None)

    def _load(self, location: str) -> Schema:
        access = Access("network" if self.allow_network else "local")
        try:
            local = self.catalog.resolve(location)
            path, data = load(local, Access("local"), self.limits, "schema") if local else \
                load(location, access, self.limits, "schema")
        except SchemaError:
            raise
        except ResourceError as exc:
            raise SchemaError(str(exc)) from None
        kind = kind_of(path, data)
        engine = self.prefer or ("xmlschema" if kind == "xsd11" else "lxml")
        if kind == "xsd11" and engine == "lxml":
            raise SchemaError(f"{location}: XSD 1.1 needs the xmlschema engine")
        if engine == "xmlschema" and kind == "rng":
            raise SchemaError(f"{location}: the xmlschema engine reads XSD only")
        doc = _parse_schema(data, location)
        try:
            parts = vet_parts(doc, location, self._part_access(location, access), self.limits, _PARTS, "schema part",
                              self.catalog.resolve)
        except SchemaError:
            raise
        except ResourceError as exc:
            raise SchemaError(str(exc)) from None
        try:
            if engine == "xmlschema":
                import xmlschema

                cls = xmlschema.XMLSchema11 if kind == "xsd11" else xmlschema.XMLSchema10
                # every part is vetted and local: xmlschema may read local files only, remote ones as mapped
                schema = Schema(location, kind, "xmlschema", cls(path, allow="local", defuse="always",
                                                                 uri_mapper=lambda url: parts.get(url, url)))
            elif kind != "rng":
                schema = Schema(location, kind, "lxml", etree.XMLSchema(_reparsed(data, path, parts)))
            else:
                _localise(doc, parts)
                if self.vocabulary is None or not _simple_grammar(doc):
                    schema = Schema(location, kind, "lxml", etree.RelaxNG(doc), RngIndex(doc))
                else:
                    special_doc = specialize(doc, *self.vocabulary)
                    special = etree.RelaxNG(special_doc)
                    schema = Schema(location, kind, "lxml", None, RngIndex(doc), doc, special, self.vocabulary,
                                    special_doc=special_doc)
        except (etree.RelaxNGParseError, etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
            raise SchemaError(f"{location}: cannot compile schema: {exc}") from None
        except Exception as exc:  # xmlschema's own errors (parse, blocked resource) have no common base of ours
            if type(exc).__module__.startswith("xmlschema"):
                raise SchemaError(f"{location}: cannot compile schema: {str(exc).splitlines()[0]}") from None
            raise
        embedded = embedded_schematron(doc)
        if embedded is not None:
            schema.embedded = Schematron.from_element(embedded, location, lazy=True)
        return schema

    def _part_access(self, location: str, access: Access) -> Access:
        """What the schema at ``location`` may include: its own folder tree, unless allowed outside."""
        if self.allow_outside or is_url(location):
            return access
        return Access("folder", Path(location).resolve().parent)


def _parse_schema(data: bytes, location: str) -> etree._ElementTree:
    from teitools.xml import parse_bytes

    try:
        return parse_bytes(data, location)
    except XMLInputError as exc:
        raise SchemaError(f"cannot read schema: {exc}") from None


def _localise(doc: etree._ElementTree, parts: dict[str, str]) -> None:
    """Point the grammar's own include hrefs at the vetted local copies (libxml2 reads RELAX NG parts itself)."""
    for el in doc.getroot().iter(f"{{{RNG_NS}}}include", f"{{{RNG_NS}}}externalRef"):
        href = el.get("href")
        if href in parts and parts[href] != href:
            el.set("href", parts[href])


class _VettedResolver(etree.Resolver):
    """Gives libxml2 the vetted parts of an XSD, and nothing else (a part it asks for that was not vetted gets an
    empty answer, so the compile fails instead of reading it)."""

    def __init__(self, parts: dict[str, str]) -> None:
        super().__init__()
        self.parts = parts

    def resolve(self, url: str, pubid: str | None, context: object) -> object:
        path = self.parts.get(url) or self.parts.get(locate(url, None) if not is_url(url) else url)
        if path is None:
            return self.resolve_string(b"<not-vetted/>", context)
        return self.resolve_filename(path, context)


def _reparsed(data: bytes, path: str, parts: dict[str, str]) -> etree._ElementTree:
    """The XSD parsed by a parser whose resolver serves only the vetted parts: lxml asks it for xs:include and
    xs:import, where libxml2 would otherwise read any file or URL itself."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    parser.resolvers.add(_VettedResolver({**parts, path: path}))
    return etree.fromstring(data, parser, base_url=path).getroottree()


def _simple_grammar(doc: etree._ElementTree) -> bool:
    """One self-contained grammar (as tei_all.rng is): what ``specialize`` can read."""
    root = doc.getroot()
    return root.tag == f"{{{RNG_NS}}}grammar" and not any(
        etree.QName(n).localname in ("include", "externalRef", "parentRef", "grammar") or n.get("combine")
        for n in root.iter(f"{{{RNG_NS}}}*") if n is not root)


def _xml_models(tree: etree._ElementTree) -> list[dict[str, str]]:
    """The pseudo-attributes of each ``xml-model`` processing instruction before the root, in document order."""
    node = tree.getroot().getprevious()
    candidates = []
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            candidates.append(node)
        node = node.getprevious()
    return [dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', pi.text or "")) |
            dict(re.findall(r"(\w+)\s*=\s*'([^']*)'", pi.text or "")) for pi in reversed(candidates)]


def declared_schema(tree: etree._ElementTree) -> str | None:
    """The schema a document declares in its ``xml-model`` processing instruction (RELAX NG or XSD)."""
    for attrs in _xml_models(tree):
        href = attrs.get("href")
        ns = attrs.get("schematypens", "")
        if href and (ns in (RNG_NS, XSD_NS) or (ns != SCH_NS and href.lower().endswith((".rng", ".xsd")))):
            return href
    return None


def declared_schematron(tree: etree._ElementTree) -> list[str]:
    """The Schematron a document declares: an ``xml-model`` of the Schematron namespace names a Schematron file,
    or a RELAX NG or XSD whose embedded Schematron is meant (as Oxygen reads it)."""
    return [attrs["href"] for attrs in _xml_models(tree) if attrs.get("href") and (
        attrs.get("schematypens") == SCH_NS or
        (not attrs.get("schematypens") and attrs["href"].lower().endswith(".sch")))]

"""ISO Schematron with XPath 2.0/3.1 (elementpath), without XSLT: what TEI projects' Schematron is written for.

A schema is compiled once: includes resolved (inside the schema's folder tree unless allowed otherwise), abstract
patterns instantiated with their parameters, abstract rules inserted where rules extend them, the phase's
patterns chosen, every expression parsed. Checking a document walks each pattern's rules in order; a node is
handled by the first rule of a pattern whose context matches it (ISO Schematron §6.5). A failed assert or a
successful report is a finding with the node's line, the rule's role and the assert's id; an expression that
cannot be evaluated is a finding that says so, never a silent skip.

libxml2 answers what it answers as XPath 2 would (``xslt.xpath1_selection``, ``xpath1_candidates``,
``xpath1_test``): which elements a rule's context selects, whether a context matches nothing, and simple tests.
elementpath does the rest, and a schema compiled lazily (the one a grammar embeds) parses an expression only when
a document first needs it; a letter that tei_all's patterns leave alone never loads elementpath at all.
"""

from __future__ import annotations

import contextlib
import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from teitools.errors import ResourceError, XMLInputError
from teitools.limits import DEFAULT, Limits
from teitools.resources import Access, read_regular, vet_parts
from teitools.validation import xslt
from teitools.validation.findings import FileReport, SchematronHit
from teitools.xml import parse_bytes

if TYPE_CHECKING:
    from elementpath import XPathContext

SCH = "http://purl.oclc.org/dsdl/schematron"
S = f"{{{SCH}}}"
XSL = "http://www.w3.org/1999/XSL/Transform"
BINDINGS = {"xslt", "xslt1", "xslt2", "xslt3", "xpath", "xpath2", "xpath3", "xpath31", "exslt"}
# roles that do not make a document invalid; TEI writes "nonfatal" for the constraints it only advises
WARNING_ROLES = {"warning", "warn", "info", "information", "informational", "nonfatal"}


@dataclass
class Expr:
    """An expression of the schema: elementpath's parse, made when first needed; libxml2's, where it answers alike."""
    source: str
    line: int | None
    token: object = None
    fast: etree.XPath | None = None  # a test libxml2 answers as XPath 2 would
    guard: etree.XPath | None = None  # else, of a test ``A and …``, ``A`` so answered: where it is false, so is all
    plain: str | None = None  # the test in XPath 1.0 without the rule's variables, for attributes' tests
    on_attributes: dict[str, etree.XPath | None] = field(default_factory=dict)  # by attribute name (Clark)


@dataclass
class Assertion:
    kind: str  # assert | report
    test: Expr
    message: etree._Element
    id: str | None
    role: str | None
    flag: str | None
    diagnostics: list[etree._Element] = field(default_factory=list)
    plain: bool = True  # the message and diagnostics are text and <name/>: written without XPath
    properties: list[etree._Element] = field(default_factory=list)


@dataclass
class Rule:
    context: Expr  # the context as an expression selecting the nodes it matches
    source: str
    lets: list[tuple[str, Expr]]
    assertions: list[Assertion]
    id: str | None
    role: str | None
    # the context in XPath 1.0 for libxml2, where it can be: finding the nodes a rule handles is most of the work,
    # and elementpath walks the tree in Python once per rule
    fast: etree.XPath | None = None
    # else, where it can be, libxml2's test that no node could match (a superset of the context without predicates)
    candidates: etree.XPath | None = None
    strings: dict[str, etree.XPath] = field(default_factory=dict)  # lets libxml2 computes, each one string


@dataclass
class Pattern:
    id: str | None
    lets: list[tuple[str, Expr]]
    rules: list[Rule] = field(default_factory=list)


class SchematronError(ResourceError):
    """A Schematron schema that cannot be compiled: the file, the element and why."""


class Schematron:
    def __init__(self, path: str, *, allow_outside: bool = False, limits: Limits = DEFAULT,
                 phase: str | None = None) -> None:
        access = Access("local") if allow_outside else Access("folder", Path(path).resolve().parent)
        self._compile(_load(path, access, limits), path, phase, lazy=False)

    @classmethod
    def from_element(cls, root: etree._Element, name: str, phase: str | None = None, *,
                     lazy: bool = False) -> Schematron:
        """A schema already in memory (the Schematron embedded in a grammar); ``name`` names it in messages.
        ``lazy``: expressions are parsed when a document first needs them (a bad one is then a finding)."""
        schematron = cls.__new__(cls)
        schematron._compile(root, name, phase, lazy=lazy)
        return schematron

    def _compile(self, root: etree._Element, path: str, phase: str | None, lazy: bool) -> None:
        self.path = path
        self.name = Path(path).name
        binding = (root.get("queryBinding") or "xslt").lower()
        if binding not in BINDINGS:
            raise SchematronError(f"{self.name}: query binding {binding!r} is not supported "
                                  f"(supported: {', '.join(sorted(BINDINGS))})")
        self.namespaces = {ns.get("prefix"): ns.get("uri") for ns in root.iter(f"{S}ns") if ns.get("prefix")}
        self.root = root
        self.lazy = lazy
        self.parser: object = None  # elementpath's, made with the first expression it parses
        self.key_indexes: dict[str, dict] = {}
        self.diagnostics = {d.get("id"): d for d in root.iter(f"{S}diagnostic") if d.get("id")}
        self.properties = {p.get("id"): p for p in root.iter(f"{S}property") if p.get("id")}
        self.unsupported = xslt.unsupported(root)
        self.lets = [self._let(let) for let in root.iterchildren(f"{S}let")]
        _expand_abstract(root, self.name)
        active = _phase_patterns(root, phase, self.name)
        self.patterns: list[Pattern] = []
        abstract_rules = {r.get("id"): r for r in root.iter(f"{S}rule") if r.get("abstract") == "true"}
        for pattern in root.iterchildren(f"{S}pattern"):
            if pattern.get("abstract") == "true" or (active is not None and pattern.get("id") not in active):
                continue
            compiled = Pattern(pattern.get("id"), [self._let(let) for let in pattern.iterchildren(f"{S}let")])
            for rule in pattern.iterchildren(f"{S}rule"):
                if rule.get("abstract") == "true":
                    continue
                compiled.rules.append(self._rule(rule, abstract_rules))
            self.patterns.append(compiled)

    # -- compiling ------------------------------------------------------------------------------------------
    def _parse(self, expr: str, where: etree._Element | int | None) -> object:
        """elementpath's parse of ``expr`` (``where``: the schema element or line, for the message)."""
        if self.parser is None:
            from elementpath.collations import UNICODE_CODEPOINT_COLLATION
            from elementpath.xpath31 import XPath31Parser

            # XPath's own default collation (Saxon's too), not one elementpath derives from the machine's locale:
            # results do not change with LC_COLLATE, and a locale the system lacks cannot leave elementpath's
            # collation lock held
            self.parser = XPath31Parser(namespaces=self.namespaces, default_collation=UNICODE_CODEPOINT_COLLATION)
            xslt.declare(self, self.root)
        try:
            return self.parser.parse(expr)  # type: ignore[attr-defined]
        except Exception as exc:  # elementpath raises several error classes, all with a message
            line = where.sourceline if isinstance(where, etree._Element) else where
            raise SchematronError(f"{self.name}:{line}: cannot parse {expr!r}: {exc}") from None

    def _expr(self, source: str, where: etree._Element, test: bool = False,
              strings: frozenset[str] = frozenset()) -> Expr:
        """``strings``: the rule's variables libxml2 gives a test (each one string)."""
        expr = Expr(source, where.sourceline)
        if test:
            expr.fast = self._libxml2(xslt.xpath1_test(source, strings))
            if expr.fast is None:
                expr.guard = self._libxml2(xslt.xpath1_guard(source))
            expr.plain = xslt.xpath1(source)
        if not self.lazy:
            expr.token = self._parse(source, where)
        return expr

    def _libxml2(self, expr: str | None) -> etree.XPath | None:
        if expr is None:
            return None
        with contextlib.suppress(etree.XPathError):  # XPath 2 that libxml2 does not read: elementpath's
            return etree.XPath(expr, namespaces=self._prefixes())
        return None

    def _on_attribute(self, expr: Expr, name: str) -> etree.XPath | None:
        """The test at an attribute, asked of its element: ``@name[boolean(test)]`` puts libxml2 at the attribute
        (lxml evaluates from elements only)."""
        if name not in expr.on_attributes:
            expr.on_attributes[name] = self._libxml2(f"boolean({_attribute_step(name)}[boolean({expr.plain})])") \
                if expr.plain is not None else None
        return expr.on_attributes[name]

    def _token(self, expr: Expr) -> object:
        if expr.token is None:
            expr.token = self._parse(expr.source, expr.line)
        return expr.token

    def _prefixes(self) -> dict[str, str]:
        return {k: v for k, v in self.namespaces.items() if k}

    def _let(self, let: etree._Element) -> tuple[str, Expr]:
        value = let.get("value")
        if value is None:
            raise SchematronError(f"{self.name}:{let.sourceline}: let {let.get('name')!r} without @value is not "
                                  f"supported")
        return let.get("name"), self._expr(value, let)

    def _rule(self, rule: etree._Element, abstract: dict[str, etree._Element]) -> Rule:
        body: list[etree._Element] = []
        for child in rule:
            if child.tag == f"{S}extends":
                base = abstract.get(child.get("rule"))
                if base is None:
                    raise SchematronError(f"{self.name}:{child.sourceline}: extends an unknown abstract rule "
                                          f"{child.get('rule')!r}")
                body.extend(base)
            else:
                body.append(child)
        context = rule.get("context") or ""
        lets = [self._let(c) for c in body if c.tag == f"{S}let"]
        strings = {name: fast for name, fast in ((name, self._libxml2(xslt.xpath1_string(expr.source)))
                                                 for name, expr in lets) if fast is not None}
        assertions = []
        for c in body:
            if c.tag in (f"{S}assert", f"{S}report"):
                diagnostics = [self._referenced("diagnostic", d, c) for d in (c.get("diagnostics") or "").split()]
                properties = [self._referenced("property", d, c) for d in (c.get("properties") or "").split()]
                test = self._expr(c.get("test") or "", c, test=True, strings=frozenset(strings))
                assertions.append(Assertion(c.tag.split("}")[1], test, c,
                                            c.get("id"), c.get("role") or rule.get("role"), c.get("flag"),
                                            diagnostics, all(_plain(m) for m in (c, *diagnostics, *properties)),
                                            properties))
        return Rule(self._expr(xslt.selection(context), rule), context, lets, assertions, rule.get("id"),
                    rule.get("role"), *self._fast(context), strings)

    def _referenced(self, kind: str, ref: str, where: etree._Element) -> etree._Element:
        """The diagnostic or property an assert names by id."""
        table = self.diagnostics if kind == "diagnostic" else self.properties
        if ref not in table:
            raise SchematronError(f"{self.name}:{where.sourceline}: no {kind} {ref!r}")
        return table[ref]

    def _fast(self, context: str) -> tuple[etree.XPath | None, etree.XPath | None]:
        """The context as libxml2 can select it, else a test libxml2 can make that it matches nothing."""
        selection = self._libxml2(xslt.xpath1_selection(context))
        return (selection, None) if selection is not None else (None, self._libxml2(xslt.xpath1_candidates(context)))

    # -- checking -------------------------------------------------------------------------------------------
    def check(self, tree: etree._ElementTree, report: FileReport) -> None:
        if self.unsupported:
            report.add(None, None, "warning", "schematron-unsupported",
                       f"{self.name} declares {', '.join(self.unsupported)}: not supported; rules that use them "
                       f"report that they could not be evaluated")
        doc = _Document(tree)
        self.key_indexes.clear()  # built anew for each document, on its first key() call
        variables = self._variables(self.lets, {}, doc, report)
        for pattern in self.patterns:
            pvars = self._variables(pattern.lets, variables, doc, report)
            handled: set[object] = set()
            for rule in pattern.rules:
                try:
                    matched = self._matched(rule, doc, pvars)
                except Exception as exc:
                    report.add(None, None, "warning", "schematron-unevaluable",
                               f"{self.name}: rule context {rule.source!r} could not be evaluated: {exc}")
                    continue
                failed_once = False
                for item in matched:
                    key = item if isinstance(item, (etree._Element, _Attribute)) else _identity(item)
                    if key in handled:
                        continue
                    handled.add(key)
                    # elementpath's context (and the rule's variables) only when a test or a message needs them
                    here: XPathContext | None = None
                    if not isinstance(item, (etree._Element, _Attribute)) or \
                            (isinstance(item, _Attribute) and rule.lets):
                        here = self._context(rule, doc, item, pvars, report)
                    strings: dict[str, str] | None = None
                    for a in rule.assertions:
                        try:
                            at_attribute = self._on_attribute(a.test, item.name) \
                                if here is None and isinstance(item, _Attribute) else None
                            if at_attribute is not None:
                                value = at_attribute(item.element)
                            elif here is None and isinstance(item, etree._Element) and a.test.fast is not None:
                                if strings is None:
                                    strings = {name: fast(item) for name, fast in rule.strings.items()}
                                value = a.test.fast(item, **strings)
                            elif here is None and isinstance(item, etree._Element) and a.test.guard is not None \
                                    and not a.test.guard(item):
                                value = False
                            else:
                                here = here or self._context(rule, doc, item, pvars, report)
                                token = self._token(a.test)
                                value = token.boolean_value(token.evaluate(here))  # type: ignore[attr-defined]
                        except Exception as exc:
                            if not failed_once:
                                report.add(_line(item), None, "warning", "schematron-unevaluable",
                                           f"{self.name}: {a.kind} {a.test.source!r} could not be evaluated: {exc}")
                                failed_once = True
                            continue
                        if (a.kind == "assert" and not value) or (a.kind == "report" and value):
                            if here is None and (not a.plain or not isinstance(item, etree._Element)):
                                here = self._context(rule, doc, item, pvars, report)
                            self._fired(a, rule, pattern, item, here, tree, report)

    def _fired(self, a: Assertion, rule: Rule, pattern: Pattern, item: object, here: XPathContext | None,
               tree: etree._ElementTree, report: FileReport) -> None:
        role = (a.role or "error").lower()
        severity = "warning" if role in WARNING_ROLES else "error"
        rule_id = a.id or rule.id or pattern.id or "rule"
        diagnostics = tuple((d.get("id"), self._message(d, here, item)) for d in a.diagnostics)
        properties = tuple((p.get("id"), p.get("role") or "", p.get("scheme") or "", self._message(p, here, item))
                           for p in a.properties)
        hit = SchematronHit("failed-assert" if a.kind == "assert" else "successful-report", a.test.source,
                            _location(item, tree), pattern.id, rule.source, a.id, a.role, a.flag, diagnostics,
                            properties)
        message = self._message(a.message, here, item) + (
            f" ({'; '.join(t for _, t in diagnostics)})" if diagnostics else "")
        report.add(_line(item), None, severity, f"schematron:{rule_id}", message, None, hit)

    def _matched(self, rule: Rule, doc: _Document, variables: dict[str, object]) -> list:
        """The nodes the rule's context selects: lxml's elements and attributes where libxml2 found them, else
        elementpath's nodes."""
        if rule.fast is not None:
            found = rule.fast(doc.tree)
            if isinstance(found, list) and all(isinstance(n, etree._Element) or getattr(n, "is_attribute", False)
                                               for n in found):
                return [n if isinstance(n, etree._Element) else _Attribute(n.getparent(), n.attrname) for n in found]
        if rule.candidates is not None and not rule.candidates(doc.tree):
            return []
        from elementpath import XPathContext

        matched = self._token(rule.context).evaluate(  # type: ignore[attr-defined]
            XPathContext(doc.nodes, variables=variables, documents={}))
        return matched if isinstance(matched, list) else [matched]

    def _variables(self, lets: list[tuple[str, Expr]], outer: dict[str, object], doc: _Document,
                   report: FileReport) -> dict[str, object]:
        """The schema's or a pattern's variables over the document, each seeing the ones before it."""
        if not lets:
            return outer
        from elementpath import XPathContext

        variables = dict(outer)
        for name, expr in lets:
            variables[name] = self._value(expr, XPathContext(doc.nodes, variables=variables, documents={}), report,
                                          None)
        return variables

    def _context(self, rule: Rule, doc: _Document, item: object, variables: dict[str, object],
                 report: FileReport) -> XPathContext:
        """elementpath's dynamic context at the node a rule handles, with the rule's variables."""
        from elementpath import XPathContext

        node = doc.node(item) if isinstance(item, etree._Element) else \
            doc.attribute(item) if isinstance(item, _Attribute) else item
        rvars = dict(variables)
        rvars[xslt.CURRENT] = node
        here = XPathContext(doc.nodes, item=node, variables=rvars, documents={})
        for name, expr in rule.lets:  # each let sees the ones before it
            rvars[name] = self._value(expr, here, report, node)
            here = XPathContext(doc.nodes, item=node, variables=rvars, documents={})
        return here

    def _value(self, expr: Expr, context: XPathContext, report: FileReport, node: object) -> object:
        try:
            return self._token(expr).evaluate(context)  # type: ignore[attr-defined]
        except Exception as exc:
            report.add(_line(node) if node is not None else None, None, "warning", "schematron-unevaluable",
                       f"{self.name}: let value {expr.source!r} could not be evaluated: {exc}")
            return []

    def _message(self, el: etree._Element, context: XPathContext | None, item: object) -> str:
        parts = [el.text or ""]
        for child in el:
            if child.tag == f"{S}value-of":
                parts.append(self._string(child.get("select") or ".", child, context))
            elif child.tag == f"{S}name" and context is None:  # a plain message: the element's name as written
                parts.append(item.prefix + ":" + etree.QName(item).localname if item.prefix  # type: ignore[attr-defined]
                             else etree.QName(item).localname)
            elif child.tag == f"{S}name":
                parts.append(self._string(f"name({child.get('path') or '.'})", child, context))
            elif isinstance(child.tag, str):
                parts.append(self._message(child, context, item))
            parts.append(child.tail or "")
        return " ".join("".join(parts).split())

    def _string(self, expr: str, where: etree._Element, context: XPathContext | None) -> str:
        try:
            token = self._parse(expr, where)
            value = token.evaluate(context)  # type: ignore[attr-defined]
        except Exception as exc:
            return f"[cannot evaluate {expr}: {exc}]"
        return " ".join(str(token.string_value(i)) for i in xslt.items(value))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Attribute:
    """An attribute libxml2 selected: its element and its name (Clark notation), as lxml hands them over."""
    element: etree._Element
    name: str


class _Document:
    """A document being checked: elementpath's node tree and each element's node there, made when first needed."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self._nodes: object = None
        self._elements: dict[etree._Element, object] = {}

    @property
    def nodes(self) -> object:
        if self._nodes is None:
            from elementpath import get_node_tree

            self._nodes = get_node_tree(self.tree)
        return self._nodes

    def attribute(self, item: _Attribute) -> object:
        return next(a for a in self.node(item.element).attributes if str(a.name) == item.name)  # type: ignore

    def node(self, elem: etree._Element) -> object:
        if not self._elements:
            self._elements.update((n.elem, n) for n in self.nodes.iter_descendants()  # type: ignore[attr-defined]
                                  if type(n).__name__.endswith("ElementNode"))
        return self._elements[elem]


def _plain(message: etree._Element) -> bool:
    """A message of text and ``<name/>`` only: written without evaluating anything."""
    return all(child.tag != f"{S}value-of" and not (child.tag == f"{S}name" and child.get("path")) and _plain(child)
               for child in message if isinstance(child.tag, str))


def _location(node: object, tree: etree._ElementTree) -> str:
    """An XPath 1.0 path to the node, as SVRL's @location wants."""
    if isinstance(node, etree._Element):
        return tree.getpath(node)
    if isinstance(node, _Attribute):
        return f"{tree.getpath(node.element)}/{_attribute_step(node.name)}"
    elem = getattr(node, "elem", None)
    kind = type(node).__name__
    if kind.endswith("ElementNode") and elem is not None:
        return tree.getpath(elem)
    parent = getattr(node, "parent", None)
    if parent is None:
        return "/"
    base = _location(parent, tree)
    if "Attribute" in kind:
        return f"{base}/{_attribute_step(str(getattr(node, 'name', '')))}"
    siblings = [c for c in getattr(parent, "children", []) if type(c).__name__ == kind]
    step = {"TextNode": "text()", "CommentNode": "comment()"}.get(kind, "node()")
    position = next((k for k, c in enumerate(siblings, 1) if c is node), 1)
    return f"{base}/{step}[{position}]"


def _attribute_step(name: str) -> str:
    """An XPath 1.0 step to the attribute of ``name`` (Clark notation), whatever prefix the document gave it."""
    if not name.startswith("{"):
        return f"@{name}"
    uri, local = name[1:].split("}", 1)
    return f"@*[local-name()='{local}' and namespace-uri()='{uri}']"


def _identity(node: object) -> object:
    """The same document node however it is handed over: an element as lxml's element, any other node itself."""
    elem = getattr(node, "elem", None)
    if elem is not None and type(node).__name__.endswith("ElementNode"):
        return elem
    return node


def _line(node: object) -> int | None:
    if isinstance(node, etree._Element):
        return node.sourceline
    if isinstance(node, _Attribute):
        return node.element.sourceline
    while node is not None:
        elem = getattr(node, "elem", None)
        if elem is not None and hasattr(elem, "sourceline") and type(node).__name__.endswith("ElementNode"):
            return elem.sourceline
        node = getattr(node, "parent", None)
    return None


def _load(path: str, access: Access, limits: Limits) -> etree._Element:
    try:
        doc = parse_bytes(read_regular(path, limits.resource_size, "Schematron"), path)
    except XMLInputError as exc:
        raise SchematronError(f"cannot read Schematron: {exc}") from None
    vet_parts(doc, path, access, limits, {f"{S}include": "href"}, "Schematron include")
    root = doc.getroot()
    if root.tag != f"{S}schema":
        raise SchematronError(f"{Path(path).name}: not an ISO Schematron schema (root <{root.tag}>)")
    _include(root, Path(path).resolve().parent, limits, set())
    return root


def _include(root: etree._Element, base: Path, limits: Limits, seen: set[Path]) -> None:
    for inc in list(root.iter(f"{S}include")):
        target = (base / (inc.get("href") or "")).resolve()
        if target in seen:  # a file that includes what includes it: each is read once, the loop is not followed
            inc.getparent().remove(inc)
            continue
        try:
            part = parse_bytes(read_regular(target, limits.resource_size, "Schematron include"), str(target))
        except XMLInputError as exc:
            raise SchematronError(f"cannot read Schematron include: {exc}") from None
        included = part.getroot()
        _include(included, target.parent, limits, seen | {target})
        parent = inc.getparent()
        # a whole schema included: its patterns and declarations; else the element itself
        pieces = list(included) if included.tag == f"{S}schema" else [included]
        index = parent.index(inc)
        parent.remove(inc)
        for k, piece in enumerate(pieces):
            parent.insert(index + k, copy.deepcopy(piece))


def _expand_abstract(root: etree._Element, name: str) -> None:
    """Instantiate ``pattern is-a`` from its abstract pattern, substituting the ``$param``s."""
    abstract = {p.get("id"): p for p in root.iterchildren(f"{S}pattern") if p.get("abstract") == "true"}
    for pattern in list(root.iterchildren(f"{S}pattern")):
        base_id = pattern.get("is-a")
        if not base_id:
            continue
        base = abstract.get(base_id)
        if base is None:
            raise SchematronError(f"{name}:{pattern.sourceline}: pattern is-a unknown abstract pattern {base_id!r}")
        params = {p.get("name"): p.get("value") or "" for p in pattern.iterchildren(f"{S}param")}
        rx = re.compile(r"\$(" + "|".join(re.escape(k) for k in sorted(params, key=len, reverse=True)) +
                        r")(?![\w.-])") if params else None
        instance = copy.deepcopy(base)
        instance.attrib.pop("abstract", None)
        if pattern.get("id"):
            instance.set("id", pattern.get("id"))
        else:
            instance.attrib.pop("id", None)
        if rx is not None:
            for el in instance.iter():
                for attr in ("context", "test", "select", "value", "path"):
                    if el.get(attr):
                        el.set(attr, rx.sub(lambda m, values=params: values[m.group(1)], el.get(attr)))
        pattern.addnext(instance)
        root.remove(pattern)


def _phase_patterns(root: etree._Element, phase: str | None, name: str) -> set[str] | None:
    """The ids of the patterns a phase makes active; None for all of them (#ALL)."""
    phase = phase or root.get("defaultPhase") or "#ALL"
    if phase == "#ALL":
        return None
    for p in root.iterchildren(f"{S}phase"):
        if p.get("id") == phase:
            return {a.get("pattern") for a in p.iterchildren(f"{S}active")}
    known = [p.get("id") for p in root.iterchildren(f"{S}phase")]
    raise SchematronError(f"{name}: no phase {phase!r}; phases: {', '.join(filter(None, known)) or 'none'}")

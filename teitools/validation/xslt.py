"""The XSLT a Schematron with an xslt, xslt2 or xslt3 binding may use, on elementpath without an XSLT processor.

Supported: ``current()`` (the node the rule is handling), ``key()`` over the schema's ``xsl:key`` declarations,
and ``xsl:function`` whose body is ``xsl:param``s, ``xsl:variable``s with ``@select`` and one ``xsl:sequence`` or
``xsl:value-of`` with ``@select`` — the forms TEI projects' Schematron uses. A function written any other way is
named as unsupported, and each rule that calls it reports that it could not be evaluated.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from elementpath import XPathContext
from lxml import etree

if TYPE_CHECKING:
    from teitools.validation.schematron import Schematron

XSL = "http://www.w3.org/1999/XSL/Transform"
X = f"{{{XSL}}}"
# a variable name no expression can write: the node the rule handles
CURRENT = " current"


class XsltError(Exception):
    """An XSLT feature used as the schema does not allow (an unknown key, a function that cannot run)."""


def declare(schematron: Schematron, root: etree._Element) -> list[str]:
    """Give the schema's parser ``current()``, ``key()`` and the schema's functions; return what is unsupported."""
    parser = schematron.parser
    _define(parser, "current", None, lambda context, args: context.variables.get(CURRENT, context.item))
    keys: dict[str, list[tuple[object, object]]] = {}
    for key in root.iter(f"{X}key"):
        match, use = key.get("match") or "", key.get("use") or ""
        keys.setdefault(key.get("name") or "", []).append(
            (schematron._parse(selection(match), key), schematron._parse(use, key)))
    _define(parser, "key", None, lambda context, args: _key(keys, schematron.key_indexes, context, args), 2, 1)
    unsupported = []
    for function in root.iter(f"{X}function"):
        name = function.get("name") or ""
        prefix, _, local = name.rpartition(":")
        body = _body(function)
        if prefix not in parser.namespaces and prefix in function.nsmap:
            parser.namespaces[prefix] = function.nsmap[prefix]
        if body is None or prefix not in parser.namespaces:
            unsupported.append(f"xsl:function {name}")
            if prefix in parser.namespaces:  # calls parse, and each says it could not be evaluated
                arity = len(list(function.iterchildren(f"{X}param")))
                _define(parser, local, prefix, lambda context, args, n=name: _refuse(n), arity)
            continue
        params = [p.get("name") or "" for p in function.iterchildren(f"{X}param")]
        steps = [(el.get("name"), schematron._parse(el.get("select") or "()", el), el.tag == f"{X}value-of")
                 for el in body]
        _define(parser, local, prefix, lambda context, args, p=params, s=steps, n=name: _call(n, p, s, context, args),
                len(params))
    return unsupported


def _define(parser: object, name: str, prefix: str | None, body: Callable[[XPathContext, list], object],
            required: int = 0, optional: int = 0) -> None:
    """A function whose body sees the dynamic context (elementpath hands an external function its arguments only);
    elementpath learns its arity from the signature of the callback it registers, which the body replaces."""
    def signature() -> None:
        return None

    params = [inspect.Parameter(f"a{k}", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                default=None if k >= required else inspect.Parameter.empty)
              for k in range(required + optional)]
    signature.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    token = parser.external_function(signature, name=name, prefix=prefix)  # type: ignore[attr-defined]
    token.label = "function"  # as a built-in one, so that a path may go on from it: current()/@spanTo

    def evaluate(self: object, context: XPathContext | None = None) -> object:
        if context is None:  # elementpath folds constant calls while parsing: this one needs the document
            raise self.missing_context()  # type: ignore[attr-defined]
        return body(context, [_items(self[k].evaluate(context)) for k in range(len(self))])  # type: ignore[index]

    token.evaluate = evaluate


def _items(value: object) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _string(item: object) -> str:
    return str(item.string_value) if hasattr(item, "string_value") else str(item)


def selection(pattern: str) -> str:
    """An XSLT pattern (a rule context, a key's match) as an expression selecting the nodes it matches."""
    pattern = pattern.strip()
    if pattern == "/":
        return "/"
    return f"//({pattern})" if not pattern.startswith("/") or "|" in pattern else pattern


def xpath1_selection(pattern: str) -> str | None:
    """The same selection in XPath 1.0 for libxml2, where the pattern is XPath 1.0 syntax; None where it cannot be
    (variables, or a parenthesised step); libxml2 refusing to compile it is the other test."""
    if "$" in pattern or pattern.strip() == "/":
        return None
    steps = [a.strip() for a in _split(pattern, "|")]
    if any(not a or a.startswith("(") for a in steps):
        return None
    return " | ".join(a if a.startswith("/") else f"//{a}" for a in steps)


def xpath1_candidates(pattern: str) -> str | None:
    """An XPath 1.0 expression selecting every node the pattern could match and more (the pattern without its
    predicates): where it selects nothing, the pattern matches nothing, whatever XPath 2 its predicates use."""
    if "$" in pattern:
        return None
    return _absolute(_without_predicates(pattern))


def _absolute(pattern: str) -> str | None:
    """A pattern's paths from the document's root: ``(a | b)/c`` as ``(//a | //b)/c``."""
    alternatives = []
    for alternative in _split(pattern, "|"):
        alternative = alternative.strip()
        if alternative.startswith("("):
            close = _closing(alternative)
            inner = _absolute(alternative[1:close]) if close else None
            if inner is None:
                return None
            alternatives.append(f"({inner}){alternative[close + 1:]}")
        elif alternative:
            alternatives.append(alternative if alternative.startswith("/") else f"//{alternative}")
        else:
            return None
    return " | ".join(alternatives)


def _scan(text: str) -> Iterator[tuple[int, str, int, int, bool]]:
    """(index, character, parenthesis depth, bracket depth, inside a string literal) of each character; the
    depths are those before it."""
    paren = bracket = 0
    quote = ""
    for k, ch in enumerate(text):
        if quote or ch in "'\"":
            quote = ch if not quote else "" if ch == quote else quote
            yield k, ch, paren, bracket, True
            continue
        yield k, ch, paren, bracket, False
        paren += (ch == "(") - (ch == ")")
        bracket += (ch == "[") - (ch == "]")


def _closing(text: str) -> int | None:
    """The index of the parenthesis that closes the one ``text`` opens with."""
    return next((k for k, ch, paren, _, quoted in _scan(text) if ch == ")" and paren == 1 and not quoted), None)


def _without_predicates(pattern: str) -> str:
    return "".join(ch for _, ch, _, bracket, quoted in _scan(pattern) if bracket == 0 and (quoted or ch != "["))


def _split(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside brackets, parentheses and string literals."""
    cuts = [k for k, ch, paren, bracket, quoted in _scan(text)
            if ch == separator and not quoted and paren == 0 and bracket == 0]
    return [text[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]


def _key(keys: dict[str, list[tuple[object, object]]], indexes: dict[str, dict], context: XPathContext,
         args: list) -> list:
    """The nodes whose key value is one of the values: the index is built on the first call for the document."""
    if len(args) < 2 or not args[0]:
        raise XsltError("key() takes a key name and a value")
    name = _string(args[0][0])
    if name not in keys:
        raise XsltError(f"no xsl:key named {name!r} in the schema")
    index = indexes.get(name)
    if index is None:
        index = indexes[name] = {}
        top = XPathContext(context.root, variables=context.variables)
        order = 0
        for match, use in keys[name]:
            for node in _items(match.evaluate(top)):  # type: ignore[attr-defined]
                order += 1
                here = XPathContext(context.root, item=node, variables=context.variables)
                for value in _items(use.evaluate(here)):  # type: ignore[attr-defined]
                    index.setdefault(_string(value), {}).setdefault(id(node), (order, node))
    found: dict[int, tuple[int, object]] = {}
    for value in args[1]:
        found.update(index.get(_string(value), {}))
    return [node for _, node in sorted(found.values(), key=lambda pair: pair[0])]


def _refuse(name: str) -> object:
    raise XsltError(f"xsl:function {name} is written in a form teitools does not run")


def _body(function: etree._Element) -> list[etree._Element] | None:
    """The variables and the result of a function of the supported form, else None."""
    steps = [el for el in function if isinstance(el.tag, str) and el.tag != f"{X}param"]
    if not steps or steps[-1].tag not in (f"{X}sequence", f"{X}value-of"):
        return None
    if any(el.get("select") is None or len(el) for el in steps) or \
            any(el.tag != f"{X}variable" for el in steps[:-1]):
        return None
    return steps


def _call(name: str, params: list[str], steps: list[tuple[str | None, object, bool]], context: XPathContext,
          args: list) -> object:
    if len(args) != len(params):
        raise XsltError(f"{name} takes {len(params)} argument(s), not {len(args)}")
    variables = {p: a[0] if len(a) == 1 else a for p, a in zip(params, args, strict=True)}
    result: object = None
    for var, expr, as_string in steps:
        result = expr.evaluate(XPathContext(context.root, variables=variables))  # type: ignore[attr-defined]
        if var:
            variables[var] = result
        elif as_string:
            result = " ".join(_string(i) for i in _items(result))
    return result

"""The XSLT a Schematron with an xslt, xslt2 or xslt3 binding may use, on elementpath without an XSLT processor.

Supported: ``current()`` (the node the rule is handling), ``key()`` over the schema's ``xsl:key`` declarations,
and ``xsl:function`` whose body is ``xsl:param``s, ``xsl:variable``s with ``@select`` and one ``xsl:sequence`` or
``xsl:value-of`` with ``@select`` — the forms TEI projects' Schematron uses. A function written any other way is
named as unsupported, and each rule that calls it reports that it could not be evaluated.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from elementpath import XPathContext

    from teitools.validation.schematron import Schematron

XSL = "http://www.w3.org/1999/XSL/Transform"
X = f"{{{XSL}}}"
# a variable name no expression can write: the node the rule handles
CURRENT = " current"


class XsltError(Exception):
    """An XSLT feature used as the schema does not allow (an unknown key, a function that cannot run)."""


def unsupported(root: etree._Element) -> list[str]:
    """The schema's XSLT that teitools does not run: functions written in another form."""
    namespaces = {ns.get("prefix") for ns in root.iter("{http://purl.oclc.org/dsdl/schematron}ns")}
    return [f"xsl:function {f.get('name') or ''}" for f in root.iter(f"{X}function")
            if _body(f) is None or (f.get("name") or "").rpartition(":")[0] not in namespaces | set(f.nsmap)]


def declare(schematron: Schematron, root: etree._Element) -> None:
    """Give the schema's parser ``current()``, ``key()`` and the schema's functions."""
    parser = schematron.parser
    _define(parser, "current", None, lambda context, args: context.variables.get(CURRENT, context.item))
    keys: dict[str, list[tuple[object, object]]] = {}
    for key in root.iter(f"{X}key"):
        match, use = key.get("match") or "", key.get("use") or ""
        keys.setdefault(key.get("name") or "", []).append(
            (schematron._parse(selection(match), key), schematron._parse(use, key)))
    _define(parser, "key", None, lambda context, args: _key(keys, schematron.key_indexes, context, args), 2, 1)
    for function in root.iter(f"{X}function"):
        name = function.get("name") or ""
        prefix, _, local = name.rpartition(":")
        body = _body(function)
        if prefix not in parser.namespaces and prefix in function.nsmap:  # type: ignore[attr-defined]
            parser.namespaces[prefix] = function.nsmap[prefix]  # type: ignore[attr-defined]
        if prefix not in parser.namespaces:  # type: ignore[attr-defined]
            continue  # no call can name it
        params = [p.get("name") or "" for p in function.iterchildren(f"{X}param")]
        if body is None:  # calls parse, and each says it could not be evaluated
            _define(parser, local, prefix, lambda context, args, n=name: _refuse(n), len(params))
            continue
        steps = [(el.get("name"), schematron._parse(el.get("select") or "()", el), el.tag == f"{X}value-of")
                 for el in body]
        _define(parser, local, prefix, lambda context, args, p=params, s=steps, n=name: _call(n, p, s, context, args),
                len(params))


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
        return body(context, [items(self[k].evaluate(context)) for k in range(len(self))])  # type: ignore[index]

    token.evaluate = evaluate


def items(value: object) -> list:
    """An XPath value as a list of items (a single item, or none, as a list too)."""
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
    steps = [a.strip() for a in _split(_predicates_in_xpath1(pattern, drop_others=False) or "", "|")]
    if any(not a or a.startswith("(") for a in steps):
        return None
    return " | ".join(a if a.startswith("/") else f"//{a}" for a in steps)


def xpath1_candidates(pattern: str) -> str | None:
    """An XPath 1.0 expression selecting every node the pattern could match and more (the pattern without the
    predicates libxml2 cannot answer): where it selects nothing, the pattern matches nothing."""
    if "$" in pattern:
        return None
    return _absolute(_predicates_in_xpath1(pattern, drop_others=True) or "")


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


_TOKEN = re.compile(r"""\s*(?:(?P<string>"[^"]*"|'[^']*')|(?P<number>\d+(?:\.\d*)?|\.\d+)
    |(?P<name>[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*|:\*)?)|(?P<op>//|::|!=|<=|>=|\.\.|\S))""", re.X)
# what a test may use for libxml2 to give the answer XPath 2 gives whenever XPath 2 gives one without an error
_AXES = {"child", "descendant", "attribute", "self", "descendant-or-self", "following-sibling", "following",
         "parent", "ancestor", "preceding-sibling", "preceding", "ancestor-or-self"}
_KIND_TESTS = {"text", "node", "comment", "processing-instruction"}
_BOOLEAN = {"not", "contains", "starts-with"}
_NUMERIC = {"count", "string-length", "position", "last"}
_STRING = {"normalize-space", "name", "local-name", "namespace-uri", "substring-after", "substring-before",
           "translate"}


def xpath1_test(test: str, strings: frozenset[str] = frozenset()) -> str | None:
    """The test as ``boolean(…)`` for libxml2, where it keeps to a part of XPath whose answers XPath 1.0 and 2.0 agree
    on (``xpath1``); else None."""
    expr = xpath1(test, strings)
    return f"boolean({expr})" if expr else None


def xpath1_string(value: str) -> str | None:
    """A ``let`` whose value is one string (a string function of what libxml2 answers alike), as ``string(…)``."""
    expr = xpath1(value)
    head = _TOKEN.match(value)
    return f"string({expr})" if expr and head and head.group("name") in _STRING and \
        _closing(value[head.end("name"):].lstrip()) == len(value[head.end("name"):].strip()) - 1 else None


_VALUE_COMPARISONS = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def xpath1(expr: str, strings: frozenset[str] = frozenset()) -> str | None:
    """``expr`` in XPath 1.0, where it keeps to what both XPaths answer alike: paths, predicates, unions, ``and``/
    ``or``, ``=``/``!=`` of like values, order comparisons of numbers, a few functions; XPath 2's value comparisons
    (``eq``, ``gt`` …) of two numbers, or of an attribute and a string, as XPath 1's. Else None: order comparisons of
    other values (XPath 2 compares untyped values as strings, XPath 1 as numbers), arithmetic, variables, the rest of
    XPath 2, other functions, ``=`` between a boolean function and a path, or a number and a path. ``strings``: the
    variables known to hold one string (``$name`` may be used)."""
    tokens: list[tuple[str, str, int, int]] = []  # kind, text, start, end
    pos = 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if m is None or m.end() == pos:
            if expr[pos:].strip():
                return None
            break
        pos = m.end()
        kind = m.lastgroup or "op"
        tokens.append((kind, m.group(kind), m.start(kind), m.end(kind)))
    if not tokens:
        return None
    out = expr
    replaced = 0  # how much longer ``out`` is than ``expr`` before the next token
    calls: list[str | None] = []  # for each open parenthesis, the function it calls (None: a group)
    closed: str | None = None  # the function the last ')' closed
    operand = False  # whether the tokens so far end an operand (so that a name now is an operator)
    for k, (kind, value, start, end) in enumerate(tokens):
        before = tokens[k - 1] if k else ("op", "(", 0, 0)
        after = tokens[k + 1] if k + 1 < len(tokens) else ("op", "", 0, 0)
        left = closed if before[1] == ")" else None  # the numeric or boolean function an operator follows
        right = after[1] if after[0] == "name" and k + 2 < len(tokens) and tokens[k + 2][1] == "(" else None
        numbers = (before[0] == "number" or left in _NUMERIC) and (after[0] == "number" or right in _NUMERIC)
        text = (before[0] == "string" or left in _STRING or (before[0] == "name" and k >= 2 and
                                                             tokens[k - 2][1] == "$")) and \
            (after[0] == "string" or right in _STRING or after[1] == "$")
        if kind == "name" and operand and value in _VALUE_COMPARISONS:
            attribute = k >= 2 and tokens[k - 2][1] == "@" and (k < 3 or tokens[k - 3][1] in ("(", "[", "and", "or"))
            if not (numbers or (value in ("eq", "ne") and (text or (attribute and after[0] == "string")))):
                return None
            symbol = _VALUE_COMPARISONS[value]
            out = out[:start + replaced] + symbol + out[end + replaced:]
            replaced += len(symbol) - len(value)
            operand = False
        elif kind == "name" and before[1] == "$":
            if value not in strings:
                return None
            operand = True
        elif kind == "name":
            if operand:
                if value not in ("and", "or"):
                    return None  # div, instance of …: XPath 2 operators, or arithmetic
                operand = False
                continue
            if (after[1] == "::" and value not in _AXES) or \
                    (after[1] == "(" and value not in _KIND_TESTS | _BOOLEAN | _NUMERIC | _STRING):
                return None
            operand = after[1] not in ("(", "::")
        elif kind in ("number", "string"):
            operand = True
        elif value in ("(", "["):
            if value == "(":
                calls.append(before[1] if before[0] == "name" else None)
            operand = False
        elif value in (")", "]"):
            if value == ")":
                if not calls:
                    return None
                closed = calls.pop()
            operand = True
        elif value in (".", ".."):
            operand = True
        elif value == "*":
            if operand:
                return None  # multiplication
            operand = True
        elif value in ("=", "!="):
            if left in _BOOLEAN or right in _BOOLEAN:
                return None
            if (before[0] == "number" and right not in _NUMERIC) or (after[0] == "number" and left not in _NUMERIC):
                return None
            operand = False
        elif value == "," and (not calls or calls[-1] is None):
            return None  # a sequence: XPath 2
        elif (value in ("<", ">", "<=", ">=") and numbers) or value in ("/", "//", "|", ",", "::", "@") or \
                (value == "$" and after[1] in strings):
            operand = False
        else:
            return None  # < > of other values, + - $ ? { } ! and the rest of XPath 2's syntax
    return out


def xpath1_guard(test: str) -> str | None:
    """For a test ``A and …`` whose ``A`` libxml2 answers as XPath 2 would: ``A``, false wherever the test is."""
    for k, ch, paren, bracket, quoted in _scan(test):
        if not quoted and paren == 0 and bracket == 0 and ch.isspace() and test[k:k + 5].split() == ["and"] \
                and test[k + 4:k + 5].isspace():
            return xpath1_test(test[:k])
    return None


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


def _predicates_in_xpath1(pattern: str, drop_others: bool) -> str | None:
    """The pattern with its predicates in XPath 1.0 (``xpath1``). A predicate that cannot be is dropped where
    ``drop_others`` (the pattern then selects more: candidates), else there is no such pattern (None)."""
    out, opened = [], None
    for k, ch, _, bracket, quoted in _scan(pattern):
        if bracket == 0 and not quoted and ch == "[":
            opened = k
        elif bracket == 1 and not quoted and ch == "]" and opened is not None:
            kept = xpath1(pattern[opened + 1:k])
            if kept is not None:
                out.append(f"[{kept}]")
            elif not drop_others:
                return None
            opened = None
        elif bracket == 0:
            out.append(ch)
    return "".join(out)


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
        from elementpath import XPathContext

        index = indexes[name] = {}
        top = XPathContext(context.root, variables=context.variables)
        order = 0
        for match, use in keys[name]:
            for node in items(match.evaluate(top)):  # type: ignore[attr-defined]
                order += 1
                here = XPathContext(context.root, item=node, variables=context.variables)
                for value in items(use.evaluate(here)):  # type: ignore[attr-defined]
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
    from elementpath import XPathContext

    result: object = None
    for var, expr, as_string in steps:
        result = expr.evaluate(XPathContext(context.root, variables=variables))  # type: ignore[attr-defined]
        if var:
            variables[var] = result
        elif as_string:
            result = " ".join(_string(i) for i in items(result))
    return result

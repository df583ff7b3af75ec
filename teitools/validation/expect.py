"""What an element's content model expects, from the RELAX NG grammar itself: to name the missing element.

libxml2 says only that an element "failed to validate content". Running the element's content pattern over
its child elements (Brzozowski derivatives, as jing's validator works; attributes, text and data are left
aside, since the message is about elements) tells which child is the first that does not fit and what was
expected there, or, when every child fits, which elements are still required at the end — jing's
``missing required element "sourceDesc"``.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

RNG = "{http://relaxng.org/ns/structure/1.0}"

# patterns: ("empty",) ("none",) ("elem", ns, name) with name "*" for any, ("seq", a, b) ("alt", a, b)
# ("all", a, b) for interleave, ("more", a) for oneOrMore, ("ref", name)
EMPTY: tuple = ("empty",)
NONE: tuple = ("none",)


def _both(kind: str, a: tuple, b: tuple) -> tuple:
    """A sequence ("seq") or interleave ("all") of ``a`` and ``b``, simplified."""
    if a is NONE or b is NONE:
        return NONE
    if a == EMPTY:
        return b
    if b == EMPTY:
        return a
    return (kind, a, b)


def _alt(a: tuple, b: tuple) -> tuple:
    if a is NONE:
        return b
    if b is NONE or a == b:
        return a
    return ("alt", a, b)


class ContentModels:
    """The content patterns of one grammar's elements, compiled on demand."""

    def __init__(self, defines: dict[str, list[etree._Element]]) -> None:
        self.defines = defines  # name → its define (a simple grammar has one each), as RngIndex holds them
        self.patterns: dict[str, tuple] = {}
        self._nullable = lru_cache(maxsize=None)(self._nullable_uncached)
        self._deriv = lru_cache(maxsize=None)(self._deriv_uncached)

    def compile(self, node: etree._Element, ns: str | None = None) -> tuple:
        """The pattern of the children of ``node`` (an rng:element or a group), as a sequence; ``ns`` is the
        namespace it inherits (by default, the nearest ``ns`` above it)."""
        if ns is None:
            ns = next((a.get("ns") for a in node.iterancestors() if a.get("ns") is not None), "")
            ns = node.get("ns", ns)
        out = EMPTY
        for child in node:
            if isinstance(child.tag, str):
                out = _both("seq", out, self._one(child, child.get("ns", ns)))
        return out

    def _one(self, node: etree._Element, ns: str) -> tuple:
        tag = node.tag[len(RNG):] if node.tag.startswith(RNG) else ""
        if tag == "element":
            name = node.get("name")
            if name is None:
                first = next((c for c in node if isinstance(c.tag, str)), None)
                name = (first.text or "").strip() if first is not None and first.tag == f"{RNG}name" else "*"
            return ("elem", node.get("ns", ns), name.split(":")[-1])
        if tag == "ref":
            return ("ref", node.get("name"))
        if tag in ("group", "mixed", "div"):
            return self.compile(node, ns)
        if tag == "choice":
            out = NONE
            for child in node:
                if isinstance(child.tag, str):
                    out = _alt(out, self._one(child, child.get("ns", ns)))
            return out
        if tag == "interleave":
            out = EMPTY
            for child in node:
                if isinstance(child.tag, str):
                    out = _both("all", out, self._one(child, child.get("ns", ns)))
            return out
        if tag == "optional":
            return _alt(self.compile(node, ns), EMPTY)
        if tag == "zeroOrMore":
            return _alt(("more", self.compile(node, ns)), EMPTY)
        if tag == "oneOrMore":
            return ("more", self.compile(node, ns))
        if tag == "notAllowed":
            return NONE
        return EMPTY  # attribute, text, data, value, list, empty, name classes: not about child elements

    def _define(self, name: str) -> tuple:
        if name not in self.patterns:
            self.patterns[name] = NONE  # while compiling it (a define reached again only through an element)
            found = self.defines.get(name)
            self.patterns[name] = self.compile(found[0]) if found else NONE
        return self.patterns[name]

    def _nullable_uncached(self, p: tuple) -> bool:
        kind = p[0]
        if kind == "empty":
            return True
        if kind in ("none", "elem"):
            return False
        if kind == "seq" or kind == "all":
            return self._nullable(p[1]) and self._nullable(p[2])
        if kind == "alt":
            return self._nullable(p[1]) or self._nullable(p[2])
        if kind == "more":
            return self._nullable(p[1])
        return self._nullable(self._define(p[1]))  # ref

    def _deriv_uncached(self, p: tuple, ns: str, name: str) -> tuple:
        kind = p[0]
        if kind in ("empty", "none"):
            return NONE
        if kind == "elem":
            return EMPTY if (p[2] == "*" or (p[2] == name and p[1] == ns)) else NONE
        if kind == "seq":
            first = _both("seq", self._deriv(p[1], ns, name), p[2])
            return _alt(first, self._deriv(p[2], ns, name)) if self._nullable(p[1]) else first
        if kind == "alt":
            return _alt(self._deriv(p[1], ns, name), self._deriv(p[2], ns, name))
        if kind == "all":
            return _alt(_both("all", self._deriv(p[1], ns, name), p[2]),
                        _both("all", p[1], self._deriv(p[2], ns, name)))
        if kind == "more":
            return _both("seq", self._deriv(p[1], ns, name), _alt(p, EMPTY))
        return self._deriv(self._define(p[1]), ns, name)  # ref

    def firsts(self, p: tuple, required: bool = False, seen: frozenset = frozenset()) -> set[str]:
        """The elements that can come next in ``p``; with ``required``, only those some way on needs (what is
        still missing when the content ends here)."""
        kind = p[0]
        if kind == "elem":
            return {p[2]}
        if kind in ("empty", "none"):
            return set()
        if kind == "seq":
            if self._nullable(p[1]):  # what may come first is optional: the next part may come as well
                later = self.firsts(p[2], required, seen)
                return later if required else self.firsts(p[1], required, seen) | later
            return self.firsts(p[1], required, seen)
        if kind == "alt":
            if required and (self._nullable(p[1]) or self._nullable(p[2])):
                return set()
            return self.firsts(p[1], required, seen) | self.firsts(p[2], required, seen)
        if kind == "all":
            return set().union(*(self.firsts(q, required, seen) for q in p[1:]
                                 if not (required and self._nullable(q))))
        if kind == "more":
            return self.firsts(p[1], required, seen)
        if p[1] in seen:
            return set()
        return self.firsts(self._define(p[1]), required, seen | {p[1]})

    def expected_after(self, element_patterns: list[etree._Element], node: etree._Element, count: int) -> list[str]:
        """The elements that may come after the first ``count`` child elements of ``node``."""
        fitted, residual = self._best(element_patterns, [c for c in node if isinstance(c.tag, str)][:count])
        return sorted(self.firsts(residual) - {"*"}, key=str.lower) if fitted == count else []

    def _best(self, element_patterns: list[etree._Element], children: list[etree._Element]) -> tuple[int, tuple]:
        """(how many of ``children`` fit, what is left of the pattern) for the pattern that takes the most."""
        best: tuple[int, tuple] = (-1, NONE)
        for pattern in element_patterns:
            p = self.compile(pattern)
            fitted = 0
            for child in children:
                q = etree.QName(child)
                after = self._deriv(p, q.namespace or "", q.localname)
                if after is NONE:
                    break
                p, fitted = after, fitted + 1
            if fitted > best[0]:
                best = (fitted, p)
        return best

    def explain(self, element_patterns: list[etree._Element], node: etree._Element) -> str | None:
        """What is wrong with the child elements of ``node``, for the element pattern that fits them best: the
        first child that does not fit and what was expected there, or the required elements still missing."""
        children = [c for c in node if isinstance(c.tag, str)]
        fitted, residual = self._best(element_patterns, children)
        if fitted < 0:
            return None
        name = etree.QName(node).localname
        if fitted < len(children):
            wrong = etree.QName(children[fitted]).localname
            expected = sorted(self.firsts(residual) - {"*"}, key=str.lower)
            where = f"after <{etree.QName(children[fitted - 1]).localname}>" if fitted else "as the first child"
            if not expected:
                return f"<{name}> allows nothing more {where}; element <{wrong}> is not allowed there"
            return f"element <{wrong}> is not allowed {where} in <{name}>; expected {_list(expected)}"
        if self._nullable(residual):
            return None
        missing = sorted(self.firsts(residual, required=True) - {"*"}, key=str.lower)
        if not missing:
            missing = sorted(self.firsts(residual) - {"*"}, key=str.lower)
        if not missing:
            return None
        noun = "element" if len(missing) == 1 else "one of the elements"
        return f"<{name}> is missing required {noun} {_list(missing)}"


def _list(names: list[str], limit: int = 10) -> str:
    shown = ", ".join(f"<{n}>" for n in names[:limit])
    return shown + (f" … ({len(names) - limit} more)" if len(names) > limit else "")

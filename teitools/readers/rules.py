"""An ordered chain of small named rules, the shape of markdown-it's Ruler.

A grammar is a list of functions that each try one construct and return a
result or ``None``; the first that answers wins. Rules can be disabled or
reordered by name, and the names make fixture tables and debugging readable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

C = TypeVar("C")
R = TypeVar("R")


@dataclass
class Rule(Generic[C, R]):
    name: str
    fn: Callable[[C], R | None]
    enabled: bool = True


class RuleChain(Generic[C, R]):
    def __init__(self) -> None:
        self._rules: list[Rule[C, R]] = []

    def rule(self, name: str) -> Callable[[Callable[[C], R | None]], Callable[[C], R | None]]:
        """Decorator: append ``fn`` to the chain under ``name``."""

        def register(fn: Callable[[C], R | None]) -> Callable[[C], R | None]:
            self._rules.append(Rule(name, fn))
            return fn

        return register

    def names(self) -> list[str]:
        return [r.name for r in self._rules if r.enabled]

    def disable(self, name: str) -> None:
        self._find(name).enabled = False

    def enable(self, name: str) -> None:
        self._find(name).enabled = True

    def _find(self, name: str) -> Rule[C, R]:
        for r in self._rules:
            if r.name == name:
                return r
        raise KeyError(name)

    def __iter__(self) -> Iterator[Rule[C, R]]:
        return (r for r in self._rules if r.enabled)

    def first(self, ctx: C, skip: frozenset[str] = frozenset()) -> tuple[str, R] | None:
        """Run the rules in order (but those named in ``skip``); return (rule name, result) of the first that
        answers."""
        for r in self._rules:  # not through __iter__: a record asks this some hundred times
            if not r.enabled or (skip and r.name in skip):
                continue
            result = r.fn(ctx)
            if result is not None:
                return r.name, result
        return None

"""How large and deep an input may be: every limit in one place, each with a default real editions never reach.

A document over a limit is refused with a message that names the limit and how to raise it (``--limit
NAME=N`` on the command line, ``Limits(NAME=N)`` from Python); nothing is cut short silently. The same
limits keep a hostile file from holding a run for minutes or taking the machine's memory.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

#: libxml2's own ceiling for nesting, even with its "huge" option: a depth limit cannot go past it
LIBXML2_MAX_DEPTH = 2048


@dataclass(frozen=True)
class Limits:
    #: bytes of one input file (a TEI file or a text record)
    input_size: int = 1 << 30
    #: bytes of one resource: a schema, each file it includes, a register, a Schematron file
    resource_size: int = 256 << 20
    #: elements nested in one another (TEI editions reach a few dozen; libxml2 alone stops at 256)
    depth: int = 1000
    #: attributes on one element (TEI elements carry a handful)
    attributes: int = 1000
    #: characters of one text node or attribute value (libxml2 alone stops at 10 MB)
    text_size: int = 100_000_000

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"limit {option_name(f.name)} must be a positive whole number, not {value!r}")
        if self.depth > LIBXML2_MAX_DEPTH:
            raise ValueError(f"limit depth can be at most {LIBXML2_MAX_DEPTH} (libxml2's own ceiling)")

    def exceeded(self, name: str, what: str) -> str:
        """The message for an input over the limit ``name``: what it has, the limit, how to raise it."""
        return f"{what}: over the limit {option_name(name)}={getattr(self, name):,} " \
               f"(raise it with --limit {option_name(name)}=N)"


def option_name(field: str) -> str:
    return field.replace("_", "-")


def parse_limits(items: tuple[str, ...] | list[str]) -> Limits:
    """``NAME=N`` pairs (as ``--limit`` takes them; ``N`` may end in k, M or G) → Limits; ValueError if wrong."""
    names = {option_name(f.name): f.name for f in dataclasses.fields(Limits)}
    values: dict[str, int] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or name.strip() not in names:
            raise ValueError(f"--limit {item!r}: expected NAME=N with NAME one of {', '.join(names)}")
        values[names[name.strip()]] = _number(value.strip(), item)
    return Limits(**values)


def _number(text: str, item: str) -> int:
    scale = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}.get(text[-1:].lower(), 1)
    digits = text[:-1] if scale != 1 else text
    if not digits.replace("_", "").isdigit():
        raise ValueError(f"--limit {item!r}: {text!r} is not a whole number")
    return int(digits.replace("_", "")) * scale


DEFAULT = Limits()

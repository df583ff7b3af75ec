"""What a validation run is asked to do: one value, handed to the run, the validator and the warm worker alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from teitools.limits import DEFAULT, Limits
from teitools.validation.ruleset import RULES


@dataclass
class Options:
    schema: str | None = None  # a schema for every file; else each file's xml-model declaration
    rules: bool = True
    strict: bool = False  # built-in rule errors count against validity (default: reported as warnings)
    schematron: list[str] = field(default_factory=list)
    embedded_rules: bool = True  # run the Schematron the schema carries (an ODD's constraints), as Oxygen does
    phase: str | None = None  # the Schematron phase to run (default: the schema's defaultPhase, else #ALL)
    allow_network: bool = False
    max_errors: int | None = None
    engine: str | None = None  # force lxml or xmlschema
    warm: bool = False  # use (or start) a background worker that keeps the schema compiled
    specialize: bool = True  # compile RELAX NG specialised to the run's vocabulary (same verdicts, ~1000x faster)
    allow_outside: bool = False  # a schema or Schematron may include files outside its own folder tree
    limits: Limits = DEFAULT
    catalogs: list[str] = field(default_factory=list)  # OASIS XML catalogs, consulted before the built-in one
    xinclude: bool = True  # resolve xi:include (inside the input's folder tree unless allow_outside)
    enable_rules: tuple[str, ...] = ()  # built-in rules to run even with rules=False
    disable_rules: tuple[str, ...] = ()  # built-in rules not to run

    def __post_init__(self) -> None:
        unknown = sorted((set(self.enable_rules) | set(self.disable_rules)) - set(RULES))
        if unknown:
            raise ValueError(f"no built-in rule {', '.join(unknown)}; the rules are {', '.join(RULES)} "
                             f"(teitools validate --list-rules)")

    @property
    def active_rules(self) -> frozenset[str]:
        """The ids of the built-in rules this run checks."""
        return (frozenset(RULES if self.rules else ()) | frozenset(self.enable_rules)) - frozenset(self.disable_rules)

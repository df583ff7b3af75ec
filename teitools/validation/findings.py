"""What validation finds: findings per file and a report for a run; shared by all reporters."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class SchematronHit:
    """What SVRL says of a failed assert or successful report, beside the finding's message."""
    kind: str  # failed-assert | successful-report
    test: str
    location: str  # an XPath to the node
    pattern: str | None
    context: str  # the rule's context
    id: str | None = None
    role: str | None = None
    flag: str | None = None
    diagnostics: tuple[tuple[str, str], ...] = ()  # (id, text) of each diagnostic the assert names
    properties: tuple[tuple[str, str, str, str], ...] = ()  # (id, role, scheme, text) of each property it names


@dataclass(frozen=True)
class Finding:
    line: int | None
    column: int | None
    severity: str  # error | warning | info
    rule: str
    message: str
    file: str | None = None  # where the finding is when it is not in the file itself (an xi:included file)
    schematron: SchematronHit | None = None  # a Schematron finding's assert or report

    def as_dict(self) -> dict:
        d = asdict(self)
        for key in ("file", "schematron"):
            if d[key] is None:
                del d[key]
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Finding:
        hit = d.get("schematron")
        if hit:
            hit = SchematronHit(**{**hit, "diagnostics": tuple(tuple(x) for x in hit.get("diagnostics", ())),
                                   "properties": tuple(tuple(x) for x in hit.get("properties", ()))})
        return cls(**{**d, "schematron": hit})


@dataclass
class FileReport:
    path: str
    findings: list[Finding] = field(default_factory=list)
    engine: str | None = None  # which validator ran the schema check

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def add(self, line: int | None, column: int | None, severity: str, rule: str, message: str,
            file: str | None = None, schematron: SchematronHit | None = None) -> None:
        self.findings.append(Finding(line, column or None, severity, rule, message, file, schematron))

    def sort(self) -> None:
        self.findings.sort(key=lambda f: (f.line or 0, f.column or 0))


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return all(f.valid for f in self.files)

    def summary(self) -> dict[str, int]:
        findings = [x for f in self.files for x in f.findings]
        return {
            "files": len(self.files),
            "valid": sum(f.valid for f in self.files),
            "invalid": sum(not f.valid for f in self.files),
            "errors": sum(x.severity == "error" for x in findings),
            "warnings": sum(x.severity == "warning" for x in findings),
        }

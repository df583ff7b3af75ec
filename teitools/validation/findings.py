"""What validation finds: findings per file and a report for a run; shared by all reporters."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Finding:
    line: int | None
    column: int | None
    severity: str  # error | warning | info
    rule: str
    message: str
    file: str | None = None  # where the finding is when it is not in the file itself (an xi:included file)

    def as_dict(self) -> dict:
        d = asdict(self)
        if d["file"] is None:
            del d["file"]
        return d


@dataclass
class FileReport:
    path: str
    findings: list[Finding] = field(default_factory=list)
    engine: str | None = None  # which validator ran the schema check

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def add(self, line: int | None, column: int | None, severity: str, rule: str, message: str,
            file: str | None = None) -> None:
        self.findings.append(Finding(line, column or None, severity, rule, message, file))

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

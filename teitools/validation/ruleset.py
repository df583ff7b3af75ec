"""The built-in rules (id, severity, what each asks for) and the one rule that spans the files of a run.

Kept apart from the checks themselves, which need lxml, so that a run answered by
the warm worker can apply the cross-file rule without loading them.
"""

from __future__ import annotations

from dataclasses import dataclass

from teitools.validation.findings import FileReport


@dataclass(frozen=True)
class Rule:
    rule_id: str
    severity: str
    description: str


RULES = {
    "tei-namespace": Rule("tei-namespace", "error", "the root is TEI or teiCorpus in the TEI namespace"),
    "id-unique": Rule("id-unique", "error", "every xml:id is unique within a file"),
    "id-unique-run": Rule("id-unique-run", "warning", "an xml:id is not repeated in another file of the run"),
    "pointer-resolves": Rule("pointer-resolves", "error", "every local pointer (#id) names an xml:id of the file"),
    "date-valid": Rule("date-valid", "error", "@when/@notBefore/@notAfter/@from/@to are W3C dates"),
    "date-order": Rule("date-order", "error", "@notBefore is not after @notAfter, @from is not after @to"),
    "date-real": Rule("date-real", "error", "a full date exists in the calendar (no 31 February)"),
    "corresp-sent": Rule("corresp-sent", "error", "a correspDesc has a correspAction of type sent"),
    "corresp-name": Rule("corresp-name", "error", "names in a correspAction are not empty"),
    "empty-p": Rule("empty-p", "warning", "no empty p"),
    "empty-name": Rule("empty-name", "warning", "no empty persName/placeName/orgName/name without @ref"),
}


def rules_table() -> str:
    """The rules as a Markdown table: what ``teitools validate --list-rules`` prints and the README shows."""
    rows = ["| rule | severity with --strict | what it asks for |", "|---|---|---|"]
    rows += [f"| `{r.rule_id}` | {r.severity} | {r.description} |" for r in RULES.values()]
    return "\n".join(rows) + "\n"


class RunIds:
    """xml:ids seen in the files of one run, to find ids repeated across files."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def check_id(self, xml_id: str, line: int | None, report: FileReport) -> None:
        first = self.seen.setdefault(xml_id, report.path)
        if first != report.path:
            report.add(line, None, RULES["id-unique-run"].severity, "id-unique-run",
                       f'xml:id "{xml_id}" is also used in {first}; ids that must be unique across the '
                       f"collection need a file-specific prefix")

"""The ``teitools`` command line: arguments → library calls → exit codes. No logic of its own."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from teitools.files import InputPaths, first_clash, gather

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
LAYOUT_NAMES = ["wilson-page", "old-site", "docslib-pdf", "docslib-viewer", "transcription", "bare", "generic"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="teitools")
def main() -> None:
    """Convert plain-text archival records to TEI P5, validate TEI, and render it to HTML and text."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", help="Output file (one input) or folder (several inputs). Default: stdout.")
@click.option("--layout", type=click.Choice(LAYOUT_NAMES), help="Force a layout instead of detecting it.")
@click.option("--register", type=click.Path(exists=True, dir_okay=False),
              help="TEI file with listPerson/listPlace/listOrg: known entities and their identifiers.")
@click.option("--force", is_flag=True, help="Replace existing output files.")
@click.option("-q", "--quiet", is_flag=True, help="No warnings, no progress bar, no summary.")
def convert(inputs: tuple[str, ...], output: str | None, layout: str | None, register: str | None,
            force: bool, quiet: bool) -> None:
    """Convert plain-text records to TEI.

    \b
    Examples:
      teitools convert letter.txt                 # TEI on stdout
      teitools convert letter.txt -o letter.xml
      teitools convert records/ -o tei/           # one .xml per .txt
      cat letter.txt | teitools convert -
    """
    from teitools.conversion import (
        OutputError,
        load_register,
        output_path,
        read_record,
        write_tei,
    )
    from teitools.encode import encode
    from teitools.textio import InputError
    from teitools.xml import serialize

    reg = load_register(register)
    stdin = inputs == ("-",)
    skipped: list[Path] = []
    files = [] if stdin else [f for f, _ in gather(inputs, ".txt", skipped)]
    run_inputs = InputPaths(files)
    if output and len(files) > 1:
        clash = first_clash((f, output_path(f, Path(output))) for f in files)
        if clash:
            raise click.UsageError(clash)
    if not quiet:
        for f in skipped:
            click.echo(f"{f}: skipped: not a .txt record", err=True)
    if not stdin and not files:
        raise click.UsageError("no input files found")
    many = len(files) > 1 or any(Path(p).is_dir() for p in inputs)
    if many and not output:
        raise click.UsageError("several inputs need -o FOLDER")
    out_dir = Path(output) if many and output else None
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise click.UsageError(f"{out_dir} is not a folder")
        out_dir.mkdir(parents=True, exist_ok=True)
    converted = failed = warned = 0

    def one(name: str, data: bytes, target: Path | None) -> None:
        nonlocal converted, failed, warned
        try:
            rec = read_record(data, layout=layout, register=reg, name=name)
            tree = encode(rec)
            if target is None:
                sys.stdout.buffer.write(serialize(tree))
            else:
                write_tei(tree, target, inputs=run_inputs, force=force)
        except (InputError, OutputError, OSError, ValueError) as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
            return
        converted += 1
        if rec.warnings:
            warned += 1
            if not quiet:
                for w in rec.warnings:
                    click.echo(f"{name}: warning: {w}", err=True)

    if stdin:
        one("<stdin>", sys.stdin.buffer.read(), Path(output) if output else None)
    else:
        with _progress(len(files), "converting", many and not quiet) as bar:
            for f in files:
                bar.update(1)
                try:
                    data = f.read_bytes()
                except OSError as exc:
                    failed += 1
                    click.echo(f"error: {f}: {exc.strerror}", err=True)
                    continue
                target = output_path(f, out_dir) if out_dir is not None else (Path(output) if output else None)
                one(str(f), data, target)
    if not quiet and (many or failed):
        click.echo(f"{converted} converted, {warned} with warnings, {failed} failed", err=True)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--to", "to", type=click.Choice(["html", "text"]), default="html", show_default=True)
@click.option("--view", type=click.Choice(["reading", "diplomatic"]), default="reading", show_default=True,
              help="For text output (an HTML page carries both views).")
@click.option("--width", type=click.IntRange(20, 1000), help="Wrap text output at N characters.")
@click.option("-o", "--output", help="Output file (one input) or folder (several inputs or a folder).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to use.")
@click.option("--force", is_flag=True, help="Replace existing output files.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary.")
def render(inputs: tuple[str, ...], to: str, view: str, width: int | None, output: str | None, jobs: int,
           force: bool, quiet: bool) -> None:
    """Render TEI documents to HTML pages or plain text.

    \b
    Examples:
      teitools render letter.xml --to text --view diplomatic
      teitools render letter.xml -o letter.html
      teitools render corpus/ --to html -o site/ -j 2     # one page per document + index.html
    """
    from teitools.files import OutputClash, write_output
    from teitools.rendering.site import render_file, render_site

    pairs = gather(inputs, ".xml")
    if not pairs:
        raise click.UsageError("no input files found")
    many = len(pairs) > 1 or any(Path(p).is_dir() for p in inputs)
    if not many:
        result = render_file(pairs[0][0], to, view, width)
        if result.output is None:
            click.echo(f"error: {result.error}", err=True)
            sys.exit(EXIT_FAILED)
        if output:
            try:
                write_output(Path(output), result.output.encode("utf-8"), force=force, inputs=InputPaths([pairs[0][0]]))
            except OSError as exc:
                click.echo(f"error: {exc}", err=True)
                sys.exit(EXIT_FAILED)
        else:
            sys.stdout.write(result.output)
        sys.exit(EXIT_OK)
    if not output:
        raise click.UsageError("several inputs need -o FOLDER")
    out_dir = Path(output)
    if out_dir.exists() and not out_dir.is_dir():
        raise click.UsageError(f"{out_dir} is not a folder")
    failed = 0
    try:
        with _progress(len(pairs), "rendering", not quiet) as bar:
            def done(result) -> None:
                nonlocal failed
                bar.update(1)
                if result.error:
                    failed += 1
                    click.echo(f"error: {result.error}", err=True)

            results = render_site(pairs, out_dir, to=to, view=view, width=width, jobs=jobs, force=force,
                                  on_done=done)
    except OutputClash as exc:
        raise click.UsageError(str(exc)) from None
    if not quiet:
        click.echo(f"{len(results) - failed} rendered, {failed} failed", err=True)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--schema", help="RELAX NG (.rng) or XSD (.xsd) for every file; default: each file's xml-model.")
@click.option("--profile", is_flag=True, help="Validate against the teitools TEI profile (shipped; a strict subset "
                                              "of TEI P5 for converted letters and what editors add to them).")
@click.option("--schematron", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="ISO Schematron rules to run too (XSLT 1 binding); repeatable.")
@click.option("--no-rules", is_flag=True, help="Skip teitools' built-in TEI rule checks.")
@click.option("--strict", is_flag=True, help="Built-in rule errors make a file invalid (default: warnings).")
@click.option("--format", "fmt", type=click.Choice(["human", "json", "junit", "github"]), default="human",
              show_default=True)
@click.option("--max-errors", type=click.IntRange(1), help="Report at most N errors per file.")
@click.option("--allow-network", is_flag=True, help="Fetch an http(s) schema once into the cache folder.")
@click.option("--engine", type=click.Choice(["lxml", "xmlschema"]), help="Force a validation engine.")
@click.option("--no-specialize", is_flag=True, help="Compile the whole RELAX NG grammar instead of the part the "
                                                    "files' element and attribute names can use (same verdicts).")
@click.option("--warm", is_flag=True, help="Keep the --schema compiled in a background worker for later runs "
                                           "(fast one-file validation in new processes; idle exit after 15 min).")
@click.option("--stop-worker", is_flag=True, help="Stop the warm worker of --schema and exit.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to use.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file (atomically).")
@click.option("-v", "--verbose", is_flag=True, help="Also list valid files, the engine used and notes.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def validate(inputs: tuple[str, ...], schema: str | None, profile: bool, schematron: tuple[str, ...], no_rules: bool,
             strict: bool, fmt: str, max_errors: int | None, allow_network: bool, engine: str | None,
             no_specialize: bool, warm: bool, stop_worker: bool, jobs: int, output: str | None, verbose: bool,
             quiet: bool) -> None:
    """Validate TEI files against a schema and TEI rule checks.

    \b
    Examples:
      teitools validate letter.xml                         # schema from the file's xml-model
      teitools validate letters/ --profile                 # the teitools TEI profile
      teitools validate corpus/ --schema tei_all.rng -j 2
      teitools validate "tei/**/*.xml" --format github     # annotations in GitHub Actions
      teitools validate tei/ --format junit -o report.xml
    """
    from teitools.schemas import PROFILE
    from teitools.validation.reporters import FORMATS
    from teitools.validation.run import Options, validate_paths

    if profile and schema:
        raise click.UsageError("--profile and --schema exclude each other")
    schema = PROFILE if profile else schema

    if stop_worker:
        from teitools.validation import worker

        if not schema:
            raise click.UsageError("--stop-worker needs --schema")
        stopped = worker.stop(schema)
        click.echo("worker stopped" if stopped else "no worker was running", err=True)
        sys.exit(EXIT_OK)

    paths = [f for f, _ in gather(inputs, ".xml")]
    if not paths:
        raise click.UsageError("no input files found")
    missing = [p for p in paths if not p.exists()]
    if missing:
        click.echo(f"error: {missing[0]}: no such file", err=True)
        sys.exit(EXIT_USAGE)
    options = Options(schema=schema, rules=not no_rules, strict=strict, schematron=list(schematron),
                      allow_network=allow_network, max_errors=max_errors, engine=engine, warm=warm,
                      specialize=not no_specialize)
    try:
        with _progress(len(paths), "validating", not quiet and len(paths) > 1) as bar:
            report = validate_paths(paths, options, jobs=jobs, on_done=lambda _: bar.update(1))
    except ValueError as exc:  # a SchemaError among them
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if verbose:
        for sch in options.schematron:
            click.echo(f"schematron: {sch}", err=True)
    text = FORMATS[fmt](report, verbose) if fmt == "human" else FORMATS[fmt](report)
    if output:
        from teitools.xml import write_atomic

        write_atomic(output, text.encode("utf-8"))
        click.echo(report_line(report), err=True)
    else:
        sys.stdout.write(text)
    sys.exit(EXIT_OK if report.valid else EXIT_FAILED)


def report_line(report) -> str:
    s = report.summary()
    return f"{s['files']} files: {s['valid']} valid, {s['invalid']} invalid; {s['errors']} errors, " \
           f"{s['warnings']} warnings"


def _progress(length: int, label: str, wanted: bool):
    """A progress bar on a terminal when wanted; otherwise a stand-in that shows nothing."""
    if wanted and sys.stderr.isatty():
        return click.progressbar(length=length, label=label, file=sys.stderr)
    return _NoBar()


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


if __name__ == "__main__":
    main()

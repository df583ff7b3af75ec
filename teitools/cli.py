"""The ``teitools`` command line: arguments → library calls → exit codes. No logic of its own.

``main`` is the one place where a run ends: Ctrl-C and SIGTERM stop it with 130 and 143 and a one-line
message (workers are stopped and temporary files removed on the way out), an error of ours that reaches
it exits 2, and anything else exits 3 with one line instead of a traceback (``TEITOOLS_DEBUG=1`` shows it).
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import click

from teitools.files import InputPaths, first_clash, gather
from teitools.printable import printable
from teitools.rendering import FORMATS as RENDER_FORMATS
from teitools.rendering import VIEWS as RENDER_VIEWS
from teitools.validation.reporters import FORMATS as REPORT_FORMATS

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
LAYOUT_NAMES = ["wilson-page", "old-site", "docslib-pdf", "docslib-viewer", "transcription", "bare", "generic"]
LIMIT_HELP = ("Raise or lower a limit, NAME=N (repeatable): input-size, resource-size, depth, attributes, "
              "text-size; N may end in k, M or G.")


def say(message: str) -> None:
    """One line on stderr, printable whatever the names in it hold."""
    click.echo(printable(message), err=True)


def to_stdout(data: str | bytes | Callable[[BinaryIO], None]) -> None:
    """Write to stdout (``data``: or a function that writes to it); a full disk or closed pipe is an error naming
    <stdout>, not a traceback."""
    from teitools.errors import OutputError

    try:
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        if callable(data):
            data(sys.stdout.buffer)
        else:
            sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        _mute_stdout()
        sys.exit(EXIT_FAILED)
    except OSError as exc:
        _mute_stdout()
        raise OutputError(f"<stdout>: cannot write: {exc.strerror or exc}") from None


def _mute_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush does not fail a second time."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError):
        pass


def _inputs_of(inputs: tuple[str, ...], suffix: str, skipped: list[Path] | None = None
               ) -> tuple[list[tuple[Path, Path]], list[str]]:
    """The run's files (see ``files.gather``) and what could not be read, which is said at once; none at all is a
    usage error that names the one input given."""
    unreadable: list[str] = []
    pairs = gather(inputs, suffix, skipped, unreadable)
    for f in skipped or ():
        say(f"{f}: skipped: not a {suffix} record")
    for problem in unreadable:
        say(f"error: {problem}")
    if not pairs:
        raise click.UsageError("no input files found" + (f" in {printable(inputs[0])}" if len(inputs) == 1 else ""))
    return pairs, unreadable


def _limits(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]):
    from teitools.limits import parse_limits

    try:
        return parse_limits(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def limit_option(f):
    return click.option("--limit", "limits", multiple=True, metavar="NAME=N", callback=_limits,
                        help=LIMIT_HELP)(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="teitools")
def cli() -> None:
    """Convert plain-text archival records to TEI P5, validate TEI, and render it to HTML and text."""


def _on_sigterm(signum: int, frame: object) -> None:
    from teitools.errors import Interrupted

    raise Interrupted(signum)


def main(args: list[str] | None = None) -> None:
    """The ``teitools`` command."""
    from teitools.errors import Interrupted, TeitoolsError

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        cli.main(args=args, prog_name="teitools", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:
        cause = exc.__cause__ if isinstance(exc, click.exceptions.Abort) else exc
        number = cause.signal_number if isinstance(cause, Interrupted) else signal.SIGINT
        say(f"teitools: interrupted ({signal.Signals(number).name}); nothing half-written was left")
        sys.exit(128 + number)
    except TeitoolsError as exc:
        say(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    except MemoryError:
        say("error: out of memory (lower the inputs' size, or --limit input-size=N to refuse such files)")
        sys.exit(EXIT_FAILED)
    except Exception as exc:  # a bug of ours: one line, and the traceback only when asked for
        if os.environ.get("TEITOOLS_DEBUG"):
            raise
        say(f"teitools: internal error: {type(exc).__name__}: {exc} (TEITOOLS_DEBUG=1 shows the traceback; "
            f"please report it)")
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", help="Output file (one input) or folder (several inputs). Default: stdout.")
@click.option("--layout", type=click.Choice(LAYOUT_NAMES), help="Force a layout instead of detecting it "
              "(the layouts are listed in the README).")
@click.option("--register", metavar="FILE|none",
              help="TEI file with listPerson/listPlace/listOrg: the only register used (default: the bundled "
                   "sample register); 'none' for no register.")
@click.option("--conventions", "conventions_files", multiple=True, metavar="FILE",
              help="TOML conventions file (header keys, bracket keywords, salutations …) added to the built-in "
                   "ones; repeatable.")
@click.option("--language", metavar="CODE", help="The text's language (ISO 639-1), instead of detecting it.")
@click.option("--force", is_flag=True, help="Replace existing output files.")
@limit_option
@click.option("-q", "--quiet", is_flag=True, help="No warnings, no progress bar, no summary.")
def convert(inputs: tuple[str, ...], output: str | None, layout: str | None, register: str | None,
            conventions_files: tuple[str, ...], language: str | None, force: bool, limits, quiet: bool) -> None:
    """Convert plain-text records to TEI.

    \b
    Examples:
      teitools convert letter.txt                 # TEI on stdout
      teitools convert letter.txt -o letter.xml
      teitools convert records/ -o tei/           # one .xml per .txt
      cat letter.txt | teitools convert -
    """
    from teitools.conversion import convert_data, load_conventions, load_register, output_path
    from teitools.errors import InputError, OutputError, ResourceError
    from teitools.files import write_output
    from teitools.resources import read_input

    try:
        reg = load_register(register, limits)
        conv = load_conventions(list(conventions_files), limits)
    except ResourceError as exc:
        raise click.UsageError(printable(exc)) from None
    if language is not None and not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", language):
        raise click.UsageError(f"--language {printable(language)}: not a language code such as de or fr")
    stdin = inputs == ("-",)
    unreadable: list[str] = []
    files: list[Path] = []
    if not stdin:
        pairs, unreadable = _inputs_of(inputs, ".txt", None if quiet else [])
        files = [f for f, _ in pairs]
    run_inputs = InputPaths(files)
    if output and len(files) > 1:
        clash = first_clash((f, output_path(f, Path(output))) for f in files)
        if clash:
            raise click.UsageError(printable(clash))
    many = len(files) > 1 or any(Path(p).is_dir() for p in inputs)
    if many and not output:
        raise click.UsageError("several inputs need -o FOLDER")
    out_dir = Path(output) if many and output else None
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise click.UsageError(f"{printable(out_dir)} is not a folder")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise click.UsageError(f"{printable(out_dir)}: cannot make the folder: {exc.strerror}") from None
    converted = failed = warned = 0

    def one(name: str, data: bytes, target: Path | None) -> None:
        nonlocal converted, failed, warned
        try:
            rec, tei = convert_data(data, name=name, layout=layout, register=reg, conventions=conv, language=language)
            if target is None:
                to_stdout(tei)
            else:
                write_output(target, tei, inputs=run_inputs, force=force)
        except (InputError, OutputError, ValueError) as exc:
            failed += 1
            say(f"error: {exc}")
            return
        converted += 1
        if rec.warnings:
            warned += 1
            if not quiet:
                for w in rec.warnings:
                    say(f"{name}: warning: {w}")

    if stdin:
        data = sys.stdin.buffer.read(limits.input_size + 1)
        if len(data) > limits.input_size:
            raise click.UsageError(f"<stdin>: input is larger than {limits.input_size:,} bytes (raise the limit "
                                   f"with --limit input-size=N)")
        one("<stdin>", data, Path(output) if output else None)
    else:
        with _progress(len(files), "converting", many and not quiet) as bar:
            for f in files:
                bar.update(1)
                try:
                    data = read_input(f, limits)
                except InputError as exc:
                    unreadable.append(str(exc))
                    say(f"error: {exc}")
                    continue
                target = output_path(f, out_dir) if out_dir is not None else (Path(output) if output else None)
                one(str(f), data, target)
    if not quiet and (many or failed or unreadable):
        say(f"{converted} converted, {warned} with warnings, {failed + len(unreadable)} failed")
    sys.exit(EXIT_USAGE if unreadable else EXIT_FAILED if failed else EXIT_OK)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--to", "to", type=click.Choice(list(RENDER_FORMATS)), default="html", show_default=True)
@click.option("--view", type=click.Choice(list(RENDER_VIEWS)), default="reading", show_default=True,
              help="For text and Markdown output (an HTML page carries both views).")
@click.option("--width", type=click.IntRange(20, 1000), help="Wrap text output at N characters.")
@click.option("-o", "--output", help="Output file (one input) or folder (several inputs or a folder).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to use.")
@click.option("--force", is_flag=True, help="Replace existing output files.")
@click.option("--allow-outside", is_flag=True, help="Let includes read files outside the folder named (or, for a "
                                                    "file named alone, its own folder).")
@limit_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary.")
def render(inputs: tuple[str, ...], to: str, view: str, width: int | None, output: str | None, jobs: int,
           force: bool, allow_outside: bool, limits, quiet: bool) -> None:
    """Render TEI documents to HTML pages, plain text or Markdown.

    \b
    Examples:
      teitools render letter.xml --to text --view diplomatic
      teitools render letter.xml --to markdown -o letter.md
      teitools render letter.xml -o letter.html
      teitools render corpus/ --to html -o site/ -j 2     # one page per document + index.html
    """
    from teitools.errors import InputError, OutputClash, OutputError
    from teitools.files import write_output
    from teitools.rendering.site import render_file, render_site

    pairs, unreadable = _inputs_of(inputs, ".xml")
    many = len(pairs) > 1 or any(Path(p).is_dir() for p in inputs)
    if not many:
        result = render_file(pairs[0][0], to, view, width, limits, _include_roots(inputs, pairs, allow_outside).get(
            pairs[0][0]))
        if result.output is None:
            say(f"error: {result.error}")
            sys.exit(EXIT_USAGE if result.unreadable else EXIT_FAILED)
        if result.warning:
            say(f"warning: {printable(result.warning)}")
        try:
            if output:
                write_output(Path(output), result.content(), force=force, inputs=InputPaths([pairs[0][0]]))
            else:
                to_stdout(result.content())
        except (OutputError, InputError) as exc:  # InputError: of a streamed page, made while it is written
            say(f"error: {exc}")
            sys.exit(EXIT_FAILED)
        sys.exit(EXIT_OK)
    if not output:
        raise click.UsageError("several inputs need -o FOLDER")
    out_dir = Path(output)
    if out_dir.exists() and not out_dir.is_dir():
        raise click.UsageError(f"{printable(out_dir)} is not a folder")
    failed = 0
    try:
        with _progress(len(pairs), "rendering", not quiet) as bar:
            def done(result) -> None:
                nonlocal failed
                bar.update(1)
                if result.warning:
                    say(f"warning: {printable(result.warning)}")
                if result.error:
                    failed += 1
                    say(f"error: {result.error}")
                    if result.unreadable:
                        unreadable.append(result.error)

            results = render_site(pairs, out_dir, to=to, view=view, width=width, jobs=jobs, force=force,
                                  on_done=done, limits=limits, roots=_include_roots(inputs, pairs, allow_outside))
    except OutputClash as exc:
        raise click.UsageError(printable(exc)) from None
    except OutputError as exc:  # the index
        say(f"error: {exc}")
        sys.exit(EXIT_FAILED)
    if not quiet:
        say(f"{len(results) - failed} rendered, {failed} failed")
    sys.exit(EXIT_USAGE if unreadable else EXIT_FAILED if failed else EXIT_OK)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The site's folder (new, empty, or a site built before).")
@click.option("--title", default="Documents", show_default=True, help="The edition's name, on the index page.")
@click.option("--no-search", is_flag=True, help="No full-text search (it needs Pagefind: teitools[site]).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to use.")
@click.option("--allow-outside", is_flag=True, help="Let includes read files outside the folder named.")
@limit_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary.")
def site(inputs: tuple[str, ...], output: str, title: str, no_search: bool, jobs: int, allow_outside: bool, limits,
         quiet: bool) -> None:
    """Build a static edition site: a page per document with links to the letters before and after it, registers
    of people, places and organisations with backlinks, an index and a full-text search. Run again on the same
    folder: only what changed is rendered again.

    \b
    Examples:
      teitools site letters/ -o site/ --title "Letters of A. B." -j 2
      teitools site letters/ -o site/ --no-search
    """
    from teitools.errors import OutputClash, OutputError
    from teitools.site import build_site
    from teitools.site.search import SearchUnavailable

    pairs, unreadable = _inputs_of(inputs, ".xml")
    out_dir = Path(output)
    if out_dir.exists() and not out_dir.is_dir():
        raise click.UsageError(f"{printable(out_dir)} is not a folder")
    try:
        with _progress(len(pairs), "building", not quiet) as bar:
            build = build_site(pairs, out_dir, jobs=jobs, title=title, search=not no_search, limits=limits,
                               roots=_include_roots(inputs, pairs, allow_outside), on_done=lambda: bar.update(1))
    except (OutputClash, SearchUnavailable) as exc:
        raise click.UsageError(printable(exc)) from None
    except OutputError as exc:
        say(f"error: {exc}")
        sys.exit(EXIT_FAILED)
    for warning in build.warnings:
        say(f"warning: {printable(warning)}")
    for path, error in build.failed:
        say(f"error: {error}" if str(path) in error else f"error: {printable(path)}: {error}")
    if not quiet:
        say(f"{build.pages} documents, {build.rendered} pages written"
            f"{', search index built' if build.searchable else ''}; {len(build.failed)} failed")
    sys.exit(EXIT_USAGE if unreadable or build.unreadable else EXIT_FAILED if build.failed else EXIT_OK)


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option("--schema", help="RELAX NG (.rng) or XSD (.xsd) for every file; default: each file's xml-model.")
@click.option("--profile", is_flag=True, help="Validate against the teitools TEI profile (shipped; a strict subset "
                                              "of TEI P5 for converted letters and what editors add to them).")
@click.option("--schematron", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="ISO Schematron to run too (XPath 2/3.1: xslt, xslt2, xslt3, xpath2, xpath3, xpath31 bindings); "
                   "repeatable.")
@click.option("--phase", metavar="ID", help="The Schematron phase to run (default: the schema's defaultPhase, "
                                            "else #ALL).")
@click.option("--no-embedded-rules", is_flag=True, help="Skip the Schematron the schema carries (an ODD's "
                                                         "constraints, tei_all's ~90 patterns), run by default.")
@click.option("--no-rules", is_flag=True, help="Skip teitools' built-in TEI rule checks.")
@click.option("--enable-rule", "enable_rules", multiple=True, metavar="ID",
              help="Run this built-in rule (with --no-rules: only the rules so named); repeatable.")
@click.option("--disable-rule", "disable_rules", multiple=True, metavar="ID", help="Skip this built-in rule; "
                                                                                   "repeatable.")
@click.option("--list-rules", is_flag=True, help="List the built-in rules (id, severity, description) and exit.")
@click.option("--strict", is_flag=True, help="Built-in rule errors make a file invalid (default: warnings).")
@click.option("--format", "fmt", type=click.Choice(list(REPORT_FORMATS)),
              default="human", show_default=True,
              help="Report format; sarif is SARIF 2.1.0, for GitHub code scanning; svrl, Schematron's report language "
                   "(the other findings as its text).")
@click.option("--max-errors", type=click.IntRange(1), help="Report at most N errors per file.")
@click.option("--allow-network", is_flag=True, help="Fetch http(s) schemas, and what they import, once into the "
                                                    "cache folder.")
@click.option("--allow-outside", is_flag=True, help="Let a schema or Schematron include files outside its own "
                                                    "folder tree.")
@click.option("--no-xinclude", is_flag=True, help="Validate files as they are, without resolving xi:include "
                                                  "(by default resolved inside the folder named, or the file's own).")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="OASIS XML catalog mapping schema URLs to local files (repeatable; after these, XML_CATALOG_FILES "
                   "and teitools' own, which maps the TEI Consortium's tei_all to the shipped copy).")
@click.option("--engine", type=click.Choice(["lxml", "xmlschema"]), help="Force a validation engine.")
@click.option("--no-specialize", is_flag=True, help="Compile the whole RELAX NG grammar instead of the part the "
                                                    "files' element and attribute names can use (same verdicts).")
@click.option("--warm", is_flag=True, help="Keep the --schema compiled in a background worker for later runs "
                                           "(fast one-file validation in new processes; idle exit after 15 min).")
@click.option("--stop-worker", is_flag=True, help="Stop the warm worker of --schema and exit.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to use.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file (atomically).")
@click.option("--force", is_flag=True, help="Replace an existing report file.")
@limit_option
@click.option("-v", "--verbose", is_flag=True, help="Also list valid files, the engine used and notes.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def validate(inputs: tuple[str, ...], schema: str | None, profile: bool, schematron: tuple[str, ...],
             phase: str | None, no_embedded_rules: bool, no_rules: bool,
             enable_rules: tuple[str, ...], disable_rules: tuple[str, ...], list_rules: bool, strict: bool, fmt: str,
             max_errors: int | None, allow_network: bool, allow_outside: bool, no_xinclude: bool,
             catalogs: tuple[str, ...], engine: str | None, no_specialize: bool, warm: bool, stop_worker: bool,
             jobs: int, output: str | None, force: bool, limits, verbose: bool, quiet: bool) -> None:
    """Validate TEI files against a schema and TEI rule checks.

    \b
    Examples:
      teitools validate letter.xml                         # schema from the file's xml-model
      teitools validate letters/ --profile                 # the teitools TEI profile
      teitools validate corpus/ --schema tei_all.rng -j 2
      teitools validate "tei/**/*.xml" --format github     # annotations in GitHub Actions
      teitools validate tei/ --format junit -o report.xml
    """
    from teitools.errors import OutputError
    from teitools.files import refuse_output, write_output
    from teitools.schemas import PROFILE
    from teitools.validation.options import Options
    from teitools.validation.run import validate_paths

    if list_rules:
        from teitools.validation.ruleset import rules_table

        to_stdout(rules_table())
        sys.exit(EXIT_OK)
    if profile and schema:
        raise click.UsageError("--profile and --schema exclude each other")
    schema = PROFILE if profile else schema

    if stop_worker:
        from teitools.validation import worker

        if not schema:
            raise click.UsageError("--stop-worker needs --schema")
        stopped = worker.stop(schema)
        say("worker stopped" if stopped else "no worker was running")
        sys.exit(EXIT_OK)
    if not inputs:
        raise click.UsageError("no input files given")

    pairs, unreadable = _inputs_of(inputs, ".xml")
    paths = [f for f, _ in pairs]
    run_inputs = InputPaths(paths)
    if output:  # refused before the run, not after it: the report must not replace an input or a file unasked
        try:
            refuse_output(Path(output), inputs=run_inputs, force=force)
        except OutputError as exc:
            raise click.UsageError(printable(exc)) from None
    try:
        options = Options(schema=schema, rules=not no_rules, strict=strict, schematron=list(schematron), phase=phase,
                          embedded_rules=not no_embedded_rules,
                          allow_network=allow_network, max_errors=max_errors, engine=engine, warm=warm,
                          specialize=not no_specialize, allow_outside=allow_outside, limits=limits,
                          catalogs=[*catalogs, *os.environ.get("XML_CATALOG_FILES", "").split()],
                          enable_rules=enable_rules, disable_rules=disable_rules, xinclude=not no_xinclude)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        with _progress(len(paths), "validating", not quiet and len(paths) > 1) as bar:
            report = validate_paths(paths, options, jobs=jobs, on_done=lambda _: bar.update(1),
                                    roots=_folders_named(inputs, paths))
    except ValueError as exc:  # a SchemaError or ResourceError among them
        say(f"error: {exc}")
        sys.exit(EXIT_USAGE)
    if verbose:
        for sch in options.schematron:
            say(f"schematron: {sch}")
    text = REPORT_FORMATS[fmt](report, verbose) if fmt == "human" else REPORT_FORMATS[fmt](report)
    if output:
        try:
            write_output(Path(output), text.encode("utf-8"), inputs=run_inputs, force=force)
        except OutputError as exc:
            say(f"error: {exc}")
            sys.exit(EXIT_USAGE)
        say(report_line(report))
    else:
        to_stdout(text)
    # an input that could not be read, or a schema that could be had neither locally nor from a catalog, is a
    # usage problem (2), not an invalid file (1)
    unusable = any(f.rule in ("unreadable", "schema-unavailable") for fr in report.files for f in fr.findings)
    sys.exit(EXIT_USAGE if unreadable or unusable else EXIT_OK if report.valid else EXIT_FAILED)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", help="The CMIF file to write. Default: stdout.")
@click.option("--title", required=True, help="Title of the index of letters (titleStmt/title).")
@click.option("--editor", required=True, help="Contact person for the index (titleStmt/editor).")
@click.option("--email", help="The editor's e-mail address.")
@click.option("--url", required=True, help="The URL the CMIF file will be published at (publicationStmt/idno).")
@click.option("--publisher", help="Who publishes the letters' metadata; default: the one publisher the files name.")
@click.option("--publisher-url", help="The publisher's web site.")
@click.option("--edition", help="The edition, as a citation (sourceDesc/bibl); default: the one series the files "
                                "name, else the publisher.")
@click.option("--edition-url", help="The edition's web site.")
@click.option("--base-url", help="Where the site of these files is published (teitools site): a letter's URL is its "
                                 "page there, unless its correspDesc/@ref gives its own.")
@click.option("--timestamp", help="The build's xsd:dateTime (publicationStmt/date); default: SOURCE_DATE_EPOCH if "
                                  "set, else now.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to use.")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@limit_option
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def cmif(inputs: tuple[str, ...], output: str | None, title: str, editor: str, email: str | None, url: str,
         publisher: str | None, publisher_url: str | None, edition: str | None, edition_url: str | None,
         base_url: str | None, timestamp: str | None, jobs: int, force: bool, limits, quiet: bool) -> None:
    """Write a CMIF v1 file (for correspSearch) of the letters in TEI files.

    One correspDesc per letter of the files' own correspDesc: senders and recipients with the authority URIs
    their register entries give, places, ISO dates (a year, a month or a day, as given). CMIF files among the
    inputs are merged, keeping their editions.

    \b
    Examples:
      teitools cmif letters/ -o cmif.xml --title "Letters of A. B." --editor "C. D." --email cd@example.org \\
          --url https://example.org/cmif.xml --base-url https://example.org/letters/
    """
    from teitools.cmif import CmifHeader, cmif_bytes, cmif_tree, collect
    from teitools.errors import OutputError
    from teitools.files import refuse_output, write_output

    for name, value in (("--url", url), ("--base-url", base_url), ("--publisher-url", publisher_url),
                        ("--edition-url", edition_url)):
        if value is not None and not value.startswith(("http://", "https://")):
            raise click.BadParameter(f"{value!r} is not an http(s) URL", param_hint=name)
    stamp = _timestamp(timestamp)
    pairs, unreadable = _inputs_of(inputs, ".xml")
    target = Path(output) if output else None
    if target is not None:
        try:
            refuse_output(target, inputs=InputPaths(p for p, _ in pairs), force=force)
        except OutputError as exc:
            say(f"error: {exc}")
            sys.exit(EXIT_FAILED)
    found = collect(pairs, jobs, limits)
    for error in found.errors:
        say(f"error: {error}")
    if not found.letters:
        say("error: no letters: none of the files has a correspDesc with a sent or received action")
        sys.exit(EXIT_FAILED)
    publisher = publisher or found.common(found.publishers)
    if not publisher:
        raise click.UsageError("the files name no one publisher: give --publisher")
    header = CmifHeader(title, editor, publisher, url, stamp, edition or found.common(found.series) or publisher,
                        edition_url, email, publisher_url)
    data = cmif_bytes(cmif_tree(found.letters, header, found.editions, base_url))
    try:
        if target is not None:
            write_output(target, data, inputs=InputPaths(p for p, _ in pairs), force=force)
        else:
            to_stdout(data)
    except OutputError as exc:
        say(f"error: {exc}")
        sys.exit(EXIT_FAILED)
    if not quiet:
        no_url = sum(1 for lt in found.letters if not (lt.url or lt.key or (base_url and lt.page)))
        say(f"{len(found.letters)} letters from {len(pairs) - len(found.errors) - found.without_metadata} files"
            + (f"; {found.without_metadata} files describe no letter" if found.without_metadata else "")
            + (f"; {no_url} letters have neither a URL nor a key (give --base-url)" if no_url else "")
            + (f"; {len(found.errors)} files failed" if found.errors else ""))
    sys.exit(EXIT_USAGE if unreadable else EXIT_FAILED if found.errors else EXIT_OK)


def _timestamp(given: str | None) -> str:
    """The build's time as xsd:dateTime (UTC, seconds): as given, else SOURCE_DATE_EPOCH (reproducible builds)."""
    import datetime

    from teitools.cmif.checks import DATE_TIME

    if given is not None:
        if not DATE_TIME.match(given):
            raise click.BadParameter(f"{given!r} is not an xsd:dateTime such as 2026-12-02T10:00:00Z",
                                     param_hint="--timestamp")
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch
                  else datetime.datetime.now(datetime.UTC))
    except (ValueError, OverflowError, OSError):
        raise click.UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _include_roots(inputs: tuple[str, ...], pairs: list[tuple[Path, Path]], allow_outside: bool) -> dict[Path, Path]:
    """For rendering: the folder each file's includes may read — the folder named, or with ``--allow-outside`` the
    whole file system."""
    paths = [p for p, _ in pairs]
    return {p: Path(p.resolve().anchor) for p in paths} if allow_outside else _folders_named(inputs, paths)


def _folders_named(inputs: tuple[str, ...], paths: list[Path]) -> dict[Path, Path]:
    """For each file found in a folder that was named, that folder (what its xi:includes may read)."""
    folders = [Path(p) for p in inputs if Path(p).is_dir()]
    roots: dict[Path, Path] = {}
    for f in paths:
        folder = next((d for d in folders if f.is_relative_to(d)), None)
        if folder is not None:
            roots[f] = folder
    return roots


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

"""The command line: argparse, exit codes and all output. Nothing else prints."""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief import __version__

if TYPE_CHECKING:
    from policybrief.run.build import Options, Output, Report

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
LAST_EPOCH = 253_402_300_799  # 9999-12-31T23:59:59Z: PDF dates have four-digit years


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="make-brief",
        description="Build policy briefs (YAML) into print-ready PDFs.",
        epilog="With no BRIEF, builds every briefs/*.yaml (and *.yml): the full build and every"
        " edition.",
    )
    p.add_argument("briefs", nargs="*", type=Path, metavar="BRIEF.yaml")
    p.add_argument(
        "--edition",
        action="append",
        default=[],
        metavar="ID",
        help="build only this edition ('full' for the full build); repeatable",
    )
    p.add_argument(
        "--layout",
        metavar="NAME_OR_PATH",
        help="use this layout instead of the brief's and editions' own",
    )
    p.add_argument(
        "--out-dir",
        type=Path,
        default=Path("build"),
        metavar="DIR",
        help="where PDFs go (default: build/)",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE.pdf",
        help="the output path, when exactly one PDF is built (one brief and edition, or one"
        " --pack without copies per attendee)",
    )
    p.add_argument(
        "--check", action="store_true", help="validate briefs and layouts and report; write nothing"
    )
    p.add_argument(
        "--pdf-standard",
        type=_standards,
        metavar="LIST",
        help="make every PDF conform to these, comma-separated: pdfa-2b, pdfa-2u, pdfa-2a,"
        " pdfa-3b, pdfa-3a, ua-1 (e.g. pdfa-2a,ua-1); a layout can ask for them too",
    )
    p.add_argument(
        "--impose",
        choices=["2up", "booklet"],
        help="also write an imposed print file NAME.print.pdf beside each PDF",
    )
    p.add_argument(
        "--lint",
        action="store_true",
        help="with --check or a build: also print advice on the brief (note: lines)",
    )
    p.add_argument("--strict", action="store_true", help="lint findings are errors")
    p.add_argument(
        "--preflight",
        action="store_true",
        help="after each PDF, print its print-readiness report in plain words",
    )
    p.add_argument(
        "--verify",
        type=Path,
        metavar="FILE.pdf",
        help="rebuild a PDF make_brief wrote from the files it carries; exit 0 if identical",
    )
    p.add_argument(
        "--png", action="store_true", help="also write a PNG of every page (NAME-1.png, ...)"
    )
    p.add_argument(
        "--png-dpi",
        type=_dpi,
        default=100,
        metavar="N",
        help="resolution of the --png previews (default: 100)",
    )
    p.add_argument(
        "--no-source",
        action="store_true",
        help="leave the brief and its files out of the PDF (their digests stay in the XMP)",
    )
    p.add_argument(
        "--watch",
        action="store_true",
        help="keep running; rebuild whenever a brief or its layout is saved",
    )
    p.add_argument("--schema", action="store_true", help="print the brief format's JSON Schema")
    p.add_argument(
        "--list-layouts", action="store_true", help="list the layouts available, one line each"
    )
    p.add_argument(
        "--new",
        metavar="NAME",
        help="write a starter brief briefs/NAME.yaml that builds as it is (never overwrites)",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="build N PDFs at a time (default: one per core, at most one per PDF)",
    )
    p.add_argument(
        "--pack",
        action="append",
        default=[],
        type=Path,
        metavar="PACK.yaml",
        help="build a meeting pack into build/NAME.pack.pdf (and its copies); repeatable",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("--version", action="version", version=f"make_brief {__version__}")
    return p


def _standards(text: str) -> str:
    from policybrief.model import standards

    try:
        return standards.parse(text).text
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _dpi(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if not 10 <= value <= 1200:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number from 10 to 1200")
    return value


def main(argv: list[str] | None = None) -> int:
    if argv is None and hasattr(signal, "SIGPIPE"):
        # `make-brief --schema | head` ends quietly, as command-line tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = parser().parse_args(argv)
    _import_quickly()
    from policybrief.run.batch import build_all
    from policybrief.run.build import Options

    if problem := _source_date_problem():
        print(f"make-brief: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.schema:
        from policybrief.model.brief import Brief

        print(json.dumps(Brief.model_json_schema(), indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.new is not None:
        return _new(args.new)
    if args.list_layouts:
        from policybrief.load import layouts

        # What a brief in briefs/ (or the first BRIEF given) can name: see layouts.layout_dirs.
        brief_dir = args.briefs[0].parent if args.briefs else Path("briefs")
        for name, description in layouts.available(brief_dir):
            print(f"{name:<14} {description}")
        return EXIT_OK
    if args.verify is not None:
        return _verify(args.verify)
    # A plain run builds every brief and every pack; --pack alone builds only packs.
    plain = not args.briefs and not args.pack
    packs = args.pack or (
        sorted(p for p in Path("packs").glob("*.y*ml") if _is_yaml(p)) if plain else []
    )
    briefs = args.briefs or (
        sorted(p for p in Path("briefs").glob("*.y*ml") if _is_yaml(p)) if not args.pack else []
    )
    if not briefs and not packs:
        print("make-brief: no briefs given and none in briefs/", file=sys.stderr)
        return EXIT_USAGE
    if args.output and (len(briefs) + len(packs) != 1 or len(args.edition) > 1):
        print(
            "make-brief: -o/--output needs exactly one brief (and at most one --edition)"
            " or exactly one --pack",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.layout and (problem := _layout_problem(args.layout, briefs)):
        print(f"make-brief: {problem}", file=sys.stderr)
        return EXIT_USAGE
    options = Options(
        out_dir=args.out_dir,
        output=args.output,
        editions=tuple(args.edition),
        layout=args.layout,
        check_only=args.check,
        impose=args.impose,
        pdf_standard=args.pdf_standard,
        found_in_folder=not args.briefs,
        lint=args.lint or args.strict,
        strict=args.strict,
        preflight=args.preflight,
        png_dpi=args.png_dpi if args.png else None,
        source=not args.no_source,
    )
    if args.watch:
        return _watch(briefs, options, args.quiet)
    failed = misused = False
    for report in build_all(briefs, options, args.jobs):
        _print(report, args.quiet, options)
        if args.check and not args.quiet:
            _print_editions(report)
        failed |= report.failed
        misused |= any(d.usage and d.is_error for d in report.diagnostics)
    pack_failed, pack_misused = _packs(packs, options, args.jobs, args.quiet)
    failed, misused = failed or pack_failed, misused or pack_misused
    return EXIT_USAGE if misused else EXIT_FAILED if failed else EXIT_OK


def _packs(packs: list[Path], options: Options, jobs: int | None, quiet: bool) -> tuple[bool, bool]:
    """Build each meeting pack (run/pack.py) and print as a brief does: (any failed,
    any failed because of how it was called, e.g. -o for a pack with copies)."""
    from policybrief.run.pack import build_pack

    failed = misused = False
    for path in packs:
        report = build_pack(path, options, jobs)
        for diagnostic in report.diagnostics:
            if diagnostic.is_error or not quiet:
                print(diagnostic.format(), file=sys.stderr)
        failed |= report.failed
        misused |= any(d.usage and d.is_error for d in report.diagnostics)
        if quiet:
            continue
        if options.check_only and not report.failed:
            print(f"{path}: valid; {len(report.tabs)} tab(s), {report.pages} pages")
            for tab in report.tabs:
                what = f"{tab.brief} {tab.edition} ({tab.layout})"
                print(f"  Tab {tab.letter}: {what}, {tab.pages} pages")
        for out in report.outputs:
            extra = f"  + {out.print_path} ({out.print_note})" if out.print_path else ""
            print(f"{out.path}  {out.pages} pages  {out.seconds:.2f} s{extra}")
    return failed, misused


def _import_quickly() -> None:
    """Import the builder with the cyclic garbage collector held off, then collect
    less often.

    Importing pydantic's schemas and reportlab creates some 300,000 objects that
    live as long as the process; the collector would walk them again and again
    (about 0.1 s of a 0.5 s build). Frozen, later collections skip them. A build
    allocates millions of short-lived containers and few cycles, so collecting
    every 10,000 allocations rather than every 700 costs nothing in memory and
    halves the time spent collecting in a batch.
    """
    if "policybrief.run.build" in sys.modules:  # a second main() in one process
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        from policybrief.run import build  # noqa: F401
    finally:
        gc.freeze()
        gc.set_threshold(10_000, 10, 10)
        if enabled:
            gc.enable()


def _watch(briefs: list[Path], options: Options, quiet: bool) -> int:
    """Rebuild on every save until Ctrl-C; each rebuild prints as a build does."""
    from policybrief.run.watch import Rebuild, watch

    def show(rebuild: Rebuild) -> None:
        if not quiet:  # the time of each round: in a long session, the newest tells itself
            import time

            saved = ", ".join(p.name for p in rebuild.changed)
            why = f"saved {saved}" if saved else "built"
            print(f"make-brief: {time.strftime('%H:%M:%S')} {why}", file=sys.stderr, flush=True)
        for report in rebuild.reports:
            _print(report, quiet, options)
        sys.stdout.flush()  # a watcher's output is read as it happens

    if not quiet:
        print("make-brief: watching for saves; Ctrl-C stops", file=sys.stderr)
    watch(briefs, options, show)
    return EXIT_OK


def _print_editions(report: Report) -> None:
    from policybrief.run.report import summarise

    if report.valid is None or report.doc is None or report.failed:
        return
    targets = report.layouts_used
    print(f"{report.doc.file}: valid; {len(targets)} PDF(s) would be built")
    for summary in summarise(report.valid, report.doc.file, targets):
        print("\n".join(summary.lines()))


def _verify(pdf: Path) -> int:
    """`--verify FILE.pdf`: what the PDF says it was built from, rebuilt and compared."""
    from policybrief.run.verify import verify

    verdict = verify(pdf)
    for line in verdict.lines:
        print(line, file=sys.stdout if verdict.identical else sys.stderr)
    return EXIT_OK if verdict.identical else EXIT_FAILED


def _extras(report: Report, out: Output, options: Options) -> list[str]:
    """What --png and --preflight add under a PDF's line, from the PDF as written."""
    if options.png_dpi is None and not options.preflight:
        return []
    from policybrief.run import extras

    return extras.after_writing(report, out, options)


def _is_yaml(path: Path) -> bool:
    return path.suffix in (".yaml", ".yml") and path.is_file()


def _layout_problem(name: str, briefs: list[Path]) -> str:
    """A --layout that a brief given cannot find (a name is looked up beside each brief)."""
    from policybrief.load import layouts

    for brief in briefs:
        if layouts.find(name, Path.cwd(), brief.parent) is None:
            return f"--layout: {layouts.unknown(name, brief.parent)}"
    return ""


def _new(name: str) -> int:
    """`--new NAME`: briefs/NAME.yaml from the starter, refusing to replace a file."""
    import datetime as dt
    import re
    from importlib import resources

    if name.endswith((".yaml", ".yml")):
        problem = f"--new: give the name without its extension: --new {Path(name).stem}"
    elif not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name):
        problem = (
            f"--new: '{name}' is not a valid name: lowercase letters, digits, '.', '_'"
            " and '-', starting with a letter or digit (e.g. --new bus-fleet-2025)"
        )
    else:
        problem = ""
    if problem:
        print(f"make-brief: {problem}", file=sys.stderr)
        return EXIT_USAGE
    starter = (resources.files("policybrief") / "starter.yaml").read_text(encoding="utf-8")
    text = starter.replace("DATE", dt.date.today().isoformat()).replace("NAME", name)
    target = Path("briefs") / f"{name}.yaml"
    try:
        target.parent.mkdir(exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:  # never replaces a file
            handle.write(text)
    except FileExistsError:
        message = f"{target} already exists; edit it or choose another NAME"
        print(f"make-brief: {message}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"make-brief: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{target} written; build it with: make-brief {target}")
    if not (Path("docs") / "brief.schema.json").is_file():
        print(
            "make-brief: note: for completion in your editor, write the schema its first line"
            " names: make-brief --schema > docs/brief.schema.json",
            file=sys.stderr,
        )
    return EXIT_OK


def _source_date_problem() -> str:
    """reportlab reads SOURCE_DATE_EPOCH itself and crashes on a value that is not a time.

    reproducible-builds.org asks a build to fail on a malformed value; it is a usage error.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    digits = value.lstrip("0") or "0"
    if not value or (value.isascii() and value.isdigit() and int(digits[:13]) <= LAST_EPOCH):
        return ""
    return f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970 (up to year 9999)"


def _print(report: Report, quiet: bool, options: Options | None = None) -> None:
    for diagnostic in report.diagnostics:
        if diagnostic.is_error or not quiet:
            print(diagnostic.format(), file=sys.stderr)
    for out in report.outputs:
        after = _extras(report, out, options) if options else []  # previews even when quiet
        if quiet:
            continue
        pages = f"{out.pages} page{'s' if out.pages != 1 else ''}"
        extra = f"  (tightened to fit: {out.tightened})" if out.tightened else ""
        if out.print_path is not None:
            extra += f"  + {out.print_path} ({out.print_note})"
        print(f"{out.path}  {pages}  {out.seconds:.2f} s{extra}")
        for line in after:
            print(f"  {line}")

"""Runs the stages for one brief and its editions; returns results, never prints.

load -> validate -> resolve (per edition) -> render -> finish. User errors come
back as diagnostics; anything else is a bug and propagates as one.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.diagnostics import BriefError, Diagnostic, Severity
from policybrief.finish import provenance, rights
from policybrief.finish.write import Staged, assemble, commit, discard, print_path, stage
from policybrief.load import annexes, exhibits, files, layouts
from policybrief.load.annexes import AnnexFile, Attached
from policybrief.load.checks import ValidBrief, check_brief
from policybrief.load.labels import language
from policybrief.load.yamlsource import SourceDoc, load_file
from policybrief.model import standards
from policybrief.model.labels import relabelled
from policybrief.model.picture import Picture
from policybrief.resolve import FULL, Target, resolve
from policybrief.resolve.edition import language_of
from policybrief.run import choice
from policybrief.run.glyphs import missing_glyphs

if TYPE_CHECKING:
    from policybrief.model.layout import Layout
    from policybrief.model.resolved import ResolvedBrief
    from policybrief.render.document import CannotLayOut
    from policybrief.render.fit import Fitted, OverBudget



@dataclass(frozen=True)
class Options:
    out_dir: Path = Path("build")
    output: Path | None = None
    editions: tuple[str, ...] = ()  # empty: the full build and every edition
    layout: str | None = None
    check_only: bool = False
    found_in_folder: bool = False  # the briefs are every YAML file of briefs/ (a plain run)
    impose: str | None = None  # "2up" | "booklet": also write NAME.print.pdf (issue: handouts)
    pdf_standard: str | None = None  # "pdfa-2a,ua-1": model/standards.py (issue 14)
    lint: bool = False  # also the brief-specific advice (issue 20)
    strict: bool = False  # lint findings are errors
    preflight: bool = False  # a print-readiness report of each PDF, read back from it
    png_dpi: int | None = None  # also a PNG of every page at this resolution
    source: bool = True  # embed the brief and its files (--no-source: digests only)


@dataclass(frozen=True)
class Output:
    path: Path
    edition: str
    pages: int
    seconds: float
    tightened: str = ""  # what fitting the page budget tightened, e.g. "leading 92%"
    print_path: Path | None = None  # the imposed file written beside `path`
    print_note: str = ""  # e.g. "booklet, 2 sheets A3 landscape"
    staged: tuple[Staged, ...] = ()  # the files, renamed into place by `settle`
    preflight: tuple[str, ...] = ()  # the print-readiness report, one finding a line
    pngs: tuple[Path, ...] = ()  # the page previews written beside `path`


@dataclass
class Report:
    brief: Path
    outputs: list[Output] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    valid: ValidBrief | None = None
    doc: SourceDoc | None = None
    annexes: dict[str, AnnexFile] = field(default_factory=dict)  # checked, by `file`
    pictures: dict[str, Picture] = field(default_factory=dict)  # logos, read once, by name
    layouts_used: dict[str, layouts.LoadedLayout] = field(default_factory=dict)  # by target

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def load(
    path: Path, layouts_pass: bool = False
) -> tuple[SourceDoc | None, ValidBrief | None, list[Diagnostic]]:
    """The brief, checked: what the checks ran on (see `check_brief`) and every problem.

    `layouts_pass`: a layout file among the briefs is passed over with a note
    (a plain run builds every YAML file of `briefs/`, and layouts live there too).
    """
    try:
        doc = load_file(path)
    except BriefError as exc:
        return None, None, exc.diagnostics
    if _is_layout(doc):
        if layouts_pass:
            note = "a layout, not a brief: not built"
            return doc, None, [Diagnostic(doc.file, 1, 1, "", note, Severity.WARNING)]
        message = (
            "this is a layout, not a brief: a brief names it with `layout:`,"
            " or pass it with --layout"
        )
        return doc, None, [Diagnostic(doc.file, 1, 1, "", message)]
    checked, problems = check_brief(doc)
    return doc, checked, [*doc.warnings, *problems]


def build_brief(path: Path, options: Options) -> Report:
    """Load, validate and build every target of one brief, in this process."""
    report, targets = plan_brief(path, options)
    for edition in targets:
        output, problems = build_target(report, edition, options, len(targets))
        report.diagnostics += problems
        if output is not None:
            report.outputs.append(output)
    settle(report)
    return report


def plan_brief(path: Path, options: Options) -> tuple[Report, list[str]]:
    """Load and validate a brief; the targets (full, editions) to build, if it is valid."""
    report = Report(path)
    doc, checked, problems = load(path, layouts_pass=options.found_in_folder)
    report.diagnostics += problems
    report.doc = doc
    if doc is None or checked is None:
        return report, []
    targets = targets_of(checked, options.editions)
    unknown = [e for e in options.editions if e != FULL and e not in checked.editions]
    if unknown:
        names = ", ".join([FULL, *checked.editions])
        message = f"no edition '{unknown[0]}' in this brief (editions: {names})"
        report.diagnostics.append(replace(doc.diagnostic(("editions",), message), usage=True))
        return report, []
    if options.output is not None and len(targets) > 1:
        report.diagnostics.append(
            Diagnostic(
                doc.file,
                1,
                1,
                "",
                f"-o/--output names one PDF but this brief builds {len(targets)}"
                f" ({', '.join(targets)}); choose one with --edition",
                usage=True,
            )
        )
        return report, []
    # Checked before any target renders, so that a bad annex never writes a PDF;
    # and for a brief with errors too, so that all its problems come at once.
    report.annexes, problems = annexes.check(checked.brief, checked.editions, doc, path.parent)
    report.diagnostics += problems
    # Files the brief names are checked with the brief: `--check` reports them too.
    report.pictures, problems = files.check_logos(checked, doc, path.parent)
    report.diagnostics += problems
    exhibit_files, problems = exhibits.check(checked, doc, path.parent)
    report.diagnostics += problems
    checked = replace(checked, files=exhibit_files)
    used, problems = _layouts_of(checked, doc, path, targets, options)
    report.diagnostics += problems
    # In reading order, as an editor walks through them (files and layouts apart).
    report.diagnostics.sort(key=lambda d: (d.file != doc.file, d.file, d.line, d.column))
    if report.failed:  # no PDF of a brief with any error is written
        return report, []
    report.valid = checked
    report.layouts_used = dict(zip(targets, used, strict=True))
    report.diagnostics += missing_glyphs(doc, checked.brief, used)
    report.diagnostics += exhibits.low_resolution(checked, doc, report.layouts_used)
    report.diagnostics += exhibits.print_resolution(
        checked, doc, report.layouts_used, report.pictures
    )
    if options.lint:  # before any PDF: under --strict a finding stops the build
        from policybrief.run.lint import lint  # reportlab's metrics, textstat: only then

        report.diagnostics += lint(report, options.strict)
        if report.failed:
            return report, []
    return report, targets


def _is_layout(doc: SourceDoc) -> bool:
    """A layout kept beside the briefs (as a brief's `layout: house.yaml` wants it)."""
    from policybrief.model.brief import Brief
    from policybrief.model.layout import Layout

    keys = set(doc.data) if isinstance(doc.data, dict) else set()
    # Only layout keys, and one at least that no brief has (both have `references`).
    return keys <= set(Layout.model_fields) and not keys <= set(Brief.model_fields)


def _layouts_of(
    checked: ValidBrief, doc: SourceDoc, path: Path, targets: list[str], options: Options
) -> tuple[list[layouts.LoadedLayout], list[Diagnostic]]:
    used: list[layouts.LoadedLayout] = []
    problems: list[Diagnostic] = []
    for edition in targets:
        try:
            used.append(choice.load(choice.choose(checked, edition, options.layout), path, doc))
        except BriefError as exc:  # the same layout may serve several editions: once each
            problems += [d for d in exc.diagnostics if d not in problems]
    return used, problems


def build_target(
    report: Report, edition: str, options: Options, count: int
) -> tuple[Output | None, list[Diagnostic]]:
    """Build one target of a planned brief: its PDF, or the problems that stopped it."""
    assert report.doc is not None and report.valid is not None
    try:
        chosen = choice.choose(report.valid, edition, options.layout)
        loaded = choice.load(chosen, report.brief, report.doc)
        if options.check_only:
            return None, []
        target = output_path(report.brief, edition, options, count)
        if _is_input(target, report, loaded, options.impose or loaded.layout.impose):
            message = f"will not write {target}: it is one of this build's own input files"
            return None, [Diagnostic(report.doc.file, 1, 1, "", message)]
        return _build_one(report, edition, loaded, options, count), []
    except BriefError as exc:
        return None, exc.diagnostics
    except OSError as exc:  # the output folder is read-only, full, or not a folder
        where = exc.filename or "the PDF"
        message = f"cannot write {where}: {exc.strerror or exc}"
        return None, [Diagnostic(report.doc.file, 1, 1, "", message)]


def _is_input(target: Path, report: Report, loaded: layouts.LoadedLayout, impose: str) -> bool:
    """The output would replace a file the build reads: the brief, its layouts, their
    fonts, the logos, annexes and reference library it names (`-o brief.yaml`,
    `-o logo.png`, `-o refs.bib`)."""
    inputs = {report.brief, *loaded.files, *(a.path for a in report.annexes.values())}
    inputs |= {report.brief.parent / name for name in report.pictures}
    if report.valid is not None and report.valid.library:  # `references: refs.bib`
        inputs.add(report.brief.parent / report.valid.library)
    fonts = loaded.layout.fonts
    for family in (fonts.body, fonts.headings, fonts.mono):  # a name, or FontFiles
        faces = [getattr(family, face, None) for face in ("regular", "bold", "italic")]
        faces.append(getattr(family, "bold_italic", None))
        inputs |= {loaded.path.parent / face for face in faces if isinstance(face, str)}
    written = {target.resolve()}
    if impose in ("2up", "booklet"):  # NAME.print.pdf beside it
        written.add(print_path(target).resolve())
    return bool(written & {p.resolve() for p in inputs})


def targets_of(valid: ValidBrief, wanted: tuple[str, ...]) -> list[str]:
    every = [FULL, *valid.editions]
    return [e for e in every if e in wanted] if wanted else every


def output_path(path: Path, edition: str, options: Options, count: int) -> Path:
    if options.output is not None and count == 1:
        return options.output
    name = path.stem if edition == FULL else f"{path.stem}--{edition}"
    return options.out_dir / f"{name}.pdf"


def _build_one(
    report: Report, edition: str, loaded: layouts.LoadedLayout, options: Options, count: int
) -> Output:
    started = time.perf_counter()
    path, doc = report.brief, report.doc
    assert doc is not None
    layout = loaded.layout
    resolved, fitted = lay_out(report, edition, loaded)
    attached = [Attached(a.title, report.annexes[a.file]) for a in resolved.annexes]
    rendered = fitted.rendered
    pdf = assembled(
        rendered.pdf, attached, rendered.extras, resolved, loaded, doc, room=rendered.annex_room
    )
    wanted = standards.parse(options.pdf_standard or layout.pdf_standard)
    if wanted:
        from policybrief.finish import pdfa  # only PDF/A and PDF/UA builds pay for its imports

        try:
            pdf = pdfa.conform(pdf, layout.color_model, wanted)  # nothing may change it after
        except pdfa.NotConformant as exc:
            # Only an annex brings content we did not draw.
            message = f"cannot make {wanted.title}: {exc}; leave the annex out, or fix its PDF"
            raise BriefError([doc.diagnostic(("annexes",), message)]) from None
    pdf = provenance.attach(
        pdf, _record(report, edition, loaded, options), rights.description(resolved.rights)
    )
    target = output_path(path, edition, options, count)
    files = [stage(target, pdf)]
    try:
        printed, note = _impose(pdf, target, options.impose or layout.impose, layout, files)
    except BaseException:
        discard(files)
        raise
    return Output(
        target,
        edition,
        rendered.total,
        time.perf_counter() - started,
        tightened=fitted.tightened,
        print_path=printed,
        print_note=note,
        staged=tuple(files),
    )


def lay_out(
    report: Report, edition: str, loaded: layouts.LoadedLayout
) -> tuple[ResolvedBrief, Fitted]:
    """One target resolved and laid out, in memory: what `_build_one` finishes and
    writes, and what a meeting pack merges (run/pack.py)."""
    from policybrief.model.layout import MM
    from policybrief.render import fit
    from policybrief.render.document import CannotLayOut, Rendered, TooManyPages, render
    from policybrief.render.styles import Tight
    from policybrief.render.title import TooTall

    doc, valid = report.doc, report.valid
    assert doc is not None and valid is not None
    layout = loaded.layout
    resolved = resolve(
        target_of(valid, edition),
        source=doc.file,
        lang=relabelled(language(language_of(target_of(valid, edition))), layout.labels),
        takeaways_first=loaded.layout.takeaways.position == "before_summary",
        numbered_headings=loaded.layout.headings.numbering,
        citations=loaded.layout.citations.style,
        notes=layout.notes,
    )
    lang = language(resolved.language)
    attached = [Attached(a.title, report.annexes[a.file]) for a in resolved.annexes]
    extra = sum(a.file.pages for a in attached)
    logo = report.pictures.get(resolved.logo) if resolved.logo else None
    profiles = files.output_profiles() if layout.color_model == "cmyk" else None

    def draw(tight: Tight) -> Rendered:
        return render(
            resolved,
            layout,
            lang,
            loaded.path.parent,
            tight,
            extra,
            logo=logo,
            epoch=epoch(),
            fallbacks=loaded.fallbacks,
            profiles=profiles,
        )

    try:
        return resolved, fit.render_within(layout, draw)
    except TooTall as exc:
        message = (
            f"{exc.what} is {exc.needed / MM:.0f} mm tall, but a page of layout "
            f"'{loaded.name}' has {exc.room / MM:.0f} mm for text: shorten it, or use a "
            "layout with a larger page or smaller type"
        )
        raise BriefError([doc.diagnostic(exc.origin.path, message)]) from None
    except CannotLayOut as exc:
        raise BriefError([_cannot_lay_out(exc, doc, loaded)]) from None
    except TooManyPages as exc:
        message = f"the brief runs to {exc} here: split it into several briefs"
        raise BriefError([doc.diagnostic(exc.origin.path if exc.origin else (), message)]) from None
    except fit.OverBudget as exc:
        raise BriefError([_over_budget(exc, doc, edition, loaded)]) from None


def assembled(
    pdf: bytes,
    attached: list[Attached],
    extras: bytes | None,
    resolved: ResolvedBrief,
    loaded: layouts.LoadedLayout,
    doc: SourceDoc,
    whose: str = "",
    room: tuple[float, float, float, float] | None = None,
) -> bytes:
    """The brief with its annexes (`finish.write.assemble`), placed in `room`; in a CMYK
    layout their RGB separated through the output profile, or an error at the annex
    that cannot be. `whose`: whose layout made the build CMYK, as the message says it
    (the brief's own layout, named, by default; "the pack's" in a pack)."""
    if loaded.layout.color_model != "cmyk" or not attached:
        return assemble(pdf, attached, extras, room=room)
    from policybrief.finish.annex_colour import CannotSeparate  # pypdf: annexes only

    try:
        return assemble(pdf, attached, extras, files.output_profiles(), room)
    except CannotSeparate as exc:
        annex = resolved.annexes[exc.annex]
        message = (
            f"annex '{annex.file}' page {exc.page} uses {exc.what}, which a CMYK build cannot"
            f" convert: convert the annex to CMYK first, or use an RGB layout"
            f" ({whose or f'layout {loaded.name!r}'} is CMYK)"
        )
        raise BriefError([doc.diagnostic((*annex.origin.path, "file"), message)]) from None


def inputs_of(report: Report, loaded: layouts.LoadedLayout) -> list[Path]:
    """Every file a target of the brief read besides the brief: its layout chain, annexes,
    logos, images and tables (a meeting pack records them for each of its briefs)."""
    assert report.valid is not None
    base = report.brief.parent
    named = [*report.pictures, *report.valid.files.pictures, *report.valid.files.tables]
    return [*loaded.files, *(a.path for a in report.annexes.values()), *(base / n for n in named)]


def _record(
    report: Report, edition: str, loaded: layouts.LoadedLayout, options: Options
) -> provenance.Record:
    """What this PDF is built from, for `--verify` (spec cli.md 1.1: provenance)."""
    from policybrief import __version__

    return provenance.record_of(
        report.brief,
        inputs_of(report, loaded),
        version=__version__,
        edition=edition,
        layout_file=loaded.path,
        pdf_standard=options.pdf_standard or loaded.layout.pdf_standard,
        epoch=epoch(),
        carried=options.source,
    )


def _impose(
    pdf: bytes, target: Path, mode: str, layout: Layout, files: list[Staged]
) -> tuple[Path | None, str]:
    """Stage `NAME.print.pdf` beside `target` when imposing (`--impose` or the layout's)."""
    if mode not in ("2up", "booklet"):
        return None, ""
    from policybrief.finish.impose import impose

    imposed = impose(pdf, mode, layout.print_sheet, layout.color_model)
    printed = print_path(target)
    files.append(stage(printed, imposed.pdf))
    sheets = f"{imposed.sheets} sheet{'s' if imposed.sheets != 1 else ''} {imposed.sheet}"
    how = ", duplex, flip on short edge" if mode == "booklet" else ""
    return printed, f"{mode}: {sheets}{how}"


def settle(report: Report) -> None:
    """Put a brief's PDFs in place only when all of them built.

    A brief with any error writes nothing, and its previous PDFs stay (the
    spec); an edition that fails, say over its page budget, keeps the other
    editions' new PDFs out too.
    """
    staged = [file for out in report.outputs for file in out.staged]
    if report.failed:
        discard(staged)
        report.outputs.clear()
        return
    try:
        commit(staged)
    except OSError as exc:
        report.outputs.clear()
        where = exc.filename or "the PDF"
        message = f"cannot write {where}: {exc.strerror or exc}"
        shown = report.doc.file if report.doc else str(report.brief)
        report.diagnostics.append(Diagnostic(shown, 1, 1, "", message))


def _over_budget(
    exc: OverBudget, doc: SourceDoc, edition: str, loaded: layouts.LoadedLayout
) -> Diagnostic:
    """N pages over a budget of M, located at the section that takes the most room."""
    from policybrief.render import fit

    what = "the brief" if edition == FULL else f"edition '{edition}'"
    pages = "page" if exc.over == 1 else "pages"
    message = f"{what} is {exc.over} {pages} over a budget of {exc.budget}"
    message += f" (layout '{loaded.name}', max_pages)"
    if fit.describe(exc.tight):
        message += f" even tightened to the layout's floors ({fit.describe(exc.tight)})"
    rooms = fit.biggest(exc.first)
    if rooms:
        listed = ", ".join(f"{room.heading} {room.pages:.1f}" for room in rooms)
        message += f"; most room, in pages: {listed}"
    origin = rooms[0].origin if rooms else None
    return doc.diagnostic(origin.path if origin else (), message, prefer_key=True)


def _cannot_lay_out(
    exc: CannotLayOut, doc: SourceDoc, loaded: layouts.LoadedLayout
) -> Diagnostic:
    """A block reportlab could not place, at the field that wrote it."""
    message = (
        f"cannot lay out this block on page {exc.page}: {exc.reason}; shorten it, or use"
        f" a layout with a larger page or smaller type (layout '{loaded.name}')"
    )
    return doc.diagnostic(exc.origin.path if exc.origin else (), message)


def target_of(valid: ValidBrief, edition: str) -> Target:
    """What `resolve` needs to know of one target of a valid brief."""
    if edition == FULL:
        return Target(valid.brief, uncited=valid.uncited, files=valid.files)
    return Target(
        valid.editions[edition],
        edition=edition,
        files=valid.files,
        spec=(valid.brief.editions or {}).get(edition),
        overridden=valid.overridden.get(edition, frozenset()),
        uncited=valid.uncited,
    )


def epoch() -> int | None:
    """SOURCE_DATE_EPOCH in seconds (the CLI refuses a malformed one before any build)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None

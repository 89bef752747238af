"""A meeting pack: its briefs built as they would be alone, then merged into one binder.

load the pack -> plan each brief (build.plan_brief) -> lay out each tab's
target in parallel (build.lay_out) -> the pack's own pages -> merge with the
pack's furniture -> PDF/A, imposition -> copies per attendee. A pack or a
brief with any error writes nothing; every problem is reported at once.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policybrief.diagnostics import BriefError, Diagnostic, Severity
from policybrief.finish.write import Staged, commit, discard, print_path, stage
from policybrief.load import layouts, typography
from policybrief.load.annexes import Attached
from policybrief.load.labels import language
from policybrief.load.pack import LoadedPack, Tab, edition_problems, load_pack
from policybrief.model.pack import slug
from policybrief.run import build
from policybrief.run.batch import workers_for
from policybrief.run.build import Options, Output, Report

if TYPE_CHECKING:
    from policybrief.finish import provenance
    from policybrief.finish.pack import Part
    from policybrief.model.layout import Page
    from policybrief.model.resolved import ResolvedBrief
    from policybrief.model.standards import Standards
    from policybrief.render.fit import Fitted
    from policybrief.render.pack import PackChrome

MM = 72 / 25.4


@dataclass(frozen=True)
class TabLine:
    """What `--check` says of one tab."""

    letter: str
    brief: str
    edition: str
    layout: str
    pages: int


@dataclass
class PackReport:
    pack: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    tabs: list[TabLine] = field(default_factory=list)
    pages: int = 0

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


@dataclass(frozen=True)
class Built:
    """One tab's brief, laid out (in a worker) and assembled with its annexes."""

    tab: Tab
    report: Report
    loaded: layouts.LoadedLayout
    resolved: ResolvedBrief
    fitted: Fitted
    pdf: bytes  # the brief's pages and its annexes' (no even-page pad: `recto` decides)
    pages: int
    annex_pages: int


def pack_output(path: Path, options: Options) -> Path:
    """`-o FILE.pdf` when given (the CLI allows it for one pack alone), else
    `OUT_DIR/NAME.pack.pdf`."""
    return options.output or options.out_dir / f"{path.stem}.pack.pdf"


def _typeset(loaded: LoadedPack) -> LoadedPack:
    """The pack's title and subtitle set in its language's typography, as a brief's are
    ("Ministers'" printed with its apostrophe, "--" as a dash)."""
    pack = loaded.pack
    style = language(pack.language).typography
    title = typography.line(pack.title, style)
    subtitle = typography.line(pack.subtitle, style) if pack.subtitle else pack.subtitle
    typeset = pack.model_copy(update={"title": title, "subtitle": subtitle})
    return dataclasses.replace(loaded, pack=typeset)


def build_pack(path: Path, options: Options, jobs: int | None = None) -> PackReport:
    """Build (or with `check_only`, lay out and count) one pack; never prints."""
    started = time.perf_counter()
    report = PackReport(path)
    loaded, problems = load_pack(path)
    report.diagnostics += problems
    if loaded is None:
        return report
    loaded = _typeset(loaded)
    if problem := _output_problem(loaded, options):
        report.diagnostics.append(problem)
        return report
    plans = _plan(loaded, options, report)
    report.diagnostics = _ordered(report.diagnostics, loaded)
    if report.failed:
        return report
    built = _lay_out_all(loaded, plans, jobs, report)
    if report.failed:
        return report
    report.tabs = [
        TabLine(
            b.tab.letter,
            b.report.doc.file if b.report.doc else "",
            b.tab.edition,
            b.loaded.name + _converted(b),
            b.pages,
        )
        for b in built
    ]
    try:
        _finish(loaded, built, options, report, started)
    except BriefError as exc:
        report.diagnostics += exc.diagnostics
        report.outputs.clear()
    return report


def _output_problem(loaded: LoadedPack, options: Options) -> Diagnostic | None:
    """-o names one PDF: a pack that also writes a copy per attendee builds several
    (a usage error, exit 2, as -o is for a brief with several editions)."""
    if options.output is None or loaded.pack.copies != "per-attendee":
        return None
    count = len(loaded.pack.attendees)
    message = (
        f"-o/--output names one PDF but this pack builds {count + 1} (the pack and a copy"
        f" for each of {count} attendees); leave out -o (the copies go beside the pack in"
        " --out-dir) or set copies: none"
    )
    return dataclasses.replace(loaded.doc.diagnostic(("copies",), message), usage=True)


def _converted(b: Built) -> str:
    """', in cmyk' when the brief's layout was laid out in the pack's other colour model."""
    own = b.report.layouts_used[b.tab.edition].layout.color_model
    return "" if own == b.loaded.layout.color_model else f", in {b.loaded.layout.color_model}"


def _ordered(problems: list[Diagnostic], loaded: LoadedPack) -> list[Diagnostic]:
    """The pack's problems in reading order, then each brief's as its own build gives them."""
    pack = [d for d in problems if d.file == loaded.doc.file]
    rest = [d for d in problems if d.file != loaded.doc.file]
    return sorted(pack, key=lambda d: (d.line, d.column)) + rest


def _plan(loaded: LoadedPack, options: Options, report: PackReport) -> dict[Path, Report]:
    """Each brief loaded and checked once (a brief may serve several tabs)."""
    plan_options = Options(out_dir=options.out_dir, check_only=False)
    plans: dict[Path, Report] = {}
    for tab in loaded.tabs:
        if tab.brief in plans:
            continue
        brief_report, _ = build.plan_brief(tab.brief, plan_options)
        plans[tab.brief] = brief_report
        report.diagnostics += brief_report.diagnostics
    editions = {p: tuple(r.valid.editions) for p, r in plans.items() if r.valid is not None}
    report.diagnostics += edition_problems(loaded, editions)
    if not any(d.is_error for d in report.diagnostics if d.file != loaded.doc.file):
        report.diagnostics += _page_size_problems(loaded, plans)
    return plans


def _pack_layout(loaded: LoadedPack) -> layouts.LoadedLayout:
    found = layouts.find(loaded.pack.layout, loaded.path.parent, loaded.root / "briefs")
    if found is None:
        message = layouts.unknown(loaded.pack.layout, loaded.root / "briefs")
        raise BriefError([loaded.doc.diagnostic(("layout",), message)])
    return layouts.load(found)


def _page_size_problems(loaded: LoadedPack, plans: dict[Path, Report]) -> list[Diagnostic]:
    """Briefs on another page size than the pack's cannot be bound with it."""
    try:
        pack_layout = _pack_layout(loaded)
    except BriefError as exc:
        return exc.diagnostics
    if loaded.pack.fit == "scale":
        return []
    want = pack_layout.layout.page.trim_size()
    problems: list[Diagnostic] = []
    for tab in loaded.tabs:
        chosen = plans[tab.brief].layouts_used.get(tab.edition)
        if chosen is None:
            continue
        size = chosen.layout.page.trim_size()
        if _other_size(size, want):
            message = (
                f"this brief's pages ({_mm(size)}, layout '{chosen.name}') are not the pack's"
                f" ({_mm(want)}, layout '{pack_layout.name}'): choose an edition or a pack"
                " layout of the same page size, or set 'fit: scale' in the pack to scale"
                " its pages onto the pack's"
            )
            problems.append(loaded.doc.diagnostic(("agenda", tab.index, "brief"), message))
    return problems


def _other_size(size: tuple[float, float], want: tuple[float, float]) -> bool:
    """Two trimmed page sizes that differ by more than a point (rounding of mm and in)."""
    return max(abs(a - b) for a, b in zip(size, want, strict=True)) > 1.0


def _other_paper(page: Page, pack: Page) -> bool:
    """Another trimmed size, or other paper around it (bleed, room for crop marks): with
    `fit: scale` such a brief's pages get the pack's boxes, so that the whole pack
    prints on one paper."""
    other_bleed = abs(page.bleed - pack.bleed) > 0.1 or page.crop_marks != pack.crop_marks
    return other_bleed or _other_size(page.trim_size(), pack.trim_size())


def _mm(size: tuple[float, float]) -> str:
    return f"{size[0] / MM:.0f} × {size[1] / MM:.0f} mm"


# --- laying out every tab's brief, on every core -------------------------------------------

_Job = tuple[Report, str, layouts.LoadedLayout]
_JOBS: list[_Job] = []  # read by forked workers
_Result = tuple["ResolvedBrief | None", "Fitted | None", list[Diagnostic]]


def _lay_out_all(
    loaded: LoadedPack, plans: dict[Path, Report], jobs: int | None, report: PackReport
) -> list[Built]:
    model = _pack_layout(loaded).layout.color_model
    work: list[_Job] = []
    for tab in loaded.tabs:
        plan = plans[tab.brief]
        work.append((plan, tab.edition, _in_colours(plan.layouts_used[tab.edition], model)))
    results = _run(work, workers_for(len(work)) if jobs is None else jobs)
    built: list[Built] = []
    for tab, (plan, _, chosen), (resolved, fitted, problems) in zip(
        loaded.tabs, work, results, strict=True
    ):
        report.diagnostics += [d for d in problems if d not in report.diagnostics]
        if resolved is None or fitted is None:
            continue
        attached = [Attached(a.title, plan.annexes[a.file]) for a in resolved.annexes]
        assert plan.doc is not None  # laid out: loaded
        room = None
        if attached:  # placed clear of the furniture the pack gives them (its marking too)
            room = _chrome(loaded, chosen, resolved, fitted, lambda p: (str(p), "")).annex_room()
        try:  # in a CMYK pack an RGB annex is separated, as in a CMYK brief
            pdf = build.assembled(
                fitted.rendered.pdf,
                attached,
                None,
                resolved,
                chosen,
                plan.doc,
                "the pack's layout",
                room,
            )
        except BriefError as exc:
            report.diagnostics += [d for d in exc.diagnostics if d not in report.diagnostics]
            continue
        extra = sum(a.file.pages for a in attached)
        pages = fitted.rendered.pages + extra
        built.append(Built(tab, plan, chosen, resolved, fitted, pdf, pages, extra))
    return built


def _in_colours(chosen: layouts.LoadedLayout, model: str) -> layouts.LoadedLayout:
    """The brief's layout in the pack layout's colour model: CMYK (or RGB) applies to the
    whole pack, so a brief whose layout has the other one is laid out in the pack's,
    every colour, chart and image converted as a layout of that model converts them
    (images, logos and chart series through the ICC profiles, the palette by formula);
    nothing else of the layout changes, nor its pages."""
    if chosen.layout.color_model == model:
        return chosen
    converted = chosen.layout.model_copy(update={"color_model": model})
    return dataclasses.replace(chosen, layout=converted)


def _run(work: list[_Job], workers: int) -> list[_Result]:
    if workers <= 1 or len(work) <= 1:
        return [_lay_out(job) for job in work]
    from policybrief.render import document  # noqa: F401 - import the engine once, before forking

    _JOBS[:] = work
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_job, range(len(work))))
    finally:
        _JOBS.clear()


def _job(index: int) -> _Result:
    return _lay_out(_JOBS[index])


def _lay_out(job: _Job) -> _Result:
    plan, edition, chosen = job
    try:
        resolved, fitted = build.lay_out(plan, edition, chosen)
    except BriefError as exc:
        return None, None, exc.diagnostics
    return resolved, fitted, []


# --- the binder ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sequence_:
    """Where everything goes: the 0-based page of each tab, brief and blank page."""

    front: int
    tab_starts: dict[str, int]
    brief_starts: dict[str, int]
    own: list[tuple[int, str | None]]  # (page, divider text or None for a blank page)
    total: int


def _sequence(loaded: LoadedPack, built: list[Built], front: int) -> Sequence_:
    pack = loaded.pack
    page = front
    tab_starts: dict[str, int] = {}
    brief_starts: dict[str, int] = {}
    own: list[tuple[int, str | None]] = []

    def pad_to_recto() -> None:
        nonlocal page
        if pack.recto and page % 2 == 1:  # 0-based odd: a left-hand page
            own.append((page, None))
            page += 1

    for b in built:
        pad_to_recto()
        tab_starts[b.tab.letter] = page
        if pack.dividers:
            own.append((page, f"Tab {b.tab.letter} — {b.tab.item.item}"))
            page += 1
            pad_to_recto()
        brief_starts[b.tab.letter] = page
        page += b.pages
    return Sequence_(front, tab_starts, brief_starts, own, page)


def _roman(n: int) -> str:
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _finish(
    loaded: LoadedPack, built: list[Built], options: Options, report: PackReport, started: float
) -> None:
    from policybrief.finish import pack as merge
    from policybrief.finish import provenance
    from policybrief.render import pack as draw

    pack = loaded.pack
    chosen = _pack_layout(loaded)
    layout, layout_dir = chosen.layout, chosen.path.parent
    lang = language(pack.language)
    by_pack = pack.numbering == "pack"

    def entries(seq: Sequence_ | None) -> list[draw.TabEntry]:
        return [
            draw.TabEntry(
                b.tab.letter,
                b.tab.item.item,
                b.resolved.title,
                b.resolved.edition_label,
                _shown(seq, b.tab.letter, by_pack),
            )
            for b in built
        ]

    # Laid out once to count its pages, then with the start pages it now knows.
    own = chosen.fallbacks
    first = draw.own_pages(
        pack, layout, lang, layout_dir, entries(None), lambda p: ("", ""), fallbacks=own
    )
    seq = _sequence(loaded, built, first.pages)
    own_count = seq.front + len(seq.own)
    own_index = {page: seq.front + i for i, (page, _) in enumerate(seq.own)}

    def own_number(index: int) -> tuple[str, str]:  # the pack's own pages, by pack page
        if by_pack:
            return str(index + 1), str(seq.total)
        return _roman(index + 1 if index < seq.front else own_index[index] + 1), _roman(own_count)

    front = draw.own_pages(
        pack,
        layout,
        lang,
        layout_dir,
        entries(seq),
        lambda p: own_number(p - 1),
        epoch=build.epoch(),
        fallbacks=own,
    )
    if front.pages != first.pages:  # page numbers never change a table's height: a bug
        raise AssertionError("the front matter changed length when numbered")
    own_pdf = draw.dividers(
        pack,
        layout,
        lang,
        layout_dir,
        [text for _, text in seq.own],
        lambda p: own_number(seq.own[p - 1][0]),
        epoch=build.epoch(),
        fallbacks=own,
    )
    parts = _parts(loaded, built, seq, front.pdf, own_pdf, by_pack, layout.page)
    links = [
        merge.LinkTo(box.page, box.rect, seq.tab_starts[box.letter], f"Tab {box.letter}")
        for box in front.links
    ]
    names = [("Cover", 0), *((name.capitalize(), page) for name, page in front.starts.items())]
    meta = merge.Meta(
        pack.title, pack.language, "make_brief", _pdf_date(pack.date, build.epoch()), names
    )
    copies = pack.copies == "per-attendee"
    report.pages = seq.total
    if options.check_only:
        return
    record = _record(loaded, built, chosen, options)  # copies carry it too
    if _standards(options, chosen):  # PDF/A rewrites the XMP: the record goes on after it
        pdf = merge.merge(parts, links, meta, copy_mark=copies)
        pdf = provenance.attach(_conform(pdf, options, chosen, loaded), record)
    else:  # added as it is written: reading 80 pages back to add it cost 0.2 s
        pdf = merge.merge(parts, links, meta, copies, lambda w: provenance.add(w, record))
    target = pack_output(loaded.path, options)
    files = [stage(target, pdf)]
    try:
        note = _impose(pdf, target, options.impose or layout.impose, chosen, files)
        report.outputs.append(
            Output(
                target,
                "pack",
                seq.total,
                time.perf_counter() - started,
                print_path=print_path(target) if note else None,
                print_note=note,
                staged=tuple(files),
            )
        )
        if copies:
            report.outputs += _copies(pdf, loaded, chosen, lang, options)
        commit([f for out in report.outputs for f in out.staged])
    except BaseException:
        discard([f for out in report.outputs for f in out.staged] or files)
        raise


def _shown(seq: Sequence_ | None, letter: str, by_pack: bool) -> str:
    """The start page the contents print for a tab."""
    if seq is None:
        return "999"  # as wide as any: the first layout only counts pages
    if by_pack:
        return str(seq.tab_starts[letter] + 1)
    return f"{letter}-1"


def _parts(
    loaded: LoadedPack,
    built: list[Built],
    seq: Sequence_,
    front: bytes,
    own: bytes,
    by_pack: bool,
    paper: Page,  # the pack layout's: with `fit: scale`, briefs on another are fitted onto it
) -> list[Part]:
    from policybrief.finish.pack import Label, Part

    parts = [Part(front, label=Label("/D" if by_pack else "/r"))]
    own_at = {page: i for i, (page, _) in enumerate(seq.own)}
    own_seen = seq.front

    def own_part(page: int) -> Part:
        nonlocal own_seen
        own_seen += 1
        label = None if by_pack else Label("/r", start=own_seen)
        return Part(own, pages=(own_at[page],), label=label)

    page = seq.front
    for b in built:
        while page < seq.brief_starts[b.tab.letter]:
            parts.append(own_part(page))
            page += 1
        title = f"Tab {b.tab.letter} — {b.tab.item.item}"
        label = None if by_pack else Label("/D", prefix=f"{b.tab.letter}-")
        furniture = _furniture(loaded, b, page, seq.total, by_pack)
        parts.append(
            Part(
                b.pdf,
                furniture=furniture,
                outline=title,
                keep_outline=True,
                label=label,
                language=b.resolved.language,
                fit=loaded.pack.fit == "scale" and _other_paper(b.loaded.layout.page, paper),
            )
        )
        page += b.pages
    return parts


def _furniture(loaded: LoadedPack, b: Built, start: int, total: int, by_pack: bool) -> bytes:
    """Each of the brief's pages' chrome, as its own layout draws it, with the pack's
    page numbers (or its own) and the pack's classification; its annex pages get
    the running header and footer of its other pages."""
    from policybrief.render import pack as draw

    def numbers(page: int) -> tuple[str, str]:
        return (str(start + page), str(total)) if by_pack else (str(page), str(b.pages))

    chrome = _chrome(loaded, b.loaded, b.resolved, b.fitted, numbers)
    return draw.furniture(chrome, b.pages)


def _chrome(
    loaded: LoadedPack,
    chosen: layouts.LoadedLayout,
    resolved: ResolvedBrief,
    fitted: Fitted,
    numbers: Callable[[int], tuple[str, str]],
) -> PackChrome:
    """The chrome a brief's pages get in the pack: its layout's, the pack's marking."""
    from policybrief.render import pack as draw
    from policybrief.render.styles import build_styles

    lang = language(resolved.language)
    marking = loaded.pack.classification or resolved.classification
    brief = dataclasses.replace(resolved, classification=marking)
    layout_dir, fallbacks = chosen.path.parent, chosen.fallbacks
    chrome = draw.pack_chrome(brief, chosen.layout, lang, layout_dir, numbers, fallbacks)
    styles = build_styles(
        chosen.layout, brief.language, lang.hyphenation, chosen.path.parent, fitted.tight
    )
    return dataclasses.replace(chrome, styles=styles)  # the running text as tightened


def _pdf_date(date: Any, epoch: int | None) -> str:
    import datetime as dt

    moment = (
        dt.datetime.fromtimestamp(epoch, dt.UTC)
        if epoch is not None
        else dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    )
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def _standards(options: Options, chosen: layouts.LoadedLayout) -> Standards:
    """The standards asked for: --pdf-standard or the pack layout's."""
    from policybrief.model import standards

    return standards.parse(options.pdf_standard or chosen.layout.pdf_standard)


def _conform(
    pdf: bytes, options: Options, chosen: layouts.LoadedLayout, loaded: LoadedPack
) -> bytes:
    """The standards asked for, for the whole pack."""
    wanted = _standards(options, chosen)
    if not wanted:
        return pdf
    from policybrief.finish import pdfa

    try:
        return pdfa.conform(pdf, chosen.layout.color_model, wanted)
    except pdfa.NotConformant as exc:
        message = (
            f"cannot make the pack {wanted.text}: {exc}; the briefs are laid out in the"
            f" pack layout's colour model ({chosen.layout.color_model}), but an annex's"
            " pages keep their own colours"
        )
        raise BriefError([loaded.doc.diagnostic(("layout",), message)]) from None


def _record(
    loaded: LoadedPack,
    built: list[Built],
    chosen: layouts.LoadedLayout,
    options: Options,
) -> provenance.Record:
    """What the pack was built from, as a brief's PDF carries it (finish/provenance.py):
    the pack file, its layout chain, and every brief with the files it read, named
    from the project folder; `--verify` rebuilds it with --pack."""
    from policybrief import __version__
    from policybrief.finish import provenance

    inputs = [*chosen.files]
    for b in built:
        inputs += [b.report.brief, *build.inputs_of(b.report, b.loaded)]
    return provenance.record_of(
        loaded.path,
        inputs,
        version=__version__,
        edition="pack",
        layout_file=chosen.path,
        pdf_standard=options.pdf_standard or chosen.layout.pdf_standard,
        epoch=build.epoch(),
        carried=options.source,
        kind="pack",
    )


def _impose(
    pdf: bytes, target: Path, mode: str, chosen: layouts.LoadedLayout, files: list[Staged]
) -> str:
    if mode not in ("2up", "booklet"):
        return ""
    from policybrief.finish.impose import impose

    imposed = impose(pdf, mode, chosen.layout.print_sheet, chosen.layout.color_model)
    files.append(stage(print_path(target), imposed.pdf))
    sheets = f"{imposed.sheets} sheet{'s' if imposed.sheets != 1 else ''} {imposed.sheet}"
    return f"{mode}: {sheets}" + (", duplex, flip on short edge" if mode == "booklet" else "")


def _copies(
    pdf: bytes,
    loaded: LoadedPack,
    chosen: layouts.LoadedLayout,
    lang: Any,
    options: Options,
) -> list[Output]:
    """One PDF per attendee from the finished pack: only the copy mark differs."""
    from policybrief.finish import pack as merge
    from policybrief.render import pack as draw

    started = time.perf_counter()
    pack = loaded.pack
    brief = draw.as_brief(pack, lang)
    chrome = draw.pack_chrome(
        brief, chosen.layout, lang, chosen.path.parent, lambda p: ("", ""), chosen.fallbacks
    )
    names = [a.name for a in pack.attendees]
    marks = draw.copy_marks(chrome, names)
    outputs: list[Output] = []
    pages = len(_reader_pages(pdf))
    for name, data in zip(names, merge.copies(pdf, marks), strict=True):
        target = options.out_dir / f"{loaded.path.stem}--{slug(name)}.pack.pdf"
        now = time.perf_counter()
        outputs.append(
            Output(target, f"copy for {name}", pages, now - started, staged=(stage(target, data),))
        )
        started = now
    return outputs


def _reader_pages(pdf: bytes) -> list[Any]:
    import io

    from pypdf import PdfReader

    return list(PdfReader(io.BytesIO(pdf)).pages)


Printer = Callable[[PackReport], None]

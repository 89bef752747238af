"""Building many PDFs: every target of every brief, on both cores when that pays.

Briefs are loaded and validated in this process (so their diagnostics are
reported once); each target (the full build, each edition) is then an
independent job. Workers are forked after planning, so they inherit the
planned briefs, the imported engine and the registered fonts: a job ships
only its index and returns its output line and diagnostics.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from policybrief.diagnostics import BriefError, Diagnostic
from policybrief.load.yamlsource import display_path, load_file
from policybrief.resolve import FULL
from policybrief.run import choice
from policybrief.run.build import (
    Options,
    Output,
    Report,
    build_brief,
    build_target,
    load,
    plan_brief,
    settle,
)

Job = tuple[Report, str, int]
_JOBS: list[Job] = []  # read by forked workers
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_WATCH_SECONDS = 0.5


def _die_with(parent: int) -> None:
    """Pool initializer: a worker ends when the process that started it does.

    A worker blocks reading its next job from a pipe its siblings also hold open,
    so it never sees end-of-file: after a SIGKILL or SIGTERM of the parent both
    workers waited forever. On Linux the kernel sends the signal
    (PR_SET_PDEATHSIG); everywhere, a daemon thread polls the parent's id.
    """
    if sys.platform.startswith("linux"):
        # dlopen(NULL): libc is loaded already. (ctypes.util.find_library runs
        # ldconfig in a subprocess, which a freshly forked worker must not do.)
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    from policybrief.finish import pdfa

    pdfa.forked_worker()
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="parent-watch").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)  # orphaned: nobody reads the result, and no file is half committed here


def workers_for(job_count: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, job_count))


def build_all(briefs: list[Path], options: Options, jobs: int | None = None) -> Iterator[Report]:
    """Yield one finished Report per brief, in the order given."""
    # Before anything is built: briefs whose PDFs would replace each other build none.
    clashes = collisions(briefs, options)
    built = _build_all([p for p in briefs if p not in clashes], options, jobs)
    for path in briefs:
        yield Report(path, diagnostics=[clashes[path]]) if path in clashes else next(built)


def _build_all(briefs: list[Path], options: Options, jobs: int | None) -> Iterator[Report]:
    workers = workers_for(len(briefs)) if jobs is None else jobs
    if workers > 1 and len(briefs) >= 2 * workers and not options.check_only:
        # Many briefs: whole briefs are the jobs, so loading and validating them
        # runs on every core too, not first in this process.
        yield from _by_brief(briefs, options, workers)
        return
    plans = [plan_brief(path, options) for path in briefs]
    work: list[Job] = [
        (report, edition, len(targets)) for report, targets in plans for edition in targets
    ]
    count = workers_for(len(work)) if jobs is None else jobs
    results = _run(work, count, options)
    for report, targets in plans:
        for _ in targets:
            output, problems = next(results)
            report.diagnostics += problems
            if output is not None:
                report.outputs.append(output)
        settle(report)
        yield report


def collisions(briefs: list[Path], options: Options) -> dict[Path, Diagnostic]:
    """Briefs of one run whose PDFs would be the same file (`a/x.yaml` and `b/x.yaml`,
    `x.yaml` and `x.yml`, `x.yaml`'s edition `public` and `x--public.yaml`, `x.print.yaml`
    beside `x.yaml` imposed by `--impose` or by its layout's `impose:`): each an error
    naming the other. The batch build and watch mode both ask before building."""
    if options.check_only or options.output is not None:
        return {}
    owners: dict[Path, list[Path]] = {}
    stems = {path.stem for path in briefs}
    for path in dict.fromkeys(p.resolve() for p in briefs):
        for name in _output_names(path, stems, options):
            owners.setdefault((options.out_dir / f"{name}.pdf").resolve(), []).append(path)
    clashes: dict[Path, Diagnostic] = {}
    for target, paths in owners.items():
        for path in paths if len(paths) > 1 else []:
            others = ", ".join(display_path(p) for p in paths if p != path)
            message = (
                f"its PDF {display_path(target)} would replace that of {others}"
                " in this run; rename one of them"
            )
            clashes.setdefault(path, Diagnostic(display_path(path), 1, 1, "", message))
    return {p: clashes[p.resolve()] for p in briefs if p.resolve() in clashes}


def _output_names(path: Path, stems: set[str], options: Options) -> list[str]:
    """The names a brief's PDFs take, as far as they can meet another brief's."""
    names = [path.stem]
    if any(stem.startswith(f"{path.stem}--") for stem in stems):  # only then read editions
        try:
            data = load_file(path).data
        except BriefError:
            data = None  # reported when the brief is built
        editions = data.get("editions") if isinstance(data, dict) else None
        names += [f"{path.stem}--{e}" for e in editions or {} if isinstance(e, str)]
    if options.impose in ("2up", "booklet"):
        return names + [f"{name}.print" for name in names]
    # A layout's `impose:` writes NAME.print.pdf too: that needs the brief and its
    # layouts loaded, so only when another brief of the run is named so.
    maybe = [name for name in names if f"{name}.print" in stems]
    return names + [f"{name}.print" for name in _imposed(path, maybe, options)]


def _imposed(path: Path, names: list[str], options: Options) -> list[str]:
    """Those of `names` (the brief's PDFs) whose layout imposes them."""
    if not names:
        return []
    doc, checked, _ = load(path)
    if doc is None or checked is None:
        return []  # reported when the brief is built
    out = []
    for edition in [FULL, *checked.editions]:
        name = path.stem if edition == FULL else f"{path.stem}--{edition}"
        if name not in names:
            continue
        try:
            chosen = choice.choose(checked, edition, options.layout)
            layout = choice.load(chosen, path, doc).layout
        except BriefError:
            continue  # reported when the brief is built
        if layout.impose in ("2up", "booklet"):
            out.append(name)
    return out


def _run(
    work: list[Job], workers: int, options: Options
) -> Iterator[tuple[Output | None, list[Diagnostic]]]:
    if workers <= 1 or len(work) <= 1 or options.check_only:
        for report, edition, count in work:
            yield build_target(report, edition, options, count)
        return
    from policybrief.render import document  # noqa: F401 - import the engine once, before forking

    _JOBS[:] = work
    with _pool(workers) as pool:
        yield from pool.map(_job, range(len(work)), [options] * len(work))
    _JOBS.clear()


def _by_brief(briefs: list[Path], options: Options, workers: int) -> Iterator[Report]:
    from policybrief.render import document  # noqa: F401 - import the engine once, before forking

    with _pool(workers) as pool:
        yield from pool.map(_whole_brief, briefs, [options] * len(briefs))


def _pool(workers: int) -> ProcessPoolExecutor:
    """Forked workers (they inherit the planned briefs) that die with this process."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with,
        initargs=(os.getpid(),),
    )


def _whole_brief(path: Path, options: Options) -> Report:
    report = build_brief(path, options)
    # Only outputs and diagnostics travel back; the loaded brief stays here.
    return Report(report.brief, report.outputs, report.diagnostics)


def _job(index: int, options: Options) -> tuple[Output | None, list[Diagnostic]]:
    report, edition, count = _JOBS[index]
    return build_target(report, edition, options, count)

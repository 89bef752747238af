"""Building many PDFs: every target of every brief, on both cores when that pays.

Briefs are loaded and validated in this process (so their diagnostics are
reported once); each target (the full build, each edition) is then an
independent job. Workers are forked after planning, so they inherit the
planned briefs, the imported engine and the registered fonts: a job ships
only its index and returns its output line and diagnostics.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from policybrief.diagnostics import Diagnostic
from policybrief.run.build import (
    Options,
    Output,
    Report,
    build_brief,
    build_target,
    plan_brief,
    settle,
)

Job = tuple[Report, str, int]
_JOBS: list[Job] = []  # read by forked workers


def workers_for(job_count: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, job_count))


def build_all(briefs: list[Path], options: Options, jobs: int | None = None) -> Iterator[Report]:
    """Yield one finished Report per brief, in the order given."""
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


def _run(
    work: list[Job], workers: int, options: Options
) -> Iterator[tuple[Output | None, list[Diagnostic]]]:
    if workers <= 1 or len(work) <= 1 or options.check_only:
        for report, edition, count in work:
            yield build_target(report, edition, options, count)
        return
    from policybrief.render import document  # noqa: F401 - import the engine once, before forking

    _JOBS[:] = work
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_job, range(len(work)), [options] * len(work))
    _JOBS.clear()


def _by_brief(briefs: list[Path], options: Options, workers: int) -> Iterator[Report]:
    from policybrief.render import document  # noqa: F401 - import the engine once, before forking

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_whole_brief, briefs, [options] * len(briefs))


def _whole_brief(path: Path, options: Options) -> Report:
    report = build_brief(path, options)
    # Only outputs and diagnostics travel back; the loaded brief stays here.
    return Report(report.brief, report.outputs, report.diagnostics)


def _job(index: int, options: Options) -> tuple[Output | None, list[Diagnostic]]:
    report, edition, count = _JOBS[index]
    return build_target(report, edition, options, count)

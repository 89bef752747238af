"""Watch mode: rebuild a brief whenever it or its layout chain is saved.

Rebuilds run in this one process, so after the first build every rebuild is a
warm one: modules imported, fonts parsed, labels and layouts cached. Files are
polled (modification time, size and inode) rather than watched through an OS
notification API: a handful of `stat` calls a few times a second costs nothing
next to a build, needs no dependency, and behaves the same on every platform
and on network drives. An editor that saves by writing a new file and renaming
it over the old one changes the inode, so that save is seen too.

Nothing here prints: the caller passes `show`, which receives each rebuild's
reports (the CLI prints their build lines and diagnostics).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from policybrief.diagnostics import BriefError
from policybrief.load import layouts
from policybrief.resolve import FULL
from policybrief.run import choice
from policybrief.run.batch import collisions
from policybrief.run.build import Options, Report, build_brief

POLL_SECONDS = 0.25
SETTLE_TRIES = 8  # polls to wait for a save in several steps (write, rename) to finish

Stamp = tuple[int, int, int] | None  # (mtime_ns, size, inode); None while the file is missing


@dataclass(frozen=True)
class Rebuild:
    """One round of builds: the first one, or one caused by saving `changed`."""

    reports: list[Report]
    changed: tuple[Path, ...]
    seconds: float


def watch(
    briefs: list[Path],
    options: Options,
    show: Callable[[Rebuild], None],
    *,
    interval: float = POLL_SECONDS,
    stop: threading.Event | None = None,
    max_rebuilds: int | None = None,
) -> None:
    """Build every brief, then rebuild the ones whose files are saved.

    Runs until Ctrl-C (KeyboardInterrupt ends it quietly), until `stop` is set,
    or after `max_rebuilds` rebuilds (the first build does not count).
    """
    stop = stop or threading.Event()
    watched: dict[Path, set[Path]] = {brief: {brief.resolve()} for brief in briefs}
    try:
        stamps = _stamps(_all(watched))  # taken before building: a save during it is seen
        blocked = _build(briefs, (), options, watched, show, briefs)
        stamps = {**_stamps(_all(watched)), **stamps}
        rebuilds = 0
        while max_rebuilds is None or rebuilds < max_rebuilds:
            if stop.wait(interval):
                return
            current = _stamps(_all(watched))
            changed = tuple(sorted(f for f, s in current.items() if stamps.get(f) != s))
            if not changed:
                continue
            current = _settled(current, interval, stop)
            # A brief whose PDFs collided is tried again: the save may have ended that.
            affected = [b for b in briefs if watched[b].intersection(changed) or b in blocked]
            blocked = _build(affected, changed, options, watched, show, briefs)
            # Stamps from before the build: a save made during it triggers another build.
            stamps = {**_stamps(_all(watched)), **current}
            rebuilds += 1
    except KeyboardInterrupt:
        return


def watched_files(report: Report, options: Options) -> set[Path]:
    """The brief and every file of every layout chain its builds use."""
    files = {report.brief.resolve()}
    targets = [FULL, *(report.valid.editions if report.valid else ())]
    for edition in targets:
        found = choice.find(choice.choose(report.valid, edition, options.layout), report.brief)
        if found is None:
            continue  # the build reports the unknown layout
        try:
            files.update(p.resolve() for p in layouts.load(found).files)
        except BriefError:
            files.add(found.resolve())  # the build reports the problem; watch for its fix
    return files


def _build(
    briefs: list[Path],
    changed: tuple[Path, ...],
    options: Options,
    watched: dict[Path, set[Path]],
    show: Callable[[Rebuild], None],
    every: list[Path],
) -> set[Path]:
    """Build `briefs`, except those whose PDFs would replace another watched brief's
    (as a batch build refuses them: `collisions`); returns those."""
    started = time.perf_counter()
    # Against every watched brief, not only those rebuilt: a save that gives `x.yaml`
    # an edition `public` makes it collide with an unchanged `x--public.yaml`.
    clashes = collisions(every, options)
    reports = []
    for brief in briefs:
        clash = clashes.get(brief)
        report = Report(brief, diagnostics=[clash]) if clash else build_brief(brief, options)
        files = watched_files(report, options)
        # An invalid brief names no layouts: keep watching the ones it used before.
        watched[brief] = files if report.valid is not None else files | watched[brief]
        reports.append(report)
    show(Rebuild(reports, changed, time.perf_counter() - started))
    return {brief for brief in briefs if brief in clashes}


def _settled(
    stamps: dict[Path, Stamp], interval: float, stop: threading.Event
) -> dict[Path, Stamp]:
    """Wait until a save has finished: two polls in a row see the same files."""
    for _ in range(SETTLE_TRIES):
        if stop.wait(interval / 2):
            break
        again = _stamps(stamps)
        if again == stamps and None not in again.values():
            break
        stamps = again
    return stamps


def _all(watched: dict[Path, set[Path]]) -> set[Path]:
    return set().union(*watched.values())


def _stamps(files: Iterable[Path]) -> dict[Path, Stamp]:
    return {f: _stamp(f) for f in files}


def _stamp(path: Path) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)

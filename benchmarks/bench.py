"""The make_brief benchmark: cold, warm, scaling, batch, watch, pack; checked against budgets.

    python benchmarks/bench.py            # the full run (a few minutes)
    python benchmarks/bench.py --quick    # fewer repeats, same sections and budgets

Every figure is a median over repeated runs, with the min-max beside it. Each
measurement that reports memory runs in a fresh process, so its peak resident
set (`ru_maxrss` of that child, from `os.wait4`) is its own. Results go to the
terminal and to `benchmarks/results/` (Markdown and JSON, one pair per run, plus
`latest.md`); `--publish` also writes `benchmarks/RESULTS.md`.

Child processes run with the bytecode cache on (as an installed make_brief
has it), even when this shell sets PYTHONDONTWRITEBYTECODE.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402

EXAMPLE = ROOT / "briefs" / "us-security-guarantees-ukraine.yaml"
RESULTS = ROOT / "benchmarks" / "results"
SIZES = (5, 50, 200, 500)
BATCH_BRIEFS = 50
BATCH_PAGES = 5
STAGES = ("load", "validate", "layout", "glyphs", "resolve", "render", "finish")

# Budgets (issue 7): ratios, since machines differ.
COLD_FACTOR = 1.2
WARM_LIMIT_MS = 60.0
PER_PAGE_FACTOR = 1.3
PEAK_LIMIT_MB = 300.0
BATCH_SPEEDUP = 1.7
PACK_FACTOR = 1.2  # issue 19: a pack of 10 briefs against building them one by one
PACK_BRIEFS = 10
PACK_COPIES = 20
TAGGING_SHARE = 0.15  # issue 14: tagging costs at most 15% of a warm build of the example


@dataclass
class Runs:
    """Repeats of each section: `--quick` keeps every section but repeats less."""

    cold: int = 10
    warm: int = 30
    scale: dict[int, int] = field(default_factory=lambda: {5: 10, 50: 5, 200: 3, 500: 3})
    batch: int = 3
    watch: int = 10
    pack: int = 5
    tagging: int = 30

    @classmethod
    def quick(cls) -> Runs:
        return cls(
            cold=4, warm=10, scale={5: 3, 50: 2, 200: 1, 500: 1}, batch=1, watch=4, pack=2,
            tagging=10,
        )


@dataclass
class Stat:
    median: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Stat:
        return cls(statistics.median(values), min(values), max(values), len(values))

    def ms(self) -> str:
        return f"{self.median * 1000:.1f} ms ({self.low * 1000:.1f}–{self.high * 1000:.1f})"

    def s(self) -> str:
        return f"{self.median:.3f} s ({self.low:.3f}–{self.high:.3f})"


class StatJSON(TypedDict):
    """A `Stat` as the results file holds it (`asdict`)."""

    median: float
    low: float
    high: float
    n: int


# --- running child processes ------------------------------------------------------------


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


@dataclass
class Child:
    seconds: float
    cpu_seconds: float  # user + system: what the process cost, however busy the machine
    peak_mb: float
    stdout: str


def run_child(argv: list[str]) -> Child:
    """Run one process to completion: wall time and its own peak resident set."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, env=child_env(), stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        out.seek(0)
        stdout = out.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{err}")
    cpu = usage.ru_utime + usage.ru_stime
    return Child(seconds, cpu, usage.ru_maxrss / 1024, stdout)  # ru_maxrss: KiB on Linux


def worker(kind: str, *args: str) -> tuple[dict[str, Any], float]:
    """Run a measurement of this script in a fresh process: (its JSON, its peak MB)."""
    child = run_child([sys.executable, str(Path(__file__)), "--worker", kind, *args])
    return json.loads(child.stdout.strip().splitlines()[-1]), child.peak_mb


# --- sections ----------------------------------------------------------------------------


def cold(runs: int, out_dir: Path) -> dict[str, Any]:
    """Whole processes: `import reportlab.platypus` alone, and a build of the example."""
    baseline = [sys.executable, "-c", "import reportlab.platypus"]
    build = [
        sys.executable,
        str(ROOT / "make_brief.py"),
        str(EXAMPLE),
        "--edition",
        "full",
        "-q",
        "-o",
        str(out_dir / "cold.pdf"),
    ]
    run_child(baseline)  # fill the bytecode cache and the page cache
    run_child(build)
    base, full = [], []
    for _ in range(runs):  # interleaved, so that drift in machine load hits both alike
        base.append(run_child(baseline))
        full.append(run_child(build))
    return {
        "import_seconds": asdict(Stat.of([c.seconds for c in base])),
        "import_cpu_seconds": asdict(Stat.of([c.cpu_seconds for c in base])),
        "build_cpu_seconds": asdict(Stat.of([c.cpu_seconds for c in full])),
        "import_peak_mb": asdict(Stat.of([c.peak_mb for c in base])),
        "build_seconds": asdict(Stat.of([c.seconds for c in full])),
        "build_peak_mb": asdict(Stat.of([c.peak_mb for c in full])),
    }


def scaling(runs: dict[int, int], work: Path) -> list[dict[str, Any]]:
    rows = []
    for pages in SIZES:
        path = generate.write(pages, work / f"scale-{pages}.yaml")
        try:
            data, peak = worker("scale", str(path), str(runs[pages]))
        except RuntimeError as exc:  # a size that does not build is reported, not skipped
            rows.append({"target": pages, "error": first_error(exc)})
            continue
        data.update(target=pages, peak_mb=peak)
        rows.append(data)
    return rows


def first_error(exc: Exception) -> str:
    """The first diagnostic of a failed child, with the temporary folder left out."""
    lines = str(exc).splitlines()
    line = next((x for x in lines if "error: " in x), lines[-1]).removeprefix("RuntimeError: ")
    line = line.split("\\n")[0]  # a diagnostic shows a newline of its message as \n
    return re.sub(r"/\S*/(make-brief-bench-[^/]+/)+", "", line)[:140]


def batch(runs: int, work: Path) -> dict[str, Any]:
    """Every brief and edition in briefs/ plus generated briefs, through the CLI, -j1 vs -j2."""
    briefs = sorted((ROOT / "briefs").glob("*.yaml"))
    briefs += [
        generate.write(BATCH_PAGES, work / "batch" / f"brief-{i:02d}.yaml", seed=i)
        for i in range(BATCH_BRIEFS)
    ]
    out: dict[str, Any] = {}
    for jobs in (1, 2):
        argv = [sys.executable, str(ROOT / "make_brief.py"), *map(str, briefs)]
        argv += ["--out-dir", str(work / f"batch-out-{jobs}"), "-j", str(jobs)]
        times, cpu, pdfs = [], [], 0
        try:
            for _ in range(runs):
                child = run_child(argv)
                times.append(child.seconds)
                cpu.append(child.cpu_seconds)
                pdfs = sum(1 for line in child.stdout.splitlines() if ".pdf" in line)
        except RuntimeError as exc:
            out[f"j{jobs}"] = {"error": first_error(exc)}
            continue
        out[f"j{jobs}"] = {
            "seconds": asdict(Stat.of(times)),
            "cpu_seconds": asdict(Stat.of(cpu)),
            "pdfs": pdfs,
        }
    out["briefs"] = len(briefs)
    return out


def pack(runs: int) -> dict[str, Any]:
    try:
        data, peak = worker("pack", str(runs))
    except RuntimeError as exc:  # reported, not skipped
        return {"error": first_error(exc)}
    data.update(peak_mb=peak)
    return data


# --- workers (run in their own process) ---------------------------------------------------


def staged_build(path: Path, out: Path) -> dict[str, float]:
    """The stages of `build_brief`, called one by one and timed (full build only)."""
    from policybrief.finish import write as finish
    from policybrief.load import checks, layouts, yamlsource
    from policybrief.load.labels import language
    from policybrief.render.document import render
    from policybrief.resolve import Target, resolve
    from policybrief.run.choice import DEFAULT_LAYOUT
    from policybrief.run.glyphs import missing_glyphs

    times: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        times[stage] = now - clock[0]
        clock[0] = now

    doc = yamlsource.load_file(path)
    lap("load")
    valid, _ = checks.validate_brief(doc)
    assert valid is not None
    lap("validate")
    found = layouts.find(valid.brief.layout or DEFAULT_LAYOUT, path.parent)
    assert found is not None
    loaded = layouts.load(found)
    lap("layout")
    missing_glyphs(doc, valid.brief, [loaded])
    lap("glyphs")
    lang = language(valid.brief.language)
    resolved = resolve(Target(valid.brief, uncited=valid.uncited), source=doc.file, lang=lang)
    lap("resolve")
    rendered = render(resolved, loaded.layout, lang, loaded.path.parent)
    lap("render")
    finish.write_atomically(out, rendered.pdf)
    lap("finish")
    return times


def _timed_builds(
    path: Path, out: Path, runs: int, cpu: list[float] | None = None, unseen: bool = False
) -> tuple[list[float], int]:
    """Wall times of `runs` builds (and their CPU times into `cpu`), and the page count.

    `unseen`: each build as if the brief were new to the process (no paragraph
    parsed or broken before), as for every brief of a batch.
    """
    from policybrief.render import paragraph
    from policybrief.run.build import Options, build_brief

    options = Options(editions=("full",), output=out)
    times, pages = [], 0
    for _ in range(runs):
        if unseen:
            paragraph._MEMO.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        report = build_brief(path, options)
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.process_time() - cpu_started)
        if report.failed or not report.outputs:
            raise RuntimeError("\n".join(d.format() for d in report.diagnostics))
        pages = report.outputs[0].pages
    return times, pages


def work_warm(runs: str) -> dict[str, Any]:
    count = int(runs)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "warm.pdf"
        started = time.perf_counter()
        _timed_builds(EXAMPLE, out, 1)
        first = time.perf_counter() - started
        cpu: list[float] = []
        totals, pages = _timed_builds(EXAMPLE, out, count, cpu)
        laps = [staged_build(EXAMPLE, out) for _ in range(count)]
        unseen, _ = _timed_builds(EXAMPLE, out, count, unseen=True)
    return {
        "unseen_build_seconds": asdict(Stat.of(unseen)),
        "first_build_seconds": first,
        "pages": pages,
        "build_seconds": asdict(Stat.of(totals)),
        "build_cpu_seconds": asdict(Stat.of(cpu)),
        "stages": {s: asdict(Stat.of([lap[s] for lap in laps])) for s in STAGES},
        "stage_sum_seconds": statistics.median(sum(lap.values()) for lap in laps),
    }


def work_tagging(runs: str) -> dict[str, Any]:
    """Warm builds of the example (full build) as they are, and with tagging switched
    off: no structure nodes, no marked content, no structure tree written. The rounds
    alternate, so that the machine's drift falls on both alike."""
    from unittest import mock

    from policybrief.render import tagging

    count = int(runs)
    tagged: list[float] = []
    untagged: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "tagging.pdf"
        _timed_builds(EXAMPLE, out, 2)  # warm: fonts, layouts, paragraphs
        for _ in range(count):
            tagged += _timed_builds(EXAMPLE, out, 1)[0]
            with (
                mock.patch.object(tagging, "log_of", lambda canv: None),
                mock.patch.object(tagging, "tag_story", lambda *a, **k: None),
                mock.patch.object(tagging, "write_tree", lambda *a, **k: None),
            ):
                untagged += _timed_builds(EXAMPLE, out, 1)[0]
    return {
        "tagged_seconds": asdict(Stat.of(tagged)),
        "untagged_seconds": asdict(Stat.of(untagged)),
    }


def work_scale(path: str, runs: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        _timed_builds(EXAMPLE, Path(tmp) / "warmup.pdf", 1)  # imports, fonts, hyphenation
        times, pages = _timed_builds(Path(path), Path(tmp) / "scale.pdf", int(runs), unseen=True)
    stat = Stat.of(times)
    return {"pages": pages, "seconds": asdict(stat), "per_page_ms": stat.median * 1000 / pages}


def _pack_project(folder: Path, copies: bool) -> Path:
    """A project of PACK_BRIEFS generated briefs and a pack of them (with PACK_COPIES
    attendees each getting a copy when `copies`)."""
    briefs = [
        generate.write(BATCH_PAGES, folder / "briefs" / f"brief-{i:02d}.yaml", seed=100 + i)
        for i in range(PACK_BRIEFS)
    ]
    agenda = "".join(
        f'  - time: "{9 + i // 2:02d}:{30 * (i % 2):02d}"\n'
        f"    item: Item {i + 1}\n    brief: ../briefs/{b.name}\n"
        for i, b in enumerate(briefs)
    )
    text = "title: Benchmark meeting\ndate: 2026-02-12\nclassification: OFFICIAL\n"
    text += f"recto: true\nagenda:\n{agenda}"
    if copies:
        people = "".join(f"  - name: Attendee {n + 1}\n" for n in range(PACK_COPIES))
        text += f"attendees:\n{people}copies: per-attendee\n"
    pack = folder / "packs" / ("copies.yaml" if copies else "pack.yaml")
    pack.parent.mkdir(parents=True, exist_ok=True)
    pack.write_text(text, encoding="utf-8")
    return pack


def work_pack(runs: str) -> dict[str, Any]:
    """A pack of PACK_BRIEFS briefs against building the same briefs one by one, in one
    process, each round with no paragraph parsed or broken before (as in a batch); then
    the pack again with PACK_COPIES copies per attendee."""
    from policybrief import cli

    cli._import_quickly()  # as the CLI runs: forked -j workers then share the frozen heap
    from policybrief.render import paragraph
    from policybrief.run.build import Options, build_brief
    from policybrief.run.pack import build_pack

    count = int(runs)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pack = _pack_project(work, copies=False)
        briefs = sorted((work / "briefs").glob("*.yaml"))
        _timed_builds(EXAMPLE, work / "warmup.pdf", 1)  # imports, fonts, hyphenation
        alone = Options(editions=("full",), out_dir=work / "alone")
        together = Options(out_dir=work / "pack")
        sums: list[float] = []
        packs: list[float] = []
        parallel: list[float] = []
        pages = 0
        for _ in range(count):  # interleaved, so that drift in machine load hits both alike
            paragraph._MEMO.clear()
            started = time.perf_counter()
            for brief in briefs:
                if build_brief(brief, alone).failed:
                    raise RuntimeError(f"{brief.name} did not build")
            sums.append(time.perf_counter() - started)
            for jobs, into in ((1, packs), (2, parallel)):
                paragraph._MEMO.clear()
                started = time.perf_counter()
                report = build_pack(pack, together, jobs=jobs)
                into.append(time.perf_counter() - started)
                if report.failed:
                    raise RuntimeError("\n".join(d.format() for d in report.diagnostics))
                pages = report.pages
        copies = _pack_project(work, copies=True)
        pack_alone: list[float] = []
        copy_times: list[float] = []
        for _ in range(count):
            paragraph._MEMO.clear()
            report = build_pack(copies, together, jobs=1)
            if report.failed:
                raise RuntimeError("\n".join(d.format() for d in report.diagnostics))
            first, *rest = report.outputs
            pack_alone.append(first.seconds)
            copy_times.append(sum(out.seconds for out in rest))
    return {
        "briefs": len(briefs),
        "pages": pages,
        "one_by_one_seconds": asdict(Stat.of(sums)),
        "pack_j1_seconds": asdict(Stat.of(packs)),
        "pack_j2_seconds": asdict(Stat.of(parallel)),
        "copies": PACK_COPIES,
        "copies_pack_seconds": asdict(Stat.of(pack_alone)),
        "copies_seconds": asdict(Stat.of(copy_times)),
    }


def work_watch(saves: str) -> dict[str, Any]:
    """Drive watch mode over a copy of the example; time each rebuild after a save."""
    import threading

    from policybrief.run.build import Options
    from policybrief.run.watch import Rebuild, watch

    count = int(saves)
    rebuilds: list[Rebuild] = []
    done = threading.Semaphore(0)

    def show(rebuild: Rebuild) -> None:
        rebuilds.append(rebuild)
        done.release()

    with tempfile.TemporaryDirectory() as tmp:
        brief = Path(tmp) / "watched.yaml"
        text = EXAMPLE.read_text(encoding="utf-8")
        brief.write_text(text, encoding="utf-8")
        options = Options(editions=("full",), out_dir=Path(tmp))
        thread = threading.Thread(
            target=watch,
            args=([brief], options, show),
            kwargs={"interval": 0.05, "max_rebuilds": count},
        )
        thread.start()
        done.acquire()  # the first build
        for i in range(count):
            # Saved by renaming a new file over it, so no rebuild sees a half-written file.
            new = brief.with_name("watched.yaml.new")
            new.write_text(text.replace("A Fragile Shield", f"A Fragile Shield {i}"), "utf-8")
            os.replace(new, brief)
            done.acquire()
        thread.join()
    seconds = [r.seconds for r in rebuilds[1:]]
    return {"first_seconds": rebuilds[0].seconds, "rebuild_seconds": asdict(Stat.of(seconds))}


def work_startup() -> dict[str, Any]:
    """Where a cold build's time goes: one fresh process, in the CLI's order.

    Imports run as the CLI runs them (collector held off, then frozen); the
    first build is timed by stage: `glyphs` parses the body and heading fonts,
    `render` the other faces it prints and loads the hyphenation dictionary.
    """
    marks: list[tuple[str, float]] = []
    clock = [time.perf_counter()]

    def lap(what: str) -> None:
        now = time.perf_counter()
        marks.append((what, now - clock[0]))
        clock[0] = now

    gc.disable()
    import reportlab.platypus  # noqa: F401

    lap("import reportlab.platypus")
    import markdown_it  # noqa: F401
    import pydantic  # noqa: F401
    import yaml  # noqa: F401

    lap("import pydantic, yaml, markdown_it")
    gc.enable()
    from policybrief import cli

    cli._import_quickly()
    lap("import policybrief (its pydantic models, modules)")
    with tempfile.TemporaryDirectory() as tmp:
        first = staged_build(EXAMPLE, Path(tmp) / "startup.pdf")
    clock[0] = time.perf_counter()
    marks += [(f"first build: {stage}", first[stage]) for stage in STAGES]
    return {"marks": marks}


WORKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "startup": work_startup,
    "warm": work_warm,
    "scale": work_scale,
    "watch": work_watch,
    "pack": work_pack,
    "tagging": work_tagging,
}


# --- report -------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import reportlab

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import _rl_accel  # type: ignore[import-not-found]  # noqa: F401

        accel = "yes"
    except ImportError:
        accel = "no"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    try:
        total_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": f"{cpu}, {cores} cores{memory}",
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "reportlab": f"{reportlab.Version} (C accelerator rl_accel: {accel})",
        "commit": _commit(),
    }


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def budgets(res: dict[str, Any]) -> list[tuple[bool, str]]:
    c, w = res["cold"], res["warm"]
    imp = c["import_seconds"]["median"]
    warm_s = w["build_seconds"]["median"]
    cold_s = c["build_seconds"]["median"]
    limit = COLD_FACTOR * (imp + warm_s)
    watch_ms = res["watch"]["rebuild_seconds"]["median"] * 1000
    return [
        (
            cold_s <= limit,
            f"cold build {cold_s:.3f} s ≤ {COLD_FACTOR} × (import reportlab.platypus "
            f"{imp:.3f} s + warm build {warm_s:.3f} s) = {limit:.3f} s",
        ),
        (
            warm_s * 1000 <= WARM_LIMIT_MS,
            f"warm rebuild {warm_s * 1000:.1f} ms ≤ {WARM_LIMIT_MS:.0f} ms",
        ),
        (
            watch_ms <= WARM_LIMIT_MS,
            f"watch-mode rebuild {watch_ms:.1f} ms ≤ {WARM_LIMIT_MS:.0f} ms",
        ),
        *scaling_budgets(res["scaling"]),
        batch_budget(res["batch"]),
        pack_budget(res["pack"]),
        tagging_budget(res["tagging"]),
    ]


def scaling_budgets(scaling: list[dict[str, Any]]) -> list[tuple[bool, str]]:
    rows = {r["target"]: r for r in scaling}
    failed = [f"{r['target']} pages: {r['error']}" for r in scaling if "error" in r]
    if failed:
        why = "; ".join(failed)
        return [(False, f"per-page time not measured ({why})"), (False, "peak memory not measured")]
    p50, p500 = rows[50]["per_page_ms"], rows[500]["per_page_ms"]
    peak = rows[500]["peak_mb"]
    return [
        (
            p500 <= PER_PAGE_FACTOR * p50,
            f"per page at 500 pages {p500:.1f} ms ≤ {PER_PAGE_FACTOR} × per page at 50 "
            f"({p50:.1f} ms) = {PER_PAGE_FACTOR * p50:.1f} ms",
        ),
        (peak < PEAK_LIMIT_MB, f"peak memory at 500 pages {peak:.0f} MB < {PEAK_LIMIT_MB:.0f} MB"),
    ]


def batch_budget(b: dict[str, Any]) -> tuple[bool, str]:
    failed = [f"-j {j}: {b[f'j{j}']['error']}" for j in (1, 2) if "error" in b[f"j{j}"]]
    if failed:
        return False, f"batch speed-up not measured ({'; '.join(failed)})"
    speedup = b["j1"]["seconds"]["median"] / b["j2"]["seconds"]["median"]
    return (
        speedup >= BATCH_SPEEDUP,
        f"batch on 2 cores {speedup:.2f}× faster than on 1 ≥ {BATCH_SPEEDUP}×",
    )


def pack_budget(p: dict[str, Any]) -> tuple[bool, str]:
    if "error" in p:
        return False, f"pack ratio not measured ({p['error']})"
    alone, pack = p["one_by_one_seconds"]["median"], p["pack_j1_seconds"]["median"]
    return (
        pack <= PACK_FACTOR * alone,
        f"pack of {p['briefs']} briefs (-j 1) {pack:.3f} s ≤ {PACK_FACTOR} × building them "
        f"one by one ({alone:.3f} s) = {PACK_FACTOR * alone:.3f} s ({pack / alone:.2f}×)",
    )


def tagging_budget(t: dict[str, Any]) -> tuple[bool, str]:
    on, off = t["tagged_seconds"]["median"], t["untagged_seconds"]["median"]
    share = on / off - 1
    return (
        share <= TAGGING_SHARE,
        f"tagging adds {share * 100:.1f}% to a warm build of the example ({off * 1000:.1f} ms "
        f"untagged, {on * 1000:.1f} ms tagged) ≤ {TAGGING_SHARE * 100:.0f}%",
    )


def _pack_lines(p: dict[str, Any]) -> list[str]:
    head = [
        f"## Meeting pack: {PACK_BRIEFS} generated {BATCH_PAGES}-page briefs, in one process",
        "",
    ]
    if "error" in p:
        return [*head, f"build failed: {p['error']}"]
    return [
        *head,
        "Each round starts with no paragraph parsed or broken (as for briefs new to the",
        "process); the briefs and the pack are built in turn.",
        "",
        "| what | runs | wall time |",
        "|---|---|---|",
        f"| the {p['briefs']} briefs one by one (`build_brief`, full build) | "
        f"{p['one_by_one_seconds']['n']} | {_s(p['one_by_one_seconds'])} |",
        f"| the pack of them ({p['pages']} pages), `-j 1` | {p['pack_j1_seconds']['n']} | "
        f"{_s(p['pack_j1_seconds'])} |",
        f"| the same pack, `-j 2` | {p['pack_j2_seconds']['n']} | {_s(p['pack_j2_seconds'])} |",
        f"| the pack with {p['copies']} attendees: the pack | {p['copies_pack_seconds']['n']} | "
        f"{_s(p['copies_pack_seconds'])} |",
        f"| … and its {p['copies']} copies per attendee, all of them | "
        f"{p['copies_seconds']['n']} | {_s(p['copies_seconds'])} |",
        "",
    ]


def render_markdown(res: dict[str, Any]) -> str:
    m, c, w = res["machine"], res["cold"], res["warm"]
    lines = [
        f"# make_brief benchmark, {res['when']}",
        "",
        f"- machine: {m['cpu']}; {m['system']}",
        f"- Python {m['python']}, reportlab {m['reportlab']}; commit {m['commit']}",
        f"- command: `{res['command']}`; figures are medians (min–max) over the runs shown",
        "",
        "## Cold build of the example (whole process)",
        "",
        "| process | runs | wall time | CPU time | peak memory |",
        "|---|---|---|---|---|",
        f'| `python -c "import reportlab.platypus"` | {c["import_seconds"]["n"]} | '
        f"{_s(c['import_seconds'])} | {_s(c['import_cpu_seconds'])} | {_mb(c['import_peak_mb'])} |",
        f"| `python make_brief.py {EXAMPLE.relative_to(ROOT)} --edition full` | "
        f"{c['build_seconds']['n']} | {_s(c['build_seconds'])} | "
        f"{_s(c['build_cpu_seconds'])} | {_mb(c['build_peak_mb'])} |",
        "",
        "Where that process's time goes (in-process clock, excluding interpreter start-up;",
        "the hyphenation dictionary comes from the cache the first run filled):",
        "",
        "| step | median (min–max) |",
        "|---|---|",
        *(f"| {what} | {_ms(stat)} |" for what, stat in res["startup"].items()),
        "",
        f"## Warm rebuild of the example in one process ({w['pages']} pages)",
        "",
        "| stage | median (min–max) |",
        "|---|---|",
        *(f"| {s} | {_ms(w['stages'][s])} |" for s in STAGES),
        f"| sum of stages | {w['stage_sum_seconds'] * 1000:.1f} ms |",
        f"| `build_brief` (whole, {w['build_seconds']['n']} runs) | {_ms(w['build_seconds'])} |",
        f"| `build_brief`, CPU time of this process | {_ms(w['build_cpu_seconds'])} |",
        f"| `build_brief` with no paragraph parsed or broken before (a brief new to the "
        f"process, as in a batch) | {_ms(w['unseen_build_seconds'])} |",
        f"| first `build_brief` in a fresh process, imports included | "
        f"{w['first_build_seconds'] * 1000:.0f} ms |",
        f"| watch mode: rebuild after a save ({res['watch']['rebuild_seconds']['n']} saves) | "
        f"{_ms(res['watch']['rebuild_seconds'])} |",
        "",
        "## Scaling (generated briefs, one fresh process per size; every run starts with no",
        "paragraph parsed or broken, as for a brief new to the process)",
        "",
        "| target | pages | runs | build time | per page | peak memory |",
        "|---|---|---|---|---|---|",
        *(_scaling_row(r) for r in res["scaling"]),
        "",
        f"## Batch: {res['batch']['briefs']} briefs (briefs/ and {BATCH_BRIEFS} generated "
        f"{BATCH_PAGES}-page briefs), every edition, through the CLI",
        "",
        "| jobs | PDFs | runs | wall time | CPU time, all processes |",
        "|---|---|---|---|---|",
        *(_batch_row(j, res["batch"][f"j{j}"]) for j in (1, 2)),
        "",
        "With `-j 2` the wall time can only approach half the CPU time when the second core",
        "is idle: a wall time close to the CPU time means other work had that core.",
        "",
        *_pack_lines(res["pack"]),
        "## Tagging: warm builds of the example, tagged (as always) and with tagging off",
        "",
        "| build | runs | wall time |",
        "|---|---|---|",
        f"| tagged | {res['tagging']['tagged_seconds']['n']} | "
        f"{_ms(res['tagging']['tagged_seconds'])} |",
        f"| untagged | {res['tagging']['untagged_seconds']['n']} | "
        f"{_ms(res['tagging']['untagged_seconds'])} |",
        "",
        "## Budgets",
        "",
        *(f"- **{'PASS' if ok else 'FAIL'}** {text}" for ok, text in budgets(res)),
        "",
        cold_floor(res),
        "",
    ]
    return "\n".join(lines)


def cold_floor(res: dict[str, Any]) -> str:
    """What the cold budget leaves for start-up, against what the stack alone costs."""
    imp = res["cold"]["import_seconds"]["median"]
    warm_s = res["warm"]["build_seconds"]["median"]
    allowance = (COLD_FACTOR - 1) * (imp + warm_s) * 1000
    startup = {what: stat["median"] * 1000 for what, stat in res["startup"].items()}
    stack = startup["import pydantic, yaml, markdown_it"]
    models = startup["import policybrief (its pydantic models, modules)"]
    return (
        f"The cold budget leaves {allowance:.0f} ms beyond `import reportlab.platypus` and a "
        f"warm build. Importing pydantic, PyYAML and markdown-it takes {stack:.0f} ms and "
        f"building make_brief's pydantic models (with its modules) {models:.0f} ms: the "
        f"required stack alone costs {stack + models:.0f} ms before a brief is read."
    )


def _scaling_row(r: dict[str, Any]) -> str:
    if "error" in r:
        return f"| {r['target']} | — | — | build failed: {r['error']} | — | — |"
    return (
        f"| {r['target']} | {r['pages']} | {r['seconds']['n']} | {_s(r['seconds'])} | "
        f"{r['per_page_ms']:.1f} ms | {r['peak_mb']:.0f} MB |"
    )


def _batch_row(jobs: int, r: dict[str, Any]) -> str:
    if "error" in r:
        return f"| `-j {jobs}` | — | — | build failed: {r['error']} | — |"
    return (
        f"| `-j {jobs}` | {r['pdfs']} | {r['seconds']['n']} | {_s(r['seconds'])} | "
        f"{_s(r['cpu_seconds'])} |"
    )


def _ms(stat: StatJSON) -> str:
    return Stat(**stat).ms()


def _s(stat: StatJSON) -> str:
    return Stat(**stat).s()


def _mb(stat: StatJSON) -> str:
    return f"{stat['median']:.0f} MB"


# --- main -----------------------------------------------------------------------------------


def run(runs: Runs, command: str, progress: Callable[[str], None]) -> dict[str, Any]:
    res: dict[str, Any] = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command,
        "machine": machine(),
    }
    with tempfile.TemporaryDirectory(prefix="make-brief-bench-") as tmp:
        work = Path(tmp)
        progress("cold builds")
        res["cold"] = cold(runs.cold, work)
        progress("start-up breakdown")
        marks = [worker("startup")[0]["marks"] for _ in range(runs.cold)]
        res["startup"] = {
            what: asdict(Stat.of([run[i][1] for run in marks]))
            for i, (what, _) in enumerate(marks[0])
        }
        progress("warm rebuilds")
        res["warm"], _ = worker("warm", str(runs.warm))
        progress("watch mode")
        res["watch"], _ = worker("watch", str(runs.watch))
        progress("scaling " + "/".join(map(str, SIZES)) + " pages")
        res["scaling"] = scaling(runs.scale, work)
        progress("batch")
        res["batch"] = batch(runs.batch, work)
        progress("meeting pack")
        res["pack"] = pack(runs.pack)
        progress("tagging")
        res["tagging"], _ = worker("tagging", str(runs.tagging))
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats (same sections, budgets)")
    p.add_argument("--publish", action="store_true", help="also write benchmarks/RESULTS.md")
    p.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        kind, *rest = args.worker
        print(json.dumps(WORKERS[kind](*rest)))
        return 0
    runs = Runs.quick() if args.quick else Runs()
    command = "python benchmarks/bench.py" + (" --quick" if args.quick else "")
    res = run(runs, command, lambda what: print(f"… {what}", file=sys.stderr, flush=True))
    text = render_markdown(res)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(res, indent=2), encoding="utf-8")
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    if args.publish:
        (ROOT / "benchmarks" / "RESULTS.md").write_text(text, encoding="utf-8")
    return 0 if all(ok for ok, _ in budgets(res)) else 1


if __name__ == "__main__":
    sys.exit(main())

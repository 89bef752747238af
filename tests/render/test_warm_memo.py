"""The paragraph memo never changes what a build does (issue 13).

Every target (brief, layout, edition) is built alone in a fresh process, and then
all of them in one process in shuffled orders, where each build meets the
paragraphs the builds before it memoised: the bytes must be the same. A brief
whose pros and cons share a paragraph taller than a page split a table cell at a
width other than the one the shared lines were broken at (reportlab `_splitCell`
IndexError, even alone, once a second cell reused the memoised lines).
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "briefs" / "us-security-guarantees-ukraine.yaml"
LAYOUTS = ("standard", "letter")
Target = tuple[str, str, str]  # brief file, layout, edition

_WORDS = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)) + "."


def _split_brief(path: Path) -> None:
    """Pros and cons sharing a paragraph longer than a page, behind different sections."""
    rng = random.Random(3)
    long = "\n\n".join(_text(rng, 80) for _ in range(12))
    brief = {
        "title": "Split cells",
        "date": "2025-01-15",
        "summary": _text(rng, 200),
        "background": _text(rng, 120),
        "options": {"items": [{"title": "Do nothing", "text": _text(rng, 60)}]},
        "pros_cons": {"pros": [long, _text(rng, 30)], "cons": [long]},
        "outlook": "It will be fine.",
        "call_to_action": "Act now.",
        "editions": {
            "a": {"sections": ["pros_cons"]},
            "b": {"sections": ["summary", "pros_cons"]},
        },
    }
    path.write_text(json.dumps(brief), encoding="utf-8")  # JSON is YAML


def build(targets: list[Target], out: Path) -> dict[str, str]:
    """Build the targets in this process, in this order: sha256 of each PDF."""
    from policybrief.run.build import Options, build_target, plan_brief, settle

    digests: dict[str, str] = {}
    for number, (brief, layout, edition) in enumerate(targets):
        options = Options(out_dir=out / str(number), layout=layout, editions=(edition,))
        report, planned = plan_brief(Path(brief), options)
        assert planned == [edition], report.diagnostics
        output, problems = build_target(report, edition, options, 2)
        assert output is not None, problems
        report.outputs.append(output)
        settle(report)
        digests["|".join((Path(brief).name, layout, edition))] = hashlib.sha256(
            output.path.read_bytes()
        ).hexdigest()
    return digests


def _in_fresh_process(targets: list[Target], out: Path) -> dict[str, str]:
    code = (
        "import json, sys; from pathlib import Path;"
        " from tests.render.test_warm_memo import build;"
        " print(json.dumps(build(json.loads(sys.argv[1]), Path(sys.argv[2]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(targets), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, str] = json.loads(done.stdout)
    return result


def test_shuffled_warm_builds_match_builds_alone(tmp_path: Path) -> None:
    split = tmp_path / "split.yaml"
    _split_brief(split)
    generated = tmp_path / "generated.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "6", "-o", str(generated)],
        check=True,
    )
    briefs = {
        str(EXAMPLE): ("full", "public", "uk"),
        str(generated): ("full",),
        str(split): ("a", "b"),
    }
    targets = [
        (brief, layout, edition)
        for brief, editions in briefs.items()
        for layout in LAYOUTS
        for edition in editions
    ]
    with ThreadPoolExecutor(2) as pool:
        alone: dict[str, str] = {}
        for number, digests in enumerate(
            pool.map(lambda t: _in_fresh_process([t], tmp_path / "alone" / t[1]), targets)
        ):
            alone.update(digests)
            assert len(alone) == number + 1
        orders = [random.Random(seed).sample(targets, len(targets)) for seed in (1, 2)]
        warm = list(
            pool.map(lambda o: _in_fresh_process(o, tmp_path / f"warm{id(o)}"), orders)
        )
    for digests in warm:
        differ = sorted(key for key in alone if digests[key] != alone[key])
        assert differ == [], "these built other bytes after other builds in one process"


def test_a_rebuild_then_an_edition_with_footnotes_matches_it_built_alone(
    tmp_path: Path,
) -> None:
    """Built twice, a paragraph is wrapped again at the very width object it holds:
    reportlab's wrap then sets `width` to what it was, and the memoised lines must
    keep it all the same (the third build, footnotes measuring its paragraphs,
    crashed: "'Paragraph' object has no attribute 'width'")."""
    full = (str(EXAMPLE), "standard", "full")
    footnoted = (str(EXAMPLE), "standard", "policymakers")
    alone = _in_fresh_process([footnoted], tmp_path / "alone")
    warm = _in_fresh_process([full, full, footnoted], tmp_path / "warm")
    key = "|".join((EXAMPLE.name, "standard", "policymakers"))
    assert warm[key] == alone[key]

"""Synthetic briefs of a given length, for the scaling and batch benchmarks.

`brief_yaml(pages)` returns the YAML text of a valid brief that lays out in
about `pages` pages with the standard layout: more analysis sections, a longer
pros/cons table and more references as the brief grows, so that every block
builder is exercised in proportion. Text is English-like prose made from a fixed
vocabulary with a seeded generator: the same arguments always give the same
brief, with citations, emphasis, links and lists for the paragraph engine.

    python benchmarks/generate.py 50 -o /tmp/brief-50.yaml
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

# Measured with the standard layout: one unit (an analysis section, a pros/cons
# row, a reference) fills about this much of a page. Calibrated on 50 pages;
# the benchmark reports the page count actually laid out.
UNITS_PER_PAGE = 1.02
FIXED_PAGES = 3.0  # title block, summary, takeaways, options and closing sections

# No hyphenated compounds: with `embeddedHyphenation=1`, reportlab 5.1 can split a
# paragraph holding one (e.g. "medium-term") into a first part that re-wraps one
# line taller and no longer fits, failing the build with "Splitting error". That
# bug is reported separately; the benchmark measures speed, so it steps around it.
_VOCABULARY = """
security guarantee deterrence alliance treaty commitment credibility escalation
reconstruction sovereignty territorial integrity assistance coalition partners
defence capability investment resilience institutions reform sanctions energy
markets supply chains diplomacy negotiation ceasefire monitoring verification
obligation assurance burden sharing parliament budget procurement industry
training intelligence cooperation framework regional stability norms aggression
border infrastructure recovery governance transparency accountability oversight
public opinion legitimacy strategy policy analysis risk cost benefit incentive
lasting interim immediate credible sustained durable flexible binding
political economic military legal humanitarian financial technological civilian
allies neighbours donors lenders agencies ministries committees envoys observers
"""
_WORDS = _VOCABULARY.split()

_CONNECTIVES = ["however", "moreover", "in practice", "as a result", "by contrast", "meanwhile"]


class _Prose:
    """Deterministic English-like text; citations only of ids that exist."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def sentence(self, cite: str | None = None) -> str:
        rng = self.rng
        words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 24))]
        if rng.random() < 0.3:
            words.insert(0, rng.choice(_CONNECTIVES) + ",")
        if rng.random() < 0.15:
            i = rng.randrange(1, len(words))
            words[i] = f"*{words[i]}*"
        if rng.random() < 0.08:
            i = rng.randrange(1, len(words))
            words[i] = f"**{words[i]}**"
        if rng.random() < 0.04:
            i = rng.randrange(1, len(words))
            words[i] = f"[{words[i]}](https://example.org/{words[i].strip('*')})"
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        return f"{text} [@{cite}]." if cite else f"{text}."

    def paragraph(self, sentences: int, cite: str | None = None) -> str:
        out = [self.sentence() for _ in range(sentences - 1)]
        out.insert(self.rng.randrange(len(out) + 1), self.sentence(cite))
        return " ".join(out)

    def words(self, low: int, high: int) -> str:
        text = " ".join(self.rng.choice(_WORDS) for _ in range(self.rng.randint(low, high)))
        return text[0].upper() + text[1:]


def units_for(pages: int) -> int:
    return max(1, round((pages - FIXED_PAGES) * UNITS_PER_PAGE))


def brief_data(pages: int, seed: int = 7) -> dict[str, Any]:
    """A valid brief (as data) of about `pages` pages."""
    units = units_for(pages)
    prose = _Prose(seed)
    refs = [f"ref-{i + 1}" for i in range(units)]
    return {
        "title": f"Synthetic brief of {pages} pages",
        "subtitle": "Generated for the make_brief benchmark",
        "standfirst": prose.paragraph(2),
        "series": f"Benchmark {pages:03d}",
        "date": "2025-08-20",
        "language": "en",
        "authors": [{"name": "Benchmark Unit", "affiliation": "Example Institute"}],
        "organization": {"name": "Example Institute"},
        "classification": "PUBLIC",
        "layout": "standard",
        "keywords": ["benchmark", "synthetic"],
        "summary": prose.paragraph(5),
        "key_takeaways": [prose.sentence() for _ in range(4)],
        "background": {"body": prose.paragraph(5)},
        "options": {
            "intro": prose.paragraph(2),
            "items": [
                {
                    "id": f"option-{n}",
                    "title": prose.words(3, 6),
                    "text": prose.paragraph(3),
                    "pros": [prose.words(6, 14) for _ in range(2)],
                    "cons": [prose.words(6, 14)],
                }
                for n in range(1, 3)
            ],
        },
        "analysis": [_analysis(prose, ref) for ref in refs],
        "pros_cons": {
            "intro": prose.paragraph(2),
            "pros": [_point(prose) for _ in range(max(2, units // 2))],
            "cons": [_point(prose) for _ in range(max(2, units // 2))],
        },
        "outlook": {
            "body": prose.paragraph(3),
            "points": [_point(prose) for _ in range(2)],
        },
        "call_to_action": {
            "body": prose.paragraph(2),
            "points": [_point(prose) for _ in range(2)],
        },
        "references": [_reference(prose, ref, i) for i, ref in enumerate(refs)],
    }


def _analysis(prose: _Prose, ref: str) -> dict[str, Any]:
    body = [prose.paragraph(5, cite=ref), prose.paragraph(4)]
    if prose.rng.random() < 0.3:
        body.append("\n".join(f"- {prose.sentence()}" for _ in range(3)))
    return {
        "heading": prose.words(3, 7),
        "body": "\n\n".join(body),
        "points": [_point(prose) for _ in range(3)],
    }


def _point(prose: _Prose) -> dict[str, str]:
    return {"label": prose.words(2, 4), "text": prose.paragraph(2)}


def _reference(prose: _Prose, ref: str, i: int) -> dict[str, Any]:
    return {
        "id": ref,
        "title": prose.words(5, 12),
        "author": prose.words(2, 3),
        "publisher": prose.words(2, 4),
        "year": 1990 + i % 35,
        "url": f"https://example.org/reports/{ref}",
        "note": prose.sentence(),
    }


def brief_yaml(pages: int, seed: int = 7) -> str:
    text = yaml.safe_dump(brief_data(pages, seed), sort_keys=False, allow_unicode=True, width=88)
    return (
        f"# Synthetic brief of about {pages} pages (benchmarks/generate.py, seed {seed}).\n{text}"
    )


def write(pages: int, path: Path, seed: int = 7) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(brief_yaml(pages, seed), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic brief of about N pages.")
    parser.add_argument("pages", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write(args.pages, args.output, args.seed)


if __name__ == "__main__":
    main()

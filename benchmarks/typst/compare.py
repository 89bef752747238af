"""Issue 17's typography benchmark for make_brief and Typst side by side.

    python benchmarks/typst/compare.py MB.pdf TYPST.pdf --layout standard
    python benchmarks/typst/compare.py            # example x 4 layouts, both engines

The reader is `benchmarks/typography.py`'s (which reads Typst's PDFs too: CID
fonts, spaces widened by TJ numbers, hanging punctuation, no TrimBox); this builds
the example with make_brief and, through `build.py` beside it, with Typst 0.15
(`pip install typst`), and prints one row per engine and layout.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _script(path: Path) -> Any:
    """A script by its path (`build` is also a folder a build leaves in a checkout)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


typography = _script(HERE.parent / "typography.py")
ROOT, EXAMPLE, LAYOUTS = typography.ROOT, typography.EXAMPLE, typography.LAYOUTS
analyse, layout_metrics = typography.analyse, typography.layout_metrics
HEADER, row, PROTRUSION_TYPST = typography.HEADER, typography.row, typography.PROTRUSION_TYPST


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdf", nargs="*", type=Path, help="PDFs already built (with --layout)")
    parser.add_argument("--layout", default="standard", help="the layout of the PDFs given")
    parser.add_argument(
        "--protrusion",
        type=float,
        default=3.0,
        help="points a Typst line may hang past the measure (default 3)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    PROTRUSION_TYPST[0] = args.protrusion
    results: list[Any] = []  # typography.FileStats
    print(HEADER)
    if args.pdf:
        margins, body, leading = layout_metrics(args.layout)
        for pdf in args.pdf:
            results.append(analyse(pdf, margins, body, leading))
            print(row(results[-1]), flush=True)
    else:
        typst_build = _script(HERE / "build.py")

        with tempfile.TemporaryDirectory() as tmp:
            for lay in LAYOUTS:
                margins, body, leading = layout_metrics(lay)
                mb = Path(tmp) / "mb" / lay
                mb.mkdir(parents=True)
                subprocess.run(
                    [
                        sys.executable,
                        str(ROOT / "make_brief.py"),
                        "-q",
                        "-j",
                        "1",
                        "--edition",
                        "full",
                        "--layout",
                        lay,
                        "--out-dir",
                        str(mb),
                        str(EXAMPLE),
                    ],
                    check=True,
                    cwd=ROOT,
                )
                ty = typst_build.compile_one(lay, Path(tmp) / "typst")
                for name, pdf in (
                    (f"make_brief/{lay}", next(mb.glob("*.pdf"))),
                    (f"typst/{lay}", ty),
                ):
                    results.append(analyse(pdf, margins, body, leading, name))
                    print(row(results[-1]), flush=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))


if __name__ == "__main__":
    main()

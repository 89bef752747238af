"""Issue 17's typography benchmark for make_brief and Typst side by side.

    python benchmarks/typst/compare.py MB.pdf TYPST.pdf --layout standard
    python benchmarks/typst/compare.py            # example x 4 layouts, both engines

The reader is `benchmarks/typography.py`'s (which reads Typst's PDFs too: CID
fonts, spaces widened by TJ numbers, hanging punctuation, no TrimBox); this builds
the example with make_brief and, through `build.py` beside it, with Typst 0.15
(`pip install typst`), and prints one row per engine and layout.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
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


def main() -> None:
    args = typography.command_line(__doc__.split("\n")[0]).parse_args()
    results = typography.read_given(args)
    if not args.pdf:
        typst_build = _script(HERE / "build.py")

        with tempfile.TemporaryDirectory() as tmp:
            for lay in typography.LAYOUTS:
                margins, body, leading = typography.layout_metrics(lay)
                mb = typography.build(
                    typography.EXAMPLE, lay, Path(tmp) / "mb" / lay, "-j", "1", "--edition", "full"
                )
                ty = typst_build.compile_one(lay, Path(tmp) / "typst")
                for name, pdf in ((f"make_brief/{lay}", mb[0]), (f"typst/{lay}", ty)):
                    stats = typography.analyse(pdf, margins, body, leading, name)
                    typography.report(results, stats)
    typography.write_json(args, results)


if __name__ == "__main__":
    main()

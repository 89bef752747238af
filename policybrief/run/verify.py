"""`--verify FILE.pdf`: rebuild a PDF from what it carries and compare the bytes.

The record (`finish.provenance`) names the brief, the edition, the options and
every input with its SHA-256. The inputs come from the PDF's embedded files,
or, when only digests travel (`--no-source`, PDF/A-2), from the files beside
the PDF; either way each is checked against its digest before anything is
built. The layouts shipped with make_brief are compared with those installed.
The rebuild runs in a temporary folder, so nothing beside the PDF changes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policybrief import __version__
from policybrief.finish import provenance
from policybrief.run.build import Options, build_brief


@dataclass
class Verdict:
    identical: bool
    lines: list[str] = field(default_factory=list)


def verify(pdf: Path) -> Verdict:
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        return Verdict(False, [f"{pdf}: cannot read it: {exc.strerror or exc}"])
    try:
        carried = provenance.read(data)
    except provenance.NoRecord as exc:
        return Verdict(False, [f"{pdf}: cannot verify: {exc}"])
    manifest = carried.manifest
    digests = manifest.get("files")
    brief = manifest.get("brief")
    if not isinstance(digests, dict) or not isinstance(brief, str) or brief not in digests:
        return Verdict(False, [f"{pdf}: cannot verify: its make_brief record is incomplete"])
    with tempfile.TemporaryDirectory(prefix="make-brief-verify-") as tmp:
        folder = Path(tmp) / "src"
        problems = _lay_out(carried, digests, pdf.parent, folder)
        if problems:
            return Verdict(False, [f"{pdf}: cannot verify:", *(f"  {p}" for p in problems)])
        if manifest.get("kind") == "pack":
            return _verify_pack(pdf, data, manifest, folder / brief, Path(tmp) / "out")
        rebuilt = _rebuild(manifest, folder, folder / brief, Path(tmp) / "out")
    if isinstance(rebuilt, list):
        return Verdict(False, [f"{pdf}: the rebuild failed:", *(f"  {p}" for p in rebuilt)])
    if rebuilt == data:
        what = f"{brief}, edition {manifest.get('edition')}"
        return Verdict(True, [f"{pdf}: identical: rebuilt from {what} ({len(digests)} files)"])
    return Verdict(False, [f"{pdf}: altered: {_difference(data, rebuilt, manifest)}"])


def _lay_out(
    carried: provenance.Carried, digests: dict[str, Any], beside: Path, folder: Path
) -> list[str]:
    """Write every input into `folder` as the build saw it; what is missing or differs."""
    problems = []
    for name, digest in sorted(digests.items()):
        if not _safe(name):
            problems.append(f"{name}: not a relative path inside the brief's folder")
            continue
        if name.startswith(provenance.SHIPPED):
            installed = provenance.PACKAGE_DIR / name.removeprefix(provenance.SHIPPED)
            if _digest_of(installed) != digest:
                problems.append(
                    f"{name}: the layout shipped with this make_brief ({__version__}) differs from"
                    " the one the PDF was built with"
                )
            continue
        data = carried.files.get(name)
        where = "embedded"
        if data is None:  # only the digest travelled: the file beside the PDF
            where = "beside the PDF"
            try:
                data = (beside / name).read_bytes()
            except OSError:
                problems.append(f"{name}: not embedded and not found beside the PDF")
                continue
        if hashlib.sha256(data).hexdigest() != digest:
            problems.append(f"{name} ({where}): its SHA-256 differs from the one recorded")
            continue
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return problems


def _safe(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _digest_of(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _rebuild(manifest: dict[str, Any], folder: Path, brief: Path, out: Path) -> bytes | list[str]:
    edition = str(manifest.get("edition", "full"))
    layout = manifest.get("layout")
    if isinstance(layout, str) and layout.startswith(provenance.SHIPPED):
        layout = Path(layout).stem  # a path to a shipped layout: the same layout by name
    elif isinstance(layout, str) and layout.endswith((".yaml", ".yml")):
        layout = str(folder / layout)  # a --layout path: its recorded copy
    standard = manifest.get("pdf_standard")
    options = Options(
        out_dir=out,
        editions=(edition,),
        layout=layout if isinstance(layout, str) else None,
        pdf_standard=None if standard in (None, "none") else str(standard),
        source=bool(manifest.get("files_embedded", True)),
    )
    epoch = manifest.get("source_date_epoch")
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        if isinstance(epoch, int):
            os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        else:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        report = build_brief(brief, options)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    if report.failed or not report.outputs:
        return [d.format() for d in report.diagnostics if d.is_error] or ["no PDF was built"]
    return report.outputs[0].path.read_bytes()


def _verify_pack(
    pdf: Path, data: bytes, manifest: dict[str, Any], pack: Path, out: Path
) -> Verdict:
    """A meeting pack, or one attendee's copy of it, rebuilt with --pack: identical when
    one of the PDFs the pack builds is `data`, byte for byte."""
    from policybrief.run.pack import build_pack

    standard = manifest.get("pdf_standard")
    options = Options(
        out_dir=out,
        pdf_standard=None if standard in (None, "none") else str(standard),
        source=bool(manifest.get("files_embedded", True)),
    )
    with _epoch(manifest.get("source_date_epoch")):
        report = build_pack(pack, options, jobs=1)
    if report.failed or not report.outputs:
        problems = [d.format() for d in report.diagnostics if d.is_error] or ["no PDF was built"]
        return Verdict(False, [f"{pdf}: the rebuild failed:", *(f"  {p}" for p in problems)])
    files = len(manifest.get("files") or {})
    name = manifest.get("brief")
    for output in report.outputs:
        if output.path.read_bytes() == data:
            what = "the pack" if output.edition == "pack" else f"the {output.edition}"
            return Verdict(True, [f"{pdf}: identical: {what} rebuilt from {name} ({files} files)"])
    first = report.outputs[0].path.read_bytes()
    return Verdict(False, [f"{pdf}: altered: {_difference(data, first, manifest)}"])


class _epoch:
    """SOURCE_DATE_EPOCH as recorded, for the rebuild only."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.saved: str | None = None

    def __enter__(self) -> None:
        self.saved = os.environ.get("SOURCE_DATE_EPOCH")
        if isinstance(self.value, int):
            os.environ["SOURCE_DATE_EPOCH"] = str(self.value)
        else:
            os.environ.pop("SOURCE_DATE_EPOCH", None)

    def __exit__(self, *exc: object) -> None:
        if self.saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self.saved


def _difference(original: bytes, rebuilt: bytes, manifest: dict[str, Any]) -> str:
    """Where the bytes part, in words: the page whose content differs, if one does."""
    import io

    from pypdf import PdfReader

    version = manifest.get("make_brief")
    if version != __version__:
        return (
            f"it was built by make_brief {version}, this is {__version__}; rebuilding gives"
            " other bytes"
        )
    try:
        a, b = PdfReader(io.BytesIO(original)), PdfReader(io.BytesIO(rebuilt))
        if len(a.pages) != len(b.pages):
            return f"it has {len(a.pages)} pages, its sources build {len(b.pages)}"
        for number, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=True), start=1):
            if pa.get_contents() is None or pb.get_contents() is None:
                continue
            if pa.get_contents().get_data() != pb.get_contents().get_data():  # type: ignore[union-attr]
                return f"page {number}'s content differs from what its sources build"
    except Exception:  # a damaged file: the bytes differ, which is the answer
        return "it changed after it was built, and pypdf cannot read it back whole"
    return "it changed after it was built (its pages are the same; the difference is elsewhere)"

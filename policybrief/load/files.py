"""Files a brief names (logo, annexes): inside the brief's folder, real, bounded.

A path is resolved (symlinks followed) and must stay inside the brief's
folder; the content is checked by its first bytes, not by its extension.
Nothing is ever fetched: a URL is not a file.

A logo is PNG, JPEG or SVG. Images are decoded once here with Pillow (which
reportlab itself uses), with the pixel count bounded; an SVG is checked to be
closed over itself (`svg.py`) and converted once. A broken or hostile file is
a located error, never a crash halfway through a build.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policybrief.diagnostics import Diagnostic, FieldPath
from policybrief.load.yamlsource import SourceDoc
from policybrief.model.brief import Brief

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PDF_BYTES = 50 * 1024 * 1024
# Decoded, a logo of 16 megapixels takes 64 MB; a print logo needs a fraction of that.
MAX_IMAGE_PIXELS = 16_000_000

_MAGIC = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "pdf": (b"%PDF-",),
    "gif": (b"GIF87a", b"GIF89a"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "bmp": (b"BM",),
}
# An SVG is XML whose first element is <svg>: after an optional declaration,
# comments and a doctype.
_SVG = re.compile(
    rb"^(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>\s*)*<svg\b",
    re.S,
)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

LOGO_KINDS = ("png", "jpeg", "svg")


class AssetError(ValueError):
    """Why a named file cannot be used; the caller locates it in the brief."""


def resolve_inside(base_dir: Path, name: str) -> Path:
    """`name` relative to `base_dir`, refusing anything that leaves that folder."""
    # A scheme (`https:`, `data:`, `file:`) is a URL, never fetched; a one-letter
    # "scheme" is a Windows drive (`C:`), refused below as outside the folder.
    if _URL.match(name) and not re.match(r"^[A-Za-z]:[\\/]", name):
        raise AssetError(f"'{name}' is a URL; only files beside the brief can be used")
    path = _resolved(base_dir, name)
    if not inside(base_dir, path):
        raise AssetError(f"'{name}' is outside the brief's folder")
    if not path.exists():
        raise AssetError(f"file '{name}' not found")
    if not path.is_file():
        raise AssetError(f"'{name}' is not a file")
    return path


def inside(base_dir: Path, name: str | Path) -> bool:
    """Whether `name` (relative to `base_dir`, symlinks followed) stays inside that folder."""
    base = base_dir.resolve()
    try:
        path = _resolved(base_dir, name)
    except AssetError:
        return False
    return path == base or base in path.parents


def _resolved(base_dir: Path, name: str | Path) -> Path:
    try:
        return (base_dir.resolve() / name).resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # symlink loops, NUL bytes
        raise AssetError(f"'{name}' cannot be resolved ({exc})") from None


def kind_of(path: Path) -> str | None:
    with path.open("rb") as handle:
        head = handle.read(512)
    for kind, signatures in _MAGIC.items():
        if head.startswith(signatures):
            return kind
    if _SVG.match(head):
        return "svg"
    return None


def checked_file(base_dir: Path, name: str, kinds: tuple[str, ...]) -> tuple[Path, str]:
    """A file inside `base_dir` whose content is one of `kinds` and not too large."""
    path = resolve_inside(base_dir, name)
    try:
        kind = kind_of(path)
        size = path.stat().st_size
    except OSError as exc:
        raise AssetError(f"cannot read '{name}': {exc.strerror or exc}") from None
    if kind not in kinds:
        raise AssetError(_wrong_kind(name, kind, kinds))
    limit = MAX_PDF_BYTES if kind == "pdf" else MAX_IMAGE_BYTES
    if size > limit:
        raise AssetError(f"'{name}' is {size} bytes; the limit is {limit}")
    return path, kind


def _wrong_kind(name: str, kind: str | None, kinds: tuple[str, ...]) -> str:
    names = [k.upper() for k in kinds]
    wanted = " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))
    if kind is None:
        return f"'{name}' is not a {wanted} file (its content says otherwise, whatever its name)"
    return f"'{name}' is a {kind.upper()} file; use a {wanted} file"


def checked_image(base_dir: Path, name: str) -> tuple[Path, Any]:
    """A PNG or JPEG logo that Pillow decodes completely, within the pixel limit,
    or an SVG logo that draws nothing from outside itself: its path, and for an
    SVG the reportlab Drawing it was checked by converting."""
    path, kind = checked_file(base_dir, name, LOGO_KINDS)
    if kind == "svg":
        from policybrief.load import svg

        try:
            return path, svg.check(path)
        except svg.SvgError as exc:
            raise AssetError(f"'{name}' {exc}") from None
    from PIL import Image  # only a brief with a logo pays for importing Pillow

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's DecompressionBombWarning: checked below
        try:
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise AssetError(
                        f"'{name}' is {width} × {height} pixels; the limit is"
                        f" {MAX_IMAGE_PIXELS} pixels in all"
                    )
                image.load()
        except AssetError:
            raise
        except Exception as exc:  # a damaged file can make any decoder step fail
            reason = str(exc) or type(exc).__name__
            raise AssetError(
                f"'{name}' is not a readable {kind.upper()} image ({reason})"
            ) from None
    return path, None


def open_cmyk(path: Path, background: tuple[float, ...]) -> PILImage:
    """The image in CMYK, transparency flattened onto `background` (RGB, 0-1).

    A CMYK layout promises no RGB anywhere in the PDF, and reportlab draws
    images as they are. The conversion is the one layout colours use
    (`Colour.as_cmyk`: full black generation), so a logo's transparent parts
    match the band they sit on; Pillow's own conversion never uses black.
    """
    from PIL import Image, ImageChops, ImageMath

    fill = tuple(round(v * 255) for v in background)
    with Image.open(path) as image:
        rgba = image.convert("RGBA")
    flat = Image.new("RGBA", rgba.size, (*fill, 255))
    flat.alpha_composite(rgba)
    r, g, b = flat.convert("RGB").split()
    top = ImageChops.lighter(ImageChops.lighter(r, g), b)  # max(r, g, b) = 255 - k

    def ink(channel: PILImage) -> PILImage:
        # round(255 * (top - v) / top), in the integers ImageMath computes with
        # (it divides by zero as 0: black has no colour ink, only black).
        return ImageMath.lambda_eval(
            lambda a: ((a["top"] - a["v"]) * 510 + a["top"]) / (a["top"] * 2),
            top=top,
            v=channel,
        ).convert("L")

    return Image.merge("CMYK", (ink(r), ink(g), ink(b), ImageChops.invert(top)))


# --- the files a brief names ------------------------------------------------------------


def check_logos(
    brief: Brief, editions: dict[str, Brief], doc: SourceDoc, base_dir: Path
) -> list[Diagnostic]:
    """Each `organization.logo` (the brief's and any edition override's), at its line."""
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for path, logo in _logos(brief, editions, doc):
        if logo in seen:
            continue
        seen.add(logo)
        try:
            checked_image(base_dir, logo)
        except AssetError as exc:
            problems.append(doc.diagnostic(path, str(exc)))
    return problems


def _logos(
    brief: Brief, editions: dict[str, Brief], doc: SourceDoc
) -> Iterator[tuple[FieldPath, str]]:
    if brief.organization and brief.organization.logo:
        yield ("organization", "logo"), brief.organization.logo
    data = doc.data.get("editions") if isinstance(doc.data, dict) else None
    for name, merged in editions.items():
        overrides = ((data or {}).get(name) or {}).get("overrides") or {}
        org = merged.organization
        # `is not`: an edition whose overrides failed stands as the brief itself.
        if "organization" in overrides and org and org.logo and org is not brief.organization:
            yield ("editions", name, "overrides", "organization", "logo"), org.logo

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

import functools
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from policybrief.diagnostics import Diagnostic, FieldPath
from policybrief.load.yamlsource import SourceDoc
from policybrief.model.picture import Picture
from policybrief.model.profiles import Profiles

if TYPE_CHECKING:
    from policybrief.load.checks import ValidBrief

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

# The shipped colour profiles (licence in icc/LICENSE.txt): package data, never a user's file.
ICC_DIR = Path(__file__).resolve().parents[1] / "icc"
SRGB_PROFILE = "sRGB.icc"
CMYK_PROFILE = "ISOcoated_v2_300_bas.icc"  # FOGRA39, the cmyk layouts' output intent


class AssetError(ValueError):
    """Why a named file cannot be used; the caller locates it in the brief."""


def resolve_inside(base_dir: Path, name: str, owner: str = "brief") -> Path:
    """`name` relative to `base_dir`, refusing anything that leaves that folder (the
    folder of the `owner`, "brief" or "layout", as messages name it)."""
    # A scheme (`https:`, `data:`, `file:`) is a URL, never fetched; a one-letter
    # "scheme" is a Windows drive (`C:`), refused below as outside the folder.
    if _URL.match(name) and not re.match(r"^[A-Za-z]:[\\/]", name):
        raise AssetError(f"'{name}' is a URL; only files beside the {owner} can be used")
    path = _resolved(base_dir, name)
    if not inside(base_dir, path):
        raise AssetError(f"'{name}' is outside the {owner}'s folder")
    try:
        exists, regular = path.exists(), path.is_file()
    except OSError as exc:  # a name longer than the file system allows
        raise AssetError(f"'{shortened(name)}' cannot be used: {exc.strerror or exc}") from None
    if not exists:
        raise AssetError(f"file '{name}' not found")
    if not regular:  # a folder, a FIFO (reading it would wait forever), a device
        raise AssetError(f"'{name}' is not a file")
    return path


def is_file(path: Path) -> bool:
    """`path.is_file()`, and False too for a name the file system refuses (too long)."""
    try:
        return path.is_file()
    except OSError:
        return False


@functools.cache
def output_profiles() -> Profiles:
    """sRGB and the CMYK output profile, read once: a CMYK build converts RGB
    images, logos, chart colours and annexes through them."""
    return Profiles((ICC_DIR / SRGB_PROFILE).read_bytes(), (ICC_DIR / CMYK_PROFILE).read_bytes())


def shortened(name: str, limit: int = 60) -> str:
    """A name as a message quotes it: a 4,000-character path is cut in the middle."""
    return name if len(name) <= limit else f"{name[: limit // 2]}…{name[-limit // 2 :]}"


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


def read_bounded(path: Path, name: str, limit: int, what: str = "") -> bytes:
    """The bytes of `path` (named `name` in the brief or layout), refused past `limit`."""
    try:
        size = path.stat().st_size
        if size > limit:
            of = f" for {what}" if what else ""
            raise AssetError(f"'{name}' is {size} bytes; the limit{of} is {limit}")
        return path.read_bytes()
    except OSError as exc:
        raise AssetError(f"cannot read '{name}': {exc.strerror or exc}") from None


def _wrong_kind(name: str, kind: str | None, kinds: tuple[str, ...]) -> str:
    names = [k.upper() for k in kinds]
    wanted = " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))
    if kind is None:
        return f"'{name}' is not a {wanted} file (its content says otherwise, whatever its name)"
    return f"'{name}' is a {kind.upper()} file; use a {wanted} file"


def checked_image(base_dir: Path, name: str) -> Picture:
    """A PNG or JPEG that Pillow decodes completely, within the pixel limit, or an
    SVG that draws nothing from outside itself; read once, for every edition."""
    path, kind = checked_file(base_dir, name, LOGO_KINDS)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AssetError(f"cannot read '{name}': {exc.strerror or exc}") from None
    if kind == "svg":
        from policybrief.load import svg

        try:
            return Picture(name, kind, data, svg.check(path))
        except svg.SvgError as exc:
            raise AssetError(f"'{name}' {exc}") from None
    _decode(name, kind, data)
    return Picture(name, kind, data)


def _decode(name: str, kind: str, data: bytes) -> None:
    import io

    from PIL import Image  # only a brief with a logo pays for importing Pillow

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's DecompressionBombWarning: checked below
        try:
            with Image.open(io.BytesIO(data)) as image:
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


# --- the files a brief names ------------------------------------------------------------


def check_logos(
    valid: ValidBrief, doc: SourceDoc, base_dir: Path
) -> tuple[dict[str, Picture], list[Diagnostic]]:
    """Each `organization.logo` (the brief's and any edition override's), read and
    checked once, by the name written; problems at their lines."""
    problems: list[Diagnostic] = []
    pictures: dict[str, Picture] = {}
    seen: set[str] = set()
    for path, logo in logo_fields(valid):
        if logo in seen:
            continue
        seen.add(logo)
        try:
            pictures[logo] = checked_image(base_dir, logo)
        except AssetError as exc:
            problems.append(doc.diagnostic(path, str(exc)))
    return pictures, problems


def logo_fields(valid: ValidBrief) -> Iterator[tuple[FieldPath, str]]:
    brief = valid.brief
    if brief.organization and brief.organization.logo:
        yield ("organization", "logo"), brief.organization.logo
    for name, merged in valid.editions.items():
        org = merged.organization
        overrides = "organization" in valid.overridden.get(name, ())
        # `is not`: an edition whose overrides failed stands as the brief itself.
        if overrides and org and org.logo and org is not brief.organization:
            yield (*valid.written_at(name, "organization"), "logo"), org.logo

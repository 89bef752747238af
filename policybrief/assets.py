"""Files a brief names (logo, annexes): inside the brief's folder, real, bounded.

A path is resolved (symlinks followed) and must stay inside the brief's
folder; the content is checked by its first bytes, not by its extension.
Nothing is ever fetched: a URL is not a file.
"""

from __future__ import annotations

from pathlib import Path

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PDF_BYTES = 50 * 1024 * 1024

_MAGIC = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "pdf": (b"%PDF-",),
}


class AssetError(ValueError):
    """Why a named file cannot be used; the caller locates it in the brief."""


def resolve_inside(base_dir: Path, name: str) -> Path:
    """`name` relative to `base_dir`, refusing anything that leaves that folder."""
    if "://" in name or name.startswith(("data:", "file:")):
        raise AssetError(f"'{name}' is a URL; only files beside the brief can be used")
    base = base_dir.resolve()
    path = (base / name).resolve()
    if path != base and base not in path.parents:
        raise AssetError(f"'{name}' is outside the brief's folder")
    if not path.exists():
        raise AssetError(f"file '{name}' not found")
    if not path.is_file():
        raise AssetError(f"'{name}' is not a file")
    return path


def kind_of(path: Path) -> str | None:
    with path.open("rb") as handle:
        head = handle.read(16)
    for kind, signatures in _MAGIC.items():
        if head.startswith(signatures):
            return kind
    return None


def checked_file(base_dir: Path, name: str, kinds: tuple[str, ...]) -> tuple[Path, str]:
    """A file inside `base_dir` whose content is one of `kinds` and not too large."""
    path = resolve_inside(base_dir, name)
    kind = kind_of(path)
    if kind not in kinds:
        wanted = " or ".join(k.upper() for k in kinds)
        raise AssetError(f"'{name}' is not a {wanted} file")
    limit = MAX_PDF_BYTES if kind == "pdf" else MAX_IMAGE_BYTES
    size = path.stat().st_size
    if size > limit:
        raise AssetError(f"'{name}' is {size} bytes; the limit is {limit}")
    return path, kind

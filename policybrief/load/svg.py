"""SVG logos: checked as data, drawn as vectors (svglib turns SVG into reportlab shapes).

An SVG can reach outside itself: `href` to other files, `url(...)` in styles,
entities, and text whose `font-family` makes svglib search the system's fonts
(and run `fc-match`). A logo is therefore accepted only when it is closed over
itself: no reference but to its own `#fragments`, no text (outlines only, the
way logos are exported for print), no raster images, no scripts; and, because
a CMYK layout cannot carry RGB shadings, no gradients, patterns, masks or
filters. The file is parsed strictly, without entities or network, and counted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

MAX_ELEMENTS = 20_000
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_REFUSED = {
    "text": "text (convert it to outlines)",
    "tspan": "text (convert it to outlines)",
    "textPath": "text (convert it to outlines)",
    "image": "an embedded image (use the PNG or JPEG itself)",
    "foreignObject": "foreign content",
    "script": "a script",
    "linearGradient": "a gradient",
    "radialGradient": "a gradient",
    "pattern": "a pattern",
    "mask": "a mask",
    "filter": "a filter",
}
_OUTSIDE_URL = re.compile(r"url\(\s*(?!['\"]?#)|@import", re.IGNORECASE)


class SvgError(ValueError):
    """Why an SVG cannot be a logo."""


def check(path: Path) -> Any:
    """The SVG at `path` as a reportlab Drawing; SvgError unless it can be drawn safely."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        reason = (exc.msg or "").split(" (")[0]  # lxml appends the file's path
        raise SvgError(f"is not well-formed SVG ({where}{reason})") from None
    except OSError as exc:
        raise SvgError(f"cannot be read ({exc.strerror or exc})") from None
    dtd = tree.docinfo.internalDTD
    # lxml-stubs 0.5 gives DTD no iterentities (lxml has had it since 2.x)
    if dtd is not None and any(True for _ in dtd.iterentities()):  # type: ignore[union-attr]
        raise SvgError("declares XML entities, which a logo cannot carry")
    root = tree.getroot()
    if root.tag != f"{_SVG_NS}svg":
        raise SvgError("is not an SVG document (its root element is not <svg>)")
    for count, element in enumerate(root.iter(), start=1):
        if count > MAX_ELEMENTS:
            raise SvgError(f"has more than {MAX_ELEMENTS} elements")
        if not isinstance(element.tag, str):  # processing instructions, entities
            continue
        for attribute, value in element.attrib.items():
            if attribute in (_XLINK_HREF, "href") and not value.startswith("#"):
                raise SvgError(f"refers to '{value[:80]}' outside itself")
            if _OUTSIDE_URL.search(value):
                raise SvgError("refers to something outside itself in a style")
        name = element.tag.removeprefix(_SVG_NS)
        if name in _REFUSED:
            raise SvgError(f"holds {_REFUSED[name]}, which a logo cannot carry")
        if name == "style" and _OUTSIDE_URL.search(element.text or ""):
            raise SvgError("refers to something outside itself in a style sheet")
    return _drawn(path)


# Coordinates, sizes and transform entries beyond this are no logo (a metre is 2835
# points): the bound keeps infinities and 1e300 from reportlab, which cannot write them.
MAX_NUMBER = 1e6
MIN_SIZE = 0.01  # scaled up to a logo's height, a smaller drawing overflows the same way


def _drawn(path: Path) -> Any:
    """svglib's Drawing of the file, its every number checked, drawn once to be sure."""
    import logging

    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    logger = logging.getLogger("svglib")
    level, logger.level = logger.level, logging.CRITICAL  # only the CLI prints; we say why
    try:
        shape = svg2rlg(str(path))
    except Exception as exc:  # svglib meets garbage path data, units, transforms by raising
        raise SvgError(f"cannot be drawn ({_reason(exc)})") from None
    finally:
        logger.setLevel(level)
    if shape is None or not (shape.width > 0 and shape.height > 0):
        raise SvgError("has no size to draw at (give the <svg> a width and height or a viewBox)")
    if not (
        MIN_SIZE <= min(shape.width, shape.height) <= max(shape.width, shape.height) <= MAX_NUMBER
    ):
        raise SvgError(
            f"is {shape.width:g} × {shape.height:g} points; a logo is {MIN_SIZE:g} to"
            f" {MAX_NUMBER:g} points on each side"
        )
    _check_numbers(shape)
    try:
        renderPDF.drawToString(shape)  # what the build will do, once, where it can be reported
    except Exception as exc:
        raise SvgError(f"cannot be drawn ({_reason(exc)})") from None
    return shape


def _check_numbers(node: Any, depth: int = 0) -> None:
    """Every number of every shape (coordinates, sizes, transforms, stroke widths)."""
    if depth > 200:
        raise SvgError("nests groups more than 200 deep")
    for name, value in vars(node).items():
        if name == "contents":
            for child in value:
                _check_numbers(child, depth + 1)
            continue
        for number in _numbers_in(value):
            if not (abs(number) <= MAX_NUMBER):  # `not <=`: NaN too
                raise SvgError(
                    f"holds the number {number:g} ({name} of a {type(node).__name__.lower()});"
                    f" numbers in a logo are at most {MAX_NUMBER:g}"
                )


def _numbers_in(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, list | tuple) and len(value) < 1_000_000:
        return [float(v) for v in value if isinstance(v, int | float) and not isinstance(v, bool)]
    return []


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]

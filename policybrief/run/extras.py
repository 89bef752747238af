"""What runs after a PDF is written (`--png`, `--preflight`): page previews beside it and
its print-readiness report, both from the file as written. Returns lines; never prints."""

from __future__ import annotations

from policybrief.run.build import Options, Output, Report


def after_writing(report: Report, out: Output, options: Options) -> list[str]:
    lines: list[str] = []
    if options.png_dpi is not None:
        lines += _previews(out, options.png_dpi)
    if options.preflight:
        lines += _preflight(report, out, options)
    return lines


def _previews(out: Output, dpi: int) -> list[str]:
    from policybrief.finish.preview import PreviewUnavailable, write_pngs

    try:
        written = write_pngs(out.path, dpi)
    except PreviewUnavailable as exc:
        return [f"no previews: {exc}"]
    except OSError as exc:
        return [f"no previews: cannot write {exc.filename or 'them'}: {exc.strerror or exc}"]
    first, last = written[0], written[-1]
    shown = f"{first}" if len(written) == 1 else f"{first} ... {last.name}"
    return [f"previews at {dpi} dpi: {shown} ({len(written)} PNG{'s' if len(written) > 1 else ''})"]


def _preflight(report: Report, out: Output, options: Options) -> list[str]:
    from policybrief.finish.preflight import Expectation, preflight

    loaded = report.layouts_used.get(out.edition)
    layout = loaded.layout if loaded else None
    expected = Expectation(
        color_model=layout.color_model if layout else "rgb",
        max_pages=layout.max_pages if layout else None,
        standards=options.pdf_standard or (layout.pdf_standard if layout else "") or "",
    )
    return [f"pre-flight of {out.path.name}:", *preflight(out.path.read_bytes(), expected)]

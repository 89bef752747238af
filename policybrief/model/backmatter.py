"""Publication details (spec 1.1 "About the authors, and publication details"):
the licences a brief may name, by SPDX id, with their names and links."""

from __future__ import annotations

from dataclasses import dataclass

# SPDX id -> (name printed, the licence's page). `public-domain` is no SPDX id: a
# work of the US Government, say, which no licence covers.
LICENCES: dict[str, tuple[str, str | None]] = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC-BY-NC-4.0": (
        "Creative Commons Attribution-NonCommercial 4.0 International",
        "https://creativecommons.org/licenses/by-nc/4.0/",
    ),
    "CC-BY-ND-4.0": (
        "Creative Commons Attribution-NoDerivatives 4.0 International",
        "https://creativecommons.org/licenses/by-nd/4.0/",
    ),
    "CC-BY-NC-SA-4.0": (
        "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    "CC-BY-NC-ND-4.0": (
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    ),
    "CC0-1.0": (
        "CC0 1.0 Universal (public domain dedication)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "OGL-UK-3.0": (
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    "public-domain": ("Public domain", None),
}


def check_licence(value: str) -> str:
    if value not in LICENCES:
        known = ", ".join(LICENCES)
        raise ValueError(f"'{value}' is not a licence this format knows: one of {known}")
    return value


# Dedications to the public domain: the work carries no rights to mark (XMP `Marked`).
UNMARKED = frozenset({"public-domain", "CC0-1.0"})


@dataclass(frozen=True)
class Rights:
    """What the PDF's XMP rights metadata says (`dc:rights`, `xmpRights:Marked`,
    `xmpRights:WebStatement`): made from `publication.license` and `copyright`."""

    statement: str  # "© 2025 Example Institute. Creative Commons Attribution 4.0 International"
    marked: bool  # False for the public domain
    web_statement: str | None  # the licence's page

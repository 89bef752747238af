"""Shared model base and small typed values parsed once at the edge."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints


class Strict(BaseModel):
    """Frozen, and an unknown key is an error: a typo must never be ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("expected an ISO date YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date ({exc})") from None


MAX_LINE_CHARS = 300  # a title, heading or label; a longer one cannot fit a title band


def _one_line(value: str) -> str:
    if "\n" in value.strip():
        raise ValueError("must be a single line")
    if len(value.strip()) > MAX_LINE_CHARS:
        size = len(value.strip())
        raise ValueError(f"a line of {size} characters; the limit is {MAX_LINE_CHARS}")
    return value.strip()


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
Line = Annotated[str, AfterValidator(_not_blank), AfterValidator(_one_line)]
Markdown = Annotated[str, AfterValidator(_not_blank)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


def lower_scheme(url: str) -> str:
    """`HTTPS://Example.org` -> `https://Example.org`: schemes are case-insensitive
    (RFC 3986), and the lowercase form is the one every viewer knows."""
    scheme, colon, rest = url.partition(":")
    return scheme.lower() + colon + rest if colon and scheme.isascii() else url


Email = Annotated[str, StringConstraints(pattern=r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+$")]

# Schemes in either case (RFC 3986), spelt as classes so that JSON Schema tools
# read the pattern too; stored in lowercase.
Url = Annotated[
    str,
    StringConstraints(
        pattern=r"^([Hh][Tt][Tt][Pp][Ss]?://[^\s<>\"]+|[Mm][Aa][Ii][Ll][Tt][Oo]:[^\s<>\"]+)$"
    ),
    AfterValidator(lower_scheme),
]

"""The resolve stage alone: a validated brief + one edition -> ResolvedBrief.

No YAML, no layout, no PDF: each test builds a Brief from a dict and checks
what an edition carries, in which order, with which numbers and origins.
"""

from __future__ import annotations

from typing import Any

import pytest

from policybrief.load.labels import language
from policybrief.model.brief import Brief, Edition, SectionName
from policybrief.model.inline import CiteMark, Para, Run
from policybrief.model.paths import Origin
from policybrief.model.resolved import (
    Analysis,
    Options,
    ProsCons,
    References,
    ResolvedBrief,
    Summary,
    Takeaways,
    section_name,
)
from policybrief.resolve import Target, resolve

BASE: dict[str, Any] = {
    "title": "T",
    "date": "2025-01-15",
    "summary": "Summary cites [@b].",
    "key_takeaways": ["One", {"text": "Two", "audiences": ["public"]}],
    "background": "Background cites [@a].",
    "options": {
        "items": [
            {"title": "O1", "text": "Text", "pros": ["p1 [@c]"], "cons": ["c1 [@d]"]},
            {"title": "O2", "text": "Text", "audiences": ["policy"]},
        ]
    },
    "analysis": [
        {"heading": "A1", "body": "x", "audiences": ["public"]},
        {"heading": "A2", "body": "y"},
    ],
    "pros_cons": {"pros": ["P [@e]", "P2"], "cons": ["C [@f]"]},
    "outlook": "Outlook.",
    "call_to_action": "Act.",
    "references": [{"id": i, "title": i.upper()} for i in "abcdefg"],
    "editions": {"public": {}, "policy": {}},
}


def brief(**changes: Any) -> Brief:
    return Brief.model_validate({**BASE, **changes})


def resolved(b: Brief, edition: str | None = None, **target: Any) -> ResolvedBrief:
    spec = (b.editions or {}).get(edition) if edition else None
    return resolve(
        Target(b, edition=edition, spec=spec, **target), source="x.yaml", lang=language("en")
    )


def names(r: ResolvedBrief) -> list[str]:
    return [section_name(s).value for s in r.sections]


def test_full_build_has_every_section_in_the_default_order() -> None:
    r = resolved(brief())
    assert names(r) == [
        "summary",
        "key_takeaways",
        "background",
        "options",
        "analysis",
        "pros_cons",
        "outlook",
        "call_to_action",
        "references",
    ]


def test_an_editions_sections_choose_and_order() -> None:
    b = brief(editions={"public": {"sections": ["pros_cons", "summary", "references"]}})
    r = resolved(b, "public")
    assert names(r) == ["pros_cons", "summary", "references"]


def test_takeaways_first_moves_the_box_only_without_an_editions_own_order() -> None:
    assert names(resolved(brief()))[:2] == ["summary", "key_takeaways"]
    first = resolve(Target(brief()), source="x", lang=language("en"), takeaways_first=True)
    assert names(first)[:2] == ["key_takeaways", "summary"]
    b = brief(editions={"public": {"sections": ["summary", "key_takeaways"]}})
    spec = b.editions["public"] if b.editions else None
    own = resolve(Target(b, "public", spec), source="x", lang=language("en"), takeaways_first=True)
    assert names(own) == ["summary", "key_takeaways"]


def test_audiences_filter_points_options_and_analysis_sections() -> None:
    b = brief()
    full, public, policy = resolved(b), resolved(b, "public"), resolved(b, "policy")

    def takeaways(r: ResolvedBrief) -> int:
        return sum(len(s.points) for s in r.sections if isinstance(s, Takeaways))

    def options(r: ResolvedBrief) -> list[str]:
        return [o.title for s in r.sections if isinstance(s, Options) for o in s.items]

    def analysis(r: ResolvedBrief) -> list[tuple[int, str]]:
        return [
            (a.number, a.heading) for s in r.sections if isinstance(s, Analysis) for a in s.sections
        ]

    assert (takeaways(full), takeaways(public), takeaways(policy)) == (2, 2, 1)
    assert options(full) == ["O1", "O2"] and options(public) == ["O1"]
    assert analysis(full) == [(1, "A1"), (2, "A2")]
    assert analysis(policy) == [(1, "A2")]  # numbered among what the edition shows


def test_citations_are_numbered_in_reading_order_pros_and_cons_row_by_row() -> None:
    r = resolved(brief())
    # summary b, background a, option pros c then cons d, pros/cons: e (row 1 pro), f (row 1 con)
    assert r.cite_numbers == {"b": 1, "a": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7}
    refs = r.references
    assert [(ref.number, ref.id) for ref in refs] == [(n, i) for i, n in r.cite_numbers.items()]


def test_an_edition_lists_what_it_cites_plus_what_nothing_cites() -> None:
    b = brief(editions={"public": {"sections": ["summary", "references"]}})
    r = resolved(b, "public", uncited=frozenset({"g"}))
    assert [ref.id for ref in r.references] == ["b", "g"]


def test_no_reference_list_no_citation_numbers() -> None:
    b = brief(editions={"public": {"sections": ["summary"]}})
    r = resolved(b, "public")
    assert r.cite_numbers == {} and r.references == ()


def test_origins_point_at_the_fields_and_at_an_override_where_it_replaced_them() -> None:
    b = brief()
    r = resolved(b, "public", overridden=frozenset({"outlook"}))
    by_name = {section_name(s): s for s in r.sections}
    assert by_name[SectionName.BACKGROUND].origin == Origin(("background",), "public")
    assert by_name[SectionName.OUTLOOK].origin == Origin(
        ("editions", "public", "overrides", "outlook"), "public"
    )
    pc = by_name[SectionName.PROS_CONS]
    assert isinstance(pc, ProsCons)
    assert [p.origin.path for p in pc.pros] == [("pros_cons", "pros", 0), ("pros_cons", "pros", 1)]
    options = by_name[SectionName.OPTIONS]
    assert isinstance(options, Options)
    assert options.items[0].cons[0].origin.path == ("options", "items", 0, "cons", 0)
    refs = by_name[SectionName.REFERENCES]
    assert isinstance(refs, References)
    assert refs.entries[0].origin.path == ("references", 1)  # 'b', listed second


def test_a_section_whose_points_are_all_for_another_audience_is_left_out() -> None:
    b = brief(outlook={"points": [{"text": "only for policy", "audiences": ["policy"]}]})
    assert "outlook" in names(resolved(b, "policy"))
    assert "outlook" not in names(resolved(b, "public"))


def test_markdown_is_parsed_into_blocks_and_citations() -> None:
    r = resolved(brief())
    summary = r.sections[0]
    assert isinstance(summary, Summary)
    para = summary.blocks[0]
    assert isinstance(para, Para)
    # Resolve makes each citation what it prints: [1], linked to the list's first entry.
    mark = CiteMark((("[", None), ("1", "ref-1"), ("]", None)))
    assert para.inlines == (Run("Summary cites "), mark, Run("."))


@pytest.mark.parametrize("tag", ["uk", "de", "en-US"])
def test_the_language_decides_labels_and_the_date(tag: str) -> None:
    b = brief(language=tag)
    r = resolve(Target(b), source="x", lang=language(tag))
    lang = language(tag)
    assert r.sections[0].heading == lang.labels.summary
    assert r.date_text == lang.format_date(b.date)


def test_edition_label_and_language_come_from_the_edition() -> None:
    b = brief(editions={"uk": Edition(label="Видання", language="uk").model_dump()})
    r = resolve(
        Target(b, "uk", b.editions["uk"] if b.editions else None), source="x", lang=language("uk")
    )
    assert (r.edition_label, r.language) == ("Видання", "uk")

"""About the authors and the publication details, for one edition (spec 1.1).

The publication details print the suggested citation (made from the brief when it
gives none), the DOI, URL, ISBN and ISSN, the licence by name with its link, the
copyright line and the contact, then acknowledgements, funding and the disclaimer.
"""

from __future__ import annotations

from policybrief.model.backmatter import LICENCES, UNMARKED, Rights
from policybrief.model.brief import Brief
from policybrief.model.files import BriefFiles
from policybrief.model.inline import Block
from policybrief.model.labels import LabelSet
from policybrief.model.paths import Origin
from policybrief.model.resolved import About, PublicationDetails, PubLine, RBio
from policybrief.resolve.typeset import ENGLISH, Setter

DOI_LINK = "https://doi.org/"


def about(
    brief: Brief, labels: LabelSet, at: Origin, files: BriefFiles, setter: Setter = ENGLISH
) -> About | None:
    bios = tuple(
        RBio(
            a.name,
            setter.blocks(a.bio),
            a.bio.lstrip().startswith(a.name),
            files.pictures.get(a.photo) if a.photo else None,
            labels.photo.format(name=a.name),
        )
        for a in brief.authors or []
        if a.bio
    )
    return About(at, labels.about, bios) if bios else None


def publication(
    brief: Brief, labels: LabelSet, at: Origin, setter: Setter = ENGLISH
) -> PublicationDetails | None:
    pub, contact = brief.publication, brief.contact
    if pub is None and contact is None:
        return None
    lines: list[PubLine] = []
    texts: list[tuple[str, tuple[Block, ...]]] = []
    url = pub.url if pub else None
    if pub is not None:
        lines.append(PubLine(labels.suggested_citation, pub.citation or citation(brief, labels)))
        if pub.doi:
            lines.append(PubLine("DOI", DOI_LINK + pub.doi, DOI_LINK + pub.doi))
        if pub.url:
            lines.append(PubLine("URL", pub.url, pub.url))
        for name, value in (("ISBN", pub.isbn), ("ISSN", pub.issn)):
            if value:
                lines.append(PubLine(name, value))
        if pub.license:
            name, link = LICENCES[pub.license]
            lines.append(PubLine(labels.licence, name, link))
        if pub.copyright:
            lines.append(PubLine("", setter.line(pub.copyright)))
        for label, text in (
            (labels.acknowledgements, pub.acknowledgements),
            (labels.funding, pub.funding),
            (labels.disclaimer, pub.disclaimer),
        ):
            if text:
                texts.append((label, setter.blocks(text)))
    if contact is not None:
        parts = [p for p in (contact.name, contact.email, contact.phone, contact.url) if p]
        href = f"mailto:{contact.email}" if contact.email else contact.url
        lines.append(PubLine(labels.contact, ", ".join(parts), href))
    return PublicationDetails(at, labels.publication, tuple(lines), tuple(texts), url)


def citation(brief: Brief, labels: LabelSet) -> str:
    """Authors (year). Title: subtitle. Series. Organization. DOI link or URL; "and" in
    the edition's language."""
    names = [a.name for a in brief.authors or []]
    if len(names) > 1:
        who = ", ".join(names[:-1]) + f" {labels.ref_and} " + names[-1]
    else:
        who = names[0] if names else ""
    org = brief.organization.name if brief.organization else None
    title = f"{brief.title}: {brief.subtitle}" if brief.subtitle else brief.title
    pub = brief.publication
    where = (DOI_LINK + pub.doi) if pub and pub.doi else (pub.url if pub else None)
    lead = f"{who or org or ''} ({brief.date.year})".strip()
    parts = [lead, _stop(title), *(_stop(p) for p in (brief.series, org if who else None) if p)]
    if where:
        parts.append(where)
    return " ".join(p if p == where else _stop(p) for p in parts if p)


def _stop(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def rights(brief: Brief) -> Rights | None:
    """The XMP rights of a brief with a licence or a copyright line; None without."""
    pub = brief.publication
    if pub is None or not (pub.license or pub.copyright):
        return None
    name, link = LICENCES[pub.license] if pub.license else (None, None)
    statement = ". ".join(p.rstrip(".") for p in (pub.copyright, name) if p)
    return Rights(statement, pub.license not in UNMARKED, link)

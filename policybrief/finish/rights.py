"""The XMP rights of a brief with a licence or copyright (spec 1.1 `publication`).

`dc:rights` holds the statement a reader sees in the document properties,
`xmpRights:Marked` says whether the work is rights-managed (False for the public
domain) and `xmpRights:WebStatement` links the licence. Both schemas are among
XMP's own, so PDF/A needs no extension schema for them.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from policybrief.model.backmatter import Rights


def description(rights: Rights | None) -> str:
    """An `rdf:Description` for the XMP packet; empty without rights."""
    if rights is None:
        return ""
    web = (
        f"<xmpRights:WebStatement>{escape(rights.web_statement)}</xmpRights:WebStatement>"
        if rights.web_statement
        else ""
    )
    statement = escape(rights.statement)
    return f"""<rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/">
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{statement}</rdf:li></rdf:Alt></dc:rights>
   <xmpRights:Marked>{"True" if rights.marked else "False"}</xmpRights:Marked>
   {web}
  </rdf:Description>
  """

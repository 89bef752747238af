"""Typed, frozen models of briefs and layouts. No YAML, reportlab or pypdf here."""

"""make_brief: structured policy briefs from YAML to print-ready PDF."""

__version__ = "0.1.0"

"""The resolve stage: a validated brief + one edition -> `ResolvedBrief` (pure, no I/O)."""

from policybrief.resolve.edition import FULL, Target, resolve

__all__ = ["FULL", "Target", "resolve"]

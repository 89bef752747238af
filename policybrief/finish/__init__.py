"""The finish stage."""

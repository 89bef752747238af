"""Rendering: the only package that imports reportlab."""

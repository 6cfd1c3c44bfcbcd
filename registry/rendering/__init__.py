"""Renderers: each builds a view model in Python and lets a Jinja template (autoescape on) lay it out."""

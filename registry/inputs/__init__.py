"""Readers that turn usage evidence into ``Observation`` records (see ``base``)."""

"""The corpus folders are client projects to be read by the source reader, not test code of this repository.

pytest must not collect or import anything inside them (their own ``tests/`` folders hold the clients'
tests, written for their own frameworks); only ``test_corpus.py`` here runs.
"""
from pathlib import Path

collect_ignore = sorted(str(p) for p in Path(__file__).resolve().parent.iterdir() if p.is_dir() and not p.name.startswith((".", "__")))

"""The source reader: Xentral calls and hard-coded credentials in code (PHP, JavaScript/TypeScript/Apps
Script, Python, Go, Java, C#, and the code examples of Markdown files), parsed with tree-sitter.

Modules: ``files`` (which files, test code, the byte search), ``languages`` and one module per language
(``php``, ``js``, ``python``, ``go``, ``java``, ``csharp``, ``markdown``) turning a syntax tree into the
small program form of ``ir``; ``values`` (the tracked values), ``urls`` (from a value to the URL a call
sends), ``clients`` (the HTTP clients and auth idioms), ``analyze`` (following values through a project to
its calls), ``secrets`` (credentials), ``vocabulary`` (what counts as Xentral), ``reader`` (it all, in order).
"""
from __future__ import annotations

from registry.inputs.source.files import SKIP_DIRS, is_test_path, language_of, read_source_file
from registry.inputs.source.reader import read_source, scan_text
from registry.inputs.source.secrets import find_secrets
from registry.inputs.source.vocabulary import Vocabulary, default_vocabulary

__all__ = ["SKIP_DIRS", "Vocabulary", "default_vocabulary", "find_secrets", "is_test_path", "language_of",
           "read_source", "read_source_file", "scan_text"]

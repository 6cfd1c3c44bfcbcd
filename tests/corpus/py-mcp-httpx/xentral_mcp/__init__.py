"""MCP server for Xentral ERP."""

__version__ = "0.5.1"

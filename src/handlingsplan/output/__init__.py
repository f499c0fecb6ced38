"""Formatters for diagnostics: text for people, JSON for tools (github and sarif for CI)."""

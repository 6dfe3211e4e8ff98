"""Briefing: YAML entries to a cross-linked MkDocs Material site."""

"""Core services: every write with a business rule (STYLE.md C3)."""

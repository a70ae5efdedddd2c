"""Substance registry: identifiers, names, structures, properties with provenance."""

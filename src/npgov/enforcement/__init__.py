"""Enforcement: double-random inspections, inspections and cases, product sampling, import/export checks."""

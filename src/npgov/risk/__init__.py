"""Screening and risk assessment (issue #6). So far: the NORMAN-style prioritisation command; the runs,
hazard data and the local priority list are to come (docs/risk-science.md)."""

"""Enterprises: the registry of reporting and regulated enterprises, industries, parks, permits, audits."""

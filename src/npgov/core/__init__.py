"""Core: organisation (districts, departments), users and roles, scoping, audit, jobs, generic views."""

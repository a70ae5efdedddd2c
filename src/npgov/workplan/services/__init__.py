"""Services of the work-plan app."""

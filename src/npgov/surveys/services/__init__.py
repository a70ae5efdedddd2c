"""Services of the survey app."""

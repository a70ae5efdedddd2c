"""Compliance: findings from the control measures × the survey's accepted data, and their follow-up."""

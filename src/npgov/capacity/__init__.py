"""Capacity: the expert pool, laboratories (GLP), training, research and pilot projects, funding."""

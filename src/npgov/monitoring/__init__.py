"""The monitoring network: sites, samples, results with detection limits, imports, statistics, maps."""

"""Constants of the enterprises app that other apps share without importing its models."""

from __future__ import annotations

# Rough bounding box of China's territory, to catch swapped or mistyped coordinates (not a border test).
CHINA_LATITUDE = (3.5, 53.6)
CHINA_LONGITUDE = (73.4, 135.1)

from __future__ import annotations

from npgov.enforcement.api.urls_inspections import urlpatterns as inspection_patterns
from npgov.enforcement.api.urls_products import urlpatterns as product_patterns

urlpatterns = [*inspection_patterns, *product_patterns]

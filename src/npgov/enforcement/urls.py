from __future__ import annotations

from npgov.enforcement.urls_inspections import urlpatterns as inspection_patterns
from npgov.enforcement.urls_products import urlpatterns as product_patterns

app_name = "enforcement"
urlpatterns = [*inspection_patterns, *product_patterns]

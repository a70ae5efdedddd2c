"""Portal pages (namespace ``portal``): each area keeps its own routes in ``<area>/urls.py``."""

from __future__ import annotations

from npgov.portal.articles import urls as articles
from npgov.portal.complaints import urls as complaints
from npgov.portal.disclosures import urls as disclosures
from npgov.portal.public import urls as public
from npgov.portal.statistics import urls as statistics

app_name = "portal"

urlpatterns = [
    *public.urlpatterns,
    *statistics.urlpatterns,
    *disclosures.urlpatterns,
    *complaints.urlpatterns,
    *articles.urlpatterns,
]

"""The portal's API (under /api/portal/, namespace ``api``): each area keeps its own routes in ``<area>/api.py``."""

from __future__ import annotations

from npgov.portal.articles import api as articles
from npgov.portal.complaints import api as complaints
from npgov.portal.disclosures import api as disclosures
from npgov.portal.public import api as public
from npgov.portal.statistics import api as statistics

urlpatterns = [
    *public.urlpatterns,
    *statistics.urlpatterns,
    *disclosures.urlpatterns,
    *complaints.urlpatterns,
    *articles.urlpatterns,
]

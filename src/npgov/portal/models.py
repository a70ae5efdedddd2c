"""Models of the portal, one module per area: public settings, disclosures, complaints, articles."""

from __future__ import annotations

from npgov.portal.articles.models import Article, ArticleImage
from npgov.portal.complaints.models import Complaint, ComplaintPhoto, ComplaintStep
from npgov.portal.disclosures.models import Disclosure, DisclosureLine
from npgov.portal.public.models import PortalSettings

__all__ = [
    "Article",
    "ArticleImage",
    "Complaint",
    "ComplaintPhoto",
    "ComplaintStep",
    "Disclosure",
    "DisclosureLine",
    "PortalSettings",
]

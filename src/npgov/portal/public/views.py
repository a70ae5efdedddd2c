"""The portal's own pages: the home page, the language switch, open data and the licence (about) page.

Every page here is the same for every visitor and served through the page cache (``@public_page``); only the
language switch, which sets a cookie, is not.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from npgov.core.pagecache import public_page
from npgov.portal.opendata import datasets_in_order
from npgov.portal.public import datasets, selectors


@login_not_required
@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The public home: what new-pollutant governance is here, key figures, latest publications, 举报."""
    context = {
        "figures": selectors.home_figures(),
        "draws": selectors.latest_draws(),
        "cases": selectors.latest_cases(),
        "articles": selectors.latest_articles(),
    }
    return render(request, "portal/public/home.html", context)


@login_not_required
@require_safe
@never_cache
def language(request: HttpRequest) -> HttpResponseBase:
    """Switch the language by a plain link (cached pages hold no CSRF token): set the cookie, go back."""
    code = request.GET.get("lang", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):  # fmt: skip
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )  # fmt: skip
    return response


@login_not_required
@require_safe
@public_page
def opendata(request: HttpRequest) -> HttpResponse:
    """Every dataset with its CSV and JSON links, columns and the page that shows it."""
    return render(request, "portal/public/opendata.html", {"datasets": datasets_in_order(),
                                                           "licence": datasets.LICENCE})  # fmt: skip


@login_not_required
@require_safe
@public_page
def dataset_csv(request: HttpRequest, key: str) -> HttpResponse:
    dataset = datasets.dataset_or_none(key)
    if dataset is None:
        raise Http404
    return datasets.csv_download(dataset)


@login_not_required
@require_safe
@public_page
def dataset_json(request: HttpRequest, key: str) -> HttpResponse:
    dataset = datasets.dataset_or_none(key)
    if dataset is None:
        raise Http404
    return datasets.json_download(dataset, request)


@login_not_required
@require_safe
@public_page
def about(request: HttpRequest) -> HttpResponse:
    """The licence of the portal's data, how to cite it and how to use the public API."""
    return render(request, "portal/public/about.html", {"licence": datasets.LICENCE, "source": datasets.SOURCE,
                                                        "datasets": datasets_in_order()})  # fmt: skip

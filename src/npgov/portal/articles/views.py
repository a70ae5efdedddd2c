"""Science articles: public list and pages (cached), images, and the bureau's editor."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from npgov.core.exceptions import ApplicationError
from npgov.core.pagecache import public_page
from npgov.core.permissions import can
from npgov.core.selectors import history_entries
from npgov.core.types import SignedInRequest
from npgov.portal.articles import selectors, services
from npgov.portal.articles.forms import ArticleFilterForm, ArticleForm, ArticleImageForm, PreviewForm
from npgov.portal.articles.markdown import render as render_markdown
from npgov.portal.articles.models import Article, ArticleImage

PUBLIC_PER_PAGE = 10
MANAGE_PER_PAGE = 25
# An uploaded image never changes under its address: browsers and proxies may keep it for a year.
IMAGE_MAX_AGE = 365 * 24 * 3600


def _editor(view: Any) -> Any:
    """Only the users who may write articles (the bureau and system administrators); others get 403."""

    @wraps(view)
    def wrapper(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, Article, "change"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _category(raw: str) -> str:
    return raw if raw in Article.Category.values else ""


def _substance_links(article: Article) -> list[dict[str, Any]]:
    """The article's substances, each with its portal card's address when it has one (a listed substance)."""
    substances = list(article.substances.order_by("name_zh", "pk"))
    carded = _with_cards([s.pk for s in substances]) if substances else set()
    rows = []
    for substance in substances:
        url = None
        if substance.pk in carded:
            try:
                url = reverse("portal:substance_card", args=[substance.pk])
            except NoReverseMatch:
                url = None
        rows.append({"substance": substance, "url": url})
    return rows


def _with_cards(ids: list[int]) -> set[int]:
    """Which of these substances have a substance card on the portal (only those on a public list do)."""
    try:
        from npgov.portal.statistics.selectors import listed_substances  # noqa: PLC0415  (optional area)
    except ImportError:
        return set()
    return set(listed_substances().filter(pk__in=ids).values_list("pk", flat=True))


# --- public -------------------------------------------------------------------------------------------------------
@login_not_required
@require_GET
@public_page
def article_list(request: HttpRequest) -> HttpResponse:
    category = _category(request.GET.get("category", ""))
    page = Paginator(selectors.published_articles(category=category or None), PUBLIC_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/articles/list.html", {
        "page": page, "category": category, "categories": Article.Category.choices,
        "query": urlencode({"category": category}) if category else "",
    })  # fmt: skip


@login_not_required
@require_GET
@public_page
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_published_get(pk=pk)
    if article is None:  # drafts are not public, whoever asks: the editor has its own preview
        raise Http404
    images = selectors.article_images(article=article)
    return render(request, "portal/articles/detail.html", {
        "article": article,
        "body_html": render_markdown(article.body, image_urls=selectors.article_image_urls(images=images)),
        "substances": _substance_links(article),
        "related": selectors.articles_related(article=article),
    })  # fmt: skip


@login_not_required
@require_GET
def article_image(request: HttpRequest, pk: int) -> HttpResponse:
    """An article's image: public once its article is published; before that, only for its editors."""
    image = selectors.article_image_for(pk=pk, user=request.user)
    if image is None:
        raise Http404
    try:
        with image.image.open("rb") as stored:
            content = stored.read()
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=image.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    if image.article.status == Article.Status.PUBLISHED:
        response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}, immutable"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


# --- the bureau's editor ------------------------------------------------------------------------------------------
@_editor
@require_GET
def article_manage(request: SignedInRequest) -> HttpResponse:
    filters = ArticleFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.article_manage_list(
        user=request.user, status=values.get("status", ""), category=values.get("category", ""),
        text=(values.get("q") or "").strip(),
    )  # fmt: skip
    page = Paginator(rows, MANAGE_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in values.items() if v})
    return render(request, "portal/articles/manage.html", {"page": page, "filters": filters, "query": query})


@_editor
def article_add(request: SignedInRequest) -> HttpResponse:
    return _edit(request, None)


@_editor
def article_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(Article.objects.restrict(request.user, "change"), pk=pk))


def _edit(request: SignedInRequest, article: Article | None) -> HttpResponse:
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        saved = services.article_save(
            article=form.save(commit=False), substances=form.cleaned_data["substances"], user=request.user,
            reason=request.POST.get("_change_reason", ""),
        )  # fmt: skip
        messages.success(request, _("Saved %(object)s.") % {"object": saved})
        return redirect("portal:article_edit", saved.pk)
    return _edit_page(request, article, form, ArticleImageForm(), status=400 if request.method == "POST" else 200)


def _edit_page(
    request: SignedInRequest, article: Article | None, form: ArticleForm, image_form: ArticleImageForm, status: int
) -> HttpResponse:
    images = selectors.article_images(article=article) if article else []
    return render(request, "portal/articles/edit.html", {
        "article": article, "form": form, "image_form": image_form,
        "images": [(image, reverse("portal:article_image", args=[image.pk])) for image in images],
        "history": history_entries(obj=article) if article else None,
        "change_reason": request.POST.get("_change_reason", ""),
    }, status=status)  # fmt: skip


@require_POST
@_editor
def article_preview(request: SignedInRequest) -> HttpResponse:
    """The text as the portal will show it (HTMX fragment), with the article's own images."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/articles/_preview.html", {"errors": form.errors.get("body") or
                      [_("The preview could not be made.")]})  # fmt: skip
    image_urls: list[str] = []
    article_id = form.cleaned_data.get("article")
    if article_id:
        article = Article.objects.restrict(request.user, "change").filter(pk=article_id).first()
        if article is not None:
            image_urls = selectors.article_image_urls(images=selectors.article_images(article=article))
    html = render_markdown(form.cleaned_data["body"], image_urls=image_urls)
    return render(request, "portal/articles/_preview.html", {"html": html})


@require_POST
@_editor
def article_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    """Publish (``action=publish``) or take back to draft (``action=unpublish``)."""
    article = get_object_or_404(Article.objects.restrict(request.user, "change"), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "publish":
            services.article_publish(article=article, user=request.user)
            messages.success(request, _("Published: the article is on the portal now."))
        elif action == "unpublish":
            services.article_unpublish(article=article, user=request.user)
            messages.success(request, _("Taken back to draft: the article is no longer on the portal."))
        else:
            messages.error(request, _("Choose to publish or to take back to draft."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("portal:article_edit", article.pk)


@require_POST
@_editor
def article_image_upload(request: SignedInRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.restrict(request.user, "change"), pk=pk)
    image_form = ArticleImageForm(request.POST, request.FILES)
    if image_form.is_valid():
        try:
            image = services.article_image_add(article=article, upload=image_form.cleaned_data["image"],
                                               alt=image_form.cleaned_data["alt"], user=request.user)  # fmt: skip
        except ValidationError as exc:
            image_form.add_error("image", exc)
        else:
            messages.success(request, _("Image added: paste its line into the text where it belongs."))
            return redirect(reverse("portal:article_edit", args=[article.pk]) + f"#image-{image.pk}")
    return _edit_page(request, article, ArticleForm(instance=article), image_form, status=400)


@require_POST
@_editor
def article_image_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    image = get_object_or_404(ArticleImage.objects.select_related("article"), pk=pk)
    article = get_object_or_404(Article.objects.restrict(request.user, "change"), pk=image.article_id)
    services.article_image_delete(image=image, user=request.user)
    messages.success(request, _("Image deleted. Where the text still shows it, remove its line."))
    return redirect(reverse("portal:article_edit", args=[article.pk]) + "#article-images")

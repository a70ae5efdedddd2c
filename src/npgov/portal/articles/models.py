"""Science articles (科普): written by the bureau in Markdown, published on the portal, linked to substances."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npgov.core.models import RegistryModel
from npgov.core.models.base import RestrictedQuerySet
from npgov.core.permissions import Scope

__all__ = ["Article", "ArticleImage"]


class Article(RegistryModel):
    class Category(models.TextChoices):
        BASICS = "basics", _("What new pollutants are")
        HEALTH = "health", _("Health and daily life")
        POLICY = "policy", _("Policies explained")
        ACTION = "action", _("What the city is doing")
        QA = "qa", _("Questions and answers")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=120)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    summary = models.CharField(_("summary"), max_length=300, blank=True,
                               help_text=_("One or two sentences shown in lists."))  # fmt: skip
    body = models.TextField(_("text (Markdown)"), max_length=50000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    substances = models.ManyToManyField("substances.Substance", verbose_name=_("substances"), blank=True,
                                        related_name="+",
                                        help_text=_("The substance cards that link to this article."))  # fmt: skip

    history = HistoricalRecords(m2m_fields=[])
    scope = Scope(public=Q(status="published"))  # the bureau writes; everyone reads published articles

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("science article")
        verbose_name_plural = _("science articles")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="portal_article_published_at"
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="portal_article_status_pub")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:article_detail", args=[self.pk])


class ArticleImage(models.Model):
    """An image of an article, re-encoded on upload (content checked, metadata stripped)."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images")
    image = models.FileField(_("image"), upload_to="portal/articles/%Y/%m/")
    alt = models.CharField(_("description of the image"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=20)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope = Scope(public=Q(article__status="published"))

    class Meta:
        ordering = ["article", "pk"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")

    def __str__(self) -> str:
        return self.alt

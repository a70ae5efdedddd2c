"""The bureau's article editor: the article form, the image upload and the manage list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from npgov.portal.articles.models import Article, ArticleImage
from npgov.portal.images import MAX_BYTES

BODY_MAX = Article._meta.get_field("body").max_length
SEARCH_MAX = 100


class ArticleForm(forms.ModelForm):
    """Title, category, summary, Markdown text (with a live preview) and the substances it explains."""

    class Meta:
        model = Article
        fields = ("title", "category", "summary", "body", "substances")
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "body": _("Markdown: ## heading, **bold**, *italic*, - list, 1. list, > quote, [link](https://…), tables. "
                      "HTML is shown as text. Images: upload them below, then paste their line here."),
        }  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        body.widget = forms.Textarea(attrs={
            "rows": 18, "maxlength": BODY_MAX,
            "hx-post": reverse_lazy("portal:article_preview"), "hx-trigger": "input changed delay:600ms, load",
            "hx-target": "#article-preview", "hx-include": "#id_article_ref", "hx-sync": "this:replace",
        })  # fmt: skip
        if isinstance(body, forms.CharField):
            body.strip = False  # Markdown keeps its leading spaces (nested lists)

    def clean_title(self) -> str:
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError(_("Give the article a title."))
        return title

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body") or ""
        if not body.strip():
            raise forms.ValidationError(_("Write the article's text."))
        return body


class PreviewForm(forms.Form):
    """What the editor's live preview posts: the text, and which article's images it may show."""

    body = forms.CharField(required=False, max_length=BODY_MAX, strip=False)
    article = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class ArticleImageForm(forms.ModelForm):
    """An image for the article: checked by its content and re-encoded when stored."""

    image = forms.FileField(
        label=_("Image"),
        help_text=_("JPEG, PNG or WebP, at most %(mb)s MB. Location and camera data are removed.")
        % {"mb": MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = ArticleImage
        fields = ("alt",)
        help_texts = {"alt": _("What the image shows, for readers who cannot see it.")}

    field_order = ("image", "alt")

    def clean_alt(self) -> str:
        alt = (self.cleaned_data.get("alt") or "").strip()
        if not alt:
            raise forms.ValidationError(_("Describe what the image shows."))
        return alt


class ArticleFilterForm(forms.Form):
    """The manage list's filters (values outside the choices are ignored)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX)
    status = forms.ChoiceField(label=_("status"), required=False,
                               choices=[("", _("all statuses")), *Article.Status.choices])  # fmt: skip
    category = forms.ChoiceField(label=_("category"), required=False,
                                 choices=[("", _("all categories")), *Article.Category.choices])  # fmt: skip

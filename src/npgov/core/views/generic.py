"""Declarative list, detail, edit, delete and bulk-import views that every app configures (STYLE.md C11).

Every view starts from ``Model.objects.restrict(user, action)``; writes run in one transaction and
re-check afterwards that the user may still see what they wrote (STYLE.md C6).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage
from django.db import transaction
from django.db.models import DateTimeField, Model, ProtectedError, QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig, Table
from django_tables2.data import TableListData

from npgov.core.db import replica_alias
from npgov.core.exports import csv_response, xlsx_response, xlsx_stream_response
from npgov.core.forms import ImportUploadForm
from npgov.core.importers import (
    ASYNC_ROW_THRESHOLD,
    ImportSpec,
    file_error,
    file_sha256,
    import_run,
    template_help_rows,
    template_rows,
)
from npgov.core.pagination import Keyset, estimated_count, jump_value, keyset_iterate, keyset_page
from npgov.core.permissions import can, ensure_visible
from npgov.core.registry import registry
from npgov.core.selectors import history_entries
from npgov.core.services.jobs import job_enqueue
from npgov.core.tabular import estimate_rows
from npgov.core.tasks import import_file_task
from npgov.core.templatetags.provenance import provenance_html, reader_text
from npgov.core.throttle import UploadNotAllowed, check_upload_allowance, throttle_params
from npgov.core.types import SignedInRequest
from npgov.core.uploads import UploadRefused, check_upload, discard_pending, find_pending, keep_pending
from npgov.core.widgets import scope_choices

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PER_PAGE_CHOICES = (25, 50, 100, 250)
EXPORT_CHUNK = 2_000  # rows read and turned into export values at a time
# Table columns holding a per-row control, and the action a user needs to see them.
ROW_CONTROLS = (("edit", "change"), ("delete", "delete"))
_CJK = re.compile(r"[\u3400-\u9fff]")
PROVENANCE_FIELDS = {"source", "note", "source_note"}  # shown through core/partials/provenance.html


class ModelRows(TableListData):
    """Rows of one model in a list that says its model: django-tables2 then titles the columns with the model
    fields' (translated) verbose names, as it does for a queryset."""

    def __init__(self, model: type[Model], rows: Iterable[Any]) -> None:
        super().__init__(list(rows))
        self._model = model

    @property
    def model(self) -> type[Model]:
        return self._model


class ObjectView(View):
    """Common ground: the model, its restricted queryset and the URL names of its pages."""

    queryset: QuerySet[Any]
    url_prefix: str = ""  # e.g. "core:department" → core:department_list, _detail, _add, _edit, _delete, _import
    list_url_name: str | None = None  # when the list page is not <url_prefix>_list

    @property
    def model(self) -> type[Model]:
        return self.queryset.model

    def restricted(self, action: str) -> QuerySet[Any]:
        return self.queryset.restrict(self.request.user, action)

    def url(self, action: str, *args: Any) -> str | None:
        name = self.list_url_name if action == "list" and self.list_url_name else f"{self.url_prefix}_{action}"
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return None

    def action_url(self, action: str) -> str | None:
        """The add or import page's URL when the user may open it (the model allows it and so does the view)."""
        # Imported here: the context processor is loaded with the settings; it imports this module lazily too.
        from npgov.core.context_processors import url_may_open

        url = self.url(action)
        if url is None or not can(self.request.user, self.model, "add"):
            return None
        return url if url_may_open(url, self.request.user) else None

    def base_context(self) -> dict[str, Any]:
        meta = self.model._meta
        return {
            "verbose_name": meta.verbose_name, "verbose_name_plural": meta.verbose_name_plural,
            "list_url": self.url("list"),
            "add_url": self.action_url("add"),
            "import_url": self.action_url("import"),
        }  # fmt: skip


class ObjectListView(ObjectView):
    """Search, filter, sort, paginate and export a model's rows.

    A big list opts in to keyset pages by naming an indexed order, on the view or on its table
    (``keyset = ("-sampled_at", "-id")``, core.pagination): it then pages by cursor (previous/next, a
    jump to a date), sorts only by the keyset's first field (either way), shows an estimated count,
    and exports by keyset chunks.
    """

    filterset_class: Any = None
    table_class: type[Table]
    template_name = "core/object_list.html"
    export_name = "export"
    help_text: StrOrPromise = ""
    keyset: tuple[str, ...] | None = None

    def get_keyset(self) -> Keyset | None:
        fields = self.keyset or getattr(self.table_class, "keyset", None)
        return Keyset(tuple(fields)) if fields else None

    def get(self, request: HttpRequest) -> HttpResponseBase:
        keyset = self.get_keyset()
        if keyset is not None:
            return self.get_keyset_list(request, keyset)
        if not can(request.user, self.model, "view"):
            raise PermissionDenied
        queryset = self.restricted("view")
        filterset = (
            self.filterset_class(request.GET or None, queryset=queryset, request=request)
            if self.filterset_class
            else None
        )
        if filterset is not None:
            queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        # No request here: django-tables2 would then paginate from the raw query itself (see paginate()).
        table = self.table_class(queryset, exclude=self.hidden_columns())
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            RequestConfig(request, paginate=False).configure(table)
            return self.export(table, export)
        self.paginate(table)
        context = {
            **self.base_context(),
            "table": table,
            "filterset": filterset,
            "help_text": self.help_text,
            "per_page_choices": PER_PAGE_CHOICES,
            "per_page": table.paginator.per_page,
            "row_count": table.paginator.count,
            "has_rows": bool(table.paginator.count),
            **self.list_context(),
        }
        return render(request, self.template_name, context)

    def filtered(self, request: HttpRequest) -> tuple[QuerySet[Any], Any]:
        """The rows the user may see, narrowed by the valid filters; and the filterset (or None)."""
        queryset = self.restricted("view")
        if not self.filterset_class:
            return queryset, None
        filterset = self.filterset_class(request.GET or None, queryset=queryset, request=request)
        if filterset.is_bound and filterset.is_valid():
            queryset = filterset.qs
        return queryset, filterset

    def get_keyset_list(self, request: HttpRequest, keyset: Keyset) -> HttpResponseBase:
        if not can(request.user, self.model, "view"):
            raise PermissionDenied
        queryset, filterset = self.filtered(request)
        sort = request.GET.get("sort", "")
        if sort.lstrip("-") == keyset.first and sort.startswith("-") != keyset.descending:
            keyset = keyset.reversed()  # the one other order an index serves: the same, backwards
        sort = f"{'-' if keyset.descending else ''}{keyset.first}"
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return self.export_rows(keyset_iterate(queryset.using(replica_alias()), keyset), export)
        per_page = _per_page(request.GET.get("per_page", ""))
        at = request.GET.get("at", "")
        page = keyset_page(
            queryset, keyset, per_page=per_page, after=request.GET.get("after", ""),
            before=request.GET.get("before", ""), start_at=jump_value(queryset, keyset, at) if at else None,
        )  # fmt: skip
        table = self.table_class(ModelRows(self.model, page.rows), exclude=self.hidden_columns(), order_by=sort)
        context = {
            **self.base_context(),
            "table": table, "filterset": filterset, "help_text": self.help_text,
            "per_page_choices": PER_PAGE_CHOICES, "per_page": per_page,
            "row_count": estimated_count(queryset), "has_rows": bool(page.rows) or not page.is_first,
            "keyset_page": page, "jump_at": at, "jump_is_time": keyset.first in _time_fields(self.model),
            "jump_keep": [(k, v) for k, v in request.GET.items()
                          if k not in ("after", "before", "at", "page", "export")],  # fmt: skip
            **self.list_context(),
        }  # fmt: skip
        return render(request, self.template_name, context)

    def list_context(self) -> dict[str, Any]:
        """What a subclass adds to the page (a summary above the table, say)."""
        return {}

    def hidden_columns(self) -> tuple[str, ...]:
        """Row controls the user may not use: an ``edit`` column needs "change", a ``delete`` column "delete"."""
        user = self.request.user
        columns = getattr(self.table_class, "base_columns", {})
        return tuple(name for name, action in ROW_CONTROLS if name in columns and not can(user, self.model, action))

    def paginate(self, table: Table) -> None:
        """Sort as asked; paginate with a page size from PER_PAGE_CHOICES only, on a page that exists.

        django-tables2's RequestConfig would take ``per_page`` and ``page`` from the query as given,
        so a request could ask for any page size; pagination is done here instead.
        """
        RequestConfig(self.request, paginate=False).configure(table)
        per_page = _per_page(self.request.GET.get("per_page", ""))
        raw_page = self.request.GET.get("page", "")
        page = int(raw_page) if _is_number(raw_page) and 0 < int(raw_page) < 10**9 else 1
        try:
            table.paginate(page=page, per_page=per_page)
        except EmptyPage:
            table.paginate(page=1, per_page=per_page)

    def export(self, table: Table, kind: str) -> HttpResponseBase:
        """The sorted, filtered rows as a stream: read by ``.iterator()`` in chunks, never a whole list."""
        data = getattr(table.data, "data", None)
        if isinstance(data, QuerySet):
            return self.export_rows(data.using(replica_alias()).iterator(chunk_size=EXPORT_CHUNK), kind)
        return self.export_values(table.as_values(), kind)

    def export_rows(self, objects: Iterable[Any], kind: str) -> HttpResponseBase:
        """Export model rows: the table's export values, one chunk of rows (one small table) at a time."""
        return self.export_values(self._chunked_values(objects), kind)

    def export_values(self, rows: Iterable[Iterable[Any]], kind: str) -> HttpResponseBase:
        if kind == "csv":
            return csv_response(rows, self.export_name)
        return xlsx_stream_response(str(self.model._meta.verbose_name_plural), rows, self.export_name)

    def _chunked_values(self, objects: Iterable[Any]) -> Iterator[Iterable[Any]]:
        exclude = self.hidden_columns()
        iterator = iter(objects)
        header_sent = False
        while True:
            chunk = list(itertools.islice(iterator, EXPORT_CHUNK))
            values = self.table_class(ModelRows(self.model, chunk), exclude=exclude).as_values()
            header = next(values)
            if not header_sent:
                yield header
                header_sent = True
            yield from values
            if len(chunk) < EXPORT_CHUNK:
                return


class ObjectDetailView(ObjectView):
    """A record's fields, the panels other apps contribute, and its change history."""

    template_name = "core/object_detail.html"
    fields: tuple[str, ...] = ()

    def get_object(self, pk: int) -> Model:
        return get_object_or_404(self.restricted("view"), pk=pk)

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def get(self, request: SignedInRequest, pk: int) -> HttpResponse:
        obj = self.get_object(pk)
        user = request.user
        panels = []
        for panel in registry.panels_for(self.model):
            panel_context = panel.context(obj, user)
            if panel_context is not None:
                panels.append({"title": panel.title, "template": panel.template, "context": panel_context})
        may_change = self.restricted("change").filter(pk=obj.pk).exists()
        may_delete = self.restricted("delete").filter(pk=obj.pk).exists()
        context = {
            **self.base_context(), "object": obj, "fields": self.field_rows(obj), "panels": panels,
            "history": history_entries(obj=obj) if hasattr(obj, "history") else None,
            "edit_url": self.url("edit", obj.pk) if may_change else None,
            "delete_url": self.url("delete", obj.pk) if may_delete else None,
            **self.extra_context(obj),
        }  # fmt: skip
        return render(request, self.template_name, context)

    def field_rows(self, obj: Any) -> list[tuple[str, Any]]:
        rows = []
        for name in self.fields:
            field = obj._meta.get_field(name)
            display = getattr(obj, f"get_{name}_display", None)
            value = display() if callable(display) else getattr(obj, name)
            if name in PROVENANCE_FIELDS and value:  # maintainers' notes never reach the page (issue #14 item 4)
                value = provenance_html(value, note="") if name == "source" else reader_text(value) or None
            elif name in ("code", "key") and isinstance(value, str) and value:  # an identifier, not words
                value = format_html('<span lang="zxx">{}</span>', value)
            elif isinstance(value, str) and not callable(display) and (
                name.endswith("_en") or not _CJK.search(value) and " " in value.strip()
            ):
                value = format_html('<span lang="en">{}</span>', value)  # stored English text, marked as such
            rows.append((str(field.verbose_name), value))
        return rows


class ObjectEditView(ObjectView):
    """Create (no pk) or change (pk) a record through a ModelForm, with history and a scope re-check."""

    form_class: type[ModelForm]
    template_name = "core/object_edit.html"

    def get_object(self, pk: int | None) -> Model | None:
        if pk is None:
            if not can(self.request.user, self.model, "add"):
                raise PermissionDenied
            return None
        return get_object_or_404(self.restricted("change"), pk=pk)

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(pk)
        return self.render_form(scope_choices(self.form_class(instance=obj, **self.form_kwargs()), request.user), obj)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object(pk)
        form = self.form_class(data=request.POST, files=request.FILES, instance=obj, **self.form_kwargs())
        scope_choices(form, request.user)  # districts, enterprises, sites: only those the user may choose
        if not form.is_valid():
            return self.render_form(form, obj)
        with transaction.atomic():
            saved = form.save(commit=False)
            saved._change_reason = request.POST.get("_change_reason", "")[:100]
            saved.save()
            form.save_m2m()
            # Re-check with the write itself: departments may view rows they may not create or change.
            ensure_visible(request.user, [saved], "add" if obj is None else "change")
            self.after_save(saved)
        messages.success(request, _("Saved %(object)s.") % {"object": saved})
        return HttpResponseRedirect(saved.get_absolute_url())

    def after_save(self, obj: Any) -> None:
        """A service to run after the save, in the same transaction (a verdict to recompute, say)."""

    def render_form(self, form: ModelForm, obj: Model | None) -> HttpResponse:
        context = {
            **self.base_context(),
            "form": form,
            "object": obj,
            "cancel_url": obj.get_absolute_url() if obj else self.url("list"),
            "change_reason": self.request.POST.get("_change_reason", ""),
        }
        return render(self.request, self.template_name, context)


class ObjectDeleteView(ObjectView):
    template_name = "core/object_delete.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.restricted("delete"), pk=pk)
        return render(request, self.template_name, {**self.base_context(), "object": obj})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.restricted("delete"), pk=pk)
        try:
            with transaction.atomic():
                obj._change_reason = request.POST.get("_change_reason", "")[:100]
                obj.delete()
        except ProtectedError:
            messages.error(
                request, _("%(object)s is still referenced by other records and cannot be deleted.") % {"object": obj}
            )
            return redirect(obj.get_absolute_url())
        messages.success(request, _("Deleted %(object)s.") % {"object": obj})
        return redirect(self.url("list") or "/")


class BulkImportView(ObjectView):
    """Upload CSV/Excel → validate every row → preview what will change → confirm → commit all or nothing.

    The page posts ``step=preview``: the file is checked (caps, rows) and kept under a random token bound
    to the user and its SHA-256; the page shows each row's change and the user confirms (``token``), which
    validates again and saves. A post without ``step`` (a script) imports at once. Files estimated above
    :data:`ASYNC_ROW_THRESHOLD` rows run as a background job (also on the embedded default).
    """

    spec: ImportSpec
    template_name = "core/object_import.html"
    throttle_key = "core.import"
    uploads_per_hour = 30
    concurrent_jobs = 2

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can(request.user, self.model, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def purpose(self) -> str:
        return f"import:{self.spec.key}"

    def get(self, request: HttpRequest) -> HttpResponse:
        fmt = request.GET.get("template")
        if fmt == "csv":
            return csv_response(template_rows(self.spec.columns(), self.spec.example), f"{self.spec.key}-template")
        if fmt == "xlsx":
            columns = self.spec.columns()
            sheets = [(_("data"), template_rows(columns, self.spec.example)), (_("help"), template_help_rows(columns))]
            return xlsx_response(sheets, f"{self.spec.key}-template")
        return self.render_page(self.upload_form())

    def upload_form(self, *args: Any, **kwargs: Any) -> ImportUploadForm:
        return ImportUploadForm(*args, limits=self.spec.limits, **kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        if "token" in request.POST:
            return self.confirm(request)
        form = self.upload_form(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            check_upload(data, upload.name, self.spec.limits)
        except UploadRefused as exc:
            return self.render_page(form, result=file_error("refused_file", str(exc)))
        try:
            check_upload_allowance(request.user, self.throttle_key, per_hour=self.uploads_per_hour,
                                   concurrent_jobs=self.concurrent_jobs)  # fmt: skip
        except UploadNotAllowed as exc:
            response = self.render_page(form, result=file_error("throttled", exc.message), status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        estimate = estimate_rows(data, upload.name)
        if form.cleaned_data["background"] or estimate > ASYNC_ROW_THRESHOLD:
            job = self.start_job(data, upload.name, estimate)
            return redirect(job.get_absolute_url())
        if request.POST.get("step") == "preview":
            return self.preview(form, data, upload.name)
        return self.run(form, data, upload.name)

    def preview(self, form: ImportUploadForm, data: bytes, filename: str) -> HttpResponse:
        """Validate without writing and show each row's change; keep the file for the confirmation."""
        result = import_run(spec=self.spec, data=data, filename=filename, user=self.request.user, dry_run=True)
        if not result.ok:
            return self.render_page(form, result=result)
        pending = keep_pending(data, filename, self.request.user, self.purpose)
        return self.render_page(form, preview=result, pending=pending)

    def confirm(self, request: HttpRequest) -> HttpResponse:
        """Save a previewed file: the same user, the same importer, the same bytes; validated again."""
        form = self.upload_form()
        try:
            pending = find_pending(request.POST.get("token", ""), request.user, self.purpose)
        except UploadRefused as exc:
            return self.render_page(form, result=file_error("expired_preview", str(exc)))
        if request.POST.get("cancel"):
            discard_pending(pending)
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect(self.url("import") or self.url("list") or "/")
        try:
            data = pending.read()
        except UploadRefused as exc:
            discard_pending(pending)
            return self.render_page(form, result=file_error("expired_preview", str(exc)))
        discard_pending(pending)
        return self.run(form, data, pending.filename)

    def run(self, form: ImportUploadForm, data: bytes, filename: str) -> HttpResponse:
        result = import_run(spec=self.spec, data=data, filename=filename, user=self.request.user)
        if not result.ok:
            return self.render_page(form, result=result)
        messages.success(self.request, _("Imported %(rows)s rows: %(created)s created, %(updated)s updated, "
                                         "%(unchanged)s unchanged.")
                         % {"rows": result.rows, "created": result.created, "updated": result.updated,
                            "unchanged": result.unchanged})  # fmt: skip
        return redirect(self.url("list") or "/")

    def start_job(self, data: bytes, filename: str, rows: int) -> Any:
        folder = settings.MEDIA_ROOT / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{file_sha256(data)}{filename[filename.rfind('.') :] if '.' in filename else ''}"
        path.write_bytes(data)
        return job_enqueue(
            task=import_file_task, user=self.request.user,
            name=_("Import %(file)s into %(model)s")
            % {"file": filename, "model": self.model._meta.verbose_name_plural},
            params={"spec": self.spec.key, "path": str(path), "filename": filename, "rows": rows,
                    **throttle_params(self.throttle_key)},
        )  # fmt: skip

    def render_page(self, form: ImportUploadForm, result: Any = None, *, preview: Any = None, pending: Any = None,
                    status: int | None = None) -> HttpResponse:  # fmt: skip
        columns = list(template_help_rows(self.spec.columns()))[1:]
        changes = [c for c in preview.changes if c.action != "unchanged"][:500] if preview else []
        context = {**self.base_context(), "form": form, "result": result, "spec": self.spec, "columns": columns,
                   "threshold": ASYNC_ROW_THRESHOLD, "limits": self.spec.limits.describe(),
                   "preview": preview, "pending": pending, "changes": changes}  # fmt: skip
        return render(self.request, self.template_name, context, status=status or (400 if result else 200))


def _per_page(raw: str) -> int:
    """A page size from PER_PAGE_CHOICES only (a request cannot ask for a million rows a page)."""
    return int(raw) if _is_number(raw) and int(raw) in PER_PAGE_CHOICES else PER_PAGE_CHOICES[0]


def _time_fields(model: type[Model]) -> set[str]:
    return {f.name for f in model._meta.get_fields() if isinstance(f, DateTimeField)}


def _is_number(raw: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²", which int() rejects."""
    return raw.isascii() and raw.isdigit()


def object_or_404(queryset: QuerySet[Any], user: Any, action: str, pk: Any) -> Any:
    """The object if ``user`` may ``action`` it, else 404 (existence is not revealed)."""
    obj = queryset.restrict(user, action).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj

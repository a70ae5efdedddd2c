"""Tables for the list pages (django-tables2): sortable columns, links, export values."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from npgov.core.models import Department, District, Job, LoginEvent, User


class DistrictTable(tables.Table):
    name_en = tables.Column(attrs={"td": {"lang": "en"}})  # the English name, shown as such on Chinese pages
    code = tables.Column(linkify=True)
    name_zh = tables.Column(linkify=True)
    parent = tables.Column()

    class Meta:
        model = District
        fields = ("code", "name_zh", "name_en", "kind", "zone_label", "parent", "official_code", "verified")
        attrs = {"class": "table table-sm table-hover align-middle"}


class DepartmentTable(tables.Table):
    code = tables.Column(attrs={"td": {"lang": "zxx"}})  # an identifier, not words
    name_en = tables.Column(attrs={"td": {"lang": "en"}})  # the English name, shown as such on Chinese pages
    name_zh = tables.Column(linkify=True)

    class Meta:
        model = Department
        fields = ("code", "name_zh", "short_name_zh", "name_en", "city", "kind", "is_lead")
        attrs = {"class": "table table-sm table-hover align-middle"}


class UserTable(tables.Table):
    username = tables.Column(linkify=True)

    class Meta:
        model = User
        fields = ("username", "display_name", "role", "department", "district", "is_active", "last_login")
        attrs = {"class": "table table-sm table-hover align-middle"}


class JobTable(tables.Table):
    name = tables.Column(linkify=True)
    progress = tables.TemplateColumn(
        '<div class="progress" style="min-width:6rem" role="progressbar" aria-valuenow="{{ value }}">'
        '<div class="progress-bar" style="width: {{ value }}%">{{ value }}%</div></div>',
        verbose_name=_("progress (%)"),
    )

    class Meta:
        model = Job
        fields = ("name", "status", "progress", "user", "created_at", "finished_at")
        attrs = {"class": "table table-sm table-hover align-middle"}


class LoginEventTable(tables.Table):
    keyset = ("-at", "-id")  # an audit trail grows without end: paged by cursor, newest first (core.pagination)
    at = tables.DateTimeColumn(orderable=True)

    class Meta:
        model = LoginEvent
        fields = ("at", "kind", "username", "ip_address", "user_agent")
        attrs = {"class": "table table-sm table-hover align-middle"}
        orderable = False

"""URLs of the core app (namespace ``core``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from npgov.core.views import auth, home, jobs, organisation, pickers, users

app_name = "core"


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says (temporary: the static name may
    carry a content hash that changes with the file)."""

    permanent = False

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        try:
            return static("npgov/favicon.ico")
        except ValueError:  # static files not collected yet (no manifest): the plain static URL
            return f"{settings.STATIC_URL}npgov/favicon.ico"


urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("i18n/setlang/", auth.set_language, name="set_language"),
    path("healthz/", auth.healthz, name="healthz"),
    path("favicon.ico", login_not_required(FaviconView.as_view()), name="favicon"),
    path("core/districts/", organisation.DistrictListView.as_view(), name="district_list"),
    path("core/districts/<int:pk>/", organisation.DistrictDetailView.as_view(), name="district_detail"),
    path("core/districts/<int:pk>/edit/", organisation.DistrictEditView.as_view(), name="district_edit"),
    path("core/departments/", organisation.DepartmentListView.as_view(), name="department_list"),
    path("core/departments/add/", organisation.DepartmentEditView.as_view(), name="department_add"),
    path("core/departments/import/", organisation.DepartmentImportView.as_view(), name="department_import"),
    path("core/departments/<int:pk>/", organisation.DepartmentDetailView.as_view(), name="department_detail"),
    path("core/departments/<int:pk>/edit/", organisation.DepartmentEditView.as_view(), name="department_edit"),
    path("core/departments/<int:pk>/delete/", organisation.DepartmentDeleteView.as_view(), name="department_delete"),
    path("core/users/", users.UserListView.as_view(), name="user_list"),
    path("core/users/add/", users.UserEditView.as_view(), name="user_add"),
    path("core/users/<int:pk>/", users.UserDetailView.as_view(), name="user_detail"),
    path("core/users/<int:pk>/edit/", users.UserEditView.as_view(), name="user_edit"),
    path("core/sign-ins/", users.LoginEventListView.as_view(), name="loginevent_list"),
    path("core/jobs/", jobs.JobListView.as_view(), name="job_list"),
    path("core/jobs/system-check/", jobs.job_system_check, name="job_system_check"),
    path("core/jobs/<int:pk>/", jobs.JobDetailView.as_view(), name="job_detail"),
    path("core/jobs/<int:pk>/progress/", jobs.job_progress, name="job_progress"),
    path("core/jobs/<int:pk>/restart/", jobs.job_restart, name="job_restart"),
    path("core/pick/<str:label>/", pickers.picker_search, name="picker_search"),
]

"""The one place that knows every app."""

from django.contrib import admin
from django.urls import include, path

from students.views import notifications
from workspace.views import home, workload

from . import two_factor, views
from .forms import LoginForm

admin.site.site_header = "EAGI Inclusion"
handler500 = "eagi_inclusion.views.server_error"
admin.site.site_title = "EAGI Inclusion"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("workload/", workload, name="workload"),
    path("language/", views.set_language, name="set-language"),
    path("display/", views.set_display, name="set-display"),
    path("accounts/login/", views.LoginView.as_view(authentication_form=LoginForm)),
    path("accounts/ecp/", include("students.ecp_urls")),
    path("accounts/otp/", two_factor.verify, name="otp-verify"),
    path("accounts/otp/setup/", two_factor.setup, name="otp-setup"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/read/", notifications.notifications_read, name="notifications-read"),
    path("students/", include("students.urls")),
    path("routes/", include("routes.urls")),
    path("documents/", include("documents.urls")),
    path("support/", include("support.urls")),
    # Before the admin's own: its JavaScript messages with the Kazakh ones Django lacks.
    path(
        "admin/jsi18n/",
        admin.site.admin_view(
            views.AdminJavaScriptCatalog.as_view(packages=["django.contrib.admin"]),
            cacheable=True,
        ),
        name="admin-jsi18n",
    ),
    path("admin/", admin.site.urls),
    # The read-only register API for the Institute's document-flow system (docs/api.md).
    path("api/v1/", include("documents.api_urls")),
]

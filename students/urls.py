from django.urls import path

from . import import_views, staff_views, views

app_name = "students"

urlpatterns = [
    path("", views.StudentListView.as_view(), name="student-list"),
    path("<int:pk>/", views.StudentDetailView.as_view(), name="student-detail"),
    path("<int:pk>/health/", views.health_profile_edit, name="health-edit"),
    path("<int:pk>/who-viewed/", views.access_history, name="access-history"),
    path("<int:pk>/assign/", views.case_assign_view, name="case-assign"),
    path("<int:pk>/unassign/<int:user_pk>/", views.case_unassign_view, name="case-unassign"),
    path("applications/", views.ApplicationListView.as_view(), name="application-list"),
    path("applications/new/", views.application_create, name="application-create"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path(
        "applications/<int:pk>/withdraw/",
        views.application_withdraw_view,
        name="application-withdraw",
    ),
    path("applications/<int:pk>/start/", views.application_start_view, name="application-start"),
    path("applications/paper/", views.paper_application_create, name="paper-application-create"),
    path("applications/register/", views.RegistryListView.as_view(), name="registry-list"),
    path(
        "applications/<int:pk>/decide/<slug:action>/",
        views.application_decide,
        name="application-decide",
    ),
    path(
        "applications/<int:pk>/resubmit/",
        views.application_resubmit_view,
        name="application-resubmit",
    ),
    path("applications/<int:pk>/pdf/", views.application_pdf, name="application-pdf"),
    path("import/", import_views.sis_import, name="sis-import"),
    path("staff-roles/", staff_views.staff_roles, name="staff-roles"),
    path("emergency/", views.emergency_access, name="emergency-access"),
    path("emergency/review/", views.emergency_review, name="emergency-review"),
    path("disclosures/", views.disclosure_list, name="disclosure-list"),
    path("<int:pk>/disclosures/new/", views.disclosure_create, name="disclosure-create"),
    path("consents/", views.consent_list, name="consent-list"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw_view, name="consent-withdraw"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
]

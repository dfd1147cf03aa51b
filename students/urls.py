from django.urls import path

from . import views

app_name = "students"

urlpatterns = [
    path("", views.StudentListView.as_view(), name="student-list"),
    path("<int:pk>/", views.StudentDetailView.as_view(), name="student-detail"),
    path("<int:pk>/health/", views.health_profile_edit, name="health-edit"),
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
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
]

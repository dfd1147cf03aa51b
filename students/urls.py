from django.urls import path

from documents.views import document_pdf

from .views import applications, cases, imports, links, privacy, registry, staff

app_name = "students"

urlpatterns = [
    path("", cases.StudentListView.as_view(), name="student-list"),
    path("<int:pk>/", cases.StudentDetailView.as_view(), name="student-detail"),
    path("<int:pk>/health/", cases.health_profile_edit, name="health-edit"),
    path("<int:pk>/who-viewed/", cases.access_history, name="access-history"),
    path("<int:pk>/assign/", cases.case_assign_view, name="case-assign"),
    path("<int:pk>/unassign/<int:user_pk>/", cases.case_unassign_view, name="case-unassign"),
    path("applications/", applications.ApplicationListView.as_view(), name="application-list"),
    path("applications/new/", applications.application_create, name="application-create"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path(
        "applications/<int:pk>/withdraw/",
        applications.application_withdraw_view,
        name="application-withdraw",
    ),
    path(
        "applications/<int:pk>/start/",
        applications.application_start_view,
        name="application-start",
    ),
    path("applications/paper/", registry.paper_application_create, name="paper-application-create"),
    path("applications/register/", registry.RegistryListView.as_view(), name="registry-list"),
    path(
        "applications/<int:pk>/decide/<slug:action>/",
        registry.application_decide,
        name="application-decide",
    ),
    path(
        "applications/<int:pk>/resubmit/",
        applications.application_resubmit_view,
        name="application-resubmit",
    ),
    path(
        "applications/<int:pk>/pdf/",
        document_pdf,
        {"kind": "application"},
        name="application-pdf",
    ),
    path(
        "applications/<int:pk>/texts-wanted/",
        applications.application_texts_wanted,
        name="application-texts-wanted",
    ),
    path("import/", imports.sis_import, name="sis-import"),
    path("staff-roles/", staff.staff_roles, name="staff-roles"),
    path("access-requests/", links.link_list, name="link-list"),
    path("access-requests/<int:pk>/ground/", links.link_ground, name="link-ground"),
    path("emergency/", privacy.emergency_access, name="emergency-access"),
    path("emergency/review/", privacy.emergency_review, name="emergency-review"),
    path("disclosures/", privacy.disclosure_list, name="disclosure-list"),
    path(
        "disclosures/<int:pk>/pdf/",
        document_pdf,
        {"kind": "disclosure"},
        name="disclosure-pdf",
    ),
    path("<int:pk>/disclosures/new/", privacy.disclosure_create, name="disclosure-create"),
    path("consents/", privacy.consent_list, name="consent-list"),
    path("consents/<int:pk>/withdraw/", privacy.consent_withdraw_view, name="consent-withdraw"),
    path(
        "consents/again/<int:student_pk>/",
        privacy.consent_give_again_view,
        name="consent-give-again",
    ),
    path("attachments/<int:pk>/", applications.attachment_download, name="attachment-download"),
]

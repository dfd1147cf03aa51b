from django.urls import path

from documents.views import document_pdf

from .views import (
    archive,
    conclusions,
    documents,
    participation,
    protocols,
    reports,
    route_page,
    routes,
    signing,
)

app_name = "routes"

urlpatterns = [
    path("", routes.RouteListView.as_view(), name="route-list"),
    path("conclusions/", conclusions.ConclusionListView.as_view(), name="conclusion-list"),
    path("protocols/", protocols.ProtocolListView.as_view(), name="protocol-list"),
    path("statistics/", reports.statistics_page, name="statistics"),
    path("statistics.<slug:fmt>", reports.statistics_export, name="statistics-export"),
    path("teaching/", routes.teacher_work, name="teacher-work"),
    path("teaching/adaptations/", routes.teacher_adaptations, name="teacher-adaptations"),
    path(
        "case/<int:student_pk>/assessments/new/",
        conclusions.assessment_create,
        name="assessment-create",
    ),
    path(
        "case/<int:student_pk>/conclusions/new/",
        conclusions.conclusion_create,
        name="conclusion-create",
    ),
    path("case/<int:student_pk>/protocols/new/", protocols.protocol_create, name="protocol-create"),
    path("case/<int:student_pk>/routes/new/", routes.route_create, name="route-create"),
    path("case/<int:student_pk>/file/", documents.case_file, name="case-file"),
    path("case/<int:student_pk>/archive/", archive.case_archive_view, name="case-archive"),
    path("case/<int:student_pk>/dispose/", archive.case_dispose_view, name="case-dispose"),
    path("archive/", archive.archive_list, name="archive-list"),
    path("case/<int:student_pk>/file.pdf", documents.case_file_pdf, name="case-file-pdf"),
    path(
        "case/<int:student_pk>/file/jobs/<int:pk>/",
        documents.case_file_job,
        name="case-file-job",
    ),
    path(
        "case/<int:student_pk>/file/jobs/<int:pk>/download/",
        documents.case_file_download,
        name="case-file-download",
    ),
    path("conclusions/<int:pk>/", conclusions.conclusion_detail, name="conclusion-detail"),
    path("conclusions/<int:pk>/edit/", conclusions.conclusion_edit, name="conclusion-edit"),
    path("conclusions/<int:pk>/issue/", conclusions.conclusion_issue, name="conclusion-issue"),
    path("conclusions/<int:pk>/submit/", conclusions.conclusion_submit, name="conclusion-submit"),
    path("conclusions/<int:pk>/pdf/", document_pdf, {"kind": "conclusion"}, name="conclusion-pdf"),
    path("protocols/<int:pk>/pdf/", document_pdf, {"kind": "protocol"}, name="protocol-pdf"),
    path(
        "conclusions/<int:pk>/correct/", conclusions.conclusion_correct, name="conclusion-correct"
    ),
    path("protocols/<int:pk>/", protocols.protocol_detail, name="protocol-detail"),
    path("protocols/<int:pk>/sign/", protocols.protocol_sign, name="protocol-sign"),
    path("<int:pk>/", route_page.route_detail, name="route-detail"),
    path("<int:pk>/edit/", routes.route_edit, name="route-edit"),
    path("<int:pk>/compare/", routes.route_compare, name="route-compare"),
    path("<int:pk>/pdf/", document_pdf, {"kind": "route"}, name="route-pdf"),
    path("letters/<int:pk>/pdf/", document_pdf, {"kind": "letter"}, name="letter-pdf"),
    path("<int:pk>/measures/new/", routes.measure_add, name="measure-add"),
    path("<int:pk>/do/<slug:action>/", routes.route_transition, name="route-transition"),
    path("sign/<slug:key>/<int:pk>/", signing.decision_sign, name="decision-sign"),
    path("countersign/<slug:key>/<int:pk>/", signing.countersign, name="countersign"),
    path(
        "sign/<slug:key>/<int:pk>/<int:request_pk>/pdf/",
        signing.decision_sign_pdf,
        name="decision-sign-pdf",
    ),
    path("<int:pk>/new-version/", routes.route_new_version, name="route-new-version"),
    path("<int:pk>/share/", participation.route_share, name="route-share"),
    path("<int:pk>/comment/", participation.route_comment, name="route-comment"),
    path("<int:pk>/acknowledge/", participation.route_acknowledge, name="route-acknowledge"),
    path("sections/<int:pk>/edit/", routes.section_edit, name="section-edit"),
    path("sections/<int:pk>/handover/", routes.section_handover, name="section-handover"),
    path("sections/<int:pk>/<slug:decision>/", routes.section_decide, name="section-decide"),
    path("letters/<int:pk>/acknowledge/", routes.letter_acknowledge, name="letter-acknowledge"),
]

from django.urls import path

from . import views

app_name = "routes"

urlpatterns = [
    path("", views.RouteListView.as_view(), name="route-list"),
    path("conclusions/", views.ConclusionListView.as_view(), name="conclusion-list"),
    path("protocols/", views.ProtocolListView.as_view(), name="protocol-list"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics.<slug:fmt>", views.statistics_export, name="statistics-export"),
    path("teaching/", views.teacher_work, name="teacher-work"),
    path(
        "case/<int:student_pk>/assessments/new/", views.assessment_create, name="assessment-create"
    ),
    path(
        "case/<int:student_pk>/conclusions/new/", views.conclusion_create, name="conclusion-create"
    ),
    path("case/<int:student_pk>/protocols/new/", views.protocol_create, name="protocol-create"),
    path("case/<int:student_pk>/routes/new/", views.route_create, name="route-create"),
    path("case/<int:student_pk>/file/", views.case_file, name="case-file"),
    path("case/<int:student_pk>/archive/", views.case_archive_view, name="case-archive"),
    path("case/<int:student_pk>/dispose/", views.case_dispose_view, name="case-dispose"),
    path("archive/", views.archive_list, name="archive-list"),
    path("case/<int:student_pk>/file.pdf", views.case_file_pdf, name="case-file-pdf"),
    path("conclusions/<int:pk>/", views.conclusion_detail, name="conclusion-detail"),
    path("conclusions/<int:pk>/edit/", views.conclusion_edit, name="conclusion-edit"),
    path("conclusions/<int:pk>/issue/", views.conclusion_issue, name="conclusion-issue"),
    path("conclusions/<int:pk>/pdf/", views.conclusion_pdf, name="conclusion-pdf"),
    path("protocols/<int:pk>/pdf/", views.protocol_pdf, name="protocol-pdf"),
    path("conclusions/<int:pk>/correct/", views.conclusion_correct, name="conclusion-correct"),
    path("protocols/<int:pk>/", views.protocol_detail, name="protocol-detail"),
    path("protocols/<int:pk>/sign/", views.protocol_sign, name="protocol-sign"),
    path("<int:pk>/", views.route_detail, name="route-detail"),
    path("<int:pk>/edit/", views.route_edit, name="route-edit"),
    path("<int:pk>/compare/", views.route_compare, name="route-compare"),
    path("<int:pk>/pdf/", views.route_pdf, name="route-pdf"),
    path("letters/<int:pk>/pdf/", views.letter_pdf, name="letter-pdf"),
    path("<int:pk>/measures/new/", views.measure_add, name="measure-add"),
    path("<int:pk>/do/<slug:action>/", views.route_transition, name="route-transition"),
    path("<int:pk>/new-version/", views.route_new_version, name="route-new-version"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section-edit"),
    path("sections/<int:pk>/<slug:decision>/", views.section_decide, name="section-decide"),
    path("letters/<int:pk>/acknowledge/", views.letter_acknowledge, name="letter-acknowledge"),
]

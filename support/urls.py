from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("case/<int:student_pk>/sessions/", views.sessions, name="sessions"),
    path("consultations/", views.consultations, name="consultations"),
    path("organisations/", views.interactions, name="interactions"),
    path("formats/", views.formats, name="formats"),
    path("formats/<int:pk>/deliver/", views.format_deliver, name="format-deliver"),
    path("formats/<int:pk>/file/", views.format_file, name="format-file"),
    path("barriers/", views.barriers, name="barriers"),
    path("barriers/<int:pk>/", views.barrier_update, name="barrier-update"),
    path("training/", views.training, name="training"),
    path("awareness/", views.awareness, name="awareness"),
    path("events/", views.event_requests, name="events"),
    path("events/<int:pk>/", views.event_request_handle, name="event-handle"),
    path("reports/", views.complaint_list, name="complaints"),
    path("reports/<int:pk>/", views.complaint_detail, name="complaint"),
    path("units/", views.unit_task_list, name="unit-tasks"),
    path("units/<int:pk>/", views.unit_task_detail, name="unit-task"),
    path("units/new/<str:kind>/<int:pk>/", views.unit_task_new, name="unit-task-new"),
    path("aids/", views.aids_list, name="aids"),
    path("case/<int:student_pk>/aids/", views.aids_case, name="aids-case"),
    path("aids/<int:pk>/return/", views.aid_return, name="aid-return"),
    path("implementation/", views.implementation, name="implementation"),
    path("implementation/check/<int:section_pk>/", views.check_add, name="check-add"),
    path("implementation/report/<int:section_pk>/", views.report_add, name="report-add"),
    path("implementation/<int:pk>/resolve/", views.report_resolve, name="report-resolve"),
    path("implementation/<int:pk>/escalate/", views.report_escalate, name="report-escalate"),
]

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("register/", views.RegisterListView.as_view(), name="register-list"),
    path("register.xlsx", views.RegisterExportView.as_view(), name="register-export"),
    path("verify/", views.verify_start, name="verify-start"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("texts/<str:kind>/<int:pk>/<str:language>/", views.texts_edit, name="texts-edit"),
    path("breaches/", views.breach_list, name="breach-list"),
    path("access-log/", views.AccessLogView.as_view(), name="access-log"),
    path("breaches/<int:pk>/notified/", views.breach_notified, name="breach-notified"),
]

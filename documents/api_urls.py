"""The register API's addresses, under /api/v1/ (docs/api.md)."""

from django.urls import path

from .api import RegisterDetail, RegisterList

urlpatterns = [
    path("register/", RegisterList.as_view(), name="api-register"),
    path("register/<path:number>/", RegisterDetail.as_view(), name="api-register-entry"),
]

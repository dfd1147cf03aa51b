from django.urls import path

from eagi_inclusion.urls import handler500  # noqa: F401 - the project's error page
from eagi_inclusion.urls import urlpatterns as project

from .views import minimal, signed_in

urlpatterns = [
    path("bench/minimal/", minimal, name="bench-minimal"),
    path("bench/signed-in/", signed_in, name="bench-signed-in"),
    *project,
]

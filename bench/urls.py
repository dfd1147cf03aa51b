from django.urls import path

from eagi_inclusion.urls import urlpatterns as project

from .views import minimal

urlpatterns = [path("bench/minimal/", minimal, name="bench-minimal"), *project]

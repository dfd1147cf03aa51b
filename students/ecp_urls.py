"""/accounts/ecp/: signing in with ЭЦП, beside Django's sign-in pages (no namespace,
like theirs)."""

from django.urls import path

from .views import ecp

urlpatterns = [path("", ecp.sign_in, name="ecp-sign-in")]

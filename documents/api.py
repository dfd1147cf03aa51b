"""The read-only register API (§10.2; docs/api.md), with Django REST framework: a client
system sends `Authorization: Bearer <token>`; a token unknown or of a client switched
off gets 401, a client without the `register:read` scope 403. Every call -- answered or
refused -- is in ApiCall. JSON only; nothing of a case beyond the register line."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from .exchange import ENTRY_RELATED, describe, token_digest
from .models import ApiCall, ApiClient, RegisterEntry

SCOPE = "register:read"


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith(f"{self.keyword} "):
            return None
        token = header.split(" ", 1)[1].strip()
        client = ApiClient.objects.filter(token_sha256=token_digest(token), active=True).first()
        if client is None:
            raise exceptions.AuthenticationFailed("Unknown or inactive token.")
        request._api_client = client
        return (None, client)

    def authenticate_header(self, request):
        return self.keyword


class HasRegisterScope(BasePermission):
    def has_permission(self, request, view):
        client = request.auth
        if not isinstance(client, ApiClient):
            raise exceptions.NotAuthenticated("A client token is required.")
        return SCOPE in (client.scopes or [])


class RegisterPages(CursorPagination):
    """Newest first, a fixed number of queries a page whatever the register's size."""

    ordering = ("-registered_at", "-id")
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class _Logged:
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasRegisterScope]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        client = getattr(request, "_api_client", None)
        ApiCall.objects.create(
            client=client,
            method=request.method[:8],
            path=request.get_full_path()[:300],
            status=response.status_code,
            ip_address=request.META.get("REMOTE_ADDR") or None,
        )
        if client is not None:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
        return response


def _entries():
    return RegisterEntry.objects.select_related(*ENTRY_RELATED).prefetch_related("files")


class RegisterList(_Logged, ListAPIView):
    """GET /api/v1/register/?type=route&changed_since=2026-12-01T00:00:00Z"""

    pagination_class = RegisterPages

    def get_queryset(self):
        rows = _entries()
        if kind := self.request.query_params.get("type"):
            rows = rows.filter(doc_type=kind)
        since = self.request.query_params.get("changed_since")
        if since:
            moment = parse_datetime(since)
            if moment is None:
                raise exceptions.ValidationError({"changed_since": "An ISO 8601 date and time."})
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            rows = rows.filter(Q(registered_at__gte=moment) | Q(status_changed_at__gte=moment))
        return rows

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([describe(entry) for entry in page])


class RegisterDetail(_Logged, RetrieveAPIView):
    """GET /api/v1/register/<number>/ (the number as printed, e.g. ЖББМ-2026/0004)."""

    def retrieve(self, request, *args, **kwargs):
        entry = _entries().filter(number=kwargs["number"]).first()
        if entry is None:
            raise exceptions.NotFound("No such registered document.")
        return Response(describe(entry))

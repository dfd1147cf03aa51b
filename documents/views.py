"""The unified register. Who may see it: the centre head and the registry clerk
(`documents.view_registerentry`); it shows registration data only, never content."""

import io

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from .filters import RegisterFilter
from .models import RegisterEntry


class RegisterAccess(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "documents.view_registerentry"
    raise_exception = True

    def get_queryset(self):
        return RegisterEntry.objects.select_related("student", "author").order_by(
            "-registered_at", "-pk"
        )


class RegisterListView(RegisterAccess, FilterView):
    filterset_class = RegisterFilter
    template_name = "documents/register_list.html"
    paginate_by = 50
    context_object_name = "entries"


class RegisterExportView(RegisterAccess, FilterView):
    """The filtered register as an XLSX workbook."""

    filterset_class = RegisterFilter

    def render_to_response(self, context, **response_kwargs):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Register"))
        sheet.append(
            [
                _("Registration number"),
                _("Registration date"),
                _("Type"),
                _("Student"),
                _("Registered by"),
                _("Language"),
            ]
        )
        for entry in context["object_list"].iterator(chunk_size=500):
            sheet.append(
                [
                    entry.number,
                    timezone.localtime(entry.registered_at).replace(tzinfo=None),
                    entry.get_doc_type_display(),
                    entry.student.full_name,
                    entry.author.get_full_name(),
                    entry.language,
                ]
            )
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="register-{timezone.localdate():%Y%m%d}.xlsx"'
        )
        return response

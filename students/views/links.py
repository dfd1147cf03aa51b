"""The head of the centre's page of requests to open a student's record
(students/links.py): confirm or refuse each, with its ground at hand."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.access_log import access_log
from documents.downloads import upload_name
from documents.models import AccessEvent

from ..links import LinkError, can_decide_links, link_confirm, link_refuse
from ..models import LegalRepresentative, LinkRequest


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is refused"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("The administrator who asked reads it."),
    )


def _pending():
    return (
        LinkRequest.objects.filter(status=LinkRequest.Status.PENDING)
        .select_related(
            "account",
            "student__study_group",
            "student__user",
            "course",
            "group",
            "period__academic_year",
            "requested_by",
        )
        .prefetch_related(
            Prefetch(
                "student__representatives",
                queryset=LegalRepresentative.objects.exclude(user=None).select_related("user"),
            )
        )
    )


@login_required
def link_list(request):
    """Centre head only (403 otherwise): the requests waiting, and the last decided."""
    if not can_decide_links(request.user):
        raise PermissionDenied
    refuse_form, refused_pk = RefuseForm(), None
    if request.method == "POST":
        link = get_object_or_404(LinkRequest, pk=request.POST.get("link"))
        try:
            if request.POST.get("decision") == "confirm":
                link_confirm(link=link, actor=request.user, http_request=request)
                messages.success(request, _("Confirmed: %(link)s.") % {"link": link})
                return redirect("students:link-list")
            refuse_form = RefuseForm(request.POST)
            refused_pk = link.pk
            if refuse_form.is_valid():
                link_refuse(
                    link=link, actor=request.user, reason=refuse_form.cleaned_data["reason"]
                )
                messages.success(request, _("Refused: %(link)s.") % {"link": link})
                return redirect("students:link-list")
        except LinkError as error:
            messages.error(request, str(error))
            return redirect("students:link-list")
    decided = (
        LinkRequest.objects.exclude(status=LinkRequest.Status.PENDING)
        .select_related("account", "student", "course", "group", "decided_by")
        .order_by("-decided_at", "-pk")[:50]
    )
    return render(
        request,
        "students/link_list.html",
        {
            "pending": list(_pending()),
            "decided": list(decided),
            "refuse_form": refuse_form,
            "refused_pk": refused_pk,
        },
    )


@login_required
def link_ground(request, pk):
    """The scan of a request's ground, for the head who decides (404 for others: the
    request itself says who is linked to whom)."""
    if not can_decide_links(request.user):
        raise Http404
    link = get_object_or_404(LinkRequest.objects.exclude(ground=""), pk=pk)
    access_log(
        request=request, action=AccessEvent.Action.FILE_DOWNLOAD, student=link.student, obj=link
    )
    return FileResponse(
        link.ground.open("rb"),
        as_attachment=True,
        filename=upload_name(link.ground_name, link.ground_type),
        content_type=link.ground_type,
    )

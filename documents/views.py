"""The unified register. Who may see it: the centre head and the registry clerk
(`can_read_register`); it shows registration data only, never content."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from eagi_inclusion.exports import xlsx_row
from eagi_inclusion.pagination import BoundedPaginator
from eagi_inclusion.ratelimit import over_limit
from eagi_inclusion.rules import RuleRequiredMixin

from .access_log import access_log
from .downloads import download_name, pdf_download
from .filters import AccessEventFilter, RegisterFilter
from .forms import BreachForm, TextsForm, VerifyCodeForm, VerifyFileForm
from .kinds import document_kind
from .models import AccessEvent, Breach, CaseFileCopy, RegisterEntry
from .permissions import (
    can_read_access_log,
    can_read_register,
    can_record_breaches,
    can_update_breaches,
    can_verify_documents,
    can_view_breaches,
)
from .privacy import breach_notified as breach_notified_service
from .privacy import breach_record
from .rendering import issue
from .seal import demo_seal_in_use
from .texts import LANGUAGES, TRANSLATABLE, language_name, save_translations
from .verification import check_file, checksum


class RegisterAccess(RuleRequiredMixin):
    allowed_by = staticmethod(can_read_register)

    def get_queryset(self):
        return RegisterEntry.objects.select_related("student", "author").order_by(
            "-registered_at", "-pk"
        )


class RegisterListView(RegisterAccess, FilterView):
    filterset_class = RegisterFilter
    template_name = "documents/register_list.html"
    paginate_by = 50
    paginator_class = BoundedPaginator
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
                _("Status"),
            ]
        )
        for entry in context["object_list"].iterator(chunk_size=500):
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        entry.number,
                        timezone.localtime(entry.registered_at).replace(tzinfo=None),
                        entry.type_label,
                        entry.student.full_name,
                        entry.author.get_full_name(),
                        entry.language,
                        str(entry.get_status_display()),
                    ],
                )
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


def verify_start(request):
    """Where someone holding a paper without a QR reader types its code. Anyone may
    use it, without signing in."""
    if over_limit(
        request, "verify", limit=settings.VERIFY_RATE_LIMIT, period=settings.VERIFY_RATE_PERIOD
    ):
        return _too_many(request)
    form = VerifyCodeForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("documents:verify", code=form.cleaned_data["code"].strip().upper())
    return render(request, "documents/verify_start.html", {"form": form})


@csrf_protect
def verify(request, code):
    """Whether a printed code belongs to a registered document and whether it is still
    in force, for anyone: type, number, date and status, and a check that a file is
    the one issued (by SHA-256) -- no names and no content. Staff who handle documents
    also see the issued files and their checksums. Rate-limited per address."""
    if over_limit(
        request, "verify", limit=settings.VERIFY_RATE_LIMIT, period=settings.VERIFY_RATE_PERIOD
    ):
        return _too_many(request)
    entry = (
        RegisterEntry.objects.select_related("superseded_by")
        .prefetch_related("files__stamped_copies", "person_signatures")
        .filter(verification_code=code.strip().upper()[:12])
        .first()
    )
    form = VerifyFileForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if entry is None:
        copy = (
            CaseFileCopy.objects.filter(verification_code=code.strip().upper()[:12])
            .prefetch_related("entries__superseded_by")
            .first()
        )
        if copy is not None:
            return _verify_case_file(request, copy, form)
    checked = None
    if entry is not None and request.method == "POST" and form.is_valid():
        checked = check_file(entry, form.cleaned_data["pdf"], form.cleaned_data["sha256"])
    user = request.user
    return render(
        request,
        "documents/verify.html",
        {
            "entry": entry,
            "code": code,
            "form": form,
            "checked": checked,
            "staff": user.is_authenticated and can_verify_documents(user),
            "demo_seal": demo_seal_in_use(),
        },
        status=200 if entry is not None else 404,
    )


def _verify_case_file(request, copy, form):
    """A personal case file's own code (#28, finding 12): when it was put together, the
    registered documents it holds with their status now, and a check of a file by its
    checksum. No names: the student is not named here, as on every verification page."""
    matches = None
    if request.method == "POST" and form.is_valid():
        sha256 = checksum(form.cleaned_data["pdf"], form.cleaned_data["sha256"])
        matches = bool(copy.sha256) and sha256 == copy.sha256
    return render(
        request,
        "documents/verify_case_file.html",
        {
            "copy": copy,
            "entries": sorted(copy.entries.all(), key=lambda e: (e.registered_at, e.pk)),
            "form": form,
            "matches": matches,
            "demo_seal": demo_seal_in_use(),
        },
    )


def _too_many(request):
    return render(request, "documents/verify_limited.html", status=429)


# --- Breach register: the centre head and the administrator ------------------------


@login_required
def breach_list(request):
    if not can_view_breaches(request.user):
        raise PermissionDenied
    form = BreachForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_record_breaches(request.user):
            raise PermissionDenied
        if form.is_valid():
            breach_record(actor=request.user, data=form.cleaned_data)
            return redirect("documents:breach-list")
    return render(
        request,
        "documents/breach_list.html",
        {
            "breaches": Breach.objects.select_related("recorded_by", "notified_by")[:200],
            "form": form,
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def breach_notified(request, pk):
    if not can_update_breaches(request.user):
        raise PermissionDenied
    breach_notified_service(actor=request.user, breach_id=pk)
    return redirect("documents:breach-list")


class AccessLogView(RuleRequiredMixin, FilterView):
    """The read-access log, searchable by the centre head only: it says who is a client
    of the centre, which is not the administrator's to see (#28, finding 6)."""

    allowed_by = staticmethod(can_read_access_log)
    filterset_class = AccessEventFilter
    template_name = "documents/access_log.html"
    paginate_by = 50
    paginator_class = BoundedPaginator
    context_object_name = "events"

    def get_queryset(self):
        return AccessEvent.objects.select_related("actor", "student").order_by(
            "-occurred_at", "-pk"
        )


# --- A registered document on its official form (documents/kinds.py) ---------------


@login_required
def document_pdf(request, kind, pk):
    """Any registered kind of document as PDF, in the language and print size asked
    for. Who may download it is the kind's own rule (`downloadable`); every download is
    in the access log."""
    spec = document_kind(kind)
    document, student = spec.downloadable(request, pk)
    entry = document.register_entry
    if entry is None:
        raise Http404
    language = request.GET.get("language")
    if language not in ("kk", "ru"):
        language = spec.language_of(document, student)
    variant = "large" if request.GET.get("variant") == "large" else "standard"
    issued = issue(spec.form(document), actor=request.user, language=language, variant=variant)
    access_log(
        request=request, action=AccessEvent.Action.FILE_DOWNLOAD, student=student, obj=issued
    )
    return pdf_download(issued, download_name(entry.number, language, variant))


# --- Texts in the other language (documents/texts.py) ------------------------------


@login_required
def texts_edit(request, kind, pk, language):
    """The typed texts of a document in the other language, beside their originals.
    Who may: the centre's staff on the case (each kind's `load` checks); frozen once
    a file in that language was issued."""
    spec = TRANSLATABLE.get(kind)
    if spec is None or language not in LANGUAGES:
        raise Http404
    try:
        document = spec.load(request, pk)
    except PermissionDenied:
        # One answer whether or not the document exists: a 403 told an outsider that
        # this number is a real document (#28, finding 10).
        raise Http404 from None
    form_spec = spec.form(document)
    if language == form_spec.text_language:
        raise Http404
    # The page shows what the document says: a read of the case, logged.
    access_log(
        request=request, action=AccessEvent.Action.CASE_VIEW, student=document.student, obj=document
    )
    texts = [t for t in form_spec.texts if t.original.strip()]
    issued = (
        form_spec.entry is not None and form_spec.entry.files.filter(language=language).exists()
    )
    form = TextsForm(
        request.POST or None, texts=texts, language=language, primary=form_spec.text_language
    )
    if request.method == "POST" and form.is_valid():
        save_translations(form_spec, language, form.values(), issued=issued)
        messages.success(request, _("The texts are saved."))
        return redirect(spec.url(document))
    return render(
        request,
        "documents/texts_form.html",
        {
            "form": form,
            "language_name": language_name(language),
            "primary_name": language_name(form_spec.text_language),
            "issued": issued,
            "back": spec.url(document),
            "language": language,
        },
    )

"""The personal case file (жеке іс): every registered document and supporting file of
one student in date order, and the whole file as one PDF with a table of contents."""

import io
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.rendering import html_to_pdf
from students.forms_pdf import issue_application_pdf

from .forms_pdf import issue_conclusion_pdf, issue_letter_pdf, issue_protocol_pdf, issue_route_pdf
from .models import Conclusion, MeetingProtocol, Route, TeacherLetter

KINDS = ["application", "attachment", "conclusion", "protocol", "route", "letter"]


@dataclass
class Item:
    kind: str
    label: str
    at: object
    number: str
    title: str
    url: str
    issue: object = field(default=None, repr=False)  # callable(actor, language) -> IssuedFile
    attachment: object = field(default=None, repr=False)


def case_items(student, *, only_own: bool = False) -> list[Item]:
    """Everything in the case file; `only_own` keeps what the student may hold:
    their applications and approved routes."""
    items = []
    applications = student.applications.select_related(
        "register_entry", "submitted_by", "consent", "student__study_group"
    ).prefetch_related("attachments")
    for application in applications:
        entry = application.register_entry
        items.append(
            Item(
                "application",
                _("Application"),
                entry.registered_at,
                entry.number,
                str(application),
                reverse("students:application-pdf", args=[application.pk]),
                issue=lambda actor, lang, a=application: issue_application_pdf(
                    application=a, actor=actor, language=lang
                ),
            )
        )
        for attachment in application.attachments.all():
            items.append(
                Item(
                    "attachment",
                    attachment.get_kind_display(),
                    attachment.uploaded_at,
                    "",
                    attachment.original_name,
                    reverse("students:attachment-download", args=[attachment.pk]),
                    attachment=attachment,
                )
            )
    routes = Route.objects.filter(student=student, register_entry__isnull=False).select_related(
        "register_entry", "period__academic_year"
    )
    for route in routes:
        entry = route.register_entry
        items.append(
            Item(
                "route",
                _("Individual education route"),
                entry.registered_at,
                entry.number,
                f"{route}, {route.period}",
                reverse("routes:route-pdf", args=[route.pk]),
                issue=lambda actor, lang, r=route: issue_route_pdf(
                    route=r, actor=actor, language=lang
                ),
            )
        )
    if not only_own:
        conclusions = Conclusion.objects.filter(
            student=student, register_entry__isnull=False
        ).select_related(
            "register_entry",
            "student__study_group",
            "drafted_by",
            "issued_by",
            "supersedes__register_entry",
        )
        for conclusion in conclusions:
            entry = conclusion.register_entry
            items.append(
                Item(
                    "conclusion",
                    _("Centre conclusion"),
                    entry.registered_at,
                    entry.number,
                    str(conclusion),
                    reverse("routes:conclusion-pdf", args=[conclusion.pk]),
                    issue=lambda actor, lang, c=conclusion: issue_conclusion_pdf(
                        conclusion=c, actor=actor, language=lang
                    ),
                )
            )
        protocols = MeetingProtocol.objects.filter(
            student=student, register_entry__isnull=False
        ).select_related("register_entry", "chair", "secretary", "student__study_group")
        for protocol in protocols:
            entry = protocol.register_entry
            items.append(
                Item(
                    "protocol",
                    _("Team meeting protocol"),
                    entry.registered_at,
                    entry.number,
                    str(protocol),
                    reverse("routes:protocol-pdf", args=[protocol.pk]),
                    issue=lambda actor, lang, p=protocol: issue_protocol_pdf(
                        protocol=p, actor=actor, language=lang
                    ),
                )
            )
        letters = TeacherLetter.objects.filter(
            section__route__student=student, register_entry__isnull=False
        ).select_related(
            "register_entry",
            "teacher",
            "section__course",
            "section__route__register_entry",
            "section__route__student__study_group",
            "section__route__period__academic_year",
        )
        for letter in letters:
            entry = letter.register_entry
            items.append(
                Item(
                    "letter",
                    _("Notification letter"),
                    entry.registered_at,
                    entry.number,
                    f"{letter.section.course} — {letter.teacher.get_full_name()}",
                    reverse("routes:letter-pdf", args=[letter.pk]),
                    issue=lambda actor, lang, t=letter: issue_letter_pdf(
                        letter=t, actor=actor, language=lang
                    ),
                )
            )
    items.sort(key=lambda item: (item.at, item.number))
    return items


def merged_case_file(student, items: list[Item], *, actor, language: str) -> bytes:
    """One PDF: a contents page, then every document (and every PDF supporting file)
    in order, with a bookmark each."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from pypdf import PdfReader, PdfWriter

    parts = []
    for item in items:
        if item.issue is not None:
            issued = item.issue(actor, language)
            with issued.file.open("rb") as handle:
                parts.append((item, handle.read()))
        elif item.attachment is not None and item.attachment.content_type == "application/pdf":
            with item.attachment.file.open("rb") as handle:
                parts.append((item, handle.read()))
    with translation.override(language):
        contents_html = render_to_string(
            "documents/pdf/case_file_contents.html",
            {"student": student, "items": items, "language": language, "now": timezone.now()},
        )
    contents, _refused = html_to_pdf(contents_html)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(contents)))
    for item, data in parts:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(data)))
        title = f"{item.number} {item.label}".strip() if item.number else item.title
        writer.add_outline_item(title=title, page_number=start)
    writer.add_metadata({"/Title": f"{student.full_name}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()

"""The personal case file (жеке іс): every registered document and supporting file of
one student in date order, and the whole file as one PDF with a table of contents."""

import io
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from students.forms_pdf import application_form, issue_application_pdf

from .forms_pdf import (
    conclusion_form,
    issue_conclusion_pdf,
    issue_letter_pdf,
    issue_protocol_pdf,
    issue_route_pdf,
    letter_form,
    protocol_form,
    route_form,
)
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
    form: object = field(default=None, repr=False)  # callable() -> documents.rendering.Form
    describe: object = field(default=None, repr=False)  # callable() -> title, in the language

    def title_now(self) -> str:
        """The title in the language active now (the case file's, when it renders)."""
        return str(self.describe()) if self.describe else self.title


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
                form=lambda a=application: application_form(a),
                describe=lambda a=application: str(a),
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
                form=lambda r=route: route_form(r),
                describe=lambda r=route: f"{r}, {r.period}",
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
                    form=lambda c=conclusion: conclusion_form(c),
                    describe=lambda c=conclusion: str(c),
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
                    form=lambda p=protocol: protocol_form(p),
                    describe=lambda p=protocol: str(p),
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
                    form=lambda t=letter: letter_form(t),
                    describe=lambda t=letter: f"{t.section.course} — {t.teacher.get_full_name()}",
                )
            )
    items.sort(key=lambda item: (item.at, item.number))
    return items


# The case file's groups, in this order; a bookmark for each, with its documents.
GROUPS = [
    ("application", _("Applications")),
    ("conclusion", _("Centre conclusions")),
    ("protocol", _("Team meeting protocols")),
    ("route", _("Individual education routes")),
    ("letter", _("Notification letters")),
    ("attachment", _("Supporting documents")),
]


def merged_case_file(
    student,
    items: list[Item],
    *,
    actor=None,
    language: str,
    variant: str = "standard",
    progress=None,
    verification: dict | None = None,
) -> bytes:
    """The whole file as one accessible PDF, rendered in one WeasyPrint pass: tagged,
    in one language, a contents page with page numbers and links, one bookmark per
    document nested under its type, opening with the bookmarks shown. Supporting PDF
    files (scans) are appended after the rendered part with their own bookmarks;
    images stay separate files. `actor` is unused: nothing is issued here.
    `progress(done, total)`, if given, hears of each document put in, and of the
    layout of the whole as the last step. `verification`: the case file's own code, QR
    and address for its contents page (documents.rendering.case_file_copy_start)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from documents.models import Institution
    from documents.rendering import form_context, render_document, verification_for
    from documents.seal import demo_seal_in_use
    from documents.texts import language_name, missing

    large = variant == "large"
    institution = Institution.current()
    scans = [
        (item, _read(item.attachment))
        for item in items
        if item.attachment is not None and item.attachment.content_type == "application/pdf"
    ]
    with translation.override(language):
        groups = []
        number = 0
        for kind, label in GROUPS:
            documents = []
            for item in (i for i in items if i.kind == kind):
                if progress is not None:
                    progress(number, len(items) + 1)
                number += 1
                entry = None
                body = ""
                shown_in = language
                if item.form is not None:
                    form = item.form()
                    entry = form.entry
                    # A document without texts in this language is shown whole in the
                    # language it was written in, and says so: never a silent mix.
                    if missing(form.texts, language, form.text_language):
                        shown_in = form.text_language
                    with translation.override(shown_in):
                        body = render_to_string(
                            form.part,
                            {
                                **form_context(form, shown_in),
                                "institution": institution,
                                "language": shown_in,
                                "large_print": large,
                                "verification": verification_for(entry),
                            },
                        )
                documents.append(
                    {
                        "number": number,
                        "item": item,
                        "title": item.title_now(),
                        "entry": entry,
                        "body": body,
                        "scan": next((d for i, d in scans if i is item), None),
                        "shown_in": shown_in,
                        "shown_in_name": language_name(shown_in),
                    }
                )
            if documents:
                groups.append({"kind": kind, "label": str(label), "documents": documents})
        context = {
            "institution": institution,
            "student": student,
            "groups": groups,
            "language": language,
            "large_print": large,
            "now": timezone.now(),
            "verification": verification,
            "demo_seal": demo_seal_in_use(),
            "images": any(
                i.attachment is not None and i.attachment.content_type != "application/pdf"
                for i in items
            ),
        }
        if progress is not None:
            progress(len(items), len(items) + 1)
        document = render_document(render_to_string("routes/pdf/case_file.html", context))
        if scans:
            # The contents names the page each scan starts on: known once the rendered
            # part's length is; render again with the numbers (same length: checked).
            rendered = len(document.pages)
            start = rendered + 1
            for group in groups:
                for entry in group["documents"]:
                    if entry["scan"] is not None:
                        entry["scan_page"] = start
                        start += _page_count(entry["scan"])
            context["total_pages"] = start - 1
            document = render_document(render_to_string("routes/pdf/case_file.html", context))
            if len(document.pages) != rendered:
                raise RuntimeError("The case file's contents changed its own length.")
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return _finish(pdf, groups)


def _read(attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


def _page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _inert(page) -> None:
    """An uploaded page as the case file carries it: no page actions (/AA) and no
    annotation but plain internal links (a /Link with a /Dest and no action). The
    server issues the case file, so nothing an uploader put in a scan — a Launch or
    SubmitForm action, a form field, JavaScript, a link out — may come along (#28,
    finding 3). The document-level /OpenAction and names are not copied at all: only
    pages are."""
    import pikepdf

    if "/AA" in page.obj:
        del page.obj["/AA"]
    if "/Annots" not in page.obj:
        return
    kept = [
        annotation
        for annotation in page.obj.Annots
        if isinstance(annotation, pikepdf.Dictionary)
        and annotation.get("/Subtype") == pikepdf.Name.Link
        and "/A" not in annotation
        and "/AA" not in annotation
        and "/Dest" in annotation
    ]
    if kept:
        page.obj.Annots = pikepdf.Array(kept)
    else:
        del page.obj["/Annots"]


def _finish(pdf: bytes, groups) -> bytes:
    """Append the scans with their bookmarks under "Supporting documents", and open the
    file with the bookmarks shown (/PageMode /UseOutlines). pikepdf keeps the rendered
    part's structure tree, /Lang and title as they are."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as target:
        scans = [d for g in groups for d in g["documents"] if d["scan"] is not None]
        if scans:
            group_label = next(g["label"] for g in groups if g["kind"] == "attachment")
            with target.open_outline() as outline:
                parent = pikepdf.OutlineItem(group_label, len(target.pages))
                for document in scans:
                    with pikepdf.open(io.BytesIO(document["scan"])) as source:
                        first = len(target.pages)
                        for page in source.pages:
                            _inert(page)
                        target.pages.extend(source.pages)
                    parent.children.append(
                        pikepdf.OutlineItem(f"{document['item'].label}: {document['title']}", first)
                    )
                outline.root.append(parent)
        target.Root.PageMode = pikepdf.Name.UseOutlines
        buffer = io.BytesIO()
        target.save(buffer)
    return buffer.getvalue()

"""The personal case file (жеке іс): every registered document and supporting file of
one student in date order, and the whole file as one PDF with a table of contents."""

import io
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.kinds import document_kinds
from documents.rendering import issue

ATTACHMENT = "attachment"


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


def _document_item(kind, document) -> Item:
    entry = document.register_entry
    return Item(
        kind.code,
        kind.label,
        entry.registered_at,
        entry.number,
        kind.title(document),
        reverse(kind.url_name, args=[document.pk]),
        issue=lambda actor, language: issue(kind.form(document), actor=actor, language=language),
        form=lambda: kind.form(document),
        describe=lambda: kind.title(document),
    )


def _attachment_item(attachment) -> Item:
    return Item(
        ATTACHMENT,
        attachment.get_kind_display(),
        attachment.uploaded_at,
        "",
        attachment.original_name,
        reverse("students:attachment-download", args=[attachment.pk]),
        attachment=attachment,
    )


def case_items(student, *, only_own: bool = False) -> list[Item]:
    """Everything in the case file: each registered kind's documents of the student
    (documents/kinds.py) and the files that came with them; `only_own` keeps what the
    student may hold (their applications and approved routes)."""
    items = []
    for kind in document_kinds():
        if only_own and not kind.students_own:
            continue
        for document in kind.registered(student):
            items.append(_document_item(kind, document))
            if kind.attachments is not None:
                items.extend(_attachment_item(a) for a in kind.attachments(document))
    items.sort(key=lambda item: (item.at, item.number))
    return items


def case_file_groups() -> list[tuple[str, object]]:
    """The case file's groups, in this order; a bookmark for each, with its documents.
    Supporting documents (scans and photos) come last."""
    return [(kind.code, kind.group) for kind in document_kinds()] + [
        (ATTACHMENT, _("Supporting documents"))
    ]


def case_file_kinds() -> list[str]:
    return [code for code, _label in case_file_groups()]


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
    from documents.rendering import form_context, render_document
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
        for kind, label in case_file_groups():
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
                                # No verification block of its own: the case file's
                                # code on the contents page verifies every document
                                # in it (its public page lists them). A part does not
                                # print one, so none is made (a QR code each, 8-14 %
                                # of the whole file's time).
                                "verification": None,
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

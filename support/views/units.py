"""The structural units' tasks (support/units.py). Who may see what: the unit's staff
their unit's tasks, and close them (others 403 on the list, 404 on a task); the head
every task, a specialist their cases' and the barriers'; centre staff who may work on
the subject give a unit a task (others 403, a case they do not work on 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eagi_inclusion.pagination import BoundedPaginator
from routes.views.common import form_page
from students.permissions import is_centre_staff

from .. import units
from ..models import UnitTask
from ..services import SupportError
from ..unit_forms import UnitTaskCloseForm, UnitTaskForm

SHOW = {
    "open": lambda rows: rows.filter(status=UnitTask.Status.OPEN),
    "overdue": units.overdue,
    "all": lambda rows: rows,
}
BACK = {"barrier": "support:barriers", "event": "support:events", "aid": "support:aids"}


@login_required
def unit_task_list(request):
    user = request.user
    if not (units.works_in_a_unit(user) or is_centre_staff(user)):
        raise PermissionDenied
    show = request.GET.get("show") if request.GET.get("show") in SHOW else "open"
    rows = SHOW[show](units.tasks_visible_to(user))
    page = BoundedPaginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "support/unit_tasks.html",
        {
            "page_obj": page,
            "tasks": page.object_list,
            "show": show,
            "today": timezone.localdate(),
            "unit": user.unit if units.works_in_a_unit(user) else None,
        },
    )


@login_required
def unit_task_detail(request, pk):
    user = request.user
    task = get_object_or_404(units.tasks_visible_to(user), pk=pk)
    closes = units.works_in_a_unit(user) and task.status == UnitTask.Status.OPEN
    form = UnitTaskCloseForm(request.POST or None) if closes else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                units.unit_task_close(
                    actor=user,
                    task=task,
                    done=form.cleaned_data["outcome"] == "done",
                    note=form.cleaned_data["note"],
                )
            except SupportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Saved; the centre is told."))
                return redirect("support:unit-tasks")
    return render(
        request,
        "support/unit_task.html",
        {"task": task, "form": form, "today": timezone.localdate()},
    )


@login_required
def unit_task_new(request, kind, pk):
    """Give a unit a task about a barrier, an event request or a technical aid."""
    if kind not in units.SUBJECTS:
        raise Http404
    if not is_centre_staff(request.user):
        raise PermissionDenied
    _field, model = units.SUBJECTS[kind]
    subject = get_object_or_404(model, pk=pk)
    if not units.may_assign(request.user, kind, subject):
        raise Http404
    form = UnitTaskForm(request.POST or None, initial={"what": _first_words(kind, subject)})
    if request.method == "POST" and form.is_valid():
        try:
            units.unit_task_assign(
                actor=request.user, kind=kind, subject=subject, **form.cleaned_data
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The unit is told."))
            return redirect(BACK[kind])
    title = _("A task for a unit: %(subject)s") % {"subject": subject}
    return form_page(request, title, form, reverse(BACK[kind]))


def _first_words(kind: str, subject) -> str:
    """What the task says to start with: the place, the event or the item."""
    if kind == UnitTask.Kind.BARRIER:
        return f"{subject.location}: {subject.description}"
    if kind == UnitTask.Kind.EVENT:
        return f"{subject.event}, {subject.date:%d.%m.%Y}, {subject.place}: {subject.needs}"
    return f"{subject.item} ({subject.identifier})".replace(" ()", "")

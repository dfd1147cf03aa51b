"""The centre head's page for the roles that open health data (students/accounts.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from eagi_inclusion.errors import DomainError

from ..accounts import directory_role_proposals, health_role_holders, health_role_set
from ..forms import HealthRoleForm
from ..permissions import can_set_health_roles


@login_required
def staff_roles(request):
    """Centre head only: who holds the roles that open health data, and a form to give
    or take them."""
    if not can_set_health_roles(request.user):
        raise PermissionDenied
    form = HealthRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, role = form.cleaned_data["username"], form.cleaned_data["role"]
        grant = form.cleaned_data["grant"] == "give"
        try:
            health_role_set(actor=request.user, user=user, role=role, grant=grant)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved: %(user)s.") % {"user": user.get_full_name()})
            return redirect("students:staff-roles")
    return render(
        request,
        "students/staff_roles.html",
        {"form": form, "rows": health_role_holders(), "proposals": directory_role_proposals()},
    )

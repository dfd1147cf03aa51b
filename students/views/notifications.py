"""The notifications page: each signed-in person sees only their own notifications,
marks them read, and chooses how they are e-mailed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eagi_inclusion.pagination import BoundedPaginator

from ..accounts import notification_delivery_set, notifications_mark_read
from ..forms import DeliveryForm


@login_required
def notification_list(request):
    form = DeliveryForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        notification_delivery_set(
            user=request.user, delivery=form.cleaned_data["notification_delivery"]
        )
        messages.success(request, _("Your choice is saved."))
        return redirect("notification-list")
    notifications = request.user.notifications.order_by("-created_at", "-pk")
    page = BoundedPaginator(notifications, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "unread": request.user.notifications.filter(read_at__isnull=True).count(),
            "form": form,
        },
    )


@require_POST
@login_required
def notifications_read(request):
    """Mark one notification (`pk`) or all of them read; only the user's own."""
    pk = request.POST.get("pk", "")
    notifications_mark_read(user=request.user, pk=int(pk) if pk.isdigit() else None)
    return redirect("notification-list")

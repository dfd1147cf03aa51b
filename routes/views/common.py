"""What the route app's pages share: the staff's view of a case, the plain form page,
and the lists of a case's documents."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django_filters.views import FilterView

from eagi_inclusion.pagination import BoundedPaginator
from students.permissions import can_read_case_as_staff, is_centre_staff
from students.selectors import student_list_visible_to


def case_for_staff(request, student_pk):
    student = get_object_or_404(student_list_visible_to(request.user), pk=student_pk)
    if not can_read_case_as_staff(request.user, student):
        raise PermissionDenied
    return student


def form_page(request, title, form, back, multipart=False):
    return render(
        request,
        "routes/form.html",
        {"title": title, "form": form, "back": back, "multipart": multipart},
    )


class CaseStaffList(LoginRequiredMixin, FilterView):
    """Lists of the centre's own documents: centre staff only (others 403), each
    seeing the cases they work on."""

    paginate_by = 25

    paginator_class = BoundedPaginator

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_centre_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

"""The framework's ceiling for the student list: one query, a bare template, no
sessions, no permissions, no filters."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import Context, Engine

from students.models import Student

TEMPLATE = Engine().from_string(
    "<!DOCTYPE html><html lang='kk'><title>Students</title><table>"
    "{% for s in students %}<tr><td>{{ s.last_name }} {{ s.first_name }}</td>"
    "<td>{{ s.study_group__code }}</td></tr>{% endfor %}</table></html>"
)


def minimal(request):
    students = Student.objects.order_by("last_name", "first_name", "pk").values(
        "last_name", "first_name", "study_group__code"
    )[:25]
    return HttpResponse(TEMPLATE.render(Context({"students": list(students)})))


@login_required
def signed_in(request):
    """The floor of every signed-in page: the middleware (session, sign-in, two-factor
    check, CSP and security headers) and nothing else."""
    return HttpResponse("<!DOCTYPE html><title>ok</title>")


def after_a_change(get_response):
    """Middleware (bench/settings.py): a request with `?after-a-change` first replaces the
    data version, as any write would, so the page is computed, not taken from what the
    cache keeps (the home pages). The rows "…, after a change" time that path."""
    from eagi_inclusion import data_version

    def middleware(request):
        if "after-a-change" in request.GET:
            data_version.replace()
        return get_response(request)

    return middleware

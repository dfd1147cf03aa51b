"""#21: the head assigns a specialist by searching for them: the case page offers at
most 25, so it does not grow with the number of the centre's specialists."""

import re

from django.urls import reverse

from eagi_inclusion.roles import Role
from tests import factories as f


def _options(page: str) -> list[str]:
    select = re.search(r'<select[^>]*name="specialist".*?</select>', page, re.S).group(0)
    return [v for v in re.findall(r'<option value="([^"]*)"', select) if v]


def _case_page(client, case, **params):
    return client.get(reverse("students:student-detail", args=[case.pk]), params)


def test_the_case_page_offers_a_bounded_list_and_finds_by_name(
    client, centre_head, case, django_assert_max_num_queries, django_assert_num_queries
):
    centre_head.language = "en"  # the hint read below is the English one
    centre_head.save(update_fields=["language"])
    client.force_login(centre_head)
    for index in range(5):
        f.UserFactory(role=Role.SPECIALIST, last_name=f"Әбілқасымова{index}")
    _case_page(client, case)  # warm, as the page is served all day
    with django_assert_max_num_queries(40) as few:
        _case_page(client, case)
    for index in range(60):
        f.UserFactory(role=Role.SPECIALIST, last_name=f"Ысқақова{index}")
    with django_assert_num_queries(len(few.captured_queries)):
        page = _case_page(client, case).content.decode()
    assert len(_options(page)) == 25
    assert "Only the first 25 are offered" in page

    found = _case_page(client, case, specialist_q="ысқақова59").content.decode()
    target = f.UserFactory._meta.model.objects.get(last_name="Ысқақова59")
    assert _options(found) == [str(target.pk)]
    nothing = _case_page(client, case, specialist_q="Жоқадам").content.decode()
    assert _options(nothing) == [] and "No specialist matches" in nothing

    # Anyone of the centre's specialists can be assigned, offered on the page or not.
    response = client.post(
        reverse("students:case-assign", args=[case.pk]), {"specialist": target.pk}
    )
    assert response.status_code == 302
    assert case.assignments.filter(specialist=target, ended_at__isnull=True).exists()
    teacher = f.UserFactory(role=Role.TEACHER)
    client.post(reverse("students:case-assign", args=[case.pk]), {"specialist": teacher.pk})
    assert not case.assignments.filter(specialist=teacher).exists()

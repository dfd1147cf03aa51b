"""Role × URL matrix, generated from the URL configuration.

Every named URL of the project's own apps has an entry; a new URL without one fails
`test_every_url_has_an_entry`. Each entry gives the status each role gets for a GET,
with objects of the case `case` (which `student` owns, `specialist` works on,
`teacher` teaches, `representative` represents); roles not listed get the entry's
default. No page answered to a role outside the centre's staff on the case may
contain the case's confidential health note.
"""

from django.urls import reverse

from tests.access_world import (
    HEALTH_MARK,
    MATRIX,
    STAFF_ON_CASE,
    _project_url_names,
    roles_of_this_pass,
)


def test_every_url_has_an_entry():
    assert _project_url_names() == set(MATRIX)


def test_role_url_matrix(client, request, world):
    failures = []
    for role in roles_of_this_pass():
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        for name, (kind, default, statuses) in MATRIX.items():
            url = reverse(name, kwargs=world[kind] if kind else None)
            response = client.get(url)
            expected = statuses.get(role, default)
            if response.status_code != expected:
                failures.append(
                    f"{role:16} {name:36} got {response.status_code}, expected {expected}"
                )
            elif (
                role not in STAFF_ON_CASE
                and response.status_code == 200
                and not getattr(response, "streaming", False)
                and HEALTH_MARK in response.content.decode(errors="ignore")
            ):
                failures.append(f"{role:16} {name:36} shows the confidential health note")
    assert failures == [], "\n" + "\n".join(failures)

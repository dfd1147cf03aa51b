import pytest
from django.contrib.auth.models import Group

from eagi_inclusion.roles import Role


@pytest.mark.django_db
def test_every_role_of_the_regulation_is_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def _perms(role):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
def test_only_the_centre_head_sees_every_case_and_its_health_by_role():
    for role in Role.values:
        perms = _perms(role)
        if role == Role.CENTRE_HEAD:
            assert {"students.view_all_cases", "students.view_case_health"} <= perms
            assert "students.assign_case" in perms
        else:
            assert "students.view_all_cases" not in perms
            assert "students.view_case_health" not in perms
            assert "students.assign_case" not in perms


@pytest.mark.django_db
def test_administrator_keeps_catalogues_but_not_health():
    perms = _perms(Role.ADMINISTRATOR)
    assert {"students.change_course", "students.add_needcategory", "students.change_user"} <= perms
    assert not {p for p in perms if "health" in p}


@pytest.mark.django_db
def test_teachers_students_and_representatives_hold_no_model_permissions():
    # Their access comes from their relation to a student, derived per request.
    for role in (Role.TEACHER, Role.STUDENT, Role.REPRESENTATIVE):
        assert _perms(role) == set()


@pytest.mark.django_db
def test_catalogues_of_the_regulation_are_loaded():
    from students.models import AdaptationType, NeedCategory

    assert set(NeedCategory.objects.values_list("code", flat=True)) >= {
        "visual",
        "hearing",
        "musculoskeletal",
        "speech",
        "learning",
        "psychological",
        "chronic",
        "other",
    }
    assert AdaptationType.objects.filter(code="sign-language").exists()

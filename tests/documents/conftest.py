"""An approved route with its letters: the documents most tests here issue."""

import pytest

from routes import services

KAZAKH_LETTERS = "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"


@pytest.fixture
def approved(case, specialist, centre_head, teacher, management, period):
    management.position = "Оқу ісі жөніндегі проректор"
    management.save(update_fields=["position"])
    route = services.route_create(student=case, period=period, actor=specialist)
    services.route_update(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={"special_conditions": f'{KAZAKH_LETTERS} <img src="file:///etc/passwd">'},
    )
    services.route_send_for_agreement(route=route, actor=specialist)
    services.section_agree(section=route.sections.get(), actor=teacher)
    services.route_approve(route=route, actor=management)
    route.refresh_from_db()
    return route

"""Who may POST: every URL that changes state, every role, a POST with valid data.

The GET matrix (test_access_matrix.py) says who may see each page; this one says who
may act. For each state-changing URL the data is what the page's own form would send
(read from the form as a person who may use it sees it) or, for buttons that live on
another page, what that button sends. Each POST runs in a savepoint that is rolled
back, so every role meets the same world. For every refusal, the database saw no write
at all: no INSERT, UPDATE or DELETE (the session and the access log aside). With both
passes of scripts/test.sh, each role is asked in one of them (access_world.ROLES_BY_PASS).
"""

import datetime
import re
from html.parser import HTMLParser

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.access_world import MATRIX, ROLES, roles_of_this_pass

# Tables a refused request may still write: the session (renewed), the access log (a
# refused attempt on personal data is itself recorded) and django-axes.
HARMLESS_WRITES = re.compile(r'"?(django_session|documents_accessevent|axes_\w+)"?')
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


class _FormReader(HTMLParser):
    """The POST forms in <main> that submit to the page itself, each as a browser would
    submit it with every empty field filled in plausibly."""

    def __init__(self, path: str):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.forms: list[dict[str, object]] = []
        self.data: dict[str, object] | None = None
        self._in_main = False
        self._select = self._textarea = None
        self._select_first = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self._in_main = True
        if not self._in_main:
            return
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            action = attrs.get("action") or self.path
            self.data = {} if action.split("?")[0] in {self.path, "."} else None
        if self.data is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs or (kind == "radio" and name not in self.data):
                    self._add(name, attrs.get("value", "on"), many=kind == "checkbox")
            elif kind in {"submit", "button", "file"}:
                return
            else:
                self.data[name] = attrs.get("value") or _filler(kind, name)
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select, self._select_first = name, None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if value and self._select_first is None:
                self._select_first = value
            if "selected" in attrs and value:
                self.data[self._select] = value

    def handle_endtag(self, tag):
        if self.data is None:
            return
        if tag == "form":
            self.forms.append(self.data)
            self.data = None
        if tag == "select" and self._select:
            self.data.setdefault(self._select, self._select_first or "")
            self._select = None
        if tag == "textarea" and self._textarea:
            self.data[self._textarea] = self.data[self._textarea] or "Тексеру мәтіні"
            self._textarea = None

    def handle_data(self, data):
        if self.data is not None and self._textarea and data.strip():
            self.data[self._textarea] = data

    def _add(self, name, value, many):
        if many:
            self.data.setdefault(name, [])
            self.data[name].append(value)
        else:
            self.data[name] = value


def _filler(kind: str, name: str) -> str:
    today = datetime.date.today()
    if kind == "date" or "date" in name or name.endswith("_on"):
        return today.isoformat()
    if kind == "datetime-local" or name.endswith("_at"):
        return f"{today.isoformat()}T10:00"
    if kind == "number":
        return "1"
    if kind == "email":
        return "test@eagi.kz"
    if kind == "time":
        return "10:00"
    return "Тексеру"


def _form_of(client, url) -> dict:
    response = client.get(url)
    if response.status_code != 200:
        return {}  # nobody may open it in this world's state: the overrides say what
    reader = _FormReader(url)
    reader.feed(response.content.decode())
    # The page's main form: the one with the most fields.
    return max(reader.forms, key=len, default={})


# The buttons that live on other pages: name -> data they send.
BUTTONS = {
    "set-language": lambda w: {"language": "ru"},
    "set-display": lambda w: {"option": "large-text"},
    "notifications-read": lambda w: {},
    "students:case-assign": lambda w: {"specialist": w["other_specialist"].pk},
    "students:case-unassign": lambda w: {},
    "students:application-start": lambda w: {},
    "students:application-texts-wanted": lambda w: {},
    "students:consent-withdraw": lambda w: {},
    # The case's consent withdrawn first: consenting again has something to do.
    "students:consent-give-again": lambda w: _consent_withdrawn(w),
    "routes:conclusion-issue": lambda w: {},
    "routes:conclusion-submit": lambda w: {},
    "routes:conclusion-correct": lambda w: {},
    "routes:protocol-sign": lambda w: {},
    "routes:route-new-version": lambda w: {},
    "routes:route-share": lambda w: {},
    "routes:route-acknowledge": lambda w: {},
    "routes:letter-acknowledge": lambda w: {},
    "support:check-add": lambda w: {
        "date": datetime.date.today().isoformat(),
        "event": "Аралық бақылау",
        "applied": "on",
        "note": "",
    },
    "support:report-add": lambda w: {
        "date": datetime.date.today().isoformat(),
        "description": "Қосымша уақыт берілмеді",
    },
    "documents:breach-notified": lambda w: {},
    "support:report-escalate": lambda w: {},
    "routes:case-file-pdf": lambda w: {"language": "kk", "variant": "standard"},
    # ЭЦП is off in this world: no one approves with it (tests/routes/test_ecp_approval.py).
    "routes:decision-sign": lambda w: {"comment": "Тексеру"},
    "routes:countersign": lambda w: {},
}
# Forms whose fields a generic filler cannot guess.
OVERRIDES = {
    "students:emergency-access": lambda w: {"iin": w["case"].iin, "reason": "Шұғыл жағдай"},
    # An emergency access waiting for the head's review (the world has none).
    "students:emergency-review": lambda w: {"grant": _emergency_access(w).pk},
    "routes:route-transition": lambda w: {"comment": "Тексеру"},
    "support:event-handle": lambda w: {"action": "forward", "unit": "Спорт клубы", "outcome": ""},
    # A step on the report (the answer's form has a button of its own).
    "support:complaint": lambda w: {"text": "Оқытушымен сөйлестім", "shared": "on"},
    "support:unit-task": lambda w: {"outcome": "done", "note": "Бағдарлама орнатылды"},
    "routes:protocol-create": lambda w: {"starts_at": "10:00"},
    # A conclusion form filled in everywhere has details under adaptations nobody
    # ticked, which the form refuses: details only where a box is ticked.
    "routes:conclusion-create": lambda w: _details_only_where_ticked(),
    "routes:conclusion-edit": lambda w: _details_only_where_ticked(),
    "routes:section-handover": lambda w: {"action": "on_behalf", "reason": "Оқытушы ауырып қалды"},
    "students:staff-roles": lambda w: {
        "username": w["teacher"].username,
        "role": "specialist",
        "grant": "give",
    },
    "students:paper-application-create": None,  # needs a signed scan: its own tests
    "students:sis-import": None,  # needs a file: tests/students/test_import.py
    "documents:texts-edit": lambda w: _protocol_texts(w),
    "otp-verify": None,  # its own tests: tests/eagi_inclusion/test_two_factor.py
    "otp-setup": None,
}
# Pages with a form: the role whose GET shows the form it is read from.
FORM_READER = {
    "notification-list": "student",
    "students:health-edit": "specialist",
    "students:application-create": "student",
    "students:application-withdraw": "student",
    "students:application-decide": "centre_head",
    "students:application-resubmit": "student",
    "students:disclosure-create": "centre_head",
    "students:emergency-access": "centre_head",
    "students:emergency-review": "centre_head",
    "students:staff-roles": "centre_head",
    "students:link-list": "centre_head",
    "routes:assessment-create": "specialist",
    "routes:conclusion-create": "specialist",
    "routes:conclusion-edit": "specialist",
    "routes:protocol-create": "specialist",
    "routes:route-create": "specialist",
    "routes:route-edit": "specialist",
    "routes:section-edit": "specialist",
    "routes:measure-add": "specialist",
    "routes:route-transition": "management",
    "routes:route-comment": "student",
    "routes:section-decide": "teacher",
    "routes:section-handover": "centre_head",
    "routes:case-archive": "centre_head",
    "support:sessions": "specialist",
    "support:consultations": "specialist",
    "support:interactions": "specialist",
    "support:formats": "student",
    "support:format-deliver": "specialist",
    "support:barriers": "student",
    "support:aids-case": "specialist",
    "support:awareness": "centre_head",
    "support:events": "student",
    "support:complaints": "student",
    "support:complaint": "centre_head",
    "support:unit-task": "unit_staff",
    "support:unit-task-new": "specialist",
    "support:event-handle": "specialist",
    "support:aid-return": "specialist",
    "support:barrier-update": "specialist",
    "support:training": "centre_head",
    "support:report-resolve": "specialist",
    "documents:breach-list": "administrator",
    "documents:texts-edit": "specialist",
}


def _protocol_texts(objects):
    """The protocol's texts in Russian, by the names the texts page gives its fields."""
    from routes.models import MeetingProtocol

    protocol = MeetingProtocol.objects.get(student=objects["case"])
    return {
        f"text-routes-meetingprotocol-{protocol.pk}-{field}": text
        for field, text in (("place", "ауд. 1"), ("agenda", "повестка"), ("decisions", "решение"))
    }


def _details_only_where_ticked():
    from students.models import AdaptationType

    return {f"detail_{pk}": "" for pk in AdaptationType.objects.values_list("pk", flat=True)}


def _consent_withdrawn(objects) -> dict:
    from django.utils import timezone

    from students.models import Consent

    Consent.objects.filter(student=objects["case"]).update(withdrawn_at=timezone.now())
    return {}


def _emergency_access(objects):
    from datetime import timedelta

    from django.utils import timezone

    from students.models import EmergencyAccess

    return EmergencyAccess.objects.create(
        # The head's own: the head reads every case anyway, so the grant, which stays
        # for the rest of the matrix, opens nothing to anyone.
        user=objects["centre_head"],
        student=objects["case"],
        reason="Шұғыл жағдай, түнгі кезекші",
        expires_at=timezone.now() + timedelta(hours=4),
    )


def _state_changing():
    return {**{n: "button" for n in BUTTONS}, **{n: "form" for n in FORM_READER}}


def test_every_state_changing_url_is_in_the_post_matrix():
    """A GET that answers 405 means a POST-only URL: it must be listed here."""
    post_only = {name for name, (_kind, default, _s) in MATRIX.items() if default == 405}
    assert post_only <= set(BUTTONS) | set(OVERRIDES)
    assert set(POST_MATRIX) == set(_state_changing())


def _writes(queries) -> list[str]:
    return [
        q["sql"][:120]
        for q in queries
        if WRITE.match(q["sql"]) and not HARMLESS_WRITES.search(q["sql"].split("(")[0])
    ]


def _objects(request, world):
    from students.models import Student

    return {
        "other_specialist": request.getfixturevalue("other_specialist"),
        "centre_head": request.getfixturevalue("centre_head"),
        "teacher": request.getfixturevalue("teacher"),
        "case": Student.objects.get(pk=world["case"]["pk"]),
    }


def _post_each_role(client, request, world, objects, name, how, outcomes):
    kind = MATRIX[name][0]
    url = reverse(name, kwargs=world[kind] if kind else None)
    if how == "button":
        data = BUTTONS[name](objects)
    else:
        client.force_login(request.getfixturevalue(FORM_READER[name]))
        data = _form_of(client, url)
        if OVERRIDES.get(name):
            data.update(OVERRIDES[name](objects))
    for role in roles_of_this_pass():
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                response = client.post(url, data)
            # Read now: the query log is a bounded deque, later queries shift it.
            writes = _writes(queries)
            # Where the person lands after the POST, still inside its transaction.
            landing = (
                client.get(response["Location"]).status_code
                if response.status_code == 302 and role != "anonymous"
                else None
            )
            outcomes[(name, role)] = (response.status_code, writes, landing)
            transaction.set_rollback(True)


def _post_all(client, request, world):
    objects = _objects(request, world)
    # Every person exists before the first URL: made inside one, a rollback would
    # take them away from the next.
    for role in ROLES[1:]:
        request.getfixturevalue(role)
    outcomes = {}
    for name, how in sorted(_state_changing().items()):
        # What a URL's payload prepares (an emergency access, a withdrawn consent) is
        # undone before the next URL: each meets the same world.
        with transaction.atomic():
            _post_each_role(client, request, world, objects, name, how, outcomes)
            transaction.set_rollback(True)
    return outcomes


def test_who_may_post_and_refusals_change_nothing(client, request, world):
    outcomes = _post_all(client, request, world)
    failures = []
    for (name, role), (status, writes, landing) in sorted(outcomes.items()):
        default, statuses, accepted = POST_MATRIX[name]
        expected = statuses.get(role, default)
        if status != expected:
            failures.append(f"{role:16} {name:36} got {status}, expected {expected}")
        elif role not in accepted and writes:
            failures.append(f"{role:16} {name:36} refused ({status}) but wrote: {writes[0]}")
        elif role in accepted and not writes:
            failures.append(f"{role:16} {name:36} accepted but changed nothing")
        elif landing not in (None, 200):
            # Every redirect lands on a page the person may see (with the message).
            failures.append(f"{role:16} {name:36} redirected to a page answering {landing}")
    assert failures == [], "\n" + "\n".join(failures)


ALL_SIGNED_IN = set(ROLES) - {"anonymous"}
APPLICANTS_AND_CENTRE = ("student", "representative", "specialist", "centre_head")
# name: (status for roles not listed, {role: status}, roles whose POST is accepted and
# changes something). A 302 without a change is a refusal shown as a message (a route in
# force cannot be edited; a conclusion already issued is not issued again); a 200 is the
# form again with its errors (data this world cannot give: a file, an organisation).
POST_MATRIX: dict[str, tuple[int, dict[str, int], set[str]]] = {
    # Queues the case file: the centre's staff on the case, the student and their
    # representative (their own documents only).
    "routes:case-file-pdf": (
        404,
        {
            "anonymous": 302,
            "specialist": 302,
            "centre_head": 302,
            "student": 302,
            "representative": 302,
            "teacher": 403,
        },
        {"specialist", "centre_head", "student", "representative"},
    ),
    "documents:breach-list": (
        403,
        {"anonymous": 302, "centre_head": 302, "administrator": 302},
        {"centre_head", "administrator"},
    ),
    "documents:breach-notified": (
        403,
        {"anonymous": 302, "centre_head": 302, "administrator": 302},
        {"centre_head", "administrator"},
    ),
    "notification-list": (302, {}, ALL_SIGNED_IN),
    "notifications-read": (302, {}, ALL_SIGNED_IN),
    "routes:assessment-create": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        {"specialist", "centre_head"},
    ),
    "routes:case-archive": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 403,
            "centre_head": 302,
        },
        {"centre_head"},
    ),
    "routes:conclusion-correct": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        {"specialist", "centre_head"},
    ),
    "routes:conclusion-create": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        {"specialist", "centre_head"},
    ),
    "routes:conclusion-edit": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        set(),
    ),
    "routes:conclusion-issue": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        set(),
    ),
    # The matrix's conclusion is issued: sending it to the head is refused (no write).
    "routes:conclusion-submit": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        set(),
    ),
    "routes:letter-acknowledge": (404, {"anonymous": 302, "teacher": 302}, {"teacher"}),
    "routes:measure-add": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
            "management": 403,
        },
        set(),
    ),
    "routes:protocol-create": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        {"specialist", "centre_head"},
    ),
    "routes:protocol-sign": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        set(),
    ),
    "routes:route-create": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        {"specialist", "centre_head"},
    ),
    "documents:texts-edit": (
        404,
        {"anonymous": 302, "specialist": 302, "centre_head": 302},
        {"specialist", "centre_head"},
    ),
    "routes:route-edit": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
            "management": 403,
        },
        set(),
    ),
    "routes:route-new-version": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
            "management": 403,
        },
        {"specialist", "centre_head"},
    ),
    # The route in force: staff cannot show it as a draft (a sentence, nothing
    # written); the student and representative acknowledge it; the comment page
    # sends them back to it.
    "routes:route-share": (
        403,
        {
            "anonymous": 302,
            "other_student": 404,
            "other_teacher": 404,
            "other_specialist": 404,
            "registry": 404,
            "administrator": 404,
            "unit_staff": 404,
            "specialist": 302,
            "centre_head": 302,
        },
        set(),
    ),
    "routes:route-acknowledge": (
        403,
        {
            "anonymous": 302,
            "other_student": 404,
            "other_teacher": 404,
            "other_specialist": 404,
            "registry": 404,
            "administrator": 404,
            "unit_staff": 404,
            "student": 302,
            "representative": 302,
        },
        {"student", "representative"},
    ),
    "routes:route-comment": (
        403,
        {
            "anonymous": 302,
            "other_student": 404,
            "other_teacher": 404,
            "other_specialist": 404,
            "registry": 404,
            "administrator": 404,
            "unit_staff": 404,
            "student": 302,
            "representative": 302,
        },
        set(),
    ),
    "routes:decision-sign": (
        403,
        {
            "anonymous": 302,
            "other_student": 404,
            "other_teacher": 404,
            "other_specialist": 404,
            "registry": 404,
            "administrator": 404,
            "unit_staff": 404,
        },
        set(),
    ),
    "routes:countersign": (
        403,
        {
            "anonymous": 302,
            "other_student": 404,
            "other_teacher": 404,
            "other_specialist": 404,
            "registry": 404,
            "administrator": 404,
            "unit_staff": 404,
        },
        set(),
    ),
    "routes:route-transition": (
        403,
        {
            "anonymous": 302,
            "other_student": 404,
            "other_teacher": 404,
            "other_specialist": 404,
            "registry": 404,
            "administrator": 404,
            "unit_staff": 404,
        },
        set(),
    ),
    "routes:section-decide": (
        403,
        {
            "anonymous": 302,
            "other_student": 404,
            "teacher": 302,
            "other_teacher": 404,
            "other_specialist": 404,
            "registry": 404,
            "administrator": 404,
            "unit_staff": 404,
        },
        set(),
    ),
    # The matrix's route is in force: the head's handover is refused on the form (200).
    "routes:section-handover": (
        403,
        {"anonymous": 302, "centre_head": 200},
        set(),
    ),
    "routes:section-edit": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
            "management": 403,
        },
        set(),
    ),
    "set-display": (302, {}, ALL_SIGNED_IN),
    "set-language": (302, {}, ALL_SIGNED_IN),
    "students:application-create": (
        403,
        {
            "anonymous": 302,
            "student": 302,
            "other_student": 200,
            "representative": 302,
            "teacher": 302,
            "other_teacher": 302,
        },
        {"student", "representative", "teacher"},
    ),
    "students:application-decide": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "specialist": 403,
            "centre_head": 302,
        },
        set(),
    ),
    "students:application-resubmit": (
        404,
        {
            "anonymous": 302,
            "student": 200,
            "representative": 403,
            "specialist": 403,
            "centre_head": 403,
        },
        set(),
    ),
    "students:application-start": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "specialist": 403,
            "centre_head": 302,
        },
        set(),
    ),
    # Asks the centre for the form in the other language: whoever may open the
    # application (the centre's own staff tell each other; the actor hears nothing).
    "students:application-texts-wanted": (
        404,
        {"anonymous": 302, **dict.fromkeys(APPLICANTS_AND_CENTRE, 302)},
        set(APPLICANTS_AND_CENTRE),
    ),
    "students:application-withdraw": (
        404,
        {
            "anonymous": 302,
            "student": 302,
            "representative": 403,
            "specialist": 403,
            "centre_head": 403,
        },
        set(),
    ),
    "students:case-assign": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 403,
            "centre_head": 302,
        },
        {"centre_head"},
    ),
    "students:case-unassign": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 403,
            "centre_head": 302,
        },
        {"centre_head"},
    ),
    "students:consent-give-again": (
        404,
        {"anonymous": 302, "student": 302, "representative": 302},
        {"student", "representative"},
    ),
    "students:consent-withdraw": (
        404,
        {"anonymous": 302, "student": 302, "representative": 302},
        {"student", "representative"},
    ),
    "students:disclosure-create": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 403,
            "centre_head": 302,
        },
        {"centre_head"},
    ),
    "students:emergency-access": (
        403,
        {"anonymous": 302, "specialist": 302, "other_specialist": 302, "centre_head": 302},
        {"specialist", "other_specialist", "centre_head"},
    ),
    "students:emergency-review": (403, {"anonymous": 302, "centre_head": 302}, {"centre_head"}),
    "students:staff-roles": (403, {"anonymous": 302, "centre_head": 302}, {"centre_head"}),
    "students:link-list": (403, {"anonymous": 302, "centre_head": 302}, {"centre_head"}),
    "students:health-edit": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        {"specialist", "centre_head"},
    ),
    "support:barrier-update": (
        403,
        {"anonymous": 302, "specialist": 302, "other_specialist": 302, "centre_head": 302},
        {"specialist", "other_specialist", "centre_head"},
    ),
    "support:barriers": (302, {}, ALL_SIGNED_IN),
    # The student's own form: each student or parent asks for their own case; a
    # specialist's form names the student, which the student's form has not.
    "support:events": (
        403,
        {
            "anonymous": 302,
            "student": 302,
            "other_student": 302,
            "representative": 302,
            "specialist": 200,
            "other_specialist": 200,
            "centre_head": 200,
        },
        {"student", "other_student", "representative"},
    ),
    # A unit closes its own task; the centre's staff read it but do not close it.
    "support:unit-task": (
        404,
        {"anonymous": 302, "unit_staff": 302, "specialist": 403, "centre_head": 403},
        {"unit_staff"},
    ),
    # The centre's staff on the case give a unit a task about the event request.
    "support:unit-task-new": (
        403,
        {"anonymous": 302, "specialist": 302, "centre_head": 302, "other_specialist": 404},
        {"specialist", "centre_head"},
    ),
    # A report: each student or parent for their own; no one else posts there.
    "support:complaints": (
        403,
        {"anonymous": 302, "student": 302, "other_student": 302, "representative": 302},
        {"student", "other_student", "representative"},
    ),
    # A step on the report: only the person it is addressed to (the head); the reporter
    # reads it but may not act as its handler.
    "support:complaint": (
        404,
        {"anonymous": 302, "student": 403, "centre_head": 302},
        {"centre_head"},
    ),
    "support:event-handle": (
        403,
        {"anonymous": 302, "specialist": 302, "centre_head": 302, "other_specialist": 404},
        {"specialist", "centre_head"},
    ),
    "support:awareness": (403, {"anonymous": 302, "centre_head": 302}, {"centre_head"}),
    "support:aids-case": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 302,
            "centre_head": 302,
        },
        {"specialist", "centre_head"},
    ),
    "support:aid-return": (
        404,
        {"anonymous": 302, "specialist": 302, "centre_head": 302},
        {"specialist", "centre_head"},
    ),
    "support:check-add": (404, {"anonymous": 302, "teacher": 302}, {"teacher"}),
    "support:consultations": (
        403,
        {
            "anonymous": 302,
            "teacher": 200,
            "other_teacher": 200,
            "specialist": 302,
            "other_specialist": 302,
            "centre_head": 302,
        },
        {"specialist", "other_specialist", "centre_head"},
    ),
    "support:format-deliver": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "specialist": 200,
            "centre_head": 200,
        },
        set(),
    ),
    "support:formats": (
        403,
        {
            "anonymous": 302,
            "student": 302,
            "other_student": 200,
            "representative": 302,
            "specialist": 200,
            "other_specialist": 200,
            "centre_head": 200,
        },
        {"student", "representative"},
    ),
    "support:interactions": (
        403,
        {"anonymous": 302, "specialist": 200, "other_specialist": 200, "centre_head": 200},
        set(),
    ),
    "support:report-add": (
        404,
        {"anonymous": 302, "student": 302, "representative": 302},
        {"student", "representative"},
    ),
    "support:report-escalate": (
        403,
        {"anonymous": 302, "specialist": 302, "other_specialist": 404, "centre_head": 302},
        {"specialist", "centre_head"},
    ),
    "support:report-resolve": (
        403,
        {"anonymous": 302, "specialist": 302, "other_specialist": 404, "centre_head": 302},
        {"specialist", "centre_head"},
    ),
    "support:sessions": (
        404,
        {
            "anonymous": 302,
            "student": 403,
            "representative": 403,
            "teacher": 403,
            "specialist": 200,
            "centre_head": 200,
        },
        set(),
    ),
    "support:training": (
        403,
        {
            "anonymous": 302,
            "teacher": 200,
            "other_teacher": 200,
            "specialist": 200,
            "other_specialist": 200,
            "management": 200,
            "registry": 200,
            "administrator": 200,
            "unit_staff": 200,
            "centre_head": 302,
        },
        {"centre_head"},
    ),
}

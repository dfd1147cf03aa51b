"""Factories for the rows that have no service of their own (catalogues, people).
Cases are assigned through `students.services`, never by writing permission rows."""

import datetime
import itertools

import factory
from django.contrib.auth.models import Group

from students import models
from students.validators import iin_check_digit

DEFAULT_PASSWORD = "correct horse battery staple"
_serials = itertools.count(1)


def valid_iin(born: datetime.date = datetime.date(2005, 4, 12), female: bool = True) -> str:
    century = {19: 3, 20: 5}[born.year // 100] + (1 if female else 0)
    while True:
        first = f"{born:%y%m%d}{century}{next(_serials):04d}"
        check = iin_check_digit(first)
        if check is not None:
            return f"{first}{check}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Айдана"
    last_name = factory.Sequence(lambda n: f"Тестова{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.kz")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Faculty
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"F{n}")
    name_kk = factory.Sequence(lambda n: f"Факультет {n}")
    name_ru = factory.Sequence(lambda n: f"Факультет {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Programme

    faculty = factory.SubFactory(FacultyFactory)
    code = factory.Sequence(lambda n: f"6B{n:05d}")
    name_kk = factory.Sequence(lambda n: f"Бағдарлама {n}")
    name_ru = factory.Sequence(lambda n: f"Программа {n}")


class StudyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StudyGroup

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"ГР-{n}")
    admission_year = 2024
    language_of_study = "kk"


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AcademicYear
        django_get_or_create = ("name",)

    name = "2026-2027"
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2027, 6, 30)


class AcademicPeriodFactory(factory.django.DjangoModelFactory):
    """The current semester: it contains today, whatever day the tests run."""

    class Meta:
        model = models.AcademicPeriod
        django_get_or_create = ("academic_year", "kind", "number")

    academic_year = factory.SubFactory(AcademicYearFactory)
    kind = "semester"
    number = 1
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Course

    code = factory.Sequence(lambda n: f"C{n:04d}")
    name_kk = factory.Sequence(lambda n: f"Пән {n}")
    name_ru = factory.Sequence(lambda n: f"Дисциплина {n}")
    name_en = factory.Sequence(lambda n: f"Course {n}")


class CourseAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CourseAssignment

    teacher = factory.SubFactory(UserFactory, role="teacher")
    course = factory.SubFactory(CourseFactory)
    group = factory.SubFactory(StudyGroupFactory)
    period = factory.SubFactory(AcademicPeriodFactory)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Student

    iin = factory.LazyAttribute(lambda o: valid_iin(o.date_of_birth))
    last_name = factory.Sequence(lambda n: f"Сәрсенова{n}")
    first_name = "Жанар"
    patronymic = "Ерланқызы"
    date_of_birth = datetime.date(2005, 4, 12)
    study_group = factory.SubFactory(StudyGroupFactory)
    year_of_study = 2
    language_of_study = "kk"
    document_language = "kk"


class HealthProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.HealthProfile

    student = factory.SubFactory(StudentFactory)
    disability_group = "2"
    notes = "Confidential diagnosis HX-4242"

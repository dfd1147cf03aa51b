import datetime

import pytest
from django.core.exceptions import ValidationError

from students.validators import iin_birth_date, iin_check_digit, validate_iin
from tests.factories import StudentFactory, valid_iin

# Real-format IINs: 12 digits with the date of birth first and a correct check digit.


def _with_check(first_eleven):
    return first_eleven + str(iin_check_digit(first_eleven))


def test_valid_iin_is_accepted():
    for value in [_with_check("05031450001"), valid_iin(datetime.date(1999, 12, 31), False)]:
        validate_iin(value)


def test_iin_with_a_wrong_check_digit_is_refused():
    good = _with_check("05031450001")
    wrong = good[:11] + str((int(good[11]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        validate_iin(wrong)
    assert error.value.code == "iin_checksum"


@pytest.mark.parametrize(
    "value", ["12345", "0503145000123", "05031450001a", "０５０３１４５０００１２"]
)
def test_iin_must_be_twelve_ascii_digits(value):
    with pytest.raises(ValidationError) as error:
        validate_iin(value)
    assert error.value.code == "iin_format"


def test_iin_with_an_impossible_date_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_iin(_with_check("05133150001"))
    assert error.value.code == "iin_date"


def test_second_weight_sequence_is_used_when_the_first_gives_ten():
    # Find eleven digits whose first weighted sum is 10 mod 11 and check the
    # result equals the second weighting, as the IIN standard prescribes.
    for serial in range(10000):
        first = f"0503145{serial:04d}"
        digits = [int(c) for c in first]
        if sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11 == 10:
            second = (
                sum(d * w for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True))
                % 11
            )
            assert iin_check_digit(first) == (None if second == 10 else second)
            return
    pytest.fail("no eleven digits with a first sum of 10 found")


def test_birth_date_is_read_from_the_iin():
    assert iin_birth_date(_with_check("05031450001")) == datetime.date(2005, 3, 14)
    assert iin_birth_date(_with_check("99123130001")) == datetime.date(1999, 12, 31)


@pytest.mark.django_db
def test_student_date_of_birth_must_match_the_iin():
    student = StudentFactory.build(
        iin=_with_check("05031450001"), date_of_birth=datetime.date(2005, 3, 15)
    )
    with pytest.raises(ValidationError) as error:
        student.full_clean(exclude=["study_group"])
    assert "date_of_birth" in error.value.message_dict


@pytest.mark.django_db
def test_student_requires_names_group_and_iin():
    student = StudentFactory.build(iin="", last_name="", first_name="")
    with pytest.raises(ValidationError) as error:
        student.full_clean(exclude=["study_group"])
    assert {"iin", "last_name", "first_name"} <= set(error.value.message_dict)


@pytest.mark.django_db
def test_iin_is_unique():
    first = StudentFactory()
    duplicate = StudentFactory.build(iin=first.iin, study_group=first.study_group)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "iin" in error.value.message_dict

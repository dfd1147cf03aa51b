"""#30, item 16: a letter's addressee in the dative -- the surname declined, the rest as
initials -- on names the Institute's people have."""

import pytest

from documents.declension import addressee


@pytest.mark.parametrize(
    ("surname", "first_name", "patronymic", "kk", "ru"),
    [
        ("Бекова", "Гүлнар", "Маратқызы", "Г. М. Бековаға", "Бековой Г. М."),
        ("Жақсыбеков", "Тимур", "", "Т. Жақсыбековқа", "Жақсыбекову Т."),
        ("Сәрсенова", "Жанар", "Ерланқызы", "Ж. Е. Сәрсеноваға", "Сәрсеновой Ж. Е."),
        ("Нұрланов", "Ерлан", "Сапарұлы", "Е. С. Нұрлановқа", "Нұрланову Е. С."),
        ("Құнанбайұлы", "Абай", "", "А. Құнанбайұлына", "Құнанбайұлы А."),
        ("Ким", "Ольга", "Викторовна", "О. В. Кимге", "Ким О. В."),
        ("Ким", "Сергей", "Петрович", "С. П. Кимге", "Киму С. П."),
        ("Шевченко", "Анна", "Ивановна", "А. И. Шевченкоға", "Шевченко А. И."),
        ("Достоевская", "Мария", "Фёдоровна", "М. Ф. Достоевскаяға", "Достоевской М. Ф."),
        ("Бейсенбаев", "Әлихан", "Нұрланұлы", "Ә. Н. Бейсенбаевқа", "Бейсенбаеву Ә. Н."),
        ("Әбдірахманова", "Әсем", "", "Ә. Әбдірахмановаға", "Әбдірахмановой Ә."),
        ("Әлиев", "Руслан", "", "Р. Әлиевке", "Әлиеву Р."),
    ],
)
def test_the_addressee_in_the_dative(surname, first_name, patronymic, kk, ru):
    assert addressee(surname, first_name, patronymic, "kk") == kk
    assert addressee(surname, first_name, patronymic, "ru") == ru


def test_the_application_is_addressed_to_the_head_in_the_dative(client, centre_head, student, case):
    from django.urls import reverse

    from tests.helpers import apply_online, pdf_of, pdf_text

    centre_head.last_name, centre_head.first_name = "Бекова", "Гүлнар"
    centre_head.patronymic, centre_head.full_name_ru = "Маратқызы", "Бекова Гульнар Маратовна"
    centre_head.save()
    application = apply_online(student, case)
    application.translations = {"ru": {"difficulties": "Текст.", "conditions_requested": "Шрифт."}}
    application.save(update_fields=["translations"])
    client.force_login(student)
    url = reverse("students:application-pdf", args=[application.pk])
    kazakh = pdf_text(pdf_of(client.get(url, {"language": "kk"})))
    russian = pdf_text(pdf_of(client.get(url, {"language": "ru"})))
    assert "Г. М. Бековаға" in kazakh and "Бековой Г. М." in russian
    assert "Бекова Гүлнар" not in kazakh and "Бекова Гульнар" not in russian

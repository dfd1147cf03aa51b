"""A person named as the addressee of an official letter, in the dative, the way Kazakh
and Russian record-keeping writes it: the surname declined, the first name and
patronymic as initials -- "Г. М. Бековаға" (kk), "Бековой Г. М." (ru). Only the
surname changes; the rules cover the surnames of the Institute's people (Russian-style
-ов/-ова, -ев, -ин, -ский, Kazakh -ұлы/-қызы, and the rest); a surname no rule fits
stays as written, which is correct for the indeclinable ones (Ким for a woman, Шевченко).
"""

VOICELESS = set("кқпстфхцчшщ") | {"в"}  # -ов/-ев take -қа/-ке: Назарбаевқа
BACK_VOWELS = set("аоұыяё")
FRONT_VOWELS = set("әөүіеэиюі")
FEMALE_PATRONYMIC = ("вна", "чна", "қызы", "кызы", "кизи")
MALE_PATRONYMIC = ("вич", "ич", "ұлы", "улы", "оглы")


def _gender(surname: str, patronymic: str) -> str | None:
    """'f', 'm' or None, from the patronymic, else from a surname that shows it."""
    tail = patronymic.lower().strip()
    if tail.endswith(FEMALE_PATRONYMIC):
        return "f"
    if tail.endswith(MALE_PATRONYMIC):
        return "m"
    lower = surname.lower()
    if lower.endswith(("ова", "ева", "ёва", "ина", "ына", "ская", "цкая")):
        return "f"
    if lower.endswith(("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")):
        return "m"
    return None


def surname_dative_ru(surname: str, patronymic: str = "") -> str:
    gender = _gender(surname, patronymic)
    lower = surname.lower()
    if gender == "f":
        if lower.endswith(("ская", "цкая")):
            return surname[:-2] + "ой"
        if lower.endswith(("ова", "ева", "ёва", "ина", "ына")):
            return surname[:-1] + "ой"
        return surname  # Ким, Шевченко, Дурново: not declined for a woman
    if gender == "m":
        if lower.endswith(("ский", "цкий")):
            return surname[:-2] + "ому"
        if lower.endswith(("ых", "их", "о", "е", "и", "у", "ю", "ы", "а", "я")):
            return surname  # Черных, Шевченко, Құнанбайұлы...
        if lower.endswith("й"):
            return surname[:-1] + "ю"  # Абай -> Абаю
        if lower.endswith("ь"):
            return surname[:-1] + "ю"
        return surname + "у"  # Жақсыбеков -> Жақсыбекову, Ким -> Киму
    return surname


def surname_dative_kk(surname: str) -> str:
    lower = surname.lower()
    # -ев after a vowel is that vowel's glide (Бейсенбаев, Тоқаев): the stem decides.
    stem = (
        lower[:-2] if lower.endswith("ев") and lower[-3:-2] in BACK_VOWELS | FRONT_VOWELS else lower
    )
    vowels = [ch for ch in stem if ch in BACK_VOWELS or ch in FRONT_VOWELS]
    back = not vowels or vowels[-1] in BACK_VOWELS
    if lower.endswith(("ұлы", "улы", "қызы", "кызы")):
        return surname + ("на" if back else "не")  # possessive -ы: Құнанбайұлына
    last = lower[-1:]
    if last in VOICELESS:
        return surname + ("қа" if back else "ке")
    return surname + ("ға" if back else "ге")


def _initials(*names: str) -> str:
    return " ".join(f"{name.strip()[0]}." for name in names if name and name.strip())


def addressee(surname: str, first_name: str, patronymic: str, language: str) -> str:
    """The person's name as the addressee line of a letter, in the dative."""
    initials = _initials(first_name, patronymic)
    if language == "ru":
        return f"{surname_dative_ru(surname, patronymic)} {initials}".strip()
    return f"{initials} {surname_dative_kk(surname)}".strip()

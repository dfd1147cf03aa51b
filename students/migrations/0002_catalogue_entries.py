"""The catalogues the regulation and the centre's practice start from. Administrators
add, rename and retire entries in the admin afterwards."""

from django.db import migrations

NEED_CATEGORIES = [
    ("visual", "Көру қабілетінің бұзылуы", "Нарушения зрения", "Visual impairment"),
    ("hearing", "Есту қабілетінің бұзылуы", "Нарушения слуха", "Hearing impairment"),
    (
        "musculoskeletal",
        "Тірек-қимыл аппаратының бұзылуы",
        "Нарушения опорно-двигательного аппарата",
        "Musculoskeletal impairment",
    ),
    ("speech", "Сөйлеу тілінің бұзылуы", "Нарушения речи", "Speech impairment"),
    (
        "learning",
        "Оқу қиындықтары / зияткерлік ерекшеліктер",
        "Трудности в обучении / интеллектуальные особенности",
        "Learning or intellectual difficulties",
    ),
    (
        "psychological",
        "Психологиялық-эмоционалдық ерекшеліктер",
        "Психоэмоциональные особенности",
        "Psychological or emotional difficulties",
    ),
    ("chronic", "Созылмалы аурулар", "Хронические заболевания", "Chronic illness"),
    ("other", "Басқа", "Другое", "Other"),
]

ADAPTATION_TYPES = [
    ("content", "Оқу мазмұнын бейімдеу", "Адаптация содержания", "Adapted course content"),
    ("methods", "Оқыту әдістерін бейімдеу", "Адаптация методов обучения", "Adapted teaching methods"),
    ("assessment-form", "Бақылау нысанын өзгерту", "Изменение формы контроля", "Alternative form of assessment"),
    ("extra-time", "Қосымша уақыт", "Дополнительное время", "Extra time"),
    ("separate-room", "Жеке аудитория", "Отдельная аудитория", "Separate room"),
    ("assistive-technology", "Көмекші технологиялар", "Вспомогательные технологии", "Assistive technology"),
    ("sign-language", "Ымдау тілі аудармашысы", "Сурдопереводчик", "Sign-language interpreter"),
    ("alternative-formats", "Материалдардың балама форматтары", "Материалы в альтернативных форматах", "Materials in alternative formats"),
    ("accessible-room", "Қолжетімді аудитория", "Доступная аудитория", "Accessible classroom"),
    ("breaks", "Қосымша үзілістер", "Дополнительные перерывы", "Additional breaks"),
]

SUPPORT_MEASURE_TYPES = [
    ("psychological", "Психологиялық кеңес беру", "Психологическое консультирование", "Psychological counselling"),
    ("pedagogical", "Дефектологиялық / педагогикалық қолдау", "Дефектологическое / педагогическое сопровождение", "Special-needs teaching support"),
    ("social", "Әлеуметтік-педагогикалық қолдау", "Социально-педагогическое сопровождение", "Social-pedagogical support"),
    ("tutor", "Тьюторлық сүйемелдеу", "Тьюторское сопровождение", "Tutor support"),
    ("assistant", "Ассистент көмегі", "Помощь ассистента", "Personal assistant"),
    ("peer", "Құрдастар көмегі", "Помощь сверстников (волонтёров)", "Peer support"),
]


def create(apps, schema_editor):
    for model_name, rows in (
        ("NeedCategory", NEED_CATEGORIES),
        ("AdaptationType", ADAPTATION_TYPES),
        ("SupportMeasureType", SUPPORT_MEASURE_TYPES),
    ):
        model = apps.get_model("students", model_name)
        for position, (code, kk, ru, en) in enumerate(rows, start=1):
            model.objects.update_or_create(
                code=code,
                defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("students", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

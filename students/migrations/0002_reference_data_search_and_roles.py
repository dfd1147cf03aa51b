"""What the schema alone cannot say (squashed with the rest on 2026-12-02, before the
first deployment):

- the catalogues the regulation and the centre's practice start from (administrators
  add, rename and retire entries in the admin afterwards);
- trigram indexes for the case-insensitive name search of the lists (icontains is
  UPPER(column) LIKE UPPER('%word%') on PostgreSQL, which a B-tree cannot serve).
  PostgreSQL only; pg_trgm is a trusted extension (PostgreSQL 13+), so the database
  owner may create it. Where it cannot be created the search still works, unindexed,
  and the migration says so instead of failing the deployment;
- the roles and their model permissions, as eagi_inclusion.roles declares them. It
  calls today's code on purpose: sync_roles touches only auth's Group and Permission,
  whose shape does not change, and the permissions it names exist once the
  dependencies below have run. A later change to a role edits ROLE_PERMISSIONS and
  adds a migration that calls sync_roles, like this one."""

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
    (
        "methods",
        "Оқыту әдістерін бейімдеу",
        "Адаптация методов обучения",
        "Adapted teaching methods",
    ),
    (
        "assessment-form",
        "Бақылау нысанын өзгерту",
        "Изменение формы контроля",
        "Alternative form of assessment",
    ),
    ("extra-time", "Қосымша уақыт", "Дополнительное время", "Extra time"),
    ("separate-room", "Жеке аудитория", "Отдельная аудитория", "Separate room"),
    (
        "assistive-technology",
        "Көмекші технологиялар",
        "Вспомогательные технологии",
        "Assistive technology",
    ),
    ("sign-language", "Ымдау тілі аудармашысы", "Сурдопереводчик", "Sign-language interpreter"),
    (
        "alternative-formats",
        "Материалдардың балама форматтары",
        "Материалы в альтернативных форматах",
        "Materials in alternative formats",
    ),
    ("accessible-room", "Қолжетімді аудитория", "Доступная аудитория", "Accessible classroom"),
    ("breaks", "Қосымша үзілістер", "Дополнительные перерывы", "Additional breaks"),
]

SUPPORT_MEASURE_TYPES = [
    (
        "psychological",
        "Психологиялық кеңес беру",
        "Психологическое консультирование",
        "Psychological counselling",
    ),
    (
        "pedagogical",
        "Дефектологиялық / педагогикалық қолдау",
        "Дефектологическое / педагогическое сопровождение",
        "Special-needs teaching support",
    ),
    (
        "social",
        "Әлеуметтік-педагогикалық қолдау",
        "Социально-педагогическое сопровождение",
        "Social-pedagogical support",
    ),
    ("tutor", "Тьюторлық сүйемелдеу", "Тьюторское сопровождение", "Tutor support"),
    ("assistant", "Ассистент көмегі", "Помощь ассистента", "Personal assistant"),
    ("peer", "Құрдастар көмегі", "Помощь сверстников (волонтёров)", "Peer support"),
]


def catalogues(apps, schema_editor):
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


COLUMNS = {
    "students_student": ["last_name", "first_name", "patronymic", "full_name_ru", "preferred_name"],
}


def search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SAVEPOINT eagi_trgm")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("RELEASE SAVEPOINT eagi_trgm")
    except Exception as error:  # noqa: BLE001 - any refusal: go on without the indexes
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ROLLBACK TO SAVEPOINT eagi_trgm")
        print(f"\n  pg_trgm not available ({error}); name search stays unindexed.")
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def search_indexes_dropped(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_{column}_trgm"')


def roles(apps, schema_editor):
    from eagi_inclusion.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("students", "0001_initial"),
        ("documents", "0003_append_only_and_the_institution"),
        ("routes", "0002_append_only"),
        ("support", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(catalogues, migrations.RunPython.noop),
        migrations.RunPython(search_indexes, search_indexes_dropped),
        migrations.RunPython(roles, migrations.RunPython.noop),
    ]

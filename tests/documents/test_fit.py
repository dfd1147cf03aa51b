"""#18: every form, in both languages and both sizes, fits its page: no character
outside the page box, no word lost from the text layer, and large print nowhere
under 16 pt (the verification text included). The text is what people type: long
Russian and Kazakh words, an address without spaces."""

import re

import pytest

from tests.helpers import pdf_of as _pdf

from .conftest import case_file_download
from .every_form import LONG, LONG_KK
from .pdf_layout import fit_problems, text_without_spaces

KAZAKH_ONLY = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")


def _words(text: str) -> list[str]:
    return ["".join(word.split()) for word in text.split() if len(word) >= 4]


@pytest.mark.once("rendering and layout, not queries: the same on both databases", run_in="sqlite")
def test_every_form_fits_in_both_languages_and_sizes(client, centre_head, documents):
    client.force_login(centre_head)  # the head may download every kind, disclosures too
    failures = []
    for kind, (url, fields) in documents.items():
        for language in ("kk", "ru"):
            for variant in ("standard", "large"):
                if kind == "case file":  # queued, then downloaded from its own page
                    response = case_file_download(client, url, language=language, variant=variant)
                else:
                    response = client.get(url, {"language": language, "variant": variant})
                assert response.status_code == 200, (kind, language, variant)
                data = _pdf(response)
                where = f"{kind} {language} {variant}"
                minimum = 16 if variant == "large" else 8
                failures += [f"{where}: {p}" for p in fit_problems(data, min_size=minimum)]
                text = text_without_spaces(data)
                typed = LONG if language == "ru" else LONG_KK
                lost = [w for f in fields for w in _words(typed[f]) if w not in text]
                if lost:
                    failures.append(f"{where}: words lost from the text layer: {lost[:8]}")
                if language == "ru":
                    # Register numbers are identifiers (ӨТ-2026/0001), not Kazakh text.
                    russian = re.sub(r"[А-ЯЁӘҒҚҢӨҰҮҺІ]+-\d{4}/\d{4}", "", text)
                    kazakh = [i for i, c in enumerate(russian) if c in KAZAKH_ONLY]
                    if kazakh:
                        context = {russian[max(0, i - 15) : i + 15] for i in kazakh[:5]}
                        failures.append(f"{where}: Kazakh letters in a Russian form: {context}")
    assert failures == [], "\n" + "\n".join(failures)

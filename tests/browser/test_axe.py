"""The accessibility check itself can fail: on a page with the mistakes people make, it
names each one. Every browser test asserts `axe_violations(page) == []`; this is the
control that shows an empty list means a clean page, not a check that saw nothing."""

from .conftest import axe_violations

FLAWED = """<!doctype html>
<html lang="kk"><head><title>Өтініш</title></head>
<body>
<main>
  <h1>Өтініш</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="photo">
  <label>Аты <input id="named"></label>
  <input id="unnamed" type="text">
  <p id="faint" style="color:#bbb;background:#fff">Мерзімі: 5 жұмыс күні</p>
  <a href="/x" id="empty-link"></a>
</main>
</body></html>"""


def test_the_check_names_the_mistakes_on_a_flawed_page(page):
    page.set_content(FLAWED)
    found = axe_violations(page)
    rules = {line.split(" ", 1)[0] for line in found}
    assert {"image-alt", "label", "color-contrast", "link-name"} <= rules, found
    # Each violation names its element, and the labelled input is not among them.
    assert any('"#unnamed"' in line for line in found), found
    assert not any('"#named"' in line for line in found), found


def test_the_same_page_mended_is_clean(page):
    mended = (
        FLAWED.replace('id="photo"', 'id="photo" alt="Студенттің суреті"')
        .replace('<input id="unnamed" type="text">', '<label>Тобы <input id="unnamed"></label>')
        .replace("color:#bbb", "color:#333")
        .replace('id="empty-link"></a>', 'id="empty-link">Ереже</a>')
    )
    page.set_content(mended)
    assert axe_violations(page) == []

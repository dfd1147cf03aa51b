"""What a reader of a PDF meets: every character with its box and size (pdfminer)."""

import io
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTContainer


@dataclass
class Char:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


def characters(data: bytes) -> tuple[list[Char], list[tuple[float, float, float, float]]]:
    chars, boxes = [], []

    def walk(item, page_number):
        if isinstance(item, LTChar):
            if item.get_text().strip():
                chars.append(Char(page_number, item.get_text(), *item.bbox, item.size))
        elif isinstance(item, LTContainer):
            for child in item:
                walk(child, page_number)

    for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), 1):
        boxes.append(page.bbox)
        walk(page, number)
    return chars, boxes


def fit_problems(data: bytes, *, min_size: float) -> list[str]:
    """Characters outside the page, and text smaller than `min_size` points."""
    chars, boxes = characters(data)
    problems = []
    outside = [
        c
        for c in chars
        if c.x0 < boxes[c.page - 1][0] - 0.5
        or c.x1 > boxes[c.page - 1][2] + 0.5
        or c.y0 < boxes[c.page - 1][1] - 0.5
        or c.y1 > boxes[c.page - 1][3] + 0.5
    ]
    if outside:
        sample = "".join(c.text for c in outside[:40])
        problems.append(f"{len(outside)} characters outside the page, e.g. {sample!r}")
    small = [c for c in chars if c.size < min_size - 0.05]
    if small:
        sizes = sorted({round(c.size, 1) for c in small})
        sample = "".join(c.text for c in small[:40])
        problems.append(f"{len(small)} characters under {min_size} pt ({sizes}): {sample!r}")
    return problems


def text_without_spaces(data: bytes) -> str:
    """All the text in content order, spaces and line breaks dropped: a word broken
    over two lines is still found, a word cut off the page is not."""
    chars, _boxes = characters(data)
    return "".join(c.text for c in chars)


def overlapping(data: bytes) -> list[tuple[Char, Char]]:
    """Pairs of characters of one page whose boxes cover each other (beyond the
    touching of neighbours): text printed over text."""
    chars, _boxes = characters(data)
    pairs = []
    by_page: dict[int, list[Char]] = {}
    for char in chars:
        by_page.setdefault(char.page, []).append(char)
    for page_chars in by_page.values():
        page_chars.sort(key=lambda c: c.y0)
        for i, a in enumerate(page_chars):
            for b in page_chars[i + 1 :]:
                if b.y0 >= a.y1 - 0.2 * (a.y1 - a.y0):
                    break  # sorted by bottom: nothing further up reaches into a
                width = min(a.x1, b.x1) - max(a.x0, b.x0)
                height = min(a.y1, b.y1) - max(a.y0, b.y0)
                if width > 0.3 * min(a.x1 - a.x0, b.x1 - b.x0) and height > 0.3 * min(
                    a.y1 - a.y0, b.y1 - b.y0
                ):
                    pairs.append((a, b))
    return pairs

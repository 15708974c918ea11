"""Legible in every shipped theme: text at least 4.5:1 and marks at least 3:1 (WCAG 2 contrast).

The ANSI themes are left out: their colours are the terminal's own, unknown here.
"""

from __future__ import annotations

import pytest
from textual.color import Color

TEXT, MARK = 4.5, 3.0


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(fg: Color, bg: Color) -> float:
    light, dark = sorted((luminance(bg + fg), luminance(bg)), reverse=True)  # (fg blended on bg)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_measured_as_wcag_says() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast(Color(118, 118, 118), Color(255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast(Color(255, 255, 255, 0.0), Color(0, 0, 0)) == pytest.approx(1.0)


def faint_cells(screen, least_text: float, least_mark: float) -> dict[str, float]:
    """What every leaf widget on `screen` draws, line by line: each run of text (letters or
    digits) below `least_text`, or of marks (other visible characters) below `least_mark`,
    with its ratio."""
    faint: dict[str, float] = {}
    for widget in screen.walk_children(with_self=False):
        if widget.children or not widget.display or not widget.size or widget.is_scrollable:
            continue
        if not screen.find_widget(widget).region:
            continue
        for y in range(widget.size.height):
            for segment in widget.render_line(y):
                style = segment.style
                if style is None or style.color is None or style.bgcolor is None:
                    continue
                if style.reverse or style.dim or not segment.text.strip():
                    continue
                fg = Color.from_rich_color(style.color)
                bg = Color.from_rich_color(style.bgcolor)
                is_text = any(c.isalnum() for c in segment.text)
                ratio = contrast(fg, bg)
                if ratio < (least_text if is_text else least_mark):
                    key = f"{type(widget).__name__} {segment.text.strip()[:30]!r}"
                    faint[key] = min(ratio, faint.get(key, 99.0))
    return faint


SCENES = {
    "the map and contents": (),
    "comparison": ("2",),
    "tiers": ("3",),
    "bookmarks": ("5",),
    "help": ("question_mark",),
    "a section": ("open:bma/alliance-agreement",),
    "advice": ("4",),
}


@pytest.mark.parametrize("scene", list(SCENES))
async def test_text_and_marks_stand_out_in_every_shipped_theme(app, ui, scene) -> None:
    explorer = app()
    too_faint: list[str] = []
    async with explorer.run_test(size=(120, 40)) as pilot:
        await ui.ready(pilot)
        for step in SCENES[scene]:
            if step.startswith("open:"):
                explorer.open(step.removeprefix("open:"))
            else:
                await pilot.press(step)
            await ui.settle(pilot)
        themes = sorted(t for t in explorer.available_themes if not t.startswith("ansi"))
        assert len(themes) >= 10
        for name in themes:
            explorer.theme = name
            await ui.settle(pilot)
            faint = faint_cells(explorer.screen, TEXT, MARK)
            too_faint += [f"{name}: {what} {ratio:.2f}:1" for what, ratio in faint.items()]
    assert not too_faint, "\n".join(too_faint)

"""Choosing a village in the picker (jiefen/geo/forms.py) the way a keyboard user does."""

from __future__ import annotations


def pick_village(page, typed: str, label: str, *, field: str = "village") -> None:
    """Type into the combobox, arrow down to `label`, press Enter; check what it chose."""
    box = f"#id_{field}"
    # Typed before the page's scripts ran, the text would search for nothing: no listener yet.
    page.wait_for_load_state("load")
    page.fill(box, typed)
    options = page.locator(f"#id_{field}-listbox [role=option]")
    options.filter(has_text=label).first.wait_for()
    labels = [text.split("\n")[0] for text in options.all_inner_texts()]
    index = next(i for i, text in enumerate(labels) if text.startswith(label))
    for _ in range(index + 1):
        page.press(box, "ArrowDown")
    page.press(box, "Enter")
    assert page.input_value(box) == label
    assert page.input_value(f"input[type=hidden][name={field}]") != ""

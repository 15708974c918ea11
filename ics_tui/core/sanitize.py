"""Make untrusted content text inert before it reaches a terminal.

Textual passes ESC-based sequences, C1 controls and NUL straight to the terminal
(see the project's Textual notes), so every string from a content pack goes
through `clean_text` at load time. Markup is a separate concern: the UI never
parses content strings as markup.
"""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL, C1 controls, and the Unicode bidirectional
# overrides/isolates that can make displayed text read differently from what it is.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Remove terminal control characters and bidi overrides; keep everything else literal."""
    return _UNSAFE.sub("", text)


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None

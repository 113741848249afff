"""Text that was UTF-8 once and got read as Windows-1252 (``Ã©`` for ``é``, ``Â°C``).

Such text is reported with the spelling it probably had, never repaired silently: the same
characters can be meant (``Ã`` is a Portuguese letter).
"""

from __future__ import annotations

import re

__all__ = ["mojibake_hint"]

# A UTF-8 lead byte read as cp1252 (Â Ã Ä Å Æ Ç Ð Ñ â ã…), then continuation bytes read the same way.
_CONTINUATION = "\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_RE = re.compile(f"[\u00c2-\u00df][{_CONTINUATION}]|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}")
_C1_RE = re.compile("[\u0080-\u009f]")


def mojibake_hint(text: str) -> str:
    """A sentence describing mojibake in ``text`` (``""`` when there is none)."""
    found = _MOJIBAKE_RE.search(text)
    if found:
        span = found.group(0)
        try:
            meant = span.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            meant = ""
        if meant and meant != span:
            shown = meant if meant.isprintable() else f"U+{ord(meant[0]):04X}"
            return f"`{span}` looks like UTF-8 read as Windows-1252 (probably `{shown}`)"
    control = _C1_RE.search(text)
    if control:
        code = ord(control.group(0))
        try:
            meant = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            meant = ""
        hint = f" (Windows-1252 `{meant}` read as Latin-1)" if meant else ""
        return f"holds the control character U+{code:04X}{hint}"
    return ""

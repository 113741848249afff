"""Terminal escape payloads and markup-looking strings, each distinctive enough to find in a
byte stream.

A payload is written into a profile with TOML ``\\u`` escapes (raw control characters are not
valid TOML), loaded, and must reach the terminal only as its visible placeholder form.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

# What the OSC 52 payload would put on the user's clipboard if it got through.
CLIPBOARD_MARKER = "CVTUI-CLIPBOARD-PWNED-7f3a"
CLIPBOARD_B64 = base64.b64encode(CLIPBOARD_MARKER.encode()).decode()


@dataclass(frozen=True)
class Payload:
    """One attack: the text planted in a profile, the raw bytes that must never reach the
    terminal, and the visible placeholder text that must reach it instead."""

    name: str
    text: str
    forbidden: bytes
    visible: str


PAYLOADS: tuple[Payload, ...] = (
    Payload(
        "osc52-clipboard",
        f"\x1b]52;c;{CLIPBOARD_B64}\x07",
        f"\x1b]52;c;{CLIPBOARD_B64}".encode(),
        f"␛]52;c;{CLIPBOARD_B64}␇",
    ),
    Payload("osc0-title", "\x1b]0;PWNED-TITLE\x07", b"\x1b]0;PWNED-TITLE", "␛]0;PWNED-TITLE␇"),
    Payload(
        "osc2-title", "\x1b]2;PWNED-TITLE2\x1b\\", b"\x1b]2;PWNED-TITLE2", "␛]2;PWNED-TITLE2␛\\"
    ),
    Payload(
        "osc8-link",
        "\x1b]8;;https://evil.example/x\x1b\\EVIL-LINK\x1b]8;;\x1b\\",
        b"\x1b]8;;https://evil.example",
        "␛]8;;https://evil.example/x␛\\EVIL-LINK",
    ),
    Payload("dsr-6n", "ASKPOS\x1b[6n", b"ASKPOS\x1b[6n", "ASKPOS␛[6n"),
    Payload("clear-2j", "WIPE\x1b[2J\x1b[H", b"WIPE\x1b[2J", "WIPE␛[2J␛[H"),
    Payload("sgr-red", "RED\x1b[31mRED", b"RED\x1b[31m", "RED␛[31mRED"),
    Payload("c1-csi", "CSI\x9b31mC1", "CSI\x9b".encode(), "CSI\ufffd31mC1"),
    Payload("c1-osc", "OSC\x9d0;PWNED-C1\x9c", "OSC\x9d".encode(), "OSC\ufffd0;PWNED-C1\ufffd"),
    Payload("del", "DEL\x7fDEL", b"DEL\x7f", "DEL␡DEL"),
    Payload("bidi-rlo", "BIDI\u202eDLROW", "BIDI\u202e".encode(), "BIDI\ufffdDLROW"),
    Payload("bidi-isolate", "ISO\u2066LATE\u2069", "ISO\u2066".encode(), "ISO\ufffdLATE\ufffd"),
    Payload("bell", "BELL\x07BELL", b"BELL\x07", "BELL␇BELL"),
    Payload("backspace", "BACK\x08SPACE", b"BACK\x08", "BACK␈SPACE"),
    Payload("carriage-return", "CARRIAGE\rRET", b"CARRIAGE\r", "CARRIAGE␍RET"),
)
"""Every payload; ``text`` holds the raw control characters."""

# Characters that must never appear in anything cvtui writes, whatever their context:
# UTF-8 encoded C1 controls, DEL and bidirectional overrides/isolates.
NEVER_WRITTEN: tuple[bytes, ...] = (
    *(chr(c).encode() for c in range(0x80, 0xA0)),
    b"\x7f",
    *(chr(c).encode() for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))),
)

MARKUP_TITLES: tuple[str, ...] = (
    "[Re] Reproducing Deep RL",
    "Smith [/bold] et al.",
    "[@click=app.quit]x[/]",
    "[link=https://example.org]y[/link]",
    "[bold red]LOUD[/bold red] title",
    "[b]unclosed",
    "]][[ brackets ][",
    "$variable and [$accent]theme[/]",
    "\\[escaped\\] backslashes",
)
"""Titles that look like Rich/Textual markup; each must be shown exactly as typed."""


def toml_escape(text: str) -> str:
    """``text`` as a TOML basic string body: quotes, backslashes and controls escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif (
            code < 0x20
            or 0x7F <= code <= 0x9F
            or 0x202A <= code <= 0x202E
            or 0x2066 <= code <= 0x2069
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def q(text: str) -> str:
    """A quoted TOML string holding ``text``."""
    return f'"{toml_escape(text)}"'


def hostile_profile(person_id: str = "eve-hostile") -> str:
    """A profile with a payload in every kind of field: name, headline, papers, events, links."""
    p = PAYLOADS
    names = [f"{x.name} {x.text}" for x in p]
    lines = [
        f"id = {q(person_id)}",
        f"name = {q('Eve ' + p[1].text)}",
        f"aliases = [{q('Evil ' + p[2].text)}]",
        f"headline = {q('Head ' + p[0].text + p[4].text)}",
        f"affiliation = {q('Org ' + p[7].text + p[10].text)}",
        f"summary = {q(' / '.join(names))}",
        f"interests = [{q('Interest ' + p[3].text)}, {q('Topic ' + p[8].text)}]",
        "",
        "[links]",
        f"homepage = {q('https://evil.example/' + p[3].text)}",
        f"email = {q('eve@evil.example' + p[0].text)}",
        "",
        "[[metrics]]",
        f"name = {q('h-index ' + p[5].text)}",
        f"value = {q('7 ' + p[6].text)}",
        "",
        "[[education]]",
        f"institution = {q('Univ ' + p[1].text)}",
        f"degree = {q('PhD ' + p[9].text)}",
        'start = "2019"',
        'end = "2024"',
        f"advisors = [{q('Adv ' + p[12].text)}]",
        "",
        "[[experience]]",
        'kind = "internship"',
        f"organisation = {q('Lab ' + p[0].text)}",
        f"role = {q('Intern ' + p[5].text)}",
        'start = "2022-06"',
        'end = "2022-09"',
        f"summary = {q('Did ' + p[11].text)}",
        "",
    ]
    for i, payload in enumerate(p):
        lines += [
            "[[papers]]",
            f"id = {q(f'paper-{i}')}",
            f"title = {q(f'T{i} {payload.name} ' + payload.text)}",
            f"authors = [{q('Eve ' + p[1].text)}, {q('Mallory ' + payload.text)}]",
            f"venue = {q('Venue ' + payload.text)}",
            f"year = {2000 + i}",
            f"summary = {q('Summary ' + payload.text)}",
            f"categories = [{q('cat' + payload.text)}]",
            "",
            "[papers.links]",
            f"url = {q('https://evil.example/' + str(i) + payload.text)}",
            "",
        ]
    lines += [
        "[[awards]]",
        f"title = {q('Award ' + p[6].text)}",
        'date = "2021"',
        f"awarder = {q('Awarder ' + p[13].text)}",
        "",
        "[[skills]]",
        f"category = {q('Skills ' + p[14].text)}",
        f"items = [{q('Skill ' + p[9].text)}]",
        "",
    ]
    return "\n".join(lines) + "\n"


def markup_profile(person_id: str = "mark-up") -> str:
    """A profile whose strings all look like markup (one paper per markup title)."""
    t = MARKUP_TITLES
    lines = [
        f"id = {q(person_id)}",
        f"name = {q('[b]Mark[/b] Up')}",
        f"headline = {q(t[1])}",
        f"affiliation = {q(t[3])}",
        f"summary = {q(' | '.join(t))}",
        "",
        "[[experience]]",
        f"organisation = {q(t[2])}",
        f"role = {q(t[0])}",
        'start = "2020"',
        'end = "2021"',
        "",
    ]
    for i, title in enumerate(t):
        lines += [
            "[[papers]]",
            f"title = {q(title)}",
            f"authors = [{q('Smith [/bold]')}, {q('[@click=app.quit]Jones[/]')}]",
            f"venue = {q('[link=https://example.org]Venue[/link]')}",
            f"year = {2010 + i}",
            f"summary = {q('Summary of ' + title)}",
            "",
        ]
    return "\n".join(lines) + "\n"


_ANSI_RE = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1bP[^\x1b]*\x1b\\"  # DCS
    rb"|\x1b[()][A-Za-z0-9]"  # charset
    rb"|\x1b[=>78]"
)


def visible_text(raw: bytes) -> str:
    """The printable text in a terminal byte stream (escape sequences removed)."""
    return _ANSI_RE.sub(b"", raw).decode("utf-8", "replace")


def escape_sequences(raw: bytes) -> list[bytes]:
    """Every escape sequence in ``raw``, for reporting what an app legitimately emits."""
    return _ANSI_RE.findall(raw)


def leaks(raw: bytes) -> list[str]:
    """Payload sequences found in ``raw`` (empty when nothing hostile got through)."""
    found = [p.name for p in PAYLOADS if p.forbidden in raw]
    found += [f"never-written {b!r}" for b in NEVER_WRITTEN if b in raw]
    for match in re.finditer(rb"\x1b\]52;[^;]*;([A-Za-z0-9+/=]*)", raw):
        try:
            decoded = base64.b64decode(match.group(1))
        except ValueError:
            continue
        if CLIPBOARD_MARKER.encode() in decoded:
            found.append("osc52 carrying the clipboard marker")
    return found

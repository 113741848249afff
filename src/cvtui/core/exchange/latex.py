"""LaTeX in BibTeX values ↔ plain Unicode text.

Real BibTeX files spell accents as ``{\\"u}``, protect words with braces, tie initials with
``~`` and name journals with NASA ADS macros such as ``{\\aap}``. Profiles hold plain text, so
imported values are decoded once here; exported values are encoded back so that classic
BibTeX reads them.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

__all__ = ["JOURNAL_MACROS", "latex_to_text", "protect_capitals", "text_to_latex"]

# The macros of the AAS journal abbreviations (aas_macros.sty) that NASA ADS writes into
# exported BibTeX, expanded to the journals' readable names.
JOURNAL_MACROS: dict[str, str] = {
    "aj": "Astronomical Journal",
    "actaa": "Acta Astronomica",
    "araa": "Annual Review of Astronomy and Astrophysics",
    "apj": "Astrophysical Journal",
    "apjl": "Astrophysical Journal Letters",
    "apjs": "Astrophysical Journal Supplement Series",
    "ao": "Applied Optics",
    "apss": "Astrophysics and Space Science",
    "aap": "Astronomy and Astrophysics",
    "aapr": "Astronomy and Astrophysics Reviews",
    "aaps": "Astronomy and Astrophysics Supplement Series",
    "azh": "Astronomicheskii Zhurnal",
    "baas": "Bulletin of the American Astronomical Society",
    "caa": "Chinese Astronomy and Astrophysics",
    "cjaa": "Chinese Journal of Astronomy and Astrophysics",
    "icarus": "Icarus",
    "jcap": "Journal of Cosmology and Astroparticle Physics",
    "jrasc": "Journal of the Royal Astronomical Society of Canada",
    "memras": "Memoirs of the Royal Astronomical Society",
    "mnras": "Monthly Notices of the Royal Astronomical Society",
    "na": "New Astronomy",
    "nar": "New Astronomy Reviews",
    "pra": "Physical Review A",
    "prb": "Physical Review B",
    "prc": "Physical Review C",
    "prd": "Physical Review D",
    "pre": "Physical Review E",
    "prl": "Physical Review Letters",
    "pasa": "Publications of the Astronomical Society of Australia",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "pasj": "Publications of the Astronomical Society of Japan",
    "psj": "Planetary Science Journal",
    "qjras": "Quarterly Journal of the Royal Astronomical Society",
    "rmxaa": "Revista Mexicana de Astronomía y Astrofísica",
    "skytel": "Sky and Telescope",
    "solphys": "Solar Physics",
    "sovast": "Soviet Astronomy",
    "ssr": "Space Science Reviews",
    "zap": "Zeitschrift für Astrophysik",
    "nat": "Nature",
    "iaucirc": "IAU Circulars",
    "aplett": "Astrophysics Letters",
    "apspr": "Astrophysics Space Physics Research",
    "bain": "Bulletin of the Astronomical Institutes of the Netherlands",
    "fcp": "Fundamentals of Cosmic Physics",
    "gca": "Geochimica et Cosmochimica Acta",
    "grl": "Geophysical Research Letters",
    "jcp": "Journal of Chemical Physics",
    "jgr": "Journal of Geophysical Research",
    "jqsrt": "Journal of Quantitative Spectroscopy and Radiative Transfer",
    "memsai": "Memorie della Società Astronomica Italiana",
    "nphysa": "Nuclear Physics A",
    "physrep": "Physics Reports",
    "physscr": "Physica Scripta",
    "planss": "Planetary and Space Science",
    "procspie": "Proceedings of the SPIE",
}
_MACRO_RE = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])")
_SPACE_RE = re.compile(r"\s+")
_URL_RE = re.compile(r"\\(?:url|href)\{([^{}]*)\}(?:\{[^{}]*\})?")
_CAPS_WORD_RE = re.compile(
    r"(?<![\w{\\])([A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z])(?![\w}])"
)


def _expand_journal_macros(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return JOURNAL_MACROS.get(name, match.group(0))

    return _MACRO_RE.sub(replace, value)


@lru_cache(maxsize=1)
def _decoder() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)
    return LatexNodes2Text(math_mode="text", keep_comments=False, strict_latex_spaces=False)


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)
    return UnicodeToLatexEncoder(
        non_ascii_only=False,
        replacement_latex_protection="braces-almost-all",
        unknown_char_policy="keep",
    )


def latex_to_text(value: str) -> str:
    """Plain text of a BibTeX value: accents to Unicode, braces and ties gone, spaces collapsed.

    ``Ga{\\"e}l`` → ``Gaël``, ``{\\aap}`` → ``Astronomy and Astrophysics``,
    ``A.~J.~M.`` → ``A. J. M.``.
    """
    if not value:
        return ""
    text = _URL_RE.sub(lambda m: m.group(1), _expand_journal_macros(value))
    if any(c in text for c in "\\{}$~%`'-"):
        try:
            text = _decoder().latex_to_text(text)
        except Exception:  # pylatexenc is lenient; a surprise must not stop an import
            text = text.replace("{", "").replace("}", "")
    text = text.replace("\u00a0", " ")
    return _SPACE_RE.sub(" ", text).strip()


def text_to_latex(value: str) -> str:
    """A BibTeX-safe spelling of plain text: specials escaped, accents as LaTeX commands."""
    return str(_encoder().unicode_to_latex(value))


def protect_capitals(value: str) -> str:
    """Brace words whose capitals matter (``LLM``, ``BeaverTails``) so styles keep them.

    Expects text already encoded by :func:`text_to_latex`; the braces vanish on import.
    """
    return _CAPS_WORD_RE.sub(
        lambda m: "{" + m.group(1) + "}" if len(m.group(1)) > 1 else m.group(1), value
    )

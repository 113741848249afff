"""The fast TOML parser used for large cold loads must give exactly what tomli gives.

Large sets are parsed with ``rtoml`` and files it rejects are re-parsed by tomli
(:mod:`cvtui.core.parallel`). If the two ever disagreed on a valid file, a profile would
load differently depending on how many files sat beside it; these tests pin them together.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from cvtui.core.loading import load_text
from cvtui.core.parallel import loads_toml

ROOT = Path(__file__).parents[1]


def _utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:  # rejected before any parser runs
        return False
    return True


SAMPLES = sorted(
    p
    for p in [*ROOT.glob("profiles/*.toml"), *(ROOT / "tests" / "fixtures").rglob("*.toml")]
    if _utf8(p)
)


def outcome(text: str, parse=None):  # type: ignore[no-untyped-def]
    kwargs = {"parse": parse} if parse else {}
    person, problems = load_text(text, "f.toml", "f", **kwargs)
    return person, [(p.line, p.col, p.field, p.message, p.severity) for p in problems]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_outcome_on_every_sample_file(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    assert outcome(text, loads_toml) == outcome(text)


TRICKY = [
    'name = "x"\n[[papers]]\ntitle = "t"\ndate = 2024-09-01\n',
    'name = "x"\n[[papers]]\ntitle = "t"\ndate = 2024-09-01T10:00:00Z\n',
    'name = "x"\nsummary = """\nline one\\\n  continued\n"""\n',
    "name = 'literal \\n stays'\n",
    'name = "x"\n[links]\nhomepage = "https://a.example"\n[links]\nhomepage = "dup"\n',
    'name = "x"\nname = "y"\n',
    'name = "x"\n[[metrics]]\nname = "h"\nvalue = 1e3\n',
    'name = "x"\n[[metrics]]\nname = "h"\nvalue = inf\n',
    'name = "\\u001b[2J"\n',
    'name = "x"\n"quoted.key" = 1\n',
    'name = "x"\na = [1, "mixed"]\n',
    'name = "x"\n[[papers]]\ntitle = "t"\nyear = 0x7E8\n',
]


@pytest.mark.parametrize("text", TRICKY)
def test_same_outcome_on_tricky_documents(text: str) -> None:
    assert outcome(text, loads_toml) == outcome(text)


toml_values = st.recursive(
    st.one_of(
        st.text(max_size=20),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.booleans(),
        st.floats(allow_nan=False),
    ),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "headline", "papers", "links", "x"]), toml_values))
def test_same_data_for_generated_documents(doc: dict) -> None:  # type: ignore[type-arg]
    import tomlkit

    try:
        text = tomlkit.dumps(doc)
    except Exception:  # tomlkit cannot write every structure (e.g. mixed arrays of tables)
        return
    try:
        expected = tomli.loads(text)
    except tomli.TOMLDecodeError:
        return
    assert loads_toml(text) == expected

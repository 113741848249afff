"""Property tests: the loader and the search never raise, whatever they are given.

A short run in every test session; ``bench/fuzz_campaign.py`` runs the same properties for
100,000 examples. Time is bounded by Hypothesis' per-example deadline, not by wall-clock
assertions.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cvtui.core.search import SearchIndex
from hostile import properties as prop
from hostile import strategies as s
from hostile.payloads import hostile_profile, markup_profile

FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)

SEED_TEXTS = [
    hostile_profile(),
    markup_profile(),
    'name = "A"\n[[papers]]\ntitle = "T"\nyear = 2020\n',
]


@FUZZ
@given(st.text())
@example("")
@example("name = 'x'\n" + "a = [" * 200 + "]" * 200)
def test_load_text_any_text(text: str) -> None:
    prop.check_text(text)


@FUZZ
@given(s.toml_like_text)
def test_load_text_toml_like(text: str) -> None:
    prop.check_text(text)


@FUZZ
@given(s.profile_documents)
@example({"name": "0\r", "headline": "\b\f"})
@example({"name": "", "id": ""})
def test_load_text_profile_documents(document: dict) -> None:
    text = s.dumps(document)
    if text is not None:
        prop.check_text(text)


@FUZZ
@given(st.sampled_from(SEED_TEXTS), s.edits)
def test_load_text_mutated_profiles(seed: str, edits: list) -> None:
    prop.check_text(s.mutate(seed, edits))


@FUZZ
@given(s.profile_documents)
def test_both_parsers_agree(document: dict) -> None:
    text = s.dumps(document)
    if text is not None:
        prop.check_text_both_parsers(text)


@FUZZ
@given(st.binary(max_size=400))
@example(b"\xef\xbb\xbfname = 'x'\r\n")
@example(b'name = "\xff"\n')
def test_load_file_any_bytes(data: bytes) -> None:
    prop.check_bytes(data)


@FUZZ
@given(st.sampled_from(SEED_TEXTS), s.edits)
def test_load_file_mutated_bytes(seed: str, edits: list) -> None:
    prop.check_bytes(s.mutate(seed, edits).encode("utf-8", "surrogatepass"))


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    index = SearchIndex(prop.search_library())
    index.warm()
    return index


@FUZZ
@given(query=s.query_text)
@example(query="")
@example(query="|")
@example(query="year:2019..2015 !")
@example(query="'" * 50)
def test_search_any_query(index: SearchIndex, query: str) -> None:
    prop.check_query(index, query)


@FUZZ
@given(query=st.text())
def test_search_any_text(index: SearchIndex, query: str) -> None:
    prop.check_query(index, query)


# --- around the profiles: file names, special files, imports, config ---------------------------

SMALL = settings(
    max_examples=40,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


@SMALL
@given(s.file_name_bytes)
@example(b"caf\xe9")
@example(b"-c!id>PWNED")
@example(b"x\nfake.toml:1:1: error injected\n")
@example(b"\x1b]0;T\x07\xff\xfe")
def test_any_file_name(name: bytes) -> None:
    prop.check_file_name(name)


@SMALL
@given(s.special_sets)
@example(["fifo", "zero", "urandom", "socket", "dangling", "loop", "directory", "null"])
def test_special_files(kinds: list[str]) -> None:
    prop.check_special_files(kinds)


@FUZZ
@given(s.bibtex_text())
@example("@article{k,\n  title = {T},\n  x\x1b]0;TITLE\x1b\\y = {v}\n}\n")
@example("@article{k0,\n  year = {0\r0}\n}\n")
@example("@article{0\r0,\n\n}\n")
@example("@article{k0,\n  title = {0},\n  author = {\x1b}\n}\n")
@example("@article{k0,\n  title = {0},\n  editor = {A\x1b]0;X\x07B and C}\n}\n")
def test_any_bibtex(text: str) -> None:
    prop.check_bibtex(text)


@FUZZ
@given(s.jsonresume_documents)
@example({"basics": {"name": "A\ud800B\x1b[2J", "label": "\udce9"}})
def test_any_jsonresume(document: dict) -> None:
    prop.check_jsonresume(document)


@FUZZ
@given(s.config_documents)
@example({"bad\x07key": 1, "cache": False, "keymap": {"app.help": "\x1b[2J", "app.quit": "x"}})
@example({"cache": False, "\ud800": {}})
def test_any_config(document: dict) -> None:
    prop.check_config(document)

"""``cvtui import orcid|dblp|openalex|semanticscholar`` and ``cvtui refresh``, end to end:
recorded responses read from files or replayed by a local server, merged into profiles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import tomli

from cvtui.cli import main
from cvtui.core.loading import load_paths
from cvtui.core.services.http import HttpClient
from service_replay import FIXTURES, Answer, Replay, ok, s2_routes, serve


def today() -> str:
    """The date an import stamps on its metrics: read when checked, not when this file was
    imported (a suite run can cross midnight)."""
    return dt.date.today().isoformat()


TURING = FIXTURES / "s2-author-turing.json"
CARBERRY_V3 = FIXTURES / "orcid-record-full-3.0.json"

HAND_WRITTEN = """\
# Alan's profile, kept by hand.
name = "Alan Turing"
affiliation = "University of Manchester"

[[metrics]]
name = "h-index"
value = 20
source = "Semantic Scholar"
as_of = "2024-05"

[[metrics]]
name = "citations"
value = 99999
source = "Google Scholar"
as_of = "2025-01"

[[papers]]
title = "Computing Machinery and Intelligence (1950)"
venue = "Mind"            # as I cite it
year = 1950
summary = "The imitation game."

[papers.links]
doi = "10.1093/oso/9780198250791.003.0017"

[[papers]]
title = "Review of two collections of essays about Alan Turing"
authors = ["Alan Turing", "Jonathan Bowen", "Mark Sprevak", "Robin Wilson", "Alisa Bokulich"]
"""


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    directory = tmp_path / "profiles"
    directory.mkdir()
    (directory / "alan-turing.toml").write_text(HAND_WRITTEN, encoding="utf-8")
    return directory


def run(*args: str) -> int:
    return main(list(args))


def data(path: Path) -> dict:
    return tomli.loads(path.read_text(encoding="utf-8"))


def test_import_merges_into_a_hand_written_profile(
    profiles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = profiles / "alan-turing.toml"
    status = run(
        "import",
        "semanticscholar",
        "2262347",
        "--person",
        "alan-turing",
        "--file",
        str(TURING),
        "--dir",
        str(profiles),
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "added 58 papers, merged 2" in out
    assert "merged  Computing Machinery and Intelligence (1950) (same DOI" in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Alan's profile, kept by hand.\n")
    assert 'venue = "Mind"            # as I cite it' in text  # comments and layout stay
    doc = data(path)
    assert doc["name"] == "Alan Turing" and doc["affiliation"] == "University of Manchester"
    assert doc["aliases"] == ["A. Turing", "Alan M. Turing"]
    assert doc["links"] == {"semantic_scholar": "https://www.semanticscholar.org/author/2262347"}
    papers = doc["papers"]
    assert len(papers) == 60  # 60 works at the source, two of them already here: no duplicates
    written = papers[0]
    # The hand-written entry keeps every field; what it lacked is filled.
    assert (written["title"], written["venue"], written["year"]) == (
        "Computing Machinery and Intelligence (1950)",
        "Mind",
        1950,
    )
    assert written["summary"] == "The imitation game."
    assert "date" not in written  # the source's 1989 reprint date contradicts 1950
    assert written["links"]["semantic_scholar"].endswith("b7682dfbd4c03e287265d64e46388d21eedf3394")
    review = papers[1]
    assert review["authors"][0] == "Alan Turing"  # the profile's spelling stays
    assert review["author_ids"] == [
        "s2:2262347",
        "s2:1772040",
        "s2:3075367",
        "s2:2109033245",
        "s2:2085428",
    ]
    assert (review["venue"], review["year"], review["type"]) == ("Cryptologia", 2020, "journal")
    metrics = {(m["name"], m["source"]): (m["value"], m["as_of"]) for m in doc["metrics"]}
    assert metrics == {
        ("h-index", "Semantic Scholar"): (23, today()),  # the source's new reading
        ("citations", "Google Scholar"): (99999, "2025-01"),  # another source's, kept
        ("citations", "Semantic Scholar"): (12415, today()),
        ("papers", "Semantic Scholar"): (60, today()),
    }
    assert not load_paths([profiles]).problems
    # The same record again: found by its link, nothing new to write.
    before = path.read_bytes()
    assert (
        run("import", "semanticscholar", "2262347", "--file", str(TURING), "--dir", str(profiles))
        == 0
    )
    assert "was not written" in capsys.readouterr().out  # nothing changed
    assert path.read_bytes() == before


def test_dry_run_shows_the_diff_and_writes_nothing(
    profiles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = profiles / "alan-turing.toml"
    before = path.read_bytes()
    assert (
        run(
            "import",
            "semanticscholar",
            "2262347",
            "--person",
            "alan-turing",
            "--file",
            str(TURING),
            "--dir",
            str(profiles),
            "--dry-run",
        )
        == 0
    )
    captured = capsys.readouterr()
    assert captured.out.startswith(f"--- a/{path}\n+++ b/{path}\n")
    assert "-value = 20\n+value = 23\n" in captured.out
    assert '+title = "Dystopian or Utopian? Two Images of Alan Turing"' in captured.out
    assert "dry run: nothing was written" in captured.err
    assert path.read_bytes() == before


def test_a_new_profile_from_an_orcid_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "lab"
    directory.mkdir()
    assert (
        run(
            "import",
            "orcid",
            "0000-0002-7319-2192",
            "--file",
            str(CARBERRY_V3),
            "--dir",
            str(directory),
        )
        == 0
    )
    path = directory / "three-releasecandidate1.toml"
    doc = data(path)
    assert path.read_text().startswith(
        "# Profile created by `cvtui import orcid` from ORCID 0000-0002-7319-2192."
    )
    assert doc["links"]["orcid"] == "https://sandbox.orcid.org/0000-0002-7319-2192"
    assert {e["kind"] for e in doc["experience"]} == {"position", "visiting"}
    assert doc["awards"][0]["awarder"] == "common:name"
    assert [s["role"] for s in doc["service"]][-1] == "Reviewer"
    assert doc["metrics"] == [{"name": "papers", "value": 1, "source": "ORCID", "as_of": today()}]
    out = capsys.readouterr().out
    assert "not imported (no place in a profile): countries (3)" in out
    # A second import finds the profile by its ORCID link and adds nothing.
    assert (
        run(
            "import",
            "orcid",
            "0000-0002-7319-2192",
            "--file",
            str(CARBERRY_V3),
            "--dir",
            str(directory),
        )
        == 0
    )
    assert "was not written" in capsys.readouterr().out  # nothing changed
    # An existing file of that name is not replaced without --force.
    (directory / "three-releasecandidate1.toml").rename(directory / "other.toml")
    (directory / "three-releasecandidate1.toml").write_text('name = "Someone Else"\n')
    (directory / "other.toml").unlink()
    assert (
        run(
            "import",
            "orcid",
            "0000-0002-7319-2192",
            "--file",
            str(CARBERRY_V3),
            "--dir",
            str(directory),
        )
        == 2
    )
    assert "exists; pass --person three-releasecandidate1 to merge into it" in (
        capsys.readouterr().err
    )


def test_a_profile_linking_another_record_is_not_merged_without_force(
    profiles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = profiles / "alan-turing.toml"
    path.write_text(
        HAND_WRITTEN.replace(
            'affiliation = "University of Manchester"\n',
            'affiliation = "University of Manchester"\n\n[links]\n'
            'semantic_scholar = "https://www.semanticscholar.org/author/999"\n',
        )
    )
    before = path.read_bytes()
    assert (
        run(
            "import",
            "semanticscholar",
            "2262347",
            "--person",
            "alan-turing",
            "--file",
            str(TURING),
            "--dir",
            str(profiles),
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "links.semantic_scholar is https://www.semanticscholar.org/author/999" in err
    assert "pass --force to import anyway" in err
    assert path.read_bytes() == before
    assert (
        run(
            "import",
            "semanticscholar",
            "2262347",
            "--person",
            "alan-turing",
            "--file",
            str(TURING),
            "--dir",
            str(profiles),
            "--force",
        )
        == 0
    )
    assert data(path)["links"]["semantic_scholar"].endswith("/999")  # the written link stays


def test_a_file_of_another_record_and_bad_ids_are_refused(
    profiles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run("import", "semanticscholar", "1741101", "--file", str(TURING), "--dir", str(profiles))
        == 2
    )
    assert "holds Semantic Scholar record 2262347, not 1741101" in capsys.readouterr().err
    assert run("import", "dblp", "not a pid", "--dir", str(profiles)) == 2
    assert "is not a DBLP person id" in capsys.readouterr().err
    assert run("import", "openalex", "W2741809807", "--dir", str(profiles)) == 2
    assert "is not an OpenAlex author id" in capsys.readouterr().err
    broken = profiles / "broken.json"
    broken.write_text('{"authorId": ')
    assert (
        run("import", "semanticscholar", "2262347", "--file", str(broken), "--dir", str(profiles))
        == 2
    )
    assert "holds malformed JSON (line 1" in capsys.readouterr().err


# --- over the (local) network ----------------------------------------------------------------


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    with serve(Replay()) as running:
        for name, prefix in (
            ("SEMANTICSCHOLAR", "/s2"),
            ("ORCID", "/orcid"),
            ("DBLP", "/dblp"),
            ("OPENALEX", "/oa"),
        ):
            monkeypatch.setenv(f"CVTUI_{name}_URL", running.url + prefix)
        # Backoff waits are recorded, not slept: a retried 500 costs no time.
        running.slept = []  # type: ignore[attr-defined]
        monkeypatch.setattr(
            "cvtui.services_cli._client",
            lambda: HttpClient("lab@example.org", sleep=running.slept.append),  # type: ignore[attr-defined]
        )
        yield running


def test_import_over_the_network(
    profiles: Path, replay: Replay, capsys: pytest.CaptureFixture[str]
) -> None:
    s2_routes(replay)
    assert (
        run(
            "import",
            "semanticscholar",
            "2262347",
            "--person",
            "alan-turing",
            "--dir",
            str(profiles),
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "reading Semantic Scholar 2262347" in err
    assert "Semantic Scholar: 60 of 60 works" in err
    assert len(data(profiles / "alan-turing.toml")["papers"]) == 60
    assert replay.requests[0].headers["User-Agent"].startswith("cvtui/")


def test_unknown_id_is_one_line(
    profiles: Path, replay: Replay, capsys: pytest.CaptureFixture[str]
) -> None:
    replay.route("/dblp/pid/1/1.xml", Answer(404, b""))
    assert run("import", "dblp", "1/1", "--dir", str(profiles)) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("cvtui:")]
    assert lines == ["cvtui: DBLP has no person 1/1"]


def test_refresh_updates_metrics_and_adds_new_works(
    profiles: Path, replay: Replay, capsys: pytest.CaptureFixture[str]
) -> None:
    path = profiles / "alan-turing.toml"
    assert (
        run(
            "import",
            "semanticscholar",
            "2262347",
            "--person",
            "alan-turing",
            "--file",
            str(TURING),
            "--dir",
            str(profiles),
        )
        == 0
    )
    # A week on, Semantic Scholar knows one more paper and one more citation.
    turing = json.loads(TURING.read_text())
    turing["citationCount"] += 1
    new = dict(turing["papers"][0], paperId="f" * 40, title="A Newly Found Note", abstract=None)
    turing["papers"].append(new)
    replay.route("/s2/author/2262347", ok(turing))
    replay.route("/s2/author/2262347/papers", ok({"offset": 0, "data": turing["papers"]}))
    # The profile also links an ORCID record that is not there any more.
    text = path.read_text().replace(
        "[links]\n", '[links]\norcid = "https://orcid.org/0000-0002-1825-0097"\n', 1
    )
    path.write_text(text)
    replay.route("/orcid/0000-0002-1825-0097/record", Answer(500))
    capsys.readouterr()
    assert run("refresh", "--dir", str(profiles), "--dry-run") == 1
    captured = capsys.readouterr()
    assert "-value = 12415\n+value = 12416\n" in captured.out
    assert '+title = "A Newly Found Note"' in captured.out
    assert "ORCID 0000-0002-1825-0097: ORCID kept failing with 500" in captured.err
    assert len([r for r in replay.requests if r.path.startswith("/orcid")]) == 4  # 3 retries
    assert path.read_text() == text
    capsys.readouterr()
    assert run("refresh", "alan-turing", "--dir", str(profiles)) == 1
    doc = data(path)
    assert len(doc["papers"]) == 61
    assert {(m["name"], m["source"]): m["value"] for m in doc["metrics"]}[
        ("citations", "Semantic Scholar")
    ] == 12416
    assert doc["papers"][0]["summary"] == "The imitation game."  # never touched
    out = capsys.readouterr().out
    assert "Semantic Scholar 2262347: added 1 papers, merged 60" in out


def test_refresh_offline_is_one_line_per_record(
    profiles: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("CVTUI_SEMANTICSCHOLAR_URL", f"http://127.0.0.1:{port}")
    path = profiles / "alan-turing.toml"
    path.write_text(HAND_WRITTEN + '\n[links]\nsemantic_scholar = "2262347"\n')
    assert run("refresh", "--dir", str(profiles)) == 1
    err = capsys.readouterr().err
    assert "Semantic Scholar 2262347: cannot reach 127.0.0.1 (" in err
    assert "1 record could not be read" in err
    assert run("refresh", "nobody", "--dir", str(profiles)) == 2
    assert "no profile with id `nobody`" in capsys.readouterr().err


def test_openalex_by_orcid_then_by_its_own_id_is_one_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [
        "--file",
        str(FIXTURES / "openalex-author-A5023888391.json"),
        "--file",
        str(FIXTURES / "openalex-work-W2741809807.json"),
    ]
    directory = tmp_path / "p"
    directory.mkdir()
    assert run("import", "openalex", "0000-0001-6187-6610", *files, "--dir", str(directory)) == 0
    doc = data(directory / "jason-priem.toml")
    assert doc["links"] == {
        "openalex": "https://openalex.org/A5023888391",
        "orcid": "https://orcid.org/0000-0001-6187-6610",
    }
    assert doc["papers"][0]["links"]["openalex"] == "https://openalex.org/W2741809807"
    assert run("import", "openalex", "A5023888391", *files, "--dir", str(directory)) == 0
    assert "was not written" in capsys.readouterr().out  # nothing changed
    assert [p.name for p in directory.iterdir()] == ["jason-priem.toml"]

"""Writing profiles: comments and layout kept, dry runs write nothing, writes are atomic,
existing profiles are never replaced without --force, the bundled profiles are never touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cvtui.cli import main
from cvtui.core import sources
from cvtui.core.exchange.skeleton import profile_id, skeleton_text
from cvtui.core.exchange.writer import ProfileWriteError, add_papers
from cvtui.core.loading import load_file, load_text

PROFILE = """\
# Ada's profile — hand written; keep this comment.
name = "Ada Example"   # the name as she writes it

[[papers]]
title = "First Paper"   # an inline comment
year = 2020

  [papers.links]
  url = "https://a.example"

# ---- awards below
[[awards]]
title = "Prize"
"""
BIB = (
    "@article{new2024, title={A New Paper}, author={Ada Example and B. Other}, year=2024, journal={J}}\n"
    "@article{first, title={First Paper}, doi={10.1/first}}\n"
)


def _setup(tmp_path: Path, text: str = PROFILE) -> tuple[Path, Path]:
    directory = tmp_path / "profiles"
    directory.mkdir()
    profile = directory / "ada.toml"
    profile.write_text(text, encoding="utf-8", newline="")
    bib = tmp_path / "in.bib"
    bib.write_text(BIB, encoding="utf-8")
    return directory, profile


def _import(directory: Path, bib: Path, *extra: str) -> int:
    return main(["import", "bibtex", str(bib), "--person", "ada", "--dir", str(directory), *extra])


def test_existing_comments_order_and_layout_are_kept(tmp_path: Path) -> None:
    directory, profile = _setup(tmp_path)
    assert _import(directory, tmp_path / "in.bib") == 0
    text = profile.read_text(encoding="utf-8")
    for line in PROFILE.splitlines():
        assert line in text.splitlines()
    assert text.index("First Paper") < text.index("A New Paper") < text.index("# ---- awards below")
    assert 'doi = "10.1/first"' in text
    person, problems = load_file(profile)
    assert person is not None and [p.title for p in person.papers] == ["First Paper", "A New Paper"]
    assert person.papers[0].links.doi == "10.1/first"
    assert problems == []


def test_dry_run_prints_a_diff_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory, profile = _setup(tmp_path)
    before = profile.read_bytes()
    stamp = profile.stat().st_mtime_ns
    assert _import(directory, tmp_path / "in.bib", "--dry-run") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"--- a/{profile}\n+++ b/{profile}\n")
    assert '+title = "A New Paper"' in captured.out
    assert "nothing was written" in captured.err
    assert profile.read_bytes() == before
    assert profile.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in directory.iterdir()) == ["ada.toml"]


def test_dry_run_of_a_new_profile_creates_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory, _ = _setup(tmp_path)
    assert main(["new", "Grace Hopper", "--dir", str(directory), "--dry-run"]) == 0
    assert "+++ b/" in capsys.readouterr().out
    assert not (directory / "grace-hopper.toml").exists()


def test_a_failing_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory, profile = _setup(tmp_path)
    before = profile.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    assert _import(directory, tmp_path / "in.bib") == 1
    assert profile.read_bytes() == before
    assert sorted(p.name for p in directory.iterdir()) == ["ada.toml"]  # no temporary file left


def test_a_write_interrupted_midway_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory, profile = _setup(tmp_path)
    before = profile.read_bytes()
    real_fsync = os.fsync

    def fail_on_file_fsync(fd: int) -> None:
        if os.path.isfile(f"/proc/self/fd/{fd}") or not os.path.exists("/proc/self/fd"):
            raise OSError(5, "I/O error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fail_on_file_fsync)
    assert _import(directory, tmp_path / "in.bib") == 1
    assert profile.read_bytes() == before
    assert sorted(p.name for p in directory.iterdir()) == ["ada.toml"]


def test_crlf_profile_stays_crlf(tmp_path: Path) -> None:
    directory, profile = _setup(tmp_path, PROFILE.replace("\n", "\r\n"))
    assert _import(directory, tmp_path / "in.bib") == 0
    data = profile.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert b"A New Paper" in data


def test_inline_papers_array_is_extended(tmp_path: Path) -> None:
    text = 'name = "Ada"\npapers = [{ title = "First Paper" }]\n'
    out = add_papers(text, [{"title": "Second", "links": {"doi": "10.1/x"}}])
    person, problems = load_text(out, "a.toml", "a")
    assert person is not None and [p.title for p in person.papers] == ["First Paper", "Second"]
    assert problems == []


def test_profile_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfileWriteError):
        add_papers('name = "Ada\n', [{"title": "X"}])


def test_missing_profile_needs_a_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory, _ = _setup(tmp_path)
    assert (
        main(
            [
                "import",
                "bibtex",
                str(tmp_path / "in.bib"),
                "--person",
                "zed",
                "--dir",
                str(directory),
            ]
        )
        == 2
    )
    assert "--name" in capsys.readouterr().err
    assert (
        main(
            [
                "import",
                "bibtex",
                str(tmp_path / "in.bib"),
                "--person",
                "zed",
                "--name",
                "Zed",
                "--dir",
                str(directory),
            ]
        )
        == 0
    )
    person, problems = load_file(directory / "zed.toml")
    assert person is not None and person.name == "Zed" and len(person.papers) == 2
    assert problems == []


# --- cvtui new --------------------------------------------------------------------------------


def test_new_writes_a_skeleton_that_loads_cleanly(tmp_path: Path) -> None:
    assert main(["new", "José Müller-Lüdenscheidt", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "jose-muller-ludenscheidt.toml"
    person, problems = load_file(path)
    assert person is not None and person.name == "José Müller-Lüdenscheidt"
    assert problems == []
    assert path.read_text(encoding="utf-8").count("\n# ") > 20  # commented sections


def test_new_transliterates_names_in_other_scripts(tmp_path: Path) -> None:
    assert main(["new", "李雷", "--dir", str(tmp_path)]) == 0
    assert main(["new", "韩梅梅", "--dir", str(tmp_path)]) == 0  # not "person.toml exists"
    assert main(["new", "Дмитрий Иванов", "--dir", str(tmp_path)]) == 0
    assert main(["new", "???", "--dir", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.glob("*.toml"))
    assert names[:3] == ["dmitriy-ivanov.toml", "han-mei-mei.toml", "li-lei.toml"]
    assert names[3].startswith("person-") and len(names) == 4
    person, problems = load_file(tmp_path / "li-lei.toml")
    assert person is not None and person.id == "li-lei" and person.name == "李雷"
    assert problems == []


def test_paper_ids_fold_accents(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('name = "P"\n[[papers]]\ntitle = "A Rich Ångström Paper"\n', encoding="utf-8")
    person, _ = load_file(path)
    assert person is not None and person.papers[0].id == "a-rich-angstrom-paper"


def test_new_never_replaces_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ada.toml"
    path.write_text('name = "Ada"\n# mine\n', encoding="utf-8")
    assert main(["new", "Ada", "--dir", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == 'name = "Ada"\n# mine\n'
    assert main(["new", "Ada", "--dir", str(tmp_path), "--force"]) == 0
    assert "# mine" not in path.read_text(encoding="utf-8")


def test_skeleton_quotes_awkward_names() -> None:
    text = skeleton_text('Ada "The" Example\\')
    person, problems = load_text(text, "x.toml", "x")
    assert person is not None and person.name == 'Ada "The" Example\\'
    assert problems == []
    assert profile_id("李雷") == "li-lei"


# --- where imports write ------------------------------------------------------------------------


def test_bundled_profiles_of_an_installed_package_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "site-packages" / "cvtui" / "_bundled" / "profiles"
    bundle.mkdir(parents=True)
    monkeypatch.setattr(sources, "_installed_bundle", lambda: bundle.resolve())
    monkeypatch.setattr(sources, "_configured", lambda: [])
    monkeypatch.delenv("CVTUI_PROFILES", raising=False)
    with pytest.raises(ValueError, match="--dir"):
        sources.writable_profiles_dir(bundle)
    monkeypatch.chdir(bundle.parent)  # ./profiles is the bundled directory here
    with pytest.raises(ValueError, match="bundled"):
        sources.writable_profiles_dir()
    monkeypatch.setenv("CVTUI_PROFILES", str(bundle))
    with pytest.raises(ValueError, match="bundled"):
        sources.writable_profiles_dir()


def test_a_checkout_profiles_directory_is_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "_configured", lambda: [])
    monkeypatch.delenv("CVTUI_PROFILES", raising=False)
    (tmp_path / "profiles").mkdir()
    monkeypatch.chdir(tmp_path)
    assert sources.writable_profiles_dir() == Path("profiles")
    monkeypatch.setenv("CVTUI_PROFILES", str(tmp_path / "elsewhere"))
    assert sources.writable_profiles_dir() == tmp_path / "elsewhere"


def test_no_directory_gives_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sources, "_configured", lambda: [])
    monkeypatch.delenv("CVTUI_PROFILES", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Ada"]) == 2
    assert "--dir" in capsys.readouterr().err


def test_an_import_into_a_profile_with_errors_names_them_where_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The error is shown at its line in the file as it is (not in the longer result), and
    nothing is written."""
    directory, profile = _setup(
        tmp_path, PROFILE.replace('title = "Prize"', 'title = "Prize"\nyear = 2020')
    )
    before = profile.read_bytes()
    line = PROFILE.splitlines().index('title = "Prize"') + 2
    assert _import(directory, tmp_path / "in.bib") == 1
    err = capsys.readouterr().err
    assert f"ada.toml:{line}:1: awards[0].year: unknown key `year`" in err
    assert "has errors already; fix them first (nothing was written)" in err
    assert err.count("unknown key") == 1
    assert profile.read_bytes() == before

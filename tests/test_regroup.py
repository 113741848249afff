"""Grouping again after edits gives what grouping from scratch gives, touching few works."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from cvtui.core.cache import LibraryLoader
from cvtui.core.grouping import Ragged
from cvtui.core.grouping_state import GroupingState, _add, _discard
from cvtui.core.library import Library
from test_works_realworld import SLICE, XML, anthology, needs_anthology


def same_as_from_scratch(library: Library) -> None:
    full = Library(library.people, (), library.sources)

    def works(lib: Library) -> set[tuple[int, ...]]:
        return {tuple(sorted(w.entries)) for w in lib.works}

    assert works(library) == works(full)
    by_entries = {tuple(sorted(w.entries)): n for n, w in enumerate(full.works)}
    for n, work in enumerate(library.works):
        m = by_entries[tuple(sorted(work.entries))]
        assert set(library.work_people[n]) == set(full.work_people[m]), work
        assert library.papers[n] == full.papers[m]
    assert [library.work_count(i) for i in range(len(library.people))] == [
        full.work_count(i) for i in range(len(full.people))
    ]
    for i in range(len(library.people)):  # each person's works, in work order
        mine = library._person_works[i]
        assert list(mine) == sorted(mine)
        assert {tuple(sorted(library.works[w].entries)) for w in mine} == {
            tuple(sorted(full.works[w].entries)) for w in full._person_works[i]
        }
    for e in range(len(library.entries)):  # each entry's work holds it
        assert e in library.works[library.entry_work[e]].entries
    warnings = {p for p in full.problems if "same person" in p.message}
    assert {p for p in library.problems if "same person" in p.message} == warnings
    assert len(set(library.grouping.keys)) == len(library.works)  # keys stay unique
    if library._state is not None:  # what the next edit regroups from: as if built afresh
        assert _files_by_key(library._state) == _files_by_key(
            GroupingState.of(library.people, library.sources)
        )


def _files_by_key(state: GroupingState) -> list[dict[object, set[str]]]:
    tables: list[dict[object, tuple[int, ...]]] = [
        state.ident_files,  # type: ignore[list-item]
        state.title_files,  # type: ignore[list-item]
        state.name_files,  # type: ignore[list-item]
        state.profile_files,  # type: ignore[list-item]
        state.surname_files,  # type: ignore[list-item]
    ]
    return [{key: set(state._files(table, key)) for key in table} for table in tables]


def test_files_of_a_key_follow_what_was_added_and_discarded() -> None:
    """One file's key holds its number, several files' a tuple: either way the files are
    those added and not discarded since (as a set per key would say)."""
    table: dict[str, int | tuple[int, ...]] = {}
    model: dict[str, set[int]] = {}
    steps = [("+", "a", 0), ("+", "a", 0), ("+", "b", 1), ("+", "a", 2), ("+", "a", 1),
             ("-", "a", 2), ("-", "a", 0), ("-", "b", 7), ("-", "b", 1), ("+", "b", 3),
             ("-", "a", 1), ("-", "a", 1), ("+", "a", 4)]  # fmt: skip
    for op, key, number in steps:
        if op == "+":
            _add(table, key, number)
            model.setdefault(key, set()).add(number)
        else:
            _discard(table, key, number)
            model.get(key, set()).discard(number)
        held = table.get(key)
        files = {held} if isinstance(held, int) else set(held or ())
        assert files == model.get(key, set()), (op, key, number)
        assert held != () and not (isinstance(held, tuple) and len(held) < 2)
    assert table == {"a": 4, "b": 3}


def backdate(path: Path, seconds: int = 30) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


@pytest.fixture()
def community(tmp_path: Path) -> Path:
    if not XML.is_dir():
        pytest.skip("the ACL Anthology sample (shared/realworld) is not present")
    out = tmp_path / "acl"
    anthology.write_profiles([p for p in anthology.read_papers(XML, SLICE) if p.authors], out)
    for path in out.glob("*.toml"):
        backdate(path, 60)
    return out


@needs_anthology
def test_edits_regroup_like_a_fresh_load(community: Path) -> None:
    loader = LibraryLoader([community], use_cache=False)
    library = loader.load()
    library.grouping_state()
    files = sorted(community.glob("*.toml"))
    shared = next(
        f for f in files if any(len(library.holders(w)) > 1 for w in library.papers_of(f.stem))
    )
    # 1. a shared paper's title changes in one profile: its work splits
    text = shared.read_text(encoding="utf-8")
    shared.write_text(text.replace('title = "', 'title = "Retitled: ', 1), encoding="utf-8")
    backdate(shared)
    library, changed = loader.refresh()
    assert changed == [str(shared)]
    assert library._state is not None  # regrouped, not grouped from scratch
    same_as_from_scratch(library)
    # 2. and back: the work joins again
    shared.write_text(text, encoding="utf-8")
    backdate(shared, 20)
    library, _ = loader.refresh()
    same_as_from_scratch(library)
    # 3. a profile renamed to an alias of a co-author's spelling, one removed, one added
    renamed = files[3]
    body = renamed.read_text(encoding="utf-8")
    renamed.write_text(body.replace('name = "', 'name = "Dr ', 1), encoding="utf-8")
    backdate(renamed)
    files[5].unlink()
    added = community / "zz-new.toml"
    shutil.copy(files[7], added)
    added.write_text(
        added.read_text(encoding="utf-8").replace(f'id = "{files[7].stem}"', 'id = "zz-new"'),
        encoding="utf-8",
    )
    backdate(added)
    library, changed = loader.refresh()
    assert {str(renamed), str(files[5]), str(added)} <= set(changed)
    same_as_from_scratch(library)


def test_works_kept_by_an_edit_are_followed_without_looking_them_up(community: Path) -> None:
    """After an edit the new library knows where each old work went: a kept work is the
    same work (its key, its entries), the mapping views use equals finding each work again
    by its key, and the Papers view's orders carried over equal sorting afresh."""
    from cvtui.core.renumber import WorkMapping, map_items, paper_mapping
    from cvtui.views.paper_order import SORT_KEYS, PaperOrders

    loader = LibraryLoader([community], use_cache=False)
    old = loader.load()
    old.grouping_state()
    files = sorted(community.glob("*.toml"))
    shared = next(f for f in files if any(len(old.holders(w)) > 1 for w in old.papers_of(f.stem)))
    other = next(f for f in files if f != shared)
    person = old.people[old.find_person(shared.stem)]
    for age, edit in enumerate(("retitle", "add", "coauthor", "rename", "rename back")):
        edited = other if edit == "coauthor" else shared
        text = edited.read_text(encoding="utf-8")
        if edit == "coauthor":  # a paper naming the person that their profile does not list
            text += (
                '\n[[papers]]\ntitle = "Written with a colleague"\nyear = 1998\n'
                f'authors = [{json.dumps(person.name)}, "A. Colleague"]\n'
            )
        elif edit == "retitle":
            text = text.replace('title = "', 'title = "Retitled: ', 1)
        elif edit == "add":
            text += '\n[[papers]]\ntitle = "A paper added by the edit"\nyear = 1999\n'
        elif edit == "rename back":
            text = text.replace(
                'name = "Zebedee Quillfeather"', f"name = {json.dumps(person.name)}"
            )
        else:  # co-authors' papers that named the person no longer link to the profile
            text = re.sub(r'(?m)^name = ".*"$', 'name = "Zebedee Quillfeather"', text, count=1)
            text = re.sub(r"(?m)^aliases = .*$", "", text)
        edited.write_text(text, encoding="utf-8")
        backdate(edited, 60 - 10 * age)
        new, changed = loader.refresh()
        assert changed == [str(edited)]
        same_as_from_scratch(new)
        if edit in ("coauthor", "rename", "rename back"):  # linked, not once renamed, again
            key = next(k for k in new.grouping.keys if "colleague" in k)
            linked = new.work_people[new.grouping.keys.index(key)]
            assert (new.find_person(person.id) in linked) == (edit != "rename")
        carried = new.works_carried_from(old)
        assert carried is not None and new.works_carried_from(new) is None
        kept = [w for w in range(len(old.papers)) if carried[w] >= 0]
        assert 0 < len(old.papers) - len(kept) < len(old.papers) // 10  # a few grouped again
        for w in kept:
            assert new.grouping.keys[carried[w]] == old.grouping.keys[w]
            old_entries = [old.entries[e] for e in old.works[w].entries]
            assert [new.entries[e] for e in new.works[carried[w]].entries] == old_entries
        move = paper_mapping(old, new)
        by_key = WorkMapping(old, new, new.work_by_key)  # every work looked up again
        items = list(range(len(old.papers)))
        assert map_items(move, items) == [by_key(i) for i in items]
        orders = PaperOrders(old.papers)
        assert orders.warm()
        carried_orders = PaperOrders(new.papers)
        carried_orders.carry(orders, carried)
        fresh = PaperOrders(new.papers)
        for key in SORT_KEYS:
            for reverse in (False, True):
                assert carried_orders.order(key, reverse) == fresh.order(key, reverse)
        old = new


def test_ragged_rows_edited_in_place_of_rebuilt() -> None:
    rows = [(0, 1), (2,), (), (3, 4, 5), (6,)]
    ragged = Ragged.of(rows)
    shift = [10, 11, 12, 13, 14, 15, 16]
    # rows 1 and 3 taken out, the others through ``shift``, row 2 replaced, two added
    edited = ragged.edited([1, 3], shift, {2: (99, 98)}, [(7,), ()])
    assert edited is not None
    assert list(edited) == [(10, 11), (99, 98), (16,), (7,), ()]
    assert list(ragged.edited([], shift, {}, [])) == [tuple(shift[v] for v in r) for r in rows]
    assert list(ragged.edited([0, 1, 2, 3, 4], shift, {}, [(1,)])) == [(1,)]
    # no mapping: the values stay as they are
    assert list(ragged.edited([1, 3], None, {2: (99, 98)}, [(7,)])) == [
        (0, 1),
        (99, 98),
        (6,),
        (7,),
    ]
    # a kept value whose target is gone: None, the caller rebuilds row by row
    assert ragged.edited([1], [0, 1, 2, -1, 4, 5, 6], {}, []) is None
    assert ragged.edited([3], [0, 1, 2, -1, -1, -1, 6], {}, []) is not None  # only in a gone row


def test_a_merged_record_the_edit_left_alone_is_kept(tmp_path: Path) -> None:
    paper = '[[papers]]\ntitle = "Shared Results on Parsing"\nyear = 2020\nauthors = ["Ada King", "Bo Li"]\n'
    (tmp_path / "ada.toml").write_text(f'name = "Ada King"\n\n{paper}pages = "1-9"\n', "utf-8")
    (tmp_path / "bo.toml").write_text(  # the same paper, with its venue: merged, it has both
        f'name = "Bo Li"\n\n{paper}venue = "ACL"\n', encoding="utf-8"
    )
    other = tmp_path / "cy.toml"
    other.write_text('name = "Cy Dee"\n\n[[papers]]\ntitle = "Alone"\nyear = 2021\n', "utf-8")
    for path in tmp_path.glob("*.toml"):
        backdate(path, 60)
    loader = LibraryLoader([tmp_path], use_cache=False)
    before = loader.load()
    before.grouping_state()
    (work,) = [n for n in range(len(before.works)) if len(before.works[n].entries) == 2]
    merged = before.papers[work]
    assert (merged.pages, merged.venue) == ("1-9", "ACL")  # merged from both entries
    other.write_text(
        other.read_text("utf-8") + '\n[[papers]]\ntitle = "More"\nyear = 2022\n', "utf-8"
    )
    backdate(other)
    after, changed = loader.refresh()
    assert changed == [str(other)]
    assert after._state is not None  # regrouped
    same_as_from_scratch(after)
    moved = after.work_by_key(before.work_key(work))
    assert moved is not None and after.papers[moved] is before.papers[work]


def test_an_edit_that_makes_two_profiles_look_alike_is_warned_and_unwarned(
    tmp_path: Path,
) -> None:
    """The same-person check after an edit looks only at the profiles sharing an id or a
    last name with the edited one (kept across edits), and finds what a fresh load finds."""
    paper = (
        '\n[[papers]]\ntitle = "{t}"\nyear = 2020\nauthors = ["{n}", "Dan Klein", "Percy Liang"]\n'
    )
    files = {
        "cdm.toml": 'name = "Christopher D. Manning"\n' + paper.format(t="One", n="C. D. Manning"),
        "jr.toml": 'name = "Jane Roe"\n[links]\norcid = "0000-0002-1825-0097"\n',
        "zz.toml": 'name = "Zed Zulu"\n' + paper.format(t="Three", n="Zed Zulu"),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text('name = "Ann Other"\n' + paper.format(t="Two", n="Ann Other"), "utf-8")
    for path in tmp_path.glob("*.toml"):
        backdate(path, 60)
    loader = LibraryLoader([tmp_path], use_cache=False)
    before = loader.load()
    before.grouping_state()
    assert not [p for p in before.problems if "same person" in p.message]

    def warned_after(text: str, seconds: int) -> set[str]:
        other.write_text(text, encoding="utf-8")
        backdate(other, seconds)
        library, changed = loader.refresh()
        assert changed == [str(other)] and library._state is not None  # regrouped
        same_as_from_scratch(library)
        return {p.message for p in library.problems if "same person" in p.message}

    renamed = warned_after(
        'name = "Christopher Manning"\n' + paper.format(t="Two", n="Christopher Manning"), 50
    )
    assert any("Christopher Manning" in m and "share 2 co-authors" in m for m in renamed)
    orcid = warned_after(
        'name = "J. Smith"\n[links]\norcid = "https://orcid.org/0000-0002-1825-0097"\n', 40
    )
    assert len(orcid) == 1 and "ORCID 0000-0002-1825-0097" in orcid.pop()
    assert warned_after('name = "Ann Other"\n', 30) == set()

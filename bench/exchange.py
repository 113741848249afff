"""Import and export time of BibTeX and CSL-JSON at 1,000 and 10,000 entries (linear or not).

The entries are real: papers of the ACL Anthology (shared/realworld/acl-anthology), written as
a ``.bib`` file the way the Anthology exports them (``Last, First`` names, booktitle, editors,
publisher, address, month, pages, DOI, URL, abstract). Each size is measured in a fresh
process: reading the file into papers (``read_bibtex``), the whole ``cvtui import bibtex``
into an empty profile (matching, TOML, the loader's check, the write), and ``cvtui export``
of the imported profile as BibTeX and as CSL-JSON.

    .venv/bin/python bench/exchange.py --save bench/results/exchange.txt
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from anthology import default_xml_dir, read_papers  # noqa: E402
from load import machine  # noqa: E402


def _month(text: str) -> str:
    """``June 17-20`` → ``jun`` (a month macro), or nothing."""
    word = re.match(r"[A-Za-z]{3}", text.strip())
    return word.group(0).lower() if word else ""


def write_bib(path: Path, count: int, xml_dir: Path) -> int:
    """``count`` Anthology papers as BibTeX; returns how many were written."""
    from cvtui.core.exchange.latex_encode import text_to_bibtex

    def value(text: str) -> str:
        return "{" + text_to_bibtex(text) + "}"

    def name(full: str) -> str:
        parts = full.split()
        return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else full

    written = 0
    keys: set[str] = set()
    with path.open("w", encoding="utf-8") as out:
        for paper in read_papers(xml_dir):
            fields = [
                ("title", value(paper.title)),
                ("author", "{" + " and ".join(name(a[1]) for a in paper.authors) + "}"),
                ("editor", "{" + " and ".join(name(e) for e in paper.editors) + "}"),
                ("booktitle", value(paper.booktitle)),
                ("month", _month(paper.month)),
                ("year", str(paper.year or "")),
                ("address", value(paper.address)),
                ("publisher", value(paper.publisher)),
                ("url", "{https://aclanthology.org/" + paper.anthology_id + "}"),
                ("doi", "{" + paper.doi + "}" if paper.doi else ""),
                ("pages", value(paper.pages)),
                ("abstract", value(paper.abstract)),
            ]
            body = ",\n".join(f"    {k} = {v}" for k, v in fields if v and v != "{}")
            key = (paper.anthology_id or f"paper{written}").replace(".", "-")
            while key in keys:
                key += "x"
            keys.add(key)
            out.write(f"@inproceedings{{{key},\n{body}\n}}\n\n")
            written += 1
            if written == count:
                break
    return written


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


READ = (
    "import sys, time; sys.path.insert(0, {src!r}); t = time.perf_counter(); "
    "from cvtui.core.exchange.bibtex import read_bibtex; "
    "r = read_bibtex(open({bib!r}, encoding='utf-8').read(), 'x.bib'); "
    "print(time.perf_counter() - t, len(r.papers))"
)


def measure(count: int, work: Path, xml_dir: Path) -> dict[str, float]:
    bib = work / f"anthology-{count}.bib"
    n = write_bib(bib, count, xml_dir)
    src = str(HERE.parent / "src")
    read = subprocess.run(
        [sys.executable, "-c", READ.format(src=src, bib=str(bib))],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    cvtui = [sys.executable, "-m", "cvtui"]
    profiles = work / f"profiles-{count}"
    profiles.mkdir()
    imported = timed(
        [
            *cvtui,
            "import",
            "bibtex",
            str(bib),
            "--person",
            "p",
            "--name",
            "P",
            "--dir",
            str(profiles),
        ]
    )
    export = [*cvtui, "export"]
    to_bibtex = timed([*export, "bibtex", "--no-cache", "-o", str(work / "o.bib"), str(profiles)])
    to_csl = timed([*export, "csl-json", "--no-cache", "-o", str(work / "o.json"), str(profiles)])
    return {
        "entries": float(n),
        "size": bib.stat().st_size / 1e6,
        "read": float(read[0]),
        "papers": float(read[1]),
        "import": imported,
        "bibtex": to_bibtex,
        "csl": to_csl,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="entry counts (default 1000,10000)")
    parser.add_argument("--xml", type=Path, default=None, help="the Anthology's xml/ folder")
    parser.add_argument("--save", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    xml_dir = args.xml or default_xml_dir()
    sizes = [int(s) for s in args.sizes.split(",")]
    lines = [
        "cvtui exchange benchmark — import and export time by number of entries",
        machine(),
        f"dataset: ACL Anthology papers ({xml_dir}), written as BibTeX in the Anthology's shape",
        "",
        f"{'entries':>8} {'MB':>6} {'read_bibtex s':>14} {'import s':>9} {'export bib s':>13}"
        f" {'export csl s':>13} {'import entries/s':>17}",
    ]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            r = measure(size, Path(tmp), xml_dir)
            results.append(r)
            lines.append(
                f"{int(r['entries']):>8} {r['size']:>6.1f} {r['read']:>14.2f} {r['import']:>9.2f}"
                f" {r['bibtex']:>13.2f} {r['csl']:>13.2f} {r['entries'] / r['import']:>17.0f}"
            )
    if len(results) >= 2:
        a, b = results[0], results[-1]
        scale = b["entries"] / a["entries"]
        lines += [
            "",
            f"growth from {int(a['entries'])} to {int(b['entries'])} entries ({scale:.0f}x):"
            f" read_bibtex {b['read'] / a['read']:.1f}x, import {b['import'] / a['import']:.1f}x,"
            f" export {b['bibtex'] / a['bibtex']:.1f}x (linear: {scale:.0f}x, plus a fixed start)",
        ]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.save:
        args.save.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

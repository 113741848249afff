"""Write a deterministic synthetic set of researcher profiles in the real TOML format.

Used by the search and loading benchmarks to get a large, realistic profile set:

    python bench/generate.py --people 1000 --papers-per-person 100 --seed 7 --out /tmp/profiles

The same arguments always produce the same files. Authors are drawn from a shared pool, so
papers link people to each other; names carry accents, titles and summaries use a research
vocabulary with acronyms and hyphenated words, and every person has education, experience,
awards and service, so timelines and events exist. The files pass ``cvtui validate``
with no problems.

Real text has a long tail of distinct words (names of methods, data sets, languages, rare
terms), and a search engine's cost grows with it, so a fifth of the words of titles and
summaries are drawn from an open-ended vocabulary of made-up words, rank ``r`` about as
often as ``1/r`` (Zipf's law): some 300,000 distinct words at 100,000 papers.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

FIRST_NAMES = [
    "Ada",
    "Alan",
    "Alice",
    "Amir",
    "Ana",
    "Anil",
    "Anna",
    "Ben",
    "Bo",
    "Carla",
    "Chen",
    "Chi",
    "Clara",
    "Daniel",
    "Dario",
    "David",
    "Elena",
    "Emma",
    "Fangwei",
    "Fatima",
    "Felix",
    "Gao",
    "Hai",
    "Hannah",
    "Hiroshi",
    "Hyunji",
    "Ivan",
    "Jiaming",
    "Jian",
    "José",
    "Jun",
    "Junwu",
    "Juntao",
    "Jürgen",
    "Kai",
    "Karim",
    "Lars",
    "Lei",
    "Leon",
    "Li",
    "Liwei",
    "Lucía",
    "Luis",
    "Maria",
    "Marta",
    "Mei",
    "Mickel",
    "Ming",
    "Mohammed",
    "Nadia",
    "Natasha",
    "Nathan",
    "Noah",
    "Olga",
    "Omar",
    "Pablo",
    "Priya",
    "Qi",
    "Rahul",
    "Ravi",
    "Ruiyang",
    "Sara",
    "Sébastien",
    "Simon",
    "Sofia",
    "Song",
    "Sun",
    "Tao",
    "Tianhao",
    "Tim",
    "Tomás",
    "Wei",
    "Xuehai",
    "Yan",
    "Yancheng",
    "Yaodong",
    "Yi",
    "Yizhou",
    "Yuan",
    "Yuki",
    "Zhang",
    "Zhen",
    "Zoë",
    "Øystein",
    "Ingrid",
    "Björn",
    "Françoise",
    "Agnieszka",
    "Dmitri",
    "Kwame",
    "Aisha",
    "Mateo",
    "Chloé",
    "Ahmed",
]
LAST_NAMES = [
    "Liu",
    "Wu",
    "Xiong",
    "Wang",
    "Zhang",
    "Li",
    "Chen",
    "Yang",
    "Zhao",
    "Huang",
    "Zhou",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Lin",
    "Luo",
    "Gao",
    "Dai",
    "Pan",
    "Ji",
    "Ci",
    "Zhong",
    "Jiang",
    "Nam",
    "Smith",
    "Johnson",
    "Brown",
    "García",
    "Müller",
    "Schmidt",
    "Rossi",
    "Dubois",
    "Novak",
    "Kowalski",
    "Tanaka",
    "Suzuki",
    "Kim",
    "Park",
    "Lee",
    "Singh",
    "Patel",
    "Kumar",
    "Khan",
    "Ali",
    "Hassan",
    "Nguyen",
    "Tran",
    "Silva",
    "Santos",
    "Costa",
    "Hernández",
    "López",
    "Martínez",
    "Pérez",
    "Ivanov",
    "Petrov",
    "Andersen",
    "Nielsen",
    "Jensen",
    "Larsen",
    "Svensson",
    "Berg",
    "O'Brien",
    "Murphy",
    "Kelly",
    "Walsh",
    "Cohen",
    "Levi",
    "Mizrahi",
    "Okafor",
    "Mensah",
    "Haddad",
    "Fischer",
    "Weber",
    "Wagner",
    "Becker",
    "Lambert",
    "Jaques",
    "Althoff",
    "Hajishirzi",
    "Schölkopf",
    "Sørensen",
    "Çelik",
    "Yılmaz",
    "Öztürk",
    "Nowak",
    "Dvořák",
]
TOPIC_WORDS = [
    "reinforcement",
    "learning",
    "language",
    "model",
    "models",
    "alignment",
    "safety",
    "preference",
    "reward",
    "policy",
    "optimization",
    "multi-agent",
    "self-play",
    "reasoning",
    "benchmark",
    "dataset",
    "transformer",
    "attention",
    "graph",
    "neural",
    "network",
    "networks",
    "diffusion",
    "generative",
    "adversarial",
    "robust",
    "robustness",
    "causal",
    "inference",
    "bayesian",
    "variational",
    "contrastive",
    "representation",
    "embedding",
    "retrieval",
    "augmented",
    "generation",
    "instruction",
    "tuning",
    "fine-tuning",
    "pretraining",
    "scaling",
    "laws",
    "distillation",
    "quantization",
    "pruning",
    "sparse",
    "mixture",
    "experts",
    "efficient",
    "federated",
    "privacy",
    "differential",
    "fairness",
    "interpretability",
    "explanation",
    "uncertainty",
    "calibration",
    "exploration",
    "offline",
    "online",
    "imitation",
    "inverse",
    "planning",
    "control",
    "robotics",
    "manipulation",
    "navigation",
    "vision",
    "segmentation",
    "detection",
    "tracking",
    "pose",
    "estimation",
    "3d",
    "video",
    "speech",
    "audio",
    "multimodal",
    "multilingual",
    "translation",
    "summarization",
    "dialogue",
    "question",
    "answering",
    "code",
    "program",
    "synthesis",
    "theorem",
    "proving",
    "mathematical",
    "chain-of-thought",
    "hallucination",
    "factuality",
    "jailbreak",
    "red-teaming",
    "adversarial",
    "attacks",
    "defenses",
    "watermarking",
    "recommendation",
    "ranking",
    "search",
    "bandits",
    "regret",
    "convergence",
    "stochastic",
    "gradient",
    "descent",
    "hyperbolic",
    "geometric",
    "equivariant",
    "kernel",
    "gaussian",
    "process",
    "meta-learning",
    "continual",
    "lifelong",
    "curriculum",
    "hierarchical",
    "temporal",
    "spatial",
    "point",
    "clouds",
    "protein",
    "molecules",
    "materials",
    "climate",
    "weather",
    "medical",
    "clinical",
    "healthcare",
    "finance",
    "markets",
    "auctions",
    "mechanism",
    "design",
    "game",
    "theory",
    "equilibrium",
    "cooperative",
    "competitive",
    "communication",
    "emergent",
    "decentralized",
    "distributed",
    "sensor",
    "wireless",
    "energy",
    "clustering",
    "scheduling",
    "resource",
    "allocation",
    "uplift",
    "counterfactual",
]
FILLER = [
    "we",
    "propose",
    "a",
    "novel",
    "method",
    "for",
    "the",
    "problem",
    "of",
    "that",
    "is",
    "both",
    "simple",
    "and",
    "effective",
    "our",
    "approach",
    "builds",
    "on",
    "recent",
    "work",
    "and",
    "shows",
    "strong",
    "results",
    "across",
    "several",
    "tasks",
    "in",
    "particular",
    "we",
    "find",
    "that",
    "this",
    "leads",
    "to",
    "better",
    "performance",
    "than",
    "prior",
    "baselines",
    "while",
    "using",
    "less",
    "compute",
    "we",
    "also",
    "analyse",
    "why",
    "it",
    "works",
    "and",
    "release",
    "code",
    "data",
    "and",
    "models",
    "to",
    "support",
    "future",
    "research",
    "experiments",
    "on",
    "standard",
    "benchmarks",
    "demonstrate",
    "consistent",
    "gains",
    "under",
    "realistic",
    "settings",
    "with",
    "limited",
    "supervision",
    "furthermore",
    "the",
    "framework",
    "scales",
    "to",
    "large",
    "inputs",
    "and",
    "remains",
    "stable",
    "during",
    "training",
    "finally",
    "we",
    "discuss",
    "limitations",
    "open",
    "questions",
    "and",
    "broader",
    "impact",
]
TITLE_TEMPLATES = (
    "{A}: {X} {Y} for {Z} {W}",
    "Towards {X} {Y} via {Z} {W}",
    "{X} {Y} with {Z} {W}",
    "On the {X} of {Y} {Z}",
    "Learning {X} {Y} from {Z} {W}",
    "{A}: A Benchmark for {X} {Y} in {Z}",
    "Scaling {X} {Y} to {Z} {W}",
    "When Does {X} {Y} Help {Z}?",
    "{X}-{Y} {Z}: {W} and Beyond",
    "Rethinking {X} in {Y} {Z}",
)
VENUES = [
    "NeurIPS",
    "ICML",
    "ICLR",
    "AAAI",
    "IJCAI",
    "ACL",
    "EMNLP",
    "NAACL",
    "CVPR",
    "ICCV",
    "ECCV",
    "COLM",
    "AISTATS",
    "UAI",
    "KDD",
    "WWW",
    "SIGIR",
    "CoRL",
    "RSS",
    "ICRA",
    "IROS",
    "TMLR",
    "JMLR",
    "arXiv",
]
CATEGORIES = ["CL", "AI", "CV", "LG", "RO", "MA", "IR", "NE", "SD", "stat.ML"]
ORG_TAGS = [
    "pku",
    "uw",
    "cmu",
    "mit",
    "stanford",
    "berkeley",
    "allen-ai",
    "deepmind",
    "meta",
    "google",
    "msr",
    "tsinghua",
    "eth",
]
INSTITUTIONS = (
    "Peking University",
    "Tsinghua University",
    "University of Washington",
    "University of California, Berkeley",
    "Carnegie Mellon University",
    "Stanford University",
    "Massachusetts Institute of Technology",
    "University of Toronto",
    "ETH Zürich",
    "École Polytechnique Fédérale de Lausanne",
    "University of Oxford",
    "University of Cambridge",
    "Beihang University",
    "Hong Kong University of Science and Technology",
    "National University of Singapore",
    "Universität Tübingen",
    "University of São Paulo",
    "Hunan Agricultural University",
    "Seoul National University",
    "University of Tokyo",
)
COMPANIES = (
    "Allen Institute for AI (AI2)",
    "Ant Group",
    "TikTok Inc",
    "Baichuan Intelligent Technology",
    "Google DeepMind",
    "Meta AI",
    "Microsoft Research",
    "NVIDIA Research",
    "Alibaba Damo Academy",
    "Beijing Institute of General Artificial Intelligence (BIGAI)",
    "OpenAI",
    "Anthropic",
    "Cohere",
    "Mistral AI",
    "Samsung AI Center",
    "Huawei Noah's Ark Lab",
)
PLACES = (
    "Seattle, WA",
    "Beijing, PRC",
    "Berkeley, CA",
    "Pittsburgh, PA",
    "Toronto, ON",
    "Zürich",
    "London",
    "Paris",
    "Tokyo",
    "Seoul",
    "Singapore",
    "Hong Kong",
    "Montréal, QC",
    "São Paulo",
)
DEGREES = (("Ph.D.", 5), ("Master's", 2), ("B.Sc.", 4), ("B.Eng.", 4), ("M.Phil.", 2))
FIELDS = (
    "Computer Science",
    "Electrical Engineering",
    "Mathematics",
    "Statistics",
    "Physics",
    "Applied Chemistry",
    "Cognitive Science",
    "Operations Research",
)
ROLES = (
    ("internship", "Research Intern"),
    ("internship", "Student Researcher"),
    ("position", "Research Scientist"),
    ("position", "Postdoctoral Researcher"),
    ("visiting", "Visiting Research Student"),
    ("work", "Software Engineer"),
    ("collaboration", "Research Leader"),
    ("teaching", "Teaching Assistant"),
)
AWARDS = (
    "Best Paper Award",
    "Outstanding Reviewer",
    "Graduate Fellowship",
    "Merit Student",
    "Scholar Award",
    "Dissertation Award",
    "Rising Star in AI",
    "Travel Grant",
)
HEADLINES = (
    "Ph.D. student in Computer Science",
    "Research Scientist",
    "Assistant Professor",
    "Postdoctoral Researcher",
    "Master's student",
    "Staff Research Engineer",
)


_SYLLABLES = [c + v for c in "bcdfghjklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
RARE_SHARE = 0.2
"""Of the words of titles and summaries, this share comes from the long-tailed vocabulary."""
RARE_WORDS = 1_000_000
"""The size of that vocabulary."""


def rare_word(rank: int) -> str:
    """The made-up word of ``rank`` (1, 2, ...): distinct for every rank."""
    syllables = []
    rank -= 1
    while True:
        rank, digit = divmod(rank, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
        if rank == 0:
            break
    return "".join(syllables) + ("x" if len(syllables) == 1 else "")


class ProfileWriter:
    """Draws people and papers from one seeded random source; same seed, same files."""

    def __init__(self, seed: int, people: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        # A pool of distinct author names, shared by everyone's papers.
        pool: list[str] = []
        seen: set[str] = set()
        while len(pool) < max(4 * people, 400):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if rng.random() < 0.08:
                name = f"{rng.choice(FIRST_NAMES)} {chr(65 + rng.randrange(26))}. {rng.choice(LAST_NAMES)}"
            if name not in seen:
                seen.add(name)
                pool.append(name)
        self.pool = pool
        # Extra vocabulary: method names and acronyms so the word list looks like real papers'.
        self.methods = sorted({self._method_name() for _ in range(3000)})

    def _method_name(self) -> str:
        rng = self.rng
        letters = "ABCDEFGHIJKLMNOPRSTUVWXYZ"
        kind = rng.random()
        if kind < 0.4:
            return "".join(rng.choice(letters) for _ in range(rng.randint(3, 6)))
        if kind < 0.8:
            a = rng.choice(TOPIC_WORDS).split("-")[0].capitalize()
            b = rng.choice(("Net", "Former", "Bench", "Tails", "Safe", "GPT", "Zero", "Flow", "RL"))
            return a + b
        return f"{rng.choice(TOPIC_WORDS).capitalize()}-{rng.randint(2, 70)}B"

    def _rare(self) -> str:
        """A word of the long tail: rank r drawn with probability about 1/r (Zipf's law),
        r from 1 to :data:`RARE_WORDS` (a log-uniform draw)."""
        return rare_word(int(RARE_WORDS ** self.rng.random()))

    def _words(self, n: int) -> list[str]:
        rng = self.rng
        out = []
        for _ in range(n):
            r = rng.random()
            if r < RARE_SHARE:
                out.append(self._rare())
            elif r < 0.55:
                out.append(rng.choice(FILLER))
            elif r < 0.94:
                out.append(rng.choice(TOPIC_WORDS))
            else:
                out.append(rng.choice(self.methods))
        return out

    def _summary(self, low: int, high: int) -> str:
        words = self._words(self.rng.randint(low, high))
        sentences = []
        i = 0
        while i < len(words):
            n = self.rng.randint(8, 20)
            chunk = words[i : i + n]
            sentence = " ".join(chunk)
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
            i += n
        return " ".join(sentences)

    def _title(self) -> str:
        rng = self.rng
        template = rng.choice(TITLE_TEMPLATES)
        picks = {
            key: self._rare() if rng.random() < RARE_SHARE else rng.choice(TOPIC_WORDS)
            for key in "XYZW"
        }
        title = template.format(A=rng.choice(self.methods), **picks)
        return " ".join(w[:1].upper() + w[1:] if len(w) > 3 else w for w in title.split(" "))

    def person(self, index: int, papers: int) -> tuple[str, str]:
        """The file name and TOML text of person ``index``."""
        rng = self.rng
        name = self.pool[index]
        pid = f"p{index:05d}-" + "".join(
            c if c.isalnum() and c.isascii() else "-" for c in name.lower()
        )
        lines: list[str] = []
        put = lines.append
        put(f"name = {q(name)}")
        put(f"headline = {q(rng.choice(HEADLINES))}")
        affiliation = rng.choice(INSTITUTIONS + COMPANIES)
        put(f"affiliation = {q(affiliation)}")
        put(f"summary = {q(self._summary(30, 70))}")
        interests = rng.sample(TOPIC_WORDS, 3)
        put(f"interests = {arr([w.capitalize() for w in interests])}")
        put("")
        put("[links]")
        put(f"homepage = {q('https://example.org/' + pid)}")

        start_year = rng.randint(1995, 2018)
        year = start_year
        for degree, length in rng.sample(DEGREES, rng.randint(1, 3)):
            put("")
            put("[[education]]")
            put(f"degree = {q(degree)}")
            put(f"field = {q(rng.choice(FIELDS))}")
            put(f"institution = {q(rng.choice(INSTITUTIONS))}")
            put(f"location = {q(rng.choice(PLACES))}")
            put(f'start = "{year}-09"')
            end = year + length
            if end > 2025:
                put(f'end = "{end}"')
                put("end_expected = true")
            else:
                put(f'end = "{end}-0{rng.randint(5, 8)}"')
            put(f"advisors = {arr(rng.sample(self.pool, 2))}")
            year = end
        for _ in range(rng.randint(1, 4)):
            kind, role = rng.choice(ROLES)
            y = rng.randint(start_year, 2025)
            put("")
            put("[[experience]]")
            put(f'kind = "{kind}"')
            put(f"organisation = {q(rng.choice(COMPANIES + INSTITUTIONS))}")
            put(f"role = {q(role)}")
            put(f"location = {q(rng.choice(PLACES))}")
            month = rng.randint(1, 12)
            put(f'start = "{y}-{month:02d}"')
            if rng.random() < 0.8:
                put(f'end = "{y + rng.randint(1, 3)}-{rng.randint(1, 12):02d}"')
            else:
                put('end = "present"')
            put(f"hosts = {arr(rng.sample(self.pool, 1))}")
            put(f"summary = {q(self._summary(10, 30))}")
        for _ in range(rng.randint(0, 3)):
            put("")
            put("[[awards]]")
            put(f"title = {q(rng.choice(AWARDS))}")
            put(f'date = "{rng.randint(start_year, 2025)}"')
            put(f"awarder = {q(rng.choice(INSTITUTIONS + tuple(VENUES[:8])))}")
        if rng.random() < 0.7:
            put("")
            put("[[service]]")
            put('role = "Reviewer"')
            put(f"venues = {arr(rng.sample(VENUES[:12], 2))}")
            y = rng.randint(2015, 2024)
            put(f'start = "{y}"')
            put(f'end = "{y + rng.randint(0, 3)}"')

        coauthors = rng.sample(self.pool, min(40, len(self.pool)))
        for i in range(papers):
            title = self._title()
            authors = rng.sample(coauthors, rng.randint(2, 7))
            authors.insert(rng.randrange(len(authors) + 1), name)
            if rng.random() < 0.2:
                authors[0] += "*"
                authors[1] += "*"
            year_p = rng.randint(max(start_year, 2000), 2025)
            put("")
            put("[[papers]]")
            put(f'id = "paper-{i}"')
            put(f"title = {q(title)}")
            put(f"authors = {arr(authors)}")
            venue = rng.choice(VENUES)
            put(f"venue = {q(venue)}")
            put(f"year = {year_p}")
            if rng.random() < 0.5:
                put(f'date = "{year_p}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"')
            put(
                f'type = "{"preprint" if venue == "arXiv" else rng.choice(("conference", "conference", "journal", "workshop"))}"'
            )
            put(f"categories = {arr(rng.sample(CATEGORIES, rng.randint(1, 2)))}")
            if rng.random() < 0.4:
                put(f"orgs = {arr(rng.sample(ORG_TAGS, rng.randint(1, 2)))}")
            put(f"summary = {q(self._summary(40, 120))}")
            if rng.random() < 0.3:
                put(f"highlights = {arr([self._summary(8, 16)])}")
            put("")
            put("  [papers.links]")
            put(
                f'  arxiv = "{year_p % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(0, 99999):05d}"'
            )
        return f"{pid}.toml", "\n".join(lines) + "\n"


def q(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


def arr(items: list[str]) -> str:
    return "[" + ", ".join(q(s) for s in items) + "]"


def generate(people: int, papers_per_person: int, seed: int, out: Path) -> int:
    """Write the profiles into ``out``; returns the number of files written."""
    out.mkdir(parents=True, exist_ok=True)
    writer = ProfileWriter(seed, people)
    for index in range(people):
        filename, text = writer.person(index, papers_per_person)
        (out / filename).write_text(text, encoding="utf-8")
    return people


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, required=True, help="number of profiles")
    parser.add_argument(
        "--papers-per-person", type=int, required=True, help="papers in each profile"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same files)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    args = parser.parse_args(argv)
    if args.people < 1 or args.papers_per_person < 0:
        parser.error("--people must be at least 1 and --papers-per-person at least 0")
    started = time.perf_counter()
    count = generate(args.people, args.papers_per_person, args.seed, args.out)
    elapsed = time.perf_counter() - started
    print(
        f"wrote {count} profiles, {count * args.papers_per_person} papers to {args.out} "
        f"in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Relevance of the kennisbank search on real Dutch text: recall per class of match and
precision, against judgements made by hand (bench/relevance/).

The items (bench/relevance/items.txt) are passages of text we did not write: the client's
report and a Debian manual page in Dutch. Each is written through the services and
published, in a sector of its own, so the search sees only these (in a full `make bench` the
100,000 generated items are there too). Every query goes through `kennisbank.search.search`,
page by page, as the search page asks for it.

    python -m bench.run --only kennisbank_relevance
"""

from __future__ import annotations

import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent / "relevance"
CLASSES = ("inflection", "head_compound", "start_compound")
SECTOR = "relevantie-bench"


def read_items(path: Path = HERE / "items.txt") -> dict[str, dict]:
    """id → {source, title, body} from the plain-text items file."""
    items: dict[str, dict] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            _hashes, ident, source = line.split(" ", 2)
            current = items[ident] = {"source": source, "lines": []}
        elif current is not None and line.strip():
            current["lines"].append(line.strip())
    for item in items.values():
        lines = item.pop("lines")
        item["title"] = lines[0] if lines else ""
        item["body"] = " ".join(lines[1:])
    return items


def read_judgements(path: Path = HERE / "judgements.toml") -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["query"]


def score(judgements: list[dict], found: dict[str, set[str]]) -> dict:
    """Recall per class (over all queries together) and precision of what was found (an item
    judged `related` counts as relevant)."""
    hits = dict.fromkeys(CLASSES, 0)
    wanted = dict.fromkeys(CLASSES, 0)
    relevant_found = 0
    found_total = 0
    misses: dict[str, list[str]] = {}
    extra: dict[str, list[str]] = {}
    for judgement in judgements:
        query = judgement["q"]
        got = found[query]
        relevant: set[str] = set()
        for cls in CLASSES:
            ids = set(judgement.get(cls, []))
            relevant |= ids
            wanted[cls] += len(ids)
            hits[cls] += len(ids & got)
            for missing in sorted(ids - got):
                misses.setdefault(query, []).append(f"{missing} ({cls})")
        # Found through a related word of the trade, judged relevant in context: right to
        # find, but not what the word-form recall measures.
        relevant |= set(judgement.get("related", []))
        relevant_found += len(got & relevant)
        found_total += len(got)
        if got - relevant:
            extra[query] = sorted(got - relevant)
    recall = {c: round(hits[c] / wanted[c], 3) if wanted[c] else 1.0 for c in CLASSES}
    precision = round(relevant_found / found_total, 3) if found_total else 0.0
    return {
        "recall": recall,
        "precision": precision,
        "judged": wanted,
        "found": found_total,
        "misses": misses,
        "extra": extra,
    }


def load(items: dict[str, dict]):
    """The items as published kennisbank items in a network and sector of their own; returns
    (reader, sector slug, pk → item id)."""
    from kennisbank import services
    from kennisbank.models import Solution
    from praktijktafel.models import Membership, Network, Role, Sector, User

    sector, _ = Sector.objects.get_or_create(slug=SECTOR, defaults={"name": "Relevantie"})
    network, _ = Network.objects.get_or_create(
        slug=SECTOR, defaults={"name": "Relevantie", "kind": "region", "shares_kennisbank": False}
    )
    reader, _ = User.objects.get_or_create(email="lezer@relevantie.bench.example")
    Membership.objects.get_or_create(user=reader, network=network, role=Role.ONDERNEMER)
    by_pk = {}
    for ident, item in items.items():
        origin = f"relevance:{ident}"
        solution = Solution.objects.filter(origin=origin).first()
        if solution is None:
            solution = services.solution_create(
                network=network,
                user=None,
                origin=origin,
                title=item["title"][:200],
                summary=item["source"][:300],
                body=item["body"],
                themes=["ontwikkelen"],
                sector_ids=[sector.pk],
            )
            services.solution_publish(solution=solution, user=None, privacy_confirmed=True)
        by_pk[solution.pk] = ident
    return reader, sector.slug, by_pk


def search_all(reader, sector: str, by_pk: dict[int, str], query: str) -> set[str]:
    """Every item the search page lists for `query`, over all its pages."""
    return set(search_ranked(reader, sector, by_pk, query))


def search_ranked(
    reader, sector: str, by_pk: dict[int, str], query: str, pages: int | None = None
) -> list[str]:
    """The items the search page lists for `query`, in its order, over all its pages (or the
    first `pages`)."""
    from kennisbank.search import SearchParams, search

    found: list[str] = []
    page = 1
    while True:
        result = search(
            user=reader, params=SearchParams(q=query, filters={"sector": [sector]}, page=page)
        )
        found += [by_pk[item.pk] for item in result.items if item.pk in by_pk]
        if page >= result.pages or (pages is not None and page >= pages):
            return found
        page += 1


def read_forgiving(path: Path = HERE / "forgiving.toml") -> dict[str, list[dict]]:
    """The multi-word (`ranking`), one-typo (`typo`) and half-typed (`prefix`) judgements."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def score_ranking(judgements: list[dict], ranked: dict[str, list[str]]) -> dict:
    """Mean reciprocal rank of the first relevant item (0 when none is listed) and the share
    of queries with a relevant item in the top 5."""
    reciprocal = []
    ranks: dict[str, int | None] = {}
    for judgement in judgements:
        relevant = set(judgement["relevant"])
        got = ranked[judgement["q"]]
        rank = next((i + 1 for i, ident in enumerate(got) if ident in relevant), None)
        ranks[judgement["q"]] = rank
        reciprocal.append(1 / rank if rank else 0.0)
    n = len(judgements)
    return {
        "mrr": round(sum(reciprocal) / n, 3) if n else 0.0,
        "success_at_5": round(sum(1 for r in ranks.values() if r and r <= 5) / n, 3) if n else 0.0,
        "ranks": ranks,
    }


def score_first_page(wanted: dict[str, set[str]], first_page: dict[str, list[str]]) -> dict:
    """Recall on the first page, over all queries together: the relevant items listed on
    page 1 over what a page can hold (the relevant items, at most PAGE_SIZE per query)."""
    from kennisbank.search import PAGE_SIZE

    hits = 0
    possible = 0
    misses: dict[str, list[str]] = {}
    for query, relevant in wanted.items():
        got = set(first_page[query])
        hits += len(relevant & got)
        possible += min(len(relevant), PAGE_SIZE)
        if len(relevant & got) < min(len(relevant), PAGE_SIZE):
            misses[query] = sorted(relevant - got)
    return {
        "recall": round(hits / possible, 3) if possible else 1.0,
        "judged": possible,
        "misses": misses,
    }


def old_stemmer(items: dict[str, dict], judgements: list[dict]) -> dict:
    """The same judgements against PostgreSQL's own Dutch stemmer (the search before issue
    18: `pt_dutch`, the old Snowball algorithm, no compounds), for comparison."""
    from django.db import connection

    found: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        for judgement in judgements:
            query = judgement["q"]
            cursor.execute(
                """
                SELECT ident FROM unnest(%s::text[], %s::text[]) AS t(ident, text)
                WHERE to_tsvector('pt_dutch', text) @@ websearch_to_tsquery('pt_dutch', %s)
                """,
                [
                    list(items),
                    [f"{i['title']} {i['source']} {i['body']}" for i in items.values()],
                    query,
                ],
            )
            found[query] = {row[0] for row in cursor.fetchall()}
    return score(judgements, found)


def page_said(reader, sector: str, query: str) -> str:
    """What the first page did with a typo: the correction whose results it shows, the
    suggestion it only offers ('Bedoelde je …'), or nothing."""
    from kennisbank.search import SearchParams, search

    result = search(user=reader, params=SearchParams(q=query, filters={"sector": [sector]}))
    if result.corrected_from:
        return f"corrected to {result.query}"
    if result.suggestion:
        return f"suggested {result.suggestion} (not clear enough to show)"
    return "found as typed" if result.total else "nothing"


def forgiving(
    reader,
    sector: str,
    by_pk: dict[int, str],
    judgements: list[dict],
    classes: dict[str, list[dict]] | None = None,
    name: str = "kennisbank",
) -> dict:
    """The metrics of the multi-word, typo and prefix queries (forgiving.toml, or `classes`),
    named `<name>_ranking_mrr` and so on."""
    classes = read_forgiving() if classes is None else classes
    ranking = classes["ranking"]
    ranked = {j["q"]: search_ranked(reader, sector, by_pk, j["q"]) for j in ranking}
    rank = score_ranking(ranking, ranked)
    by_word = {j["q"]: j for j in judgements}

    def judged(word: str) -> set[str]:
        return {i for cls in CLASSES for i in by_word[word].get(cls, [])}

    first = {
        j["q"]: search_ranked(reader, sector, by_pk, j["q"], pages=1)
        for j in classes["typo"] + classes["prefix"]
    }
    typo = score_first_page({j["q"]: judged(j["correct"]) for j in classes["typo"]}, first)
    typo["page_said"] = {j["q"]: page_said(reader, sector, j["q"]) for j in classes["typo"]}
    prefix = score_first_page({j["q"]: set(j["relevant"]) for j in classes["prefix"]}, first)

    def metric(value: float, kind: str, n: int, detail: dict) -> dict:
        return {
            "value": value,
            "unit": "",
            "baseline": None,
            "ratio": None,
            "data_size": f"{len(by_pk)} items, {n} {kind} queries",
            "detail": {"items": len(by_pk), "queries": n, **detail},
        }

    ranking_detail = {
        "first_relevant_rank": rank["ranks"],
        "missed_top_5": sorted(q for q, r in rank["ranks"].items() if not r or r > 5),
    }
    return {
        f"{name}_ranking_mrr": metric(rank["mrr"], "multi-word", len(ranking), ranking_detail),
        f"{name}_ranking_success_at_5": metric(
            rank["success_at_5"], "multi-word", len(ranking), ranking_detail
        ),
        f"{name}_recall_typo": metric(
            typo["recall"],
            "one-typo",
            len(classes["typo"]),
            {"judged": typo["judged"], "misses": typo["misses"], "page_said": typo["page_said"]},
        ),
        f"{name}_recall_prefix": metric(
            prefix["recall"],
            "prefix",
            len(classes["prefix"]),
            {"judged": prefix["judged"], "misses": prefix["misses"]},
        ),
    }


def run() -> dict:
    items = read_items()
    judgements = read_judgements()
    reader, sector, by_pk = load(items)
    found = {j["q"]: search_all(reader, sector, by_pk, j["q"]) for j in judgements}
    result = score(judgements, found)
    before = old_stemmer(items, judgements)
    detail = {
        "items": len(items),
        "queries": len(judgements),
        "judged": result["judged"],
        "found": result["found"],
        "old_stemmer_recall": before["recall"],
        "old_stemmer_precision": before["precision"],
        "misses": result["misses"],
        "extra": result["extra"],
    }
    size = f"{len(items)} items, {len(judgements)} queries"

    def metric(value: float) -> dict:
        return {
            "value": value,
            "unit": "",
            "baseline": None,
            "ratio": None,
            "data_size": size,
            "detail": detail,
        }

    return {
        "kennisbank_recall_inflection": metric(result["recall"]["inflection"]),
        "kennisbank_recall_head_compound": metric(result["recall"]["head_compound"]),
        "kennisbank_recall_start_compound": metric(result["recall"]["start_compound"]),
        "kennisbank_precision": metric(result["precision"]),
        **forgiving(reader, sector, by_pk, judgements),
        **holdout(reader, sector, by_pk),
    }


def holdout(reader, sector: str, by_pk: dict[int, str]) -> dict:
    """The held-out queries of every class (holdout.toml), reported apart: word forms (the
    three classes together, and precision), multi-word, typos and prefixes."""
    classes = read_forgiving(HERE / "holdout.toml")
    judgements = classes["query"]
    found = {j["q"]: search_all(reader, sector, by_pk, j["q"]) for j in judgements}
    result = score(judgements, found)
    judged = sum(result["judged"].values())
    hits = sum(
        round(result["recall"][c] * result["judged"][c]) for c in CLASSES if result["judged"][c]
    )
    detail = {
        "items": len(by_pk),
        "queries": len(judgements),
        "recall": result["recall"],
        "judged": result["judged"],
        "found": result["found"],
        "misses": result["misses"],
        "extra": result["extra"],
    }

    def metric(value: float) -> dict:
        return {
            "value": value,
            "unit": "",
            "baseline": None,
            "ratio": None,
            "data_size": f"{len(by_pk)} items, {len(judgements)} held-out queries",
            "detail": detail,
        }

    return {
        "kennisbank_holdout_recall_forms": metric(round(hits / judged, 3) if judged else 1.0),
        "kennisbank_holdout_precision": metric(result["precision"]),
        **forgiving(reader, sector, by_pk, judgements, classes, name="kennisbank_holdout"),
    }

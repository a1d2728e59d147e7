"""Insert many synthetic, published, multilingual initiatives for the search benchmarks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ricomi_bench \\
        .venv/bin/python benchmarks/generate_initiatives.py --initiatives 100000 --seed 1 --reset

Rows are written with bulk_create in batches (and bulk inserts into the many-to-many tables), the
search index is then computed by initiatives.search.refresh_search_index in batches of ids, and
the table is compacted and analysed. Texts are drawn from benchmarks/vocabulary.py: Spanish for
every record, English, French and Portuguese titles and summaries for about 60%, 30% and 30%.
"""
# ruff: noqa: E402 - Django is configured before the project's modules are imported

import argparse
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.django_setup import setup

setup()

from django.db import connection, transaction
from django.utils import timezone

from benchmarks import vocabulary as vocab
from core.search.query import TextQuery
from core.search.results import text_matched
from initiatives.catalogues import INITIATIVES
from initiatives.models import TRANSLATED_TEXT_FIELDS, Initiative
from initiatives.search import refresh_search_index
from network.models import Country, GcmObjective, TargetPopulation, Theme

LANGUAGES = ("es", "en", "fr", "pt")
TRANSLATION_SHARE = {"en": 0.6, "fr": 0.3, "pt": 0.3}
TRANSLATED_DESCRIPTION_SHARE = 1 / 3  # of the translated records, how many translate the description
TOPIC_SHARE = 0.12  # of the words of a text, drawn from the keywords of the record's themes
PLACE_SHARE = 0.03  # of the words of a text, a (rare) place name
PUBLICATION_SPAN = timedelta(days=5 * 365)
BODY_FIELDS = ["objectives", "modalities", "results", "lessons_learned"]
TABLES = [
    "initiatives_initiative",
    "initiatives_initiative_themes",
    "initiatives_initiative_populations",
    "initiatives_initiative_gcm_objectives",
    "initiatives_initiative_partner_countries",
]


def zipf_cumulative(n: int, exponent: float = vocab.ZIPF_EXPONENT) -> list[float]:
    return list(accumulate(1 / rank**exponent for rank in range(1, n + 1)))


class TextMaker:
    """Parallel texts in the four languages from Zipf-ranked vocabulary, topic words and places."""

    def __init__(self, rng: random.Random, places: list[str]):
        self.rng = rng
        self.entries = vocab.FUNCTION_WORDS + vocab.CONCEPTS
        self.cumulative = zipf_cumulative(len(self.entries))
        by_spanish = {entry[0]: entry for entry in vocab.CONCEPTS + vocab.EXTRA_THEME_WORDS}
        self.topic_words = {
            slug: [by_spanish[word] for word in words] for slug, words in vocab.THEME_KEYWORDS.items()
        }
        self.places = [(name,) * len(LANGUAGES) for name in places]
        self.place_cumulative = zipf_cumulative(len(places))

    def place(self) -> str:
        return self.rng.choices(self.places, cum_weights=self.place_cumulative)[0][0]

    def plan(self, length: int, themes: list[str]) -> tuple[list[tuple], list[int]]:
        """A text as a list of vocabulary entries, and where its sentences end."""
        rng = self.rng
        words = rng.choices(self.entries, cum_weights=self.cumulative, k=length)
        topic = [entry for slug in themes for entry in self.topic_words[slug]]
        n_topic = int(length * TOPIC_SHARE + rng.random())
        n_places = int(length * PLACE_SHARE + rng.random())
        positions = rng.sample(range(length), min(length, n_topic + n_places))
        for position in positions[:n_topic]:
            words[position] = rng.choice(topic)
        for position in positions[n_topic:]:
            words[position] = rng.choices(self.places, cum_weights=self.place_cumulative)[0]
        ends, end = [], 0
        while end < length:
            end = min(length, end + rng.randint(8, 18))
            ends.append(end)
        return words, ends

    @staticmethod
    def render(plan: tuple[list[tuple], list[int]], language: str) -> str:
        words, ends = plan
        column = LANGUAGES.index(language)
        sentences, start = [], 0
        for end in ends:
            sentence = " ".join(entry[column] for entry in words[start:end])
            sentences.append(sentence[:1].upper() + sentence[1:])
            start = end
        return ". ".join(sentences) + "."


def place_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        stem = "".join(rng.choices(vocab.SYLLABLES, k=rng.randint(2, 4)))
        names.add(rng.choice(vocab.PLACE_PREFIXES) + stem.capitalize())
    return sorted(names)


def weighted_sample(rng: random.Random, weights: dict, k: int) -> list:
    keys, values = list(weights), list(weights.values())
    chosen: list = []
    while len(chosen) < min(k, len(keys)):
        key = rng.choices(keys, weights=values)[0]
        if key not in chosen:
            chosen.append(key)
    return chosen


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Generator:
    def __init__(self, seed: int, total: int):
        self.rng = random.Random(seed)
        self.total = total
        self.text = TextMaker(self.rng, place_names(self.rng, 5000))
        self.countries = list(Country.objects.in_americas())
        self.country_weights = {c: vocab.COUNTRY_WEIGHTS.get(c.code, 1) for c in self.countries}
        themes = {t.slug: t for t in Theme.objects.all()}
        populations = {p.slug: p for p in TargetPopulation.objects.all()}
        self.theme_weights = {themes[s]: w for s, w in vocab.THEME_WEIGHTS.items() if s in themes}
        self.population_weights = {
            populations[s]: w for s, w in vocab.POPULATION_WEIGHTS.items() if s in populations
        }
        self.objectives = list(GcmObjective.objects.all())
        self.now = timezone.now()
        self.today = timezone.localdate()

    def initiative(self, index: int) -> tuple[Initiative, dict[str, list]]:
        """One unsaved initiative and the ids of its many-to-many links."""
        rng = self.rng
        lead = pick(rng, self.country_weights)
        themes = weighted_sample(rng, self.theme_weights, rng.choices([1, 2, 3], weights=[40, 35, 25])[0])
        populations = weighted_sample(
            rng, self.population_weights, rng.choices([1, 2, 3], weights=[45, 35, 20])[0]
        )
        objectives = rng.sample(self.objectives, rng.choices([0, 1, 2, 3], weights=[25, 30, 25, 20])[0])
        kind, scope, status = (
            pick(rng, vocab.KIND_WEIGHTS),
            pick(rng, vocab.SCOPE_WEIGHTS),
            pick(rng, vocab.STATUS_WEIGHTS),
        )
        n_partners = {"national": int(rng.random() < 0.3), "bilateral": 1}.get(scope, 2)
        partners = rng.sample([c for c in self.countries if c != lead], n_partners)

        slugs = [t.slug for t in themes]
        languages = ["es"] + [code for code, share in TRANSLATION_SHARE.items() if rng.random() < share]
        # Every translated column is given (None where absent, as the forms leave it): this also
        # spares modeltranslation's per-field defaults, the slowest part of building a row.
        fields = dict.fromkeys(f"{name}_{code}" for name in TRANSLATED_TEXT_FIELDS for code in LANGUAGES)
        fields.update(self.title_fields(kind, themes[0], populations[0], languages))
        plans = {
            "summary": self.text.plan(rng.randint(15, 35), slugs),
            "description": self.text.plan(rng.randint(40, 120), slugs),
        }
        for name in BODY_FIELDS:
            if rng.random() < 0.75:
                plans[name] = self.text.plan(rng.randint(10, 40), slugs)
        translate_description = rng.random() < TRANSLATED_DESCRIPTION_SHARE
        for name, plan in plans.items():
            for code in languages:
                if code == "es" or name == "summary" or (name == "description" and translate_description):
                    fields[f"{name}_{code}"] = self.text.render(plan, code)

        start_year = rng.randint(2024, 2025) if status == "planned" else rng.randint(2000, 2025)
        end_year = min(2025, start_year + rng.randint(0, 8)) if status == "completed" else None
        # Publication follows creation order over five years (ids and dates correlate, as in use).
        published_at = self.now - PUBLICATION_SPAN * (1 - index / self.total)
        published_at -= timedelta(minutes=rng.randint(0, 3 * 24 * 60))
        last_verified = max(published_at.date(), self.today - timedelta(days=rng.randint(0, 600)))
        budget = Decimal(rng.randrange(10_000, 20_000_000, 500)) if rng.random() < 0.4 else None
        initiative = Initiative(
            **fields,
            kind=kind,
            scope=scope,
            status=status,
            lead_country=lead,
            partner_organisations=", ".join(rng.sample(vocab.PARTNER_ORGANISATIONS, rng.randint(0, 3))),
            start_year=start_year,
            end_year=end_year,
            budget=budget,
            currency="USD" if budget is not None else "",
            funding_sources="",
            contact_name="",
            contact_email="",
            contact_phone="",
            lead_institution=None,
            created_by=None,
            stale_reminder_sent_on=None,
            search_vector=None,
            search_titles="",
            state=Initiative.State.PUBLISHED,
            published_at=published_at,
            last_verified_on=last_verified,
        )
        links = {
            "themes": [t.pk for t in themes],
            "populations": [p.pk for p in populations],
            "gcm_objectives": [g.pk for g in objectives],
            "partner_countries": [c.pk for c in partners],
        }
        return initiative, links

    def title_fields(self, kind: str, theme, population, languages: list[str]) -> dict[str, str]:
        """ "<Kind> of <theme> for <population> [in <place>]" in each language of the record."""
        place = self.text.place() if self.rng.random() < 0.5 else None
        fields = {}
        for code in languages:
            column = LANGUAGES.index(code)
            words = vocab.TITLE_WORDS
            title = (
                f"{vocab.KIND_WORDS[kind][column]} {words['of'][column]} "
                f"{getattr(theme, f'name_{code}').lower()} {words['for'][column]} "
                f"{getattr(population, f'name_{code}').lower()}"
            )
            if place:
                title += f" {words['in'][column]} {place}"
            fields[f"title_{code}"] = title[:300]
        return fields


THROUGH_COLUMNS = {
    "themes": "theme_id",
    "populations": "targetpopulation_id",
    "gcm_objectives": "gcmobjective_id",
    "partner_countries": "country_id",
}


def insert_batch(generator: Generator, start: int, size: int) -> list[int]:
    """bulk_create the initiatives, then one multi-row INSERT per many-to-many table."""
    rows = [generator.initiative(index) for index in range(start, start + size)]
    with transaction.atomic(), connection.cursor() as cursor:
        created = Initiative.objects.bulk_create([initiative for initiative, _links in rows])
        for field, column in THROUGH_COLUMNS.items():
            pairs = [
                (initiative.pk, target)
                for initiative, (_unsaved, links) in zip(created, rows, strict=True)
                for target in links[field]
            ]
            if pairs:
                table = getattr(Initiative, field).through._meta.db_table
                cursor.execute(
                    f"INSERT INTO {table} (initiative_id, {column}) "  # noqa: S608 - names from the models
                    "SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                    [[pair[0] for pair in pairs], [pair[1] for pair in pairs]],
                )
    return [initiative.pk for initiative in created]


def progress(label: str, done: int, total: int, started: float) -> None:
    elapsed = time.perf_counter() - started
    rate = done / elapsed if elapsed else 0
    print(
        f"  {label}: {done:>7}/{total} ({100 * done / total:5.1f}%) {elapsed:7.1f} s, {rate:,.0f}/s",
        flush=True,
    )


def reset() -> None:
    started = time.perf_counter()
    with transaction.atomic():
        deleted, _by_model = Initiative.objects.all().delete()
    print(f"--reset: deleted {deleted} rows in {time.perf_counter() - started:.1f} s", flush=True)


def compact(full: bool) -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ({'FULL, ' if full else ''}ANALYZE) {table}")


def share(word: str, total: int) -> str:
    query = TextQuery.from_text(word, tuple(INITIATIVES.configs.values()))
    n = text_matched(INITIATIVES, query).count()
    return f"{word!r}: {n} ({100 * n / max(total, 1):.1f}%)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--initiatives", type=int, default=100_000, help="how many to insert")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset", action="store_true", help="delete every existing initiative first")
    parser.add_argument(
        "--keep-existing",
        action="store_true",
        help="do nothing if the database already holds that many published initiatives (the data is "
        "reused between measurements; regenerate after a change of the schema or of the generator)",
    )
    parser.add_argument("--batch-size", type=int, default=2000, help="rows per bulk_create")
    parser.add_argument("--index-batch", type=int, default=5000, help="ids per refresh_search_index call")
    parser.add_argument(
        "--no-vacuum-full",
        action="store_true",
        help="only ANALYZE at the end (by default VACUUM FULL, ANALYZE removes the rows left "
        "behind by the search index update, as autovacuum would over time in production)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the search index needs PostgreSQL.")

    if args.keep_existing and Initiative.objects.published().count() >= args.initiatives:
        print(f"Keeping the {Initiative.objects.published().count()} published initiatives already there.")
        return
    started = time.perf_counter()
    if args.reset:
        reset()
    existing = Initiative.objects.count()
    if existing:
        print(f"Note: {existing} initiatives already exist; adding {args.initiatives} (use --reset).")

    print(f"Inserting {args.initiatives} initiatives (seed {args.seed}, batches of {args.batch_size})")
    generator = Generator(args.seed, args.initiatives)
    ids: list[int] = []
    phase = time.perf_counter()
    for start in range(0, args.initiatives, args.batch_size):
        ids += insert_batch(generator, start, min(args.batch_size, args.initiatives - start))
        progress("inserted", len(ids), args.initiatives, phase)
    insert_seconds = time.perf_counter() - phase

    print(f"Computing search vectors (batches of {args.index_batch} ids)")
    phase = time.perf_counter()
    for start in range(0, len(ids), args.index_batch):
        with transaction.atomic():
            refresh_search_index(ids[start : start + args.index_batch])
        progress("indexed", min(start + args.index_batch, len(ids)), len(ids), phase)
    index_seconds = time.perf_counter() - phase

    phase = time.perf_counter()
    print("VACUUM (ANALYZE)" if args.no_vacuum_full else "VACUUM (FULL, ANALYZE)", flush=True)
    compact(full=not args.no_vacuum_full)
    vacuum_seconds = time.perf_counter() - phase

    total = Initiative.objects.published().count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('initiatives_initiative'))")
        size = cursor.fetchone()[0]
    print(f"Published initiatives: {total}; table with indexes and TOAST: {size}")
    print("Records matching: " + ", ".join(share(word, total) for word in ["retorno", "migrantes", "salud"]))
    print(
        f"Elapsed: {time.perf_counter() - started:.1f} s (insert {insert_seconds:.1f} s, "
        f"search index {index_seconds:.1f} s, vacuum/analyze {vacuum_seconds:.1f} s)"
    )


if __name__ == "__main__":
    main()

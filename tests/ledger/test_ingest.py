"""Ingest: idempotent, never loses a report, records problems, links near-duplicates."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import func, select

from tollwatch import errors
from tollwatch.contract import Document, Problem
from tollwatch.ledger import Store
from tollwatch.ledger.schema import documents, figures, incidents, problems


def n_rows(store: Store, table) -> int:
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_reingesting_the_same_reports_adds_nothing(store: Store, b: SimpleNamespace) -> None:
    first = store.ingest_documents(b.osh_reports())
    assert (first.read, first.new, first.duplicates) == (5, 5, 0)
    before = (n_rows(store, documents), n_rows(store, figures), n_rows(store, incidents))
    again = store.ingest_documents(b.osh_reports())
    assert (again.read, again.new, again.duplicates) == (5, 0, 5)
    assert (n_rows(store, documents), n_rows(store, figures), n_rows(store, incidents)) == before


def test_a_report_under_a_taken_id_is_kept_not_overwritten(store: Store, b: SimpleNamespace) -> None:
    a = b.report(
        "report",
        "Two people were killed in a fire in Osh on Monday, officials said.",
        published="2025-04-07",
        site="a.example",
        when="2025-04-07",
    )
    other = b.report(
        "report",
        "A bus crash near Jalal-Abad injured eleven passengers on Tuesday, police said.",
        published="2025-04-08",
        site="a.example",
        when="2025-04-08",
    )
    s = store.ingest_documents([a, other])
    assert s.new == 2
    with store.read() as conn:
        ids = sorted(conn.execute(select(documents.c.id)).scalars())
    assert ids[0] == "report" and ids[1].startswith("report~")
    assert store.get_document(ids[1])["text"].startswith("A bus crash")


def test_an_input_with_nothing_to_store_is_recorded_as_a_problem(store: Store, b: SimpleNamespace) -> None:
    corrupt = Document(
        id="broken",
        origin="inbox/broken.html.gz",
        problems=[
            Problem(errors.BAD_GZIP, "inbox/broken.html.gz: the gzip stream is truncated - re-download it")
        ],
    )
    docs = [*b.osh_reports()[:2], corrupt, *b.osh_reports()[2:]]
    s = store.ingest_documents(docs)
    assert (s.read, s.new, s.problems) == (6, 5, 1)
    assert s.problem_list == [("inbox/broken.html.gz", errors.BAD_GZIP, corrupt.problems[0].message)]
    with store.read() as conn:
        rows = conn.execute(select(problems.c.input_key, problems.c.code, problems.c.document_id)).all()
    assert [tuple(r) for r in rows] == [("inbox/broken.html.gz", errors.BAD_GZIP, None)]
    store.ingest_documents([corrupt])  # seen again: one problem row, not two
    assert n_rows(store, problems) == 1


def test_a_failing_figure_finder_is_recorded_and_the_batch_completes(
    store: Store, b: SimpleNamespace
) -> None:
    def extract(doc: Document) -> Document:
        if doc.id == "osh-3":
            raise RuntimeError("lexicon exploded")
        return doc

    s = store.ingest_documents(b.osh_reports(), extract=extract)
    assert s.new == 5 and s.problems == 1
    doc = store.get_document("osh-3")
    assert doc is not None and doc["figures"] == []
    assert doc["problems"][0]["code"] == errors.EXTRACTION_FAILED
    assert "lexicon exploded" in doc["problems"][0]["message"]


def test_a_page_with_a_title_but_no_text_is_still_stored(store: Store, b: SimpleNamespace) -> None:
    doc = Document(
        id="title-only",
        title="Two killed in Osh shooting",
        published="2025-03-14",
        url="https://x.example/1",
        problems=[Problem(errors.NO_TEXT, "x: no article text found in the page")],
    )
    s = store.ingest_documents([doc])
    assert s.new == 1
    stored = store.get_document("title-only")
    assert stored is not None and stored["problems"][0]["code"] == errors.NO_TEXT
    assert stored["incident_id"] is not None


def test_the_same_wire_story_on_another_site_is_a_linked_near_duplicate(
    store: Store, b: SimpleNamespace
) -> None:
    body = (
        "BISHKEK, 17 March (Central Asia Wire) - Kyrgyz authorities lifted a curfew in the southern city of Osh on "
        "Monday, three days after protests against higher electricity tariffs ended in deadly clashes with police. "
        "At least 14 people were killed, the health ministry said on Sunday. The interior ministry said three police "
        "officers were among the dead."
    )
    wire = b.report(
        "wire", body, published="2025-03-17T08:15", site="cawire.example", when="2025-03-14", killed=14
    )
    b.fig(
        wire,
        "At least 14 people were killed",
        "killed",
        b.count("At least 14", 14, 14, None, "at_least"),
        source=("health ministry", "health"),
        as_of="2025-03-16",
    )
    copy = b.report(
        "copy",
        body + " Read more from our Central Asia desk.",
        published="2025-03-17T09:02",
        site="steppepost.example",
        when="2025-03-14",
        killed=14,
    )
    b.fig(
        copy,
        "At least 14 people were killed",
        "killed",
        b.count("At least 14", 14, 14, None, "at_least"),
        source=("health ministry", "health"),
        as_of="2025-03-16",
    )
    s = store.ingest_documents([wire, copy])
    assert (s.new, s.near_duplicates) == (2, 1)
    c = store.get_document("copy")
    assert c["duplicate_of"] == "wire" and c["duplicate_similarity"] >= 0.8
    assert c["incident_id"] == store.get_document("wire")["incident_id"]
    inc = store.get_incident(c["incident_id"])
    assert [f["status"] for f in inc["figures"] if f["document_id"] == "copy"] == ["duplicate"]
    total = next(t for t in inc["tallies"] if t["category"] == "total")
    assert total["best"] == 14 and total["figures"] == [
        f["id"] for f in inc["figures"] if f["document_id"] == "wire"
    ]


def test_two_stories_whose_scraped_text_is_only_the_sites_video_list_are_not_copies(
    store: Store, b: SimpleNamespace
) -> None:
    # the scraper kept nothing of either article but the site's "latest videos" box
    chrome = (
        "2:14\n\nCity council votes to extend the curfew in the old market for another week\n\n"
        "0:58\n\nWATCH: Storm damage along the river road as crews clear fallen trees\n\n"
        "1:40\n\nHigh school football: Tigers rally late to win the county final"
    )
    first = b.report(
        "teens-charged",
        chrome,
        title="Two teens charged with murder in shooting of 15-year-old",
        published="2025-03-20T10:00",
        site="rivercity-news.example",
    )
    second = b.report(
        "toddler",
        chrome,
        title="Toddler shoots himself with gun left on nightstand; father charged",
        published="2025-03-21T09:30",
        site="rivercity-news.example",
    )
    s = store.ingest_documents([first, second])
    assert (s.new, s.near_duplicates) == (2, 0)
    assert store.get_document("toddler")["duplicate_of"] is None


def test_reports_of_one_crisis_link_into_one_incident_incrementally(store: Store, b: SimpleNamespace) -> None:
    reports = b.osh_reports()
    store.ingest_documents(reports[:2])
    store.ingest_documents(reports[2:])  # a later batch joins the incident the first one made
    rows, total = store.list_incidents()
    assert total == 1
    assert rows[0]["n_documents"] == 5


def test_another_town_the_same_day_is_another_incident(store: Store, b: SimpleNamespace) -> None:
    from tollwatch.contract import Place

    osh = b.osh_reports()[:1]
    elsewhere = b.report(
        "naryn",
        "A mudslide buried two houses on the outskirts of Naryn before dawn, and rescuers recovered the bodies "
        "of three members of one family by midday, the emergencies ministry said. Heavy rain had loosened the "
        "slope above the road to the Dolon pass.",
        published="2025-03-14T20:00",
        site="osh-evening.example",
        when="2025-03-14",
        where=Place("Naryn", "Naryn Region", "KG", 41.43, 75.99),
        killed=3,
    )
    store.ingest_documents([*osh, elsewhere])
    _, total = store.list_incidents()
    assert total == 2


def test_progress_is_reported_per_batch(store: Store, b: SimpleNamespace) -> None:
    seen: list[int] = []
    store.ingest_documents(b.osh_reports(), batch_size=2, progress=seen.append)
    assert seen == [2, 2, 1]

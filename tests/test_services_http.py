"""The network layer against a local server on 127.0.0.1 replaying recorded responses, with
429s, 5xx, stalls, truncated, oversized and malformed answers injected. No test leaves the
machine: every URL is the local server's (``$CVTUI_<SERVICE>_URL``)."""

from __future__ import annotations

import datetime as dt
import email.utils
import socket

import pytest

from cvtui import __version__
from cvtui.core.services import SERVICES
from cvtui.core.services.http import FetchError, HttpClient, NotFound
from service_replay import (
    Answer,
    Replay,
    Waits,
    cassette,
    fixture_bytes,
    fixture_json,
    ok,
    s2_routes,
    serve,
)

TODAY = dt.date(2026, 1, 15)


def client(waits: Waits, **kwargs: object) -> HttpClient:
    return HttpClient(
        "lab@example.org",
        sleep=waits.sleep,
        clock=waits.clock,
        wall=lambda: 1_700_000_000.0,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def replay():  # type: ignore[no-untyped-def]
    with serve(Replay()) as running:
        yield running


def test_429_is_retried_after_what_retry_after_asks(replay: Replay) -> None:
    replay.route(
        "/x",
        Answer(429, b"", {"Retry-After": "7"}),
        ok({"fine": True}),
    )
    waits = Waits()
    with client(waits) as http:
        assert http.json(f"{replay.url}/x", service="Test", interval=0.5) == {"fine": True}
        # After a 429 the host is asked less often: the next request waits twice as long.
        http.json(f"{replay.url}/x", service="Test", interval=0.5)
    assert waits.slept == [7.0, pytest.approx(1.0)]
    assert len(replay.requests) == 3


def test_retry_after_as_an_http_date(replay: Replay) -> None:
    when = email.utils.formatdate(1_700_000_000.0 + 12, usegmt=True)
    replay.route("/x", Answer(503, b"", {"Retry-After": when}), ok({}))
    waits = Waits()
    with client(waits) as http:
        http.json(f"{replay.url}/x", service="Test")
    assert waits.slept == [pytest.approx(12.0)]


def test_a_wait_too_long_is_not_waited(replay: Replay) -> None:
    replay.route("/x", Answer(429, b"", {"Retry-After": "3600"}))
    waits = Waits()
    with client(waits) as http, pytest.raises(FetchError) as caught:
        http.get(f"{replay.url}/x", service="DBLP")
    assert str(caught.value) == (
        "DBLP asks to wait 3600 s before the next request (HTTP 429); try again later"
    )
    assert waits.slept == []


def test_5xx_is_retried_with_exponential_backoff(replay: Replay) -> None:
    replay.route("/x", Answer(500), Answer(502), ok({"at": "last"}))
    waits = Waits()
    with client(waits) as http:
        assert http.json(f"{replay.url}/x", service="Test") == {"at": "last"}
    assert len(waits.slept) == 2
    assert 1.0 <= waits.slept[0] <= 1.25 and 2.0 <= waits.slept[1] <= 2.25


def test_a_server_that_keeps_failing_gives_one_clear_line(replay: Replay) -> None:
    replay.route("/x", Answer(503))
    waits = Waits()
    with client(waits, retries=2) as http, pytest.raises(FetchError) as caught:
        http.get(f"{replay.url}/x", service="OpenAlex")
    message = str(caught.value)
    assert message.startswith("OpenAlex kept failing with 503 Service Unavailable (3 attempts")
    assert "\n" not in message
    assert len(replay.requests) == 3


def test_a_stalled_server_times_out(replay: Replay) -> None:
    replay.route("/x", Answer(200, b"{}", stall=1.5))
    with (
        HttpClient(timeout=0.3, retries=1, sleep=lambda s: None) as http,
        pytest.raises(FetchError, match=r"did not answer within 0 s \(2 attempts"),
    ):
        http.get(f"{replay.url}/x", service="ORCID")


def test_a_truncated_response_is_retried_then_refused(replay: Replay) -> None:
    replay.route(
        "/x", Answer(200, b'{"partial": ', {"Content-Type": "application/json"}, truncate=True)
    )
    waits = Waits()
    with client(waits, retries=1) as http, pytest.raises(FetchError) as caught:
        http.get(f"{replay.url}/x", service="Semantic Scholar")
    assert "closed the connection before the response was complete" in str(caught.value)
    assert len(replay.requests) == 2


def test_a_truncated_response_then_a_whole_one(replay: Replay) -> None:
    body = fixture_bytes("s2-author-turing.json")
    replay.route("/x", Answer(200, body[:1000], truncate=True), ok(body))
    with client(Waits()) as http:
        assert http.json(f"{replay.url}/x", service="Test")["authorId"] == "2262347"


def test_an_oversized_response_is_refused(replay: Replay) -> None:
    replay.route("/declared", ok(b"x" * 200_000))
    replay.route("/inflating", Answer(200, gzip_bomb=5_000_000))  # 5 MB from a few KB
    with client(Waits(), max_bytes=100_000) as http:
        with pytest.raises(FetchError) as caught:
            http.get(f"{replay.url}/declared", service="OpenAlex")
        assert str(caught.value) == (
            "OpenAlex sent a response of 195 KiB, over the 98 KiB limit; refused"
        )
        with pytest.raises(FetchError, match="sent a response of more than 98 KiB"):
            http.get(f"{replay.url}/inflating", service="OpenAlex")


def test_a_decompression_bomb_is_refused_at_the_real_limit(replay: Replay) -> None:
    replay.route("/inflating", Answer(200, gzip_bomb=40 * 2**20))
    with client(Waits()) as http, pytest.raises(FetchError) as caught:
        http.get(f"{replay.url}/inflating", service="OpenAlex")
    assert "over the 32 MiB limit; refused" in str(caught.value)


def test_malformed_json_is_one_line(replay: Replay) -> None:
    replay.route("/x", ok(b'{"authorId": "1", "name": '))
    with client(Waits()) as http, pytest.raises(FetchError) as caught:
        http.json(f"{replay.url}/x", service="Semantic Scholar")
    assert str(caught.value).startswith("Semantic Scholar sent malformed JSON (line 1, column")


def test_offline_is_one_line_and_not_retried() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the socket is closed
    waits = Waits()
    with client(waits) as http, pytest.raises(FetchError) as caught:
        http.get(f"http://127.0.0.1:{port}/x", service="ORCID")
    message = str(caught.value)
    assert message.startswith("cannot reach 127.0.0.1 (")
    assert message.endswith("offline? Download the response and pass it with --file")
    assert waits.slept == []


def test_requests_name_cvtui_and_the_contact_and_keep_their_distance(replay: Replay) -> None:
    replay.route("/x", ok({}))
    waits = Waits()
    with client(waits) as http:
        for _ in range(3):
            http.get(f"{replay.url}/x", service="DBLP", interval=2.0)
    agent = replay.requests[0].headers["User-Agent"]
    assert agent == f"cvtui/{__version__} (researcher profiles; mailto:lab@example.org)"
    assert waits.slept == [2.0, 2.0]


def test_an_invalid_contact_is_not_sent(replay: Replay) -> None:
    replay.route("/x", ok({}))
    with HttpClient("not an address\r\nX-Evil: 1") as http:
        http.get(f"{replay.url}/x", service="Test")
    assert replay.requests[0].headers["User-Agent"] == f"cvtui/{__version__} (researcher profiles)"


# --- each service's fetch, replayed -------------------------------------------------------


def test_semantic_scholar_pages_are_followed_with_progress(
    replay: Replay, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = cassette("s2-author-papers-1723755.yaml")
    author = {"authorId": "1723755", "name": "Recorded author", "paperCount": 875}
    replay.route("/s2/author/1723755", ok(author))
    for page in pages:
        offset = page["uri"].split("offset=")[1].split("&")[0]
        replay.route("/s2/author/1723755/papers", ok(page["body"]), offset=offset)
    monkeypatch.setenv("CVTUI_SEMANTICSCHOLAR_URL", f"{replay.url}/s2")
    seen: list[tuple[int, int]] = []
    waits = Waits()
    service = SERVICES["semanticscholar"]
    with client(waits) as http:
        docs = service.fetch(http, "1723755", lambda done, total: seen.append((done, total)))
    record = service.read(docs, TODAY)
    assert len(record.papers) == 875
    assert seen[0] == (100, 875) and seen[-1] == (875, 875) and len(seen) == 9
    papers_requests = [r for r in replay.requests if r.path.endswith("/papers")]
    assert [r.query["offset"] for r in papers_requests] == [str(n) for n in range(0, 900, 100)]
    assert "authors" in papers_requests[0].query["fields"]
    assert waits.slept == [1.0] * 9  # one request a second


def test_semantic_scholar_unknown_author(replay: Replay, monkeypatch: pytest.MonkeyPatch) -> None:
    recorded = next(i for i in cassette("s2-not-found.yaml") if "/author/0" in i["uri"])
    replay.route("/s2/author/0", Answer(recorded["status"], recorded["body"]))
    monkeypatch.setenv("CVTUI_SEMANTICSCHOLAR_URL", f"{replay.url}/s2")
    with client(Waits()) as http, pytest.raises(NotFound) as caught:
        SERVICES["semanticscholar"].fetch(http, "0")
    assert str(caught.value) == "Semantic Scholar has no author 0"


def test_orcid_record_then_its_works_in_full(
    replay: Replay, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = fixture_json("orcid-record-full-3.0.json")
    work = fixture_json("orcid-work-51-contributors-3.0.json")
    work["put-code"] = 178602  # the bulk answer names each work by its put-code
    replay.route("/orcid/0000-0002-7319-2192/record", ok(record))
    replay.route("/orcid/0000-0002-7319-2192/works/178602", ok({"bulk": [{"work": work}]}))
    monkeypatch.setenv("CVTUI_ORCID_URL", f"{replay.url}/orcid")
    service = SERVICES["orcid"]
    with client(Waits()) as http:
        docs = service.fetch(http, "0000-0002-7319-2192")
    assert replay.requests[0].headers["Accept"] == "application/json"
    (paper,) = service.read(docs, TODAY).papers
    assert len(paper["authors"]) == 37


def test_dblp_follows_a_redirect_to_the_merged_person(
    replay: Replay, monkeypatch: pytest.MonkeyPatch
) -> None:
    replay.route("/dblp/pid/95/7448.xml", Answer(301, b"", {"Location": "/dblp/pid/95/7448-1.xml"}))
    replay.route(
        "/dblp/pid/95/7448-1.xml", ok(fixture_bytes("dblp-person-95-7448-1.xml"), "application/xml")
    )
    monkeypatch.setenv("CVTUI_DBLP_URL", f"{replay.url}/dblp")
    service = SERVICES["dblp"]
    with client(Waits()) as http:
        record = service.read(service.fetch(http, "95/7448"), TODAY)
    assert record.source_id == "95/7448-1" and len(record.papers) == 8
    assert replay.requests[0].headers["Accept"] == "application/xml"


def test_openalex_cursor_pages_carry_the_mailto(
    replay: Replay, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = fixture_json("openalex-work-W2741809807.json")
    replay.route("/oa/authors/A5023888391", ok(fixture_bytes("openalex-author-A5023888391.json")))
    replay.route(
        "/oa/works",
        ok({"meta": {"count": 1, "next_cursor": "Ilsx"}, "results": [work]}),
        cursor="*",
    )
    replay.route(
        "/oa/works", ok({"meta": {"count": 1, "next_cursor": None}, "results": []}), cursor="Ilsx"
    )
    monkeypatch.setenv("CVTUI_OPENALEX_URL", f"{replay.url}/oa")
    service = SERVICES["openalex"]
    with client(Waits()) as http:
        record = service.read(service.fetch(http, "A5023888391"), TODAY)
    assert len(record.papers) == 1
    queries = [r.query for r in replay.requests]
    assert all(q["mailto"] == "lab@example.org" for q in queries)
    assert queries[1]["filter"] == "author.id:A5023888391" and queries[1]["per_page"] == "100"
    assert [q.get("cursor") for q in queries] == [None, "*", "Ilsx"]


def test_s2_routes_helper_serves_the_recorded_author(replay: Replay) -> None:
    s2_routes(replay)
    with client(Waits()) as http:
        doc = http.json(f"{replay.url}/s2/author/2262347", service="Test")
    assert doc["hIndex"] == 23

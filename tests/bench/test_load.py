"""How bench/load.py reads and judges locust's statistics, and which pages it leaves out."""

import csv
import io

from bench.load import Figures, Page, Persona, read_figures, report, slowest, verdicts, without

# The columns locust 2.47 writes into <prefix>_stats.csv, with fewer percentiles.
STATS_CSV = """\
Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,\
Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,95%,100%
GET,tambon: fund page,40,0,310,350.5,120,900,51000,4.0,0.0,310,820,900
GET,admin: ledger entries,20,2,1200,1300.0,700,2500,90000,2.0,0.2,1200,2400,2500
GET,tambon: landing,0,0,0,0,0,0,0,0.0,0.0,N/A,N/A,N/A
,Aggregated,60,2,450,666.8,120,2500,64000,6.0,0.2,450,2100,2500
"""


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def run(per_second: float, p95_ms: float, failures: int = 0) -> Figures:
    return Figures("Aggregated", 100, failures, per_second, p95_ms / 2, p95_ms)


def test_the_aggregated_row_is_the_run_and_the_others_are_pages():
    total, pages = read_figures(rows(STATS_CSV))
    assert total == Figures("Aggregated", 60, 2, 6.0, 450.0, 2100.0)
    assert [page.name for page in pages] == [
        "tambon: fund page", "admin: ledger entries", "tambon: landing",
    ]  # fmt: skip
    assert pages[1] == Figures("admin: ledger entries", 20, 2, 2.0, 1200.0, 2400.0)


def test_a_page_without_requests_reads_as_zero_not_as_an_error():
    _, pages = read_figures(rows(STATS_CSV))
    assert pages[2].requests == 0
    assert pages[2].p95_ms == 0.0


def test_slowest_pages_come_first_by_median():
    _, pages = read_figures(rows(STATS_CSV))
    assert [page.name for page in slowest(pages, 2)] == [
        "admin: ledger entries", "tambon: fund page",
    ]  # fmt: skip


def test_a_third_of_the_bare_throughput_fast_and_without_errors_meets_every_target():
    assert [met for _, _, met in verdicts(bare=run(300, 200), portal=run(100, 999))] == [
        True, True, True,
    ]  # fmt: skip


def test_each_target_can_be_missed_on_its_own():
    bare = run(300, 200)
    assert [met for _, _, met in verdicts(bare, run(99, 500))] == [False, True, True]
    assert [met for _, _, met in verdicts(bare, run(150, 1000))] == [True, False, True]
    assert [met for _, _, met in verdicts(bare, run(150, 500, failures=1))] == [True, True, False]
    # An error of the bare view counts too: the server failed under the load.
    assert [met for _, _, met in verdicts(run(300, 200, failures=3), run(150, 500))][2] is False


def test_the_report_gives_the_ratio_and_each_slow_page_with_its_time_alone():
    total, pages = read_figures(rows(STATS_CSV))
    text = report(run(60, 100), total, pages, alone={"admin: ledger entries": 640.0})
    assert "0.10 (1/10.0)" in text
    assert "MISSED" in text
    ledger = next(line for line in text.splitlines() if "admin: ledger entries" in line)
    assert ledger.split()[-5:] == ["20", "1200", "2400", "2", "640"]


def test_skipped_pages_are_left_out_and_so_is_a_persona_left_with_none():
    personas = [
        Persona("district", 8, "dao", pages=[
            Page("district: welfare roll-up", "/areas/5709/welfare/", 1),
            Page("district: strength", "/areas/5709/strength/", 1),
        ]),
        Persona("admin", 8, "charlie", pages=[Page("admin: ledger entries", "/admin/l/", 1)]),
    ]  # fmt: skip
    kept = without(personas, ["welfare roll-up", "admin:"])
    assert [(persona.name, [page.label for page in persona.pages]) for persona in kept] == [
        ("district", ["district: strength"]),
    ]

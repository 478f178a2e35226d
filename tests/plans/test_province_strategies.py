"""Provincial development strategies: their plan period, which strategies an issue may map to,
the migration from one strategy per issue, the pages that keep them, and their coverage."""

import datetime as dt
import subprocess
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from plans.books import strategy_coverage
from plans.books.models import (
    ProvinceStrategy,
    StrategicIssue,
    StrategicIssueLink,
    StrategyBook,
)
from plans.execution.models import Commitment, ProjectUpdate, Spending
from plans.models import PlanIssue, PlanProject
from tests.confirming import post_confirmed
from tests.factories import PartnerFactory
from tests.reports.plan_builders import accepted_plan, book

DISTRICT, PROVINCE = StrategyBook.Level.DISTRICT, StrategyBook.Level.PROVINCE


def strategy(number: int, province: str = "57", first_year=2569, last_year=2573, **fields):
    return ProvinceStrategy.objects.create(
        province_id=province,
        number=number,
        first_year=first_year,
        last_year=last_year,
        title=fields.pop("title", f"ยุทธศาสตร์ที่ {number}"),
        **fields,
    )


@pytest.fixture
def chiang_rai(db):
    """Mae Sai (5709) has a district book that the provincial book gathers; Mueang Chiang Rai's
    tambon 570101 has none, so the provincial book gathers its items directly. Budgets are per
    project and year, for 2569 and 2570."""
    accepted_plan(
        "570901", amounts={"economy": [1000, 500], "society": [200], "environment": [300]}
    )
    accepted_plan("570101", amounts={"economy": [7000], "society": [1], "environment": [2]})
    district = book(DISTRICT, "5709")
    province = book(PROVINCE, "57")
    return SimpleNamespace(
        district=district,
        province=province,
        economy=province.issues.get(theme__code="economy"),
        society=province.issues.get(theme__code="society"),
        environment=province.issues.get(theme__code="environment"),
    )


def day(be_year, month, d):
    return dt.date(be_year - 543, month, d)


def record(project, user, status, *, committed=None, spent=None):
    agency = PartnerFactory(kind="local_government")
    update = ProjectUpdate(
        by=user, happened_on=day(2569, 1, 10), status=status, progress=50,
        adopted_by=agency if committed else None,
        agency_plan="local_development" if committed else "",
        agency_plan_year=2569 if committed else None,
    )  # fmt: skip
    project.record_update(
        update,
        commitments=[Commitment(fiscal_year=2569, source="local_government", amount=committed)]
        if committed
        else [],
        spending=[Spending(fiscal_year=2569, source="local_government", amount=spent)]
        if spent
        else [],
    )


# --- the model's rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_year", "last_year", "field"),
    [
        (2573, 2569, "last_year"),  # ends before it starts
        (2569, 2575, "last_year"),  # seven fiscal years
        (2026, 2030, "first_year"),  # C.E. years, never shifted by 543
    ],
)
def test_a_plan_period_is_one_to_six_be_years(db, first_year, last_year, field):
    made = ProvinceStrategy(
        province_id="57", number=1, title="ก", first_year=first_year, last_year=last_year
    )
    with pytest.raises(ValidationError) as caught:
        made.full_clean()
    assert field in caught.value.message_dict


def test_six_years_and_one_year_are_both_periods(db):
    for number, (first, last) in enumerate([(2569, 2574), (2569, 2569)], start=1):
        ProvinceStrategy(
            province_id="57", number=number, title="ก", first_year=first, last_year=last
        ).full_clean()


def test_a_number_is_used_once_per_province_and_period(db):
    strategy(1)
    with pytest.raises(ValidationError):
        ProvinceStrategy(
            province_id="57", number=1, title="ซ้ำ", first_year=2569, last_year=2573
        ).full_clean()
    # Another period, or another province, may use it again.
    strategy(1, first_year=2574, last_year=2578).full_clean()
    strategy(1, province="86").full_clean()


def test_an_issue_maps_to_several_strategies_of_its_province_whose_period_overlaps(chiang_rai):
    same, overlapping = strategy(1), strategy(2, first_year=2566, last_year=2570)
    chiang_rai.economy.province_strategies.add(same, overlapping)
    assert set(chiang_rai.economy.province_strategies.all()) == {same, overlapping}


@pytest.mark.parametrize(
    "other",
    [
        {"province": "86"},  # another province's
        {"first_year": 2574, "last_year": 2578},  # a period after the book's 2569-2573
    ],
)
def test_an_issue_does_not_map_to_a_strategy_outside_its_book(chiang_rai, other):
    outside = strategy(1, **other)
    # Refused inside add()'s own transaction, which is rolled back (here to a savepoint).
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        chiang_rai.economy.province_strategies.add(outside)
    assert "province_strategies" in caught.value.message_dict
    # From the strategy's side (the shell, an import) too.
    with pytest.raises(ValidationError), transaction.atomic():
        outside.issues.add(chiang_rai.economy)
    assert not outside.issues.exists()


def test_a_district_books_issue_maps_to_no_strategy(chiang_rai):
    district_issue = chiang_rai.district.issues.first()
    with pytest.raises(ValidationError), transaction.atomic():
        district_issue.province_strategies.add(strategy(1))


def test_a_strategy_keeps_a_period_that_overlaps_the_books_mapped_to_it(chiang_rai):
    mapped = strategy(1)
    chiang_rai.economy.province_strategies.add(mapped)
    mapped.first_year, mapped.last_year = 2574, 2578
    with pytest.raises(ValidationError) as caught:
        mapped.full_clean()
    assert chiang_rai.province.title in str(caught.value.message_dict["last_year"])
    mapped.first_year, mapped.last_year = 2571, 2575  # still overlaps 2569-2573
    mapped.full_clean()


# --- the migration from one strategy per issue ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_issues_strategy_and_gives_strategies_a_period():
    before = [("plans", "0010_execution_timeline_and_indicators")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Book = old.get_model("plans", "StrategyBook")
    Issue = old.get_model("plans", "StrategicIssue")
    Strategy = old.get_model("plans", "ProvinceStrategy")
    mapped = Strategy.objects.create(province_id="86", number=1, title="เกษตรปลอดภัย")
    unmapped = Strategy.objects.create(province_id="86", number=2, title="ข้อมูลข่าวสาร")
    lonely = Strategy.objects.create(province_id="10", number=1, title="ไม่มีเล่ม")
    chumphon = Book.objects.create(
        level="province", area_code="86", title="เล่ม", first_year=2566, last_year=2570
    )
    first = Issue.objects.create(book=chumphon, title="เกษตร", province_strategy=mapped)
    second = Issue.objects.create(book=chumphon, title="อาหาร", province_strategy=mapped)
    none = Issue.objects.create(book=chumphon, title="อื่น ๆ")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert set(StrategicIssue.objects.get(pk=first.pk).province_strategies.all()) == {
        ProvinceStrategy.objects.get(pk=mapped.pk)
    }
    assert StrategicIssue.objects.get(pk=second.pk).province_strategies.get().pk == mapped.pk
    assert not StrategicIssue.objects.get(pk=none.pk).province_strategies.exists()
    periods = dict(ProvinceStrategy.objects.values_list("pk", "first_year"))
    # From the books whose issues map to it, or the province's latest book; else this year's.
    assert periods[mapped.pk] == periods[unmapped.pk] == 2566
    assert ProvinceStrategy.objects.get(pk=unmapped.pk).last_year == 2570
    assert periods[lonely.pk] >= 2569


# --- the pages: Pim keeps Chiang Rai's strategies ---------------------------------------------


def new_strategy(**changes):
    return {
        "first_year": "2569",
        "last_year": "2573",
        "number": "1",
        "title": "เศรษฐกิจฐานรากและการค้าชายแดน",
        "goal": "ชุมชนมีรายได้จากการค้าชายแดน",
        **changes,
    }


def test_pim_adds_a_strategy_and_sees_it_in_the_list(db, province_coordinator, client_for):
    pim = client_for(province_coordinator)
    response = pim.post(reverse("strategy_new", args=["57"]), new_strategy())
    assert response.status_code == 302
    assert response["Location"] == reverse("strategy_list", args=["57"]) + "#strategies"
    made = ProvinceStrategy.objects.get()
    assert (made.province_id, made.first_year, made.last_year) == ("57", 2569, 2573)
    page = pim.get(response["Location"]).content.decode()
    assert "เศรษฐกิจฐานรากและการค้าชายแดน" in page
    assert 'data-region-status="strategies"' in page
    # No project serves it yet: it is named among the unserved.
    assert "ยังไม่มีโครงการของชุมชน" in page


def test_a_ce_year_is_refused_naming_the_field_and_keeping_what_was_typed(
    db, province_coordinator, client_for
):
    pim = client_for(province_coordinator)
    response = pim.post(
        reverse("strategy_new", args=["57"]), new_strategy(first_year="2026", last_year="2030")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_first_year"' in page  # the error summary links to the field
    assert 'value="เศรษฐกิจฐานรากและการค้าชายแดน"' in page
    assert not ProvinceStrategy.objects.exists()


def test_a_number_already_used_in_the_period_is_refused(db, province_coordinator, client_for):
    strategy(1)
    response = client_for(province_coordinator).post(
        reverse("strategy_new", args=["57"]), new_strategy()
    )
    assert response.status_code == 200
    assert 'href="#id_number"' in response.content.decode()
    assert ProvinceStrategy.objects.count() == 1


def test_pim_edits_a_strategy(db, province_coordinator, client_for):
    kept = strategy(1)
    response = client_for(province_coordinator).post(
        reverse("strategy_edit", args=["57", kept.pk]), new_strategy(title="ชื่อใหม่")
    )
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.title == "ชื่อใหม่"


def test_removing_asks_first_naming_how_many_issues_map_to_it(
    chiang_rai, province_coordinator, client_for
):
    mapped = strategy(1)
    mapped.issues.add(chiang_rai.economy, chiang_rai.society)
    pim = client_for(province_coordinator)
    url = reverse("strategy_delete", args=["57", mapped.pk])
    asked = pim.get(url)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "data-confirm-button" in page
    assert "<dd>2</dd>" in page.split('class="confirm-facts"')[1]  # the issues that map to it
    assert pim.post(url).status_code == 200  # without the confirmation: asked again
    assert ProvinceStrategy.objects.filter(pk=mapped.pk).exists()

    response = post_confirmed(pim, url)
    assert response.status_code == 302
    assert not ProvinceStrategy.objects.filter(pk=mapped.pk).exists()
    assert chiang_rai.province.issues.count() == 3  # the issues stay, unmapped


def test_codi_staff_read_the_list_but_keep_strategies_in_the_admin(
    db, codi_staff, province_coordinator, client_for
):
    kept = strategy(1)
    charlie = client_for(codi_staff)
    page = charlie.get(reverse("strategy_list", args=["57"])).content.decode()
    assert kept.title in page
    assert reverse("strategy_new", args=["57"]) not in page
    assert charlie.post(reverse("strategy_new", args=["57"]), new_strategy()).status_code == 403
    assert ProvinceStrategy.objects.count() == 1


def test_a_district_coordinator_sees_no_provincial_strategies(db, district_coordinator, client_for):
    kept = strategy(1)
    dao = client_for(district_coordinator)
    assert dao.get(reverse("strategy_list", args=["57"])).status_code == 404
    assert dao.get(reverse("strategy_edit", args=["57", kept.pk])).status_code == 404


def test_the_admin_lists_only_the_region_s_strategies(db, codi_staff):
    from tests.accounts_helpers import verified_client

    strategy(1, title="ของเชียงราย")
    strategy(1, province="86", title="ของชุมพร")
    page = verified_client(codi_staff).get(reverse("admin:plans_provincestrategy_changelist"))
    assert page.status_code == 200
    assert "ของเชียงราย" in page.content.decode()
    assert "ของชุมพร" not in page.content.decode()


# --- the book editor maps an issue to one or more strategies ---------------------------------


def issue_form(issue, strategies):
    return {
        "title": issue.title,
        "theme": issue.theme_id,
        "goal": "",
        "indicators": "",
        "province_strategies": [s.pk for s in strategies],
    }


def test_the_book_editor_maps_an_issue_to_several_strategies(
    chiang_rai, province_coordinator, client_for
):
    first, second, later = strategy(1), strategy(2), strategy(3, first_year=2574, last_year=2578)
    pim = client_for(province_coordinator)
    url = reverse("book_issue_edit", args=[chiang_rai.province.pk, chiang_rai.economy.pk])
    form = pim.get(url).content.decode()
    assert 'type="checkbox" name="province_strategies"' in form
    assert later.title not in form  # its period misses the book's

    assert pim.post(url, issue_form(chiang_rai.economy, [first, second])).status_code == 302
    assert set(chiang_rai.economy.province_strategies.all()) == {first, second}

    refused = pim.post(url, issue_form(chiang_rai.economy, [later]))
    assert refused.status_code == 200
    assert 'href="#id_province_strategies"' in refused.content.decode()
    assert set(chiang_rai.economy.province_strategies.all()) == {first, second}

    page = pim.get(chiang_rai.province.get_absolute_url()).content.decode()
    assert 'id="strategy-coverage"' in page and first.title in page


# --- coverage ---------------------------------------------------------------------------------


def test_coverage_sums_the_tambon_projects_behind_each_strategy(chiang_rai, tambon_coordinator):
    economy, both, unmapped = strategy(1), strategy(2), strategy(3)
    economy.issues.add(chiang_rai.economy)
    both.issues.add(chiang_rai.economy, chiang_rai.society)
    mae_sai_economy = PlanProject.objects.filter(
        issue__plan__council__subdistrict_id="570901", issue__theme__code="economy"
    ).order_by("pk")
    record(mae_sai_economy[0], tambon_coordinator, "under_way", committed="800", spent="300")
    record(mae_sai_economy[1], tambon_coordinator, "done", spent="450")

    rows = {
        row.strategy.number: row for row in strategy_coverage.for_book(chiang_rai.province).rows
    }
    # Economy: Mae Sai's two projects (through its district issue) and Mueang Chiang Rai's one
    # (directly); 2 years of (1,000 + 500) + 2 years of 7,000.
    assert (rows[1].issues, rows[1].projects) == (1, 3)
    assert rows[1].asked == Decimal("17000")
    assert (rows[1].committed, rows[1].spent) == (Decimal("800"), Decimal("750"))
    assert (rows[1].under_way, rows[1].done) == (1, 1)
    # Economy and society: two more projects, 2 x 200 and 2 x 1 baht more.
    assert (rows[2].issues, rows[2].projects, rows[2].asked) == (2, 5, Decimal("17402"))
    assert (rows[3].issues, rows[3].projects, rows[3].asked) == (0, 0, Decimal("0"))
    assert [row.strategy for row in strategy_coverage.for_book(chiang_rai.province).unserved] == [
        unmapped
    ]


def test_a_project_reached_by_two_paths_counts_once(chiang_rai):
    economy = strategy(1)
    economy.issues.add(chiang_rai.economy)
    before = strategy_coverage.for_book(chiang_rai.province).rows[0]
    # Mae Sai's economy issue, already under the provincial issue through its district issue,
    # linked to it directly as well; and a second provincial issue mapped to the same strategy
    # that gathers it too.
    mae_sai_economy = PlanIssue.objects.get(
        plan__council__subdistrict_id="570901", theme__code="economy"
    )
    StrategicIssueLink.objects.create(
        strategic_issue=chiang_rai.economy, plan_issue=mae_sai_economy
    )
    StrategicIssueLink.objects.create(
        strategic_issue=chiang_rai.environment, plan_issue=mae_sai_economy
    )
    economy.issues.add(chiang_rai.environment)
    after = strategy_coverage.for_book(chiang_rai.province).rows[0]
    assert (before.projects, before.asked) == (3, Decimal("17000"))
    # The environment issue adds its own two projects (2 x 300, 2 x 2 baht), nothing twice.
    assert (after.issues, after.projects, after.asked) == (2, 5, Decimal("17604"))


def test_the_provinces_coverage_counts_every_book_of_it(chiang_rai):
    economy = strategy(1)
    economy.issues.add(chiang_rai.economy)
    later = StrategyBook.objects.create(
        level=PROVINCE, area_code="57", title="เล่มถัดไป", first_year=2571, last_year=2575
    )
    StrategicIssue.objects.create(book=later, title="ว่าง").province_strategies.add(economy)
    row = strategy_coverage.for_province("57").rows[0]
    assert (row.issues, row.projects) == (2, 3)
    assert strategy_coverage.for_book(chiang_rai.province).rows[0].issues == 1


def test_the_strategies_page_names_the_unserved_plainly(
    chiang_rai, province_coordinator, client_for
):
    strategy(1, title="เศรษฐกิจชายแดน").issues.add(chiang_rai.economy)
    strategy(2, title="ข้อมูลข่าวสารชุมชน")
    response = client_for(province_coordinator).get(reverse("strategy_list", args=["57"]))
    page = response.content.decode()
    unserved = page.split('class="warnings"')[1].split("</ul>")[0]
    assert "ข้อมูลข่าวสารชุมชน" in unserved and "เศรษฐกิจชายแดน" not in unserved


def test_the_provincial_book_pdf_has_the_coverage_table(chiang_rai, tmp_path):
    from plans.books import contents
    from reports import documents
    from reports.documents import SectionCache

    strategy(1, title="เศรษฐกิจชายแดน").issues.add(chiang_rai.economy)
    strategy(2, title="ข้อมูลข่าวสารชุมชน")
    pdf, _pages = documents.render_book(
        contents.book_data(chiang_rai.province), cache=SectionCache(tmp_path)
    )
    text = "".join(text_of(pdf).split())
    assert "ความครอบคลุมยุทธศาสตร์การพัฒนาจังหวัด" in text
    assert "1.เศรษฐกิจชายแดน" in text and "17,000.00" in text
    assert "ยุทธศาสตร์ที่ยังไม่มีโครงการของชุมชนรองรับ" in text
    assert "ยุทธศาสตร์ที่2ข้อมูลข่าวสารชุมชน" in text


def text_of(pdf: bytes) -> str:
    result = subprocess.run(  # noqa: S603 - a fixed command on our own PDF
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


# --- query counts -----------------------------------------------------------------------------


def grow(chiang_rai, strategies: int):
    """More strategies, each mapped to the three provincial issues."""
    for number in range(1, strategies + 1):
        strategy(number).issues.add(chiang_rai.economy, chiang_rai.society, chiang_rai.environment)


def test_coverage_is_one_query_however_many_strategies(chiang_rai, django_assert_num_queries):
    grow(chiang_rai, 3)
    with django_assert_num_queries(1):
        assert len(strategy_coverage.for_book(chiang_rai.province).rows) == 3
    grow_more = [strategy(n) for n in range(4, 30)]
    for made in grow_more:
        made.issues.add(chiang_rai.economy)
    with django_assert_num_queries(1):
        assert len(strategy_coverage.for_province("57").rows) == 29


def test_the_strategies_page_costs_the_same_queries_for_3_strategies_or_45(
    chiang_rai, province_coordinator, client_for, django_assert_num_queries
):
    pim = client_for(province_coordinator)
    url = reverse("strategy_list", args=["57"])
    grow(chiang_rai, 3)
    # The session, the user, the scope, the province, the page's count, the page's rows with
    # every figure, the unserved ones, and the menu's counts of waiting work.
    with django_assert_num_queries(8):
        assert pim.get(url).status_code == 200
    for number in range(4, 46):
        strategy(number).issues.add(chiang_rai.economy)
    with django_assert_num_queries(8):
        page = pim.get(url)
    assert page.context["page"].paginator.count == 45
    assert len(page.context["rows"]) == 20

"""The accountability roll-ups: every figure of an area is the sum of its tambons', every figure
of a book the sum of its items', and each links to the projects it counts."""

import datetime as dt
from decimal import Decimal

import pytest

from plans import accountability
from plans.accountability import Drill, Figures
from plans.books import curation
from plans.books.models import StrategicIssue, StrategicIssueLink, StrategyBook
from plans.execution.models import Commitment
from plans.models import PlanIssue, PlanProject, ProjectBudget
from tests.plans.accountability_data import OLD, RECENT, TODAY, mae_sai_history, projects_of, record
from tests.reports.plan_builders import book


@pytest.fixture
def mae_sai(db, tambon_coordinator):
    return mae_sai_history(tambon_coordinator)


def test_area_figures_count_the_projects_of_accepted_plans(mae_sai):
    table = accountability.figure_table("5709")
    assert table.total == Figures(
        asked=6, taken=2, funded=2, under_way=2, done=1, not_started=3,
        budget=Decimal("5500.00"), committed=Decimal("130000.00"), spent=Decimal("15400.00"),
    )  # fmt: skip
    economy = table.by_group["economy"]
    assert (economy.asked, economy.taken, economy.under_way, economy.done) == (3, 2, 2, 1)
    assert economy.committed == Decimal("130000")
    assert table.by_source["local_government"].committed == Decimal("100000")
    assert table.by_source["codi"].asked == 2
    assert table.by_year[2570].committed == Decimal("80000")
    assert table.by_year[2569].budget == Decimal("2750")


def test_every_area_figure_is_the_sum_of_its_tambons(mae_sai):
    area = accountability.figure_table("5709").total
    tambons = [accountability.figure_table(code).total for code in ("570901", "570902", "570903")]
    assert sum(tambons, Figures()) == area
    rows = accountability.tambon_figures("5709")
    assert set(rows) == {"570901", "570902", "570903"}
    assert sum(rows.values(), Figures()) == area
    province = accountability.figure_table("57").total
    assert province == area  # nothing else in Chiang Rai


def test_a_figures_drill_down_lists_exactly_the_projects_it_counts(mae_sai):
    table = accountability.figure_table("5709")
    for status in ("asked", "taken", "funded", "under_way", "done", "not_started"):
        listed = accountability.projects_behind("5709", Drill(status=status)).count()
        assert listed == getattr(table.total, status), status
    economy = accountability.projects_behind("5709", Drill(theme="economy", status="under_way"))
    assert economy.count() == table.by_group["economy"].under_way
    codi = accountability.projects_behind("5709", Drill(source="codi"))
    assert codi.count() == table.by_source["codi"].asked
    assert not accountability.projects_behind("5709", Drill(year=2580)).exists()


def test_partners_show_the_projects_they_took_and_what_they_committed(mae_sai):
    agencies = {a.name: a for a in accountability.partner_figures("5709")}
    assert (agencies["อบต.แม่สาย"].projects, agencies["อบต.แม่สาย"].committed) == (
        1,
        Decimal("100000"),
    )
    assert (agencies["อบจ.เชียงราย"].projects, agencies["อบจ.เชียงราย"].committed) == (
        1,
        Decimal("30000"),
    )
    assert agencies["อบจ.เชียงราย"].kind_label


def test_tambons_without_an_update_for_six_months_are_listed(mae_sai):
    quiet = accountability.quiet_tambons("5709", TODAY)
    # 570902's only update is a year old; 570903 never had one; 570904's plan is a draft.
    assert [(c.subdistrict_id, c.last_update) for c in quiet] == [
        ("570903", None),
        ("570902", OLD),
    ]
    a_month_after = accountability.quiet_tambons("5709", OLD + dt.timedelta(days=30))
    assert not a_month_after.filter(subdistrict_id="570902").exists()
    assert a_month_after.filter(subdistrict_id="570903").exists()


def test_the_share_of_tambons_with_a_project_actually_under_way(mae_sai):
    shares = accountability.active_tambons_by_district("57")
    assert [(s.code, s.tambons, s.active, s.percent) for s in shares] == [("5709", 3, 2, 67)]
    assert accountability.headline(shares).active == 2


@pytest.fixture
def district_book(mae_sai):
    made = book(StrategyBook.Level.DISTRICT, "5709")
    return made


def test_every_book_figure_is_the_sum_of_its_items(district_book):
    table = accountability.figure_table(district_book)
    items = StrategicIssueLink.objects.filter(strategic_issue__book=district_book)
    assert items.exists()
    for issue_id, figures in table.by_group.items():
        mine = items.filter(strategic_issue_id=issue_id).values("plan_issue")
        projects = PlanProject.objects.filter(issue__in=mine)
        assert figures.asked == projects.count()
        assert figures.under_way == projects.filter(execution_status="under_way").count()
        in_period = {"fiscal_year__gte": 2569, "fiscal_year__lte": 2573}
        budget = ProjectBudget.objects.filter(project__in=projects, **in_period)
        assert figures.budget == sum((b.amount for b in budget), Decimal(0))
        committed = Commitment.objects.filter(update__project__in=projects, **in_period)
        assert figures.committed == sum((c.amount for c in committed), Decimal(0))
    # The district book gathers the accepted plans of all three tambons and the draft's too.
    assert table.total.asked == PlanProject.objects.filter(issue__book_links__isnull=False).count()


def test_a_provincial_book_counts_a_tambon_issue_once_through_its_district(district_book):
    province = book(StrategyBook.Level.PROVINCE, "57", grouped=False)
    gathering = StrategicIssue.objects.create(book=province, title="เศรษฐกิจฐานราก", order=1)
    gathering.district_issues.set(district_book.issues.all())
    # One tambon issue also linked directly: it still counts once, under the district issue.
    direct = StrategicIssue.objects.create(book=province, title="ตรง", order=2)
    StrategicIssueLink.objects.create(strategic_issue=direct, plan_issue=PlanIssue.objects.first())
    provincial = accountability.figure_table(province)
    assert provincial.total == accountability.figure_table(district_book).total
    assert set(provincial.by_group) == {gathering.pk}
    listed = accountability.projects_behind(province, Drill(issue=gathering.pk)).count()
    assert listed == provincial.by_group[gathering.pk].asked


def test_book_progress_counts_updates_since_the_endorsement(district_book, tambon_coordinator):
    snapshot = curation.endorse(district_book, by=tambon_coordinator, body="เวทีอำเภอ", on=TODAY)
    before = accountability.book_progress(district_book, snapshot.endorsed_at, {})
    assert before == []
    labels = {i.pk: i.title for i in district_book.issues.all()}
    rows = dict(accountability.book_progress(district_book, snapshot.endorsed_at, labels))
    assert sum(row["updates"] for row in rows.values()) == 0
    project = projects_of("570903")[0]
    record(project, tambon_coordinator, "under_way", 5, RECENT, spent=[(2570, "community", "90")])
    rows = dict(accountability.book_progress(district_book, snapshot.endorsed_at, labels))
    assert sum(row["updates"] for row in rows.values()) == 1
    assert sum(row["spent"] for row in rows.values()) == Decimal("15490")
    assert sum(row["under_way"] for row in rows.values()) == 3

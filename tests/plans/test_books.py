"""Book workflows: the first grouping by theme, moves, merges, provenance, endorsing and diffs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from plans.books import contents, curation
from plans.books.models import BookSnapshot, StrategicIssueLink, StrategyBook
from plans.execution.models import Indicator
from plans.models import ProjectBudget
from tests.reports.plan_builders import accepted_plan, book

DISTRICT, PROVINCE = StrategyBook.Level.DISTRICT, StrategyBook.Level.PROVINCE


@pytest.fixture
def chiang_rai(db):
    """Two Mae Sai tambons (their district has a book) and one Mueang Chiang Rai tambon (none)."""
    accepted_plan("570901", amounts={"economy": [1000, 500], "society": [200], "environment": [10]})
    accepted_plan("570902", amounts={"economy": [300], "society": [40], "environment": [20]})
    accepted_plan("570101", amounts={"economy": [7000], "society": [1], "environment": [2]})
    return book(DISTRICT, "5709")


def test_first_grouping_makes_one_issue_per_theme_with_every_accepted_item(chiang_rai):
    district = chiang_rai
    assert sorted(district.issues.values_list("theme__code", flat=True)) == [
        "economy",
        "environment",
        "society",
    ]
    assert StrategicIssueLink.objects.filter(strategic_issue__book=district).count() == 6
    assert not curation.unassigned_plan_issues(district).exists()


def test_grouping_twice_gathers_nothing_twice(chiang_rai):
    assert curation.propose_grouping(chiang_rai) == 0
    assert StrategicIssueLink.objects.filter(strategic_issue__book=chiang_rai).count() == 6


def test_a_draft_plan_is_not_gathered(db):
    from plans.models import CommunityPlan

    accepted_plan("570903", state=CommunityPlan.State.SUBMITTED)
    assert not curation.candidate_plan_issues(book(DISTRICT, "5709", grouped=False)).exists()


def test_moving_an_item_moves_its_money(chiang_rai):
    economy = chiang_rai.issues.get(theme__code="economy")
    society = chiang_rai.issues.get(theme__code="society")
    item = economy.plan_issues.get(plan__council__subdistrict_id="570902")
    curation.move_item(chiang_rai, curation.TAMBON_ITEM, item.pk, society)
    data = contents.book_data(chiang_rai)
    totals = {issue["id"]: Decimal(issue["total"]) for issue in data["issues"]}
    assert totals[economy.pk] == Decimal("3000.00")  # 1,500 x 2 years
    assert totals[society.pk] == Decimal("1080.00")  # (200 + 40 + 300) x 2
    assert Decimal(data["totals"]["total"]) == Decimal("4140.00")


def test_taking_an_item_out_returns_it_to_the_unassigned_list(chiang_rai):
    economy = chiang_rai.issues.get(theme__code="economy")
    item = economy.plan_issues.first()
    curation.move_item(chiang_rai, curation.TAMBON_ITEM, item.pk, None)
    assert list(curation.unassigned_plan_issues(chiang_rai)) == [item]


def test_an_item_from_another_district_cannot_be_moved_in(chiang_rai):
    outsider = StrategicIssueLink.objects.none()
    from plans.models import PlanIssue

    outsider = PlanIssue.objects.get(plan__council__subdistrict_id="570101", theme__code="economy")
    with pytest.raises(curation.BookError):
        curation.move_item(chiang_rai, curation.TAMBON_ITEM, outsider.pk, chiang_rai.issues.first())


def test_merging_keeps_every_link_and_the_total(chiang_rai):
    before = contents.book_data(chiang_rai)["totals"]["total"]
    economy = chiang_rai.issues.get(theme__code="economy")
    society = chiang_rai.issues.get(theme__code="society")
    Indicator.objects.create(strategic_issue=society, name="ผู้สูงอายุมีผู้ดูแล", unit="คน")
    curation.merge(chiang_rai, society, economy)
    economy.refresh_from_db()
    assert economy.links.count() == 4
    assert "ผู้สูงอายุมีผู้ดูแล" in economy.indicators.values_list("name", flat=True)
    assert not chiang_rai.issues.filter(pk=society.pk).exists()
    assert contents.book_data(chiang_rai)["totals"]["total"] == before


def test_reordering_swaps_neighbours(chiang_rai):
    first, second, third = chiang_rai.issues.order_by("order")
    curation.reorder(chiang_rai, third, "up")
    assert list(chiang_rai.issues.order_by("order")) == [first, third, second]
    curation.reorder(chiang_rai, first, "up")  # already first: nothing moves
    assert list(chiang_rai.issues.order_by("order")) == [first, third, second]


def test_provincial_book_gathers_district_issues_and_tambons_of_districts_without_a_book(
    chiang_rai,
):
    province = book(PROVINCE, "57")
    economy = province.issues.get(theme__code="economy")
    assert set(economy.district_issues.values_list("book__area_code", flat=True)) == {"5709"}
    assert set(economy.plan_issues.values_list("plan__council__subdistrict_id", flat=True)) == {
        "570101"
    }


def test_a_provincial_figure_is_the_sum_of_the_tambon_items_linked_under_it(chiang_rai):
    province = book(PROVINCE, "57")
    data = contents.book_data(province)
    for issue in data["issues"]:
        items = [
            item
            for district in data["districts"]
            for tambon in district["tambons"]
            for item in tambon["items"]
            if issue["id"] in item["under_ids"]
        ]
        from_items = sum((Decimal(item["total"]) for item in items), Decimal(0))
        from_projects = sum(
            (Decimal(p["total"]) for item in items for p in item["projects"]), Decimal(0)
        )
        from_lines = ProjectBudget.objects.filter(
            project__issue__in=[item["id"] for item in items]
        ).aggregate(total=Sum("amount"))["total"]
        assert Decimal(issue["total"]) == from_items == from_projects == from_lines
    economy = next(i for i in data["issues"] if i["theme"] == "ด้านเศรษฐกิจ")
    assert Decimal(economy["total"]) == Decimal("17600.00")  # (1,500 + 300 + 7,000) x 2
    assert Decimal(data["totals"]["total"]) == Decimal("18146.00")


def test_a_tambon_item_reached_twice_is_counted_once(chiang_rai):
    province = book(PROVINCE, "57")
    economy = province.issues.get(theme__code="economy")
    mae_sai_item = chiang_rai.issues.get(theme__code="economy").plan_issues.first()
    StrategicIssueLink.objects.create(strategic_issue=economy, plan_issue=mae_sai_item)
    assert contents.book_data(province)["totals"]["total"] == "18146.00"


def test_endorsing_freezes_the_data_and_its_hash_and_leaves_the_pdf_to_a_task(
    chiang_rai, district_coordinator
):
    snapshot = curation.endorse(
        chiang_rai, by=district_coordinator, body="ที่ประชุมเครือข่ายอำเภอแม่สาย", on=dt.date(2026, 1, 20)
    )
    chiang_rai.refresh_from_db()
    assert chiang_rai.state == StrategyBook.State.ENDORSED
    assert snapshot.data == contents.book_data(chiang_rai)
    assert snapshot.data_hash == contents.data_hash(snapshot.data)
    # No PDF yet: reports.jobs renders it in the background from the frozen data.
    assert not snapshot.pdf and snapshot.pdf_state == BookSnapshot.PdfState.PENDING
    frozen_total = snapshot.data["totals"]["total"]
    # A later edit changes the book, not the endorsed snapshot.
    economy = chiang_rai.issues.get(theme__code="economy")
    curation.move_item(chiang_rai, curation.TAMBON_ITEM, economy.plan_issues.first().pk, None)
    economy.title = "เศรษฐกิจฐานรากชายแดน"
    economy.save()
    snapshot.refresh_from_db()
    assert snapshot.data["totals"]["total"] == frozen_total
    changes = contents.changes_since(snapshot, contents.book_data(chiang_rai))
    assert any("เศรษฐกิจฐานรากชายแดน" in change for change in changes)
    assert any("3,600.00" in change for change in changes)  # economy's budget when endorsed


def test_nothing_changed_right_after_endorsing(chiang_rai, district_coordinator):
    snapshot = curation.endorse(
        chiang_rai, by=district_coordinator, body="ที่ประชุม", on=dt.date(2026, 1, 20)
    )
    assert contents.changes_since(snapshot, contents.book_data(chiang_rai)) == []


def test_the_curators_are_the_coordinators_of_the_books_level(
    chiang_rai, district_coordinator, province_coordinator, tambon_coordinator
):
    province = book(PROVINCE, "57", grouped=False)
    assert curation.can_curate(district_coordinator, chiang_rai)
    assert not curation.can_curate(province_coordinator, chiang_rai)
    assert curation.can_curate(province_coordinator, province)
    assert not curation.can_curate(district_coordinator, province)
    assert not curation.can_curate(tambon_coordinator, chiang_rai)

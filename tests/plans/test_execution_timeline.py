"""The execution timeline's rules in the model layer: who may write the state, what an update
may say, and how the project's state follows the latest update."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans.execution.models import (
    AppendOnly,
    Commitment,
    Indicator,
    IndicatorMeasurement,
    NotRecordable,
    ProjectUpdate,
    Spending,
    execution_state,
    spending_warnings,
)
from plans.models import ExecutionStatus, PlanProject, PlanStateError
from tests.factories import PartnerFactory, complete_plan, put_in_state


@pytest.fixture
def project(council):
    plan = complete_plan(council)
    project = PlanProject.objects.filter(issue__plan=plan).first()
    Indicator.objects.update_or_create(
        project=project, defaults={"name": "รายได้ครัวเรือนเพิ่มขึ้น", "unit": "ร้อยละ"}
    )
    put_in_state(plan, "accepted")
    return project


def _update(project, user, **fields):
    values = {"happened_on": day(2569, 1, 10), "status": "under_way"}
    values.update(fields)
    values.setdefault("progress", 30)
    return ProjectUpdate(by=user, **values)


def day(be_year, month, d):
    return dt.date(be_year - 543, month, d)


def test_an_update_moves_the_projects_state_and_totals(project, tambon_coordinator):
    agency = PartnerFactory(kind="local_government")
    project.record_update(
        _update(
            project, tambon_coordinator, happened_on=day(2569, 1, 10), adopted_by=agency,
            agency_plan="local_development", agency_plan_year=2569,
        ),
        commitments=[Commitment(fiscal_year=2569, source="local_government", amount="80000")],
        spending=[Spending(fiscal_year=2569, source="local_government", amount="20000")],
    )  # fmt: skip
    stored = PlanProject.objects.get(pk=project.pk)
    assert stored.execution_status == ExecutionStatus.UNDER_WAY
    assert stored.progress == 30
    assert stored.taken_into_plan
    assert stored.committed_total == Decimal("80000")
    assert stored.spent_total == Decimal("20000")
    assert stored.last_update_on == day(2569, 1, 10)
    assert execution_state(stored).spent_total == stored.spent_total


def test_an_older_update_fills_in_history_without_moving_the_state(project, tambon_coordinator):
    project.record_update(
        _update(project, tambon_coordinator, happened_on=day(2569, 3, 1), status="done",
                progress=100)
    )  # fmt: skip
    project.record_update(
        _update(project, tambon_coordinator, happened_on=day(2569, 1, 5), progress=10),
        spending=[Spending(fiscal_year=2569, source="codi", amount="5000")],
    )
    stored = PlanProject.objects.get(pk=project.pk)
    assert (stored.execution_status, stored.progress) == ("done", 100)
    assert stored.spent_total == Decimal("5000")
    assert project.updates.count() == 2


def test_the_state_is_written_only_through_the_timeline(project):
    with pytest.raises(PlanStateError):
        PlanProject.objects.filter(pk=project.pk).update(execution_status="done")
    project.execution_status = "done"
    project.progress = 100
    project.title = "ชื่อใหม่"
    from plans.models import CommunityPlan

    CommunityPlan.objects.filter(pk=project.issue.plan_id)._record_move("draft")
    project.save()
    stored = PlanProject.objects.get(pk=project.pk)
    assert stored.title == "ชื่อใหม่"
    assert (stored.execution_status, stored.progress) == ("not_started", 0)


def test_an_update_is_never_changed_or_deleted(project, tambon_coordinator):
    update = project.record_update(_update(project, tambon_coordinator))
    with pytest.raises(AppendOnly):
        update.save()
    with pytest.raises(AppendOnly):
        update.delete()
    with pytest.raises(AppendOnly):
        ProjectUpdate.objects.filter(pk=update.pk).update(progress=90)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"progress": 101}, "progress"),
        ({"happened_on": day(2567, 5, 1)}, "happened_on"),
        ({"happened_on": dt.date.today() + dt.timedelta(days=3)}, "happened_on"),
        ({"agency_plan": "pao"}, "adopted_by"),
        ({"agency_plan_year": 2025}, "agency_plan_year"),
    ],
)
def test_bad_updates_name_their_field_and_write_nothing(project, tambon_coordinator, fields, field):
    with pytest.raises(ValidationError) as caught:
        project.record_update(_update(project, tambon_coordinator, **fields))
    assert field in caught.value.message_dict
    assert not ProjectUpdate.objects.exists()


def test_a_bad_line_names_its_row_and_writes_nothing(project, tambon_coordinator):
    with pytest.raises(ValidationError) as caught:
        project.record_update(
            _update(project, tambon_coordinator),
            spending=[
                Spending(fiscal_year=2569, source="codi", amount="100"),
                Spending(fiscal_year=2569, source="codi", amount="-5"),
                Spending(fiscal_year=2580, source="pao", amount="5"),
            ],
        )
    errors = caught.value.message_dict
    assert {"spending-1-amount", "spending-1-source", "spending-2-fiscal_year"} <= set(errors)
    assert not ProjectUpdate.objects.exists()
    assert not Spending.objects.exists()


def test_a_plan_never_accepted_takes_no_update(council, tambon_coordinator):
    plan = complete_plan(council)
    project = PlanProject.objects.filter(issue__plan=plan).first()
    with pytest.raises(NotRecordable):
        project.record_update(_update(project, tambon_coordinator))


def test_spending_above_commitment_is_allowed_and_warned(project, tambon_coordinator):
    agency = PartnerFactory(kind="pao")
    project.record_update(
        _update(project, tambon_coordinator, adopted_by=agency, agency_plan="pao"),
        commitments=[Commitment(fiscal_year=2569, source="pao", amount="1000")],
        spending=[Spending(fiscal_year=2569, source="pao", amount="1500")],
    )
    (warning,) = spending_warnings(project)
    assert "1,500.00" in str(warning) and "1,000.00" in str(warning)


def test_results_are_measured_against_the_projects_own_indicators(project, tambon_coordinator):
    indicator = project.indicators.get()
    project.record_update(
        _update(project, tambon_coordinator),
        results=[IndicatorMeasurement(indicator=indicator, fiscal_year=2569, value="12.5")],
    )
    measured = IndicatorMeasurement.objects.get()
    assert measured.measured_on == day(2569, 1, 10)
    assert measured.value == Decimal("12.5")


def test_a_locked_plans_indicators_do_not_change(project):
    from plans.models import PlanLocked

    indicator = project.indicators.get()
    indicator.name = "อื่น"
    with pytest.raises(PlanLocked):
        indicator.save()


def test_evidence_joins_the_update_in_its_transaction(
    project, tambon_coordinator, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from plans.execution.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    # The file is written when the row is, once it knows its update (evidence_path).
    item = Evidence(kind="document", content_type="application/pdf", size=9)
    item.file = ContentFile(b"%PDF-1.4 x", name="x.pdf")
    update = project.record_update(_update(project, tambon_coordinator), evidence=[item])
    assert list(update.evidence.all()) == [item]
    assert Evidence.objects.get().file.name.startswith("evidence/")


def test_an_update_takes_at_most_five_files(project, tambon_coordinator):
    from plans.execution.models import Evidence

    files = [Evidence(kind="photo", content_type="image/png", size=1) for _ in range(6)]
    with pytest.raises(ValidationError) as caught:
        project.record_update(_update(project, tambon_coordinator), evidence=files)
    assert "evidence" in caught.value.message_dict
    assert not ProjectUpdate.objects.exists()


def test_the_communitys_own_spending_is_no_overspending(project, tambon_coordinator):
    project.record_update(
        _update(project, tambon_coordinator),
        spending=[
            Spending(fiscal_year=2569, source="community", amount="3500"),
            Spending(fiscal_year=2569, source="local_government", amount="100"),
        ],
    )
    (warning,) = spending_warnings(project)  # only the agency's money nobody committed
    assert "100.00" in str(warning)

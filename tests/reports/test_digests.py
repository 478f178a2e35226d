"""The email digest: each person's unread notifications and waiting work, sent once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from councils.buddhist_era import thai_date
from reports import digests
from reports.models import Digest, Notification
from reports.tasks import send_digests
from tests.factories import (
    ClaimFactory,
    FundFactory,
    FundMemberFactory,
    UserFactory,
    complete_plan,
)

TODAY = timezone.localdate()


@pytest.fixture
def alice(tambon_coordinator):
    tambon_coordinator.email = "alice@example.org"
    tambon_coordinator.save(update_fields=["email"])
    return tambon_coordinator


@pytest.fixture
def claim(council, alice):
    """A claim filed by the clerk: Alice is told, and it waits for her approval."""
    member = FundMemberFactory(fund=FundFactory(council=council), first_name="มาลี")
    return ClaimFactory(member=member, filed_by=UserFactory(username="clerk"))


def test_the_digest_lists_notifications_and_work_and_goes_once(claim, alice):
    outcome = digests.send_all(TODAY)
    assert outcome.sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    notification = Notification.objects.get(recipient=alice)
    with translation.override("th"):  # the portal's language, whatever the test's
        assert notification.text in message.body
        assert thai_date(TODAY, short=True) in message.subject
    assert f"/notifications/{notification.pk}/" in message.body
    # The work waiting: the claim to approve, counted.
    assert Digest.objects.get(recipient=alice).work == {"claims_to_approve": 1}
    # Personal data stays in the portal: no member's name or citizen ID in the mail.
    assert "มาลี" not in message.body and claim.member.citizen_id not in message.body
    assert Notification.objects.get(recipient=alice).emailed_at is not None

    # Run again the same day, and the next day with nothing new: nothing more is sent.
    assert digests.send_all(TODAY).sent == 0
    assert digests.send_all(TODAY + dt.timedelta(days=1)).sent == 0
    assert len(mail.outbox) == 1


def test_something_new_the_next_day_is_sent_the_next_day(claim, council, alice):
    digests.send_all(TODAY)
    ClaimFactory(member=FundMemberFactory(fund=claim.fund), filed_by=UserFactory(username="c2"))
    assert digests.send_all(TODAY).sent == 0  # one digest a day
    assert digests.send_all(TODAY + dt.timedelta(days=1)).sent == 1
    assert len(mail.outbox) == 2
    assert Digest.objects.filter(recipient=alice).count() == 2
    assert Notification.objects.filter(recipient=alice, emailed_at__isnull=True).count() == 0


def test_work_alone_is_sent_and_not_repeated_unchanged(council, alice):
    complete_plan(council, first_year=2570, last_year=2574)  # a draft to finish
    Notification.objects.all().delete()
    assert digests.send_all(TODAY).sent == 1
    digest = Digest.objects.get(recipient=alice)
    assert digest.work == {"plans_to_finish": 1}
    assert not digest.notifications.exists()
    assert digests.send_all(TODAY + dt.timedelta(days=1)).sent == 0


def test_read_notifications_and_people_without_email_get_nothing(claim, alice):
    Notification.objects.filter(recipient=alice).mark_read()
    alice.email = ""
    alice.save(update_fields=["email"])
    assert digests.send_all(TODAY).sent == 0
    assert mail.outbox == []


def test_a_mail_that_fails_is_tried_again(claim, alice, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(digests, "send_mail", refuse)
    with pytest.raises(ConnectionRefusedError):
        digests.send_all(TODAY)
    assert not Digest.objects.exists()
    assert Notification.objects.get(recipient=alice).emailed_at is None
    monkeypatch.undo()
    assert digests.send_all(TODAY).sent == 1


def test_the_command_and_the_task_send_the_digests(claim, alice, capsys):
    call_command("send_digests")
    assert "1 digests sent" in capsys.readouterr().out
    assert len(mail.outbox) == 1
    other = UserFactory(username="bookkeeper", email="somsri@example.org")
    from tests.factories import AssignmentFactory

    AssignmentFactory(user=other, role="tambon", area_code=claim.fund.council.subdistrict_id)
    ClaimFactory(member=FundMemberFactory(fund=claim.fund), filed_by=alice)
    result = send_digests.enqueue()
    assert result.return_value == 1
    assert mail.outbox[-1].to == ["somsri@example.org"]

"""What the two PDPA commands share: who the person is, who asks, and in which area."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from councils.access import scope_for
from councils.models import CouncilMember
from reports.privacy import (
    SubjectRecords,
    records_of_council_member,
    records_of_fund_member,
    subject_records,
)
from welfare.models import Member


class PrivacyCommand(BaseCommand):
    default_reason = ""

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--citizen-id", help="the person's 13-digit citizen ID")
        who.add_argument("--member", type=int, help="the id of one of their fund memberships")
        who.add_argument("--council-member", type=int, help="the id of their council membership")
        parser.add_argument(
            "--by", required=True, help="the username of the CODI staff member carrying it out"
        )
        parser.add_argument("--reason", default="", help="the reason and legal basis, logged")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["by"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['by']!r}")
        within = scope_for(user).administered
        if not within:
            raise CommandError(f"{user} is not CODI staff: only they carry out privacy requests")
        reason = options["reason"].strip() or self.default_reason
        if not reason:
            raise CommandError("say why: --reason")
        records = self.records(options, within)
        if records.is_empty:
            raise CommandError("nobody found in the area this user administers")
        self.carry_out(records, user, reason, options)

    def records(self, options, within) -> SubjectRecords:
        if options["citizen_id"]:
            return subject_records(citizen_id=options["citizen_id"], within=within)
        if options["member"]:
            member = Member.objects.within(within).filter(pk=options["member"]).first()
            return records_of_fund_member(member, within) if member else SubjectRecords()
        member = CouncilMember.objects.within(within).filter(pk=options["council_member"]).first()
        return records_of_council_member(member, within) if member else SubjectRecords()

    def carry_out(self, records, user, reason, options):
        raise NotImplementedError

"""`manage.py check_integrity`: money, books and references add up (run it after a restore)."""

from django.core.management.base import BaseCommand, CommandError

from reports import integrity


class Command(BaseCommand):
    help = (
        "Check that every fund balance equals its ledger, every book total its items, and that "
        "no row points at a missing row or area. Exits non-zero when anything is wrong."
    )

    def handle(self, *args, **options):
        found = integrity.problems()
        for name, problems in found.items():
            if problems:
                self.stdout.write(self.style.ERROR(f"{name}: {len(problems)} problems"))
                for problem in problems:
                    self.stdout.write(f"  {problem}")
            else:
                self.stdout.write(self.style.SUCCESS(f"{name}: ok"))
        wrong = sum(len(problems) for problems in found.values())
        if wrong:
            raise CommandError(f"{wrong} integrity problems")

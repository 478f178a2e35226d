"""`manage.py prune_render_cache`: delete old and least recently used rendered book sections."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.documents import MB, SectionCache


class Command(BaseCommand):
    help = (
        "Delete the rendered book sections in RENDER_CACHE_DIR that were not used for "
        "--older-than days, then the least recently used until the cache fits in --max-mb. "
        "Files still being written are left alone. Run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=30,
            metavar="DAYS",
            help="Delete files not used for this many days (default: 30).",
        )
        parser.add_argument(
            "--max-mb",
            type=float,
            default=None,
            metavar="MB",
            help="Then delete the least recently used until the cache holds at most this many "
            "megabytes (default: settings.RENDER_CACHE_MAX_MB; 0 for no size cap).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be deleted; delete nothing."
        )

    def handle(self, *args, **options):
        if options["older_than"] < 0:
            raise CommandError("--older-than must be 0 or more days.")
        max_mb = options["max_mb"]
        if max_mb is None:
            max_mb = settings.RENDER_CACHE_MAX_MB
        if max_mb < 0:
            raise CommandError("--max-mb must be 0 (no cap) or more.")
        cache = SectionCache()
        pruned = cache.prune(
            older_than=dt.timedelta(days=options["older_than"]),
            max_bytes=int(max_mb * MB) if max_mb else None,
            dry_run=options["dry_run"],
        )
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(
            f"{verb} {pruned.files} files ({pruned.freed / MB:.1f} MB) from {cache.root}; "
            f"kept {pruned.kept_files} files ({pruned.kept / MB:.1f} MB)."
        )

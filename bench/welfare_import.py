"""Benchmark: import a big member file into one welfare fund; seconds, rows/s and peak memory.

    .venv/bin/python bench/welfare_import.py                      # 10,000 rows, SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/welfare_import.py --rows 100000 --all

The file is built as the fund's Excel book would be exported to CSV (Thai headers, B.E. dates).
Three ways, each in a process of its own so that its peak memory is its own:

- `dataset`: the parsed rows through welfare.imports.import_dataset, rolled back;
- `task`: the file as uploaded, through the guard and the background path the import page
  takes above IMPORT_BACKGROUND_ROWS (an ImportJob, the task, run here by the immediate
  backend), committed and then deleted again;
- `bulk`: the same members made as model instances and written with bulk_create, rolled back:
  the floor that the import's parsing and per-row checks are measured against.

`--all` runs the three and prints them side by side.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-media-"))

import django  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

import datetime as dt  # noqa: E402

from auditlog.context import disable_auditlog  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from councils.audit import ImportRecord  # noqa: E402
from councils.models import Council  # noqa: E402
from councils.spreadsheets.formats import CSV  # noqa: E402
from councils.spreadsheets.guard import guard_upload  # noqa: E402
from councils.spreadsheets.jobs import ImportJob, runs_in_background  # noqa: E402
from welfare.imports import import_dataset  # noqa: E402
from welfare.models import Member, WelfareFund  # noqa: E402
from welfare.tasks import import_later  # noqa: E402

HEADER = "เลขที่สมาชิก,คำนำหน้า,ชื่อ,นามสกุล,เลขประจำตัวประชาชน,วันเกิด,เพศ,หมู่ที่,กลุ่ม,วันที่สมัคร\n"
FIRST = ("บุญมา", "สมพร", "จันทร์เพ็ญ", "ประยูร", "อำไพ", "สุรชัย", "มาลี", "สมชาย")
LAST = ("แก้วมณี", "ทองดี", "ศรีสุข", "บุญเรือง", "คำแสน", "ใจดี", "สุขเจริญ")


class Rollback(Exception):
    pass


class Clock:
    """Wall and CPU seconds (of this process) of one span; on a shared, loaded machine the CPU
    seconds say more than the wall clock."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def citizen_id(n: int) -> str:
    body = f"3{n:011d}"
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(body)) % 11) % 10
    return body + str(check)


def member_file(rows: int) -> bytes:
    lines = [HEADER]
    for n in range(1, rows + 1):
        lines.append(
            f"{n},{'นาง' if n % 2 else 'นาย'},{FIRST[n % len(FIRST)]},{LAST[n % len(LAST)]},"
            f"{citizen_id(n)},{n % 28 + 1}/{n % 12 + 1}/{2480 + n % 80},"
            f"{'หญิง' if n % 2 else 'ชาย'},{n % 15 + 1},วัยทำงาน,1/{n % 12 + 1}/2560\n"
        )
    return "".join(lines).encode("utf-8-sig")


def new_fund() -> WelfareFund:
    council = Council.objects.create(subdistrict_id="570908", name="สภาทดสอบความเร็ว")
    return WelfareFund.objects.create(
        council=council, name="กองทุนทดสอบความเร็ว", contribution_amount=1
    )


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_dataset(content: bytes, rows: int) -> Clock:
    dataset = CSV().create_dataset(content)
    try:
        with transaction.atomic():
            fund = new_fund()
            with Clock() as clock:
                outcome = import_dataset(fund, "members", dataset, user=None)
            assert outcome.ok, outcome.row_errors[:5] or outcome.file_errors
            assert fund.members.count() == rows
            raise Rollback
    except Rollback:
        pass
    return clock


def run_task(content: bytes, rows: int) -> Clock:
    """The import page's path for a big file, from the upload to the job marked done."""
    with transaction.atomic():
        fund = new_fund()
    try:
        with Clock() as clock:
            upload = guard_upload(SimpleUploadedFile("members.csv", content))
            assert runs_in_background(upload)
            job = import_later(fund, "members", upload, user=_user())
        job.refresh_from_db()
        assert job.state == ImportJob.State.DONE and job.result.ok, job.outcome["errors"][:5]
        assert fund.members.count() == rows
    finally:
        with transaction.atomic(), disable_auditlog():
            ImportJob.objects.filter(object_id=fund.pk, kind__startswith="welfare.").delete()
            ImportRecord.objects.filter(area_code=fund.area_code, what="welfare.members").filter(
                imported_at__gte=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1), rows=rows
            ).delete()
            Member.objects.filter(fund=fund).delete()
            council = fund.council
            fund.delete()
            council.delete()
    return clock


def run_bulk(content: bytes, rows: int) -> Clock:
    """The same members written with bulk_create and nothing else: no parsing, no checks."""
    try:
        with transaction.atomic():
            fund = new_fund()
            with Clock() as clock:
                members = [
                    Member(
                        fund=fund,
                        member_no=n,
                        title="นาง",
                        first_name=FIRST[n % len(FIRST)],
                        last_name=LAST[n % len(LAST)],
                        citizen_id=citizen_id(n),
                        birth_date=dt.date(1937 + n % 80, n % 12 + 1, n % 28 + 1),
                        sex="female",
                        village_no=n % 15 + 1,
                        group="working_age",
                        joined_on=dt.date(2017, n % 12 + 1, 1),
                    )  # fmt: skip
                    for n in range(1, rows + 1)
                ]
                Member.objects.bulk_create(members, batch_size=1000)
            raise Rollback
    except Rollback:
        pass
    return clock


def _user():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


WAYS = {"dataset": run_dataset, "task": run_task, "bulk": run_bulk}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--way", choices=WAYS, default="dataset")
    parser.add_argument("--all", action="store_true", help="run every way, each in a process")
    args = parser.parse_args()
    if args.all:
        for way in ("task", "bulk", "dataset"):
            command = [sys.executable, __file__, "--rows", str(args.rows), "--way", way]
            subprocess.run(command, check=True)
        return
    content = member_file(args.rows)
    baseline = peak_mib()
    clock = WAYS[args.way](content, args.rows)
    print(
        f"{connection.vendor} {args.way:>8}: {args.rows:,} rows ({len(content) / 1e6:.1f} MB) "
        f"in {clock.wall:.2f} s ({clock.cpu:.2f} CPU s), {args.rows / clock.wall:,.0f} rows/s, "
        f"peak memory {peak_mib():.0f} MiB (process before the import {baseline:.0f} MiB)"
    )


if __name__ == "__main__":
    main()

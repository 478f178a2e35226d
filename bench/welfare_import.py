"""Benchmark: import a big member file into one welfare fund; seconds, rows/s and peak memory.

    .venv/bin/python bench/welfare_import.py                      # 10,000 rows, SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_import_bench \
        .venv/bin/python bench/welfare_import.py --rows 100000 --all

The file is built as the fund's Excel book would be exported to CSV (Thai headers, B.E. dates).
Four ways, each in a process of its own so that its peak memory is its own:

- `page`: the portal's own pages, end to end, as a tambon coordinator (test client): the file
  posted to the import page (parsed by Django's upload handlers, streamed to a temporary file),
  guarded, kept and checked by the check task (rolled back), then the preview's confirm posted
  and the import task run; the two requests are timed apart (upload + check, confirm + import);

- `dataset`: the parsed rows through welfare.imports.import_dataset, rolled back;
- `task`: the file as uploaded, through the guard and the background path the import page
  takes above IMPORT_BACKGROUND_ROWS (an ImportJob, the task, run here by the immediate
  backend), committed and then deleted again;
- `bulk`: the same members made as model instances and written with bulk_create, rolled back:
  the floor that the import's parsing and per-row checks are measured against.

`--all` runs the four and prints them side by side with each one's ratio to `bulk` (the target:
the task at most 2.0 times bulk_create's wall time, and at most 60 s).
"""

import argparse
import io
import json
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
# Static files under their plain names: no collectstatic needed (settings.STATIC_MANIFEST).
os.environ.setdefault("STATIC_MANIFEST", "0")
django.setup()

import datetime as dt  # noqa: E402

from auditlog.context import disable_auditlog  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from councils.access import Role  # noqa: E402
from councils.audit import ImportRecord  # noqa: E402
from councils.models import Assignment, Council  # noqa: E402
from councils.spreadsheets.formats import CSV  # noqa: E402
from councils.spreadsheets.guard import guard_upload  # noqa: E402
from councils.spreadsheets.jobs import ImportJob, runs_in_background  # noqa: E402
from tests.confirming import confirm_fields  # noqa: E402
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
        _drop(fund, rows)
    return clock


def run_page(content: bytes, rows: int) -> Clock:
    """Through the import page and the job's page, as a coordinator uploads and confirms."""
    with transaction.atomic():
        fund = new_fund()
        user = get_user_model().objects.create_user("bench-import")
        Assignment.objects.create(user=user, role=Role.TAMBON_COORDINATOR, area_code="570908")
    client = Client()
    client.force_login(user)
    upload = io.BytesIO(content)
    upload.name = "members.csv"
    try:
        with Clock() as clock:
            with Clock() as clock.checked:
                response = client.post(
                    reverse("member_import", args=[fund.pk]), {"import_file": upload}, secure=True
                )
            assert response.status_code == 302, response.status_code
            job = ImportJob.objects.get(object_id=fund.pk, kind="welfare.members")
            assert job.state == ImportJob.State.HELD, job.outcome.get("errors", [])[:5]
            preview = client.get(response["Location"], secure=True)
            with Clock() as clock.imported:
                done = client.post(response["Location"], confirm_fields(preview), secure=True)
        assert done.status_code == 302 and fund.members.count() == rows, done.status_code
    finally:
        _drop(fund, rows)
        user.delete()
    return clock


def _drop(fund: WelfareFund, rows: int) -> None:
    """What a committed run wrote: its job, its import record, the members, the fund."""
    with transaction.atomic(), disable_auditlog():
        ImportJob.objects.filter(object_id=fund.pk, kind__startswith="welfare.").delete()
        ImportRecord.objects.filter(area_code=fund.area_code, what="welfare.members").filter(
            imported_at__gte=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1), rows=rows
        ).delete()
        Member.objects.filter(fund=fund).delete()
        council = fund.council
        fund.delete()
        council.delete()


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


WAYS = {"dataset": run_dataset, "task": run_task, "page": run_page, "bulk": run_bulk}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--way", choices=WAYS, default="dataset")
    parser.add_argument("--all", action="store_true", help="run every way, each in a process")
    args = parser.parse_args()
    if args.all:
        compare(args.rows)
        return
    content = member_file(args.rows)
    baseline = peak_mib()
    clock = WAYS[args.way](content, args.rows)
    print(
        f"{connection.vendor} {args.way:>8}: {args.rows:,} rows ({len(content) / 1e6:.1f} MB) "
        f"in {clock.wall:.2f} s ({clock.cpu:.2f} CPU s), {args.rows / clock.wall:,.0f} rows/s, "
        f"peak memory {peak_mib():.0f} MiB (process before the import {baseline:.0f} MiB)"
    )
    if args.way == "page":
        print(
            f"{'':>19} upload + check {clock.checked.wall:.2f} s ({clock.checked.cpu:.2f} CPU s), "
            f"confirm + import {clock.imported.wall:.2f} s ({clock.imported.cpu:.2f} CPU s)"
        )
    print("RESULT " + json.dumps({"way": args.way, "wall": clock.wall, "cpu": clock.cpu}))


def compare(rows: int) -> None:
    """Every way in a process of its own, then each one's times against bulk_create's."""
    results = {}
    for way in ("task", "bulk", "page", "dataset"):
        command = [sys.executable, __file__, "--rows", str(rows), "--way", way]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("RESULT "):
                results[way] = json.loads(line.removeprefix("RESULT "))
            else:
                print(line)
    bulk = results["bulk"]
    print(f"load average {os.getloadavg()[0]:.1f}; against bulk_create in the same run:")
    for way in ("task", "page", "dataset"):
        wall, cpu = results[way]["wall"] / bulk["wall"], results[way]["cpu"] / bulk["cpu"]
        print(f"  {way:>8} / bulk: {wall:.2f} wall, {cpu:.2f} CPU")
    task = results["task"]["wall"]
    met = task <= 60 and task <= 2 * bulk["wall"]
    print(f"  target (task <= 60 s and <= 2.0 x bulk): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()

"""Benchmark: import a 10,000-member file into one welfare fund and print rows, seconds, rows/s.

    .venv/bin/python bench/welfare_import.py            # SQLite (db.sqlite3, migrated)
    DATABASE_URL=postgres://... .venv/bin/python bench/welfare_import.py

The file is built in memory as the fund's Excel book would be exported to CSV (Thai headers,
B.E. dates), imported through the same code the import page uses, checked, and rolled back, so
the database is left as it was.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from councils.models import Council  # noqa: E402
from councils.spreadsheets.formats import CSV  # noqa: E402
from welfare.imports import import_dataset  # noqa: E402
from welfare.models import WelfareFund  # noqa: E402

HEADER = "เลขที่สมาชิก,คำนำหน้า,ชื่อ,นามสกุล,เลขประจำตัวประชาชน,วันเกิด,เพศ,หมู่ที่,กลุ่ม,วันที่สมัคร\n"
FIRST = ("บุญมา", "สมพร", "จันทร์เพ็ญ", "ประยูร", "อำไพ", "สุรชัย", "มาลี", "สมชาย")
LAST = ("แก้วมณี", "ทองดี", "ศรีสุข", "บุญเรือง", "คำแสน", "ใจดี", "สุขเจริญ")


class Rollback(Exception):
    pass


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    dataset = CSV().create_dataset(member_file(rows))
    try:
        with transaction.atomic():
            council = Council.objects.create(subdistrict_id="570908", name="สภาทดสอบความเร็ว")
            fund = WelfareFund.objects.create(
                council=council, name="กองทุนทดสอบความเร็ว", contribution_amount=1
            )
            started = time.perf_counter()
            outcome = import_dataset(fund, "members", dataset, user=None)
            seconds = time.perf_counter() - started
            assert outcome.ok, outcome.row_errors[:5] or outcome.file_errors
            assert fund.members.count() == rows
            raise Rollback
    except Rollback:
        pass
    print(f"database: {connection.vendor}")
    print(f"rows: {rows}")
    print(f"seconds: {seconds:.2f}")
    print(f"rows/s: {rows / seconds:,.0f}")


if __name__ == "__main__":
    main()

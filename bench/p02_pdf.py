"""The time of the ผ.02 PDF (the local development plan's project form, A4 landscape).

    DEBUG=1 .venv/bin/python -m bench.p02_pdf [--runs 7] [--district]

A demo-size tambon plan: 30 projects in 4 themes asking the SAO, over five fiscal years, two
indicators each, texts as long as the demo's. It is laid out the way the view does it, in a
bounded child (reports.bounded), and the median of the runs is printed beside the 2 s target.
With --district, a district's form at the PDF's bound (plans.local_plan_form.MAX_PDF_ROWS: 4
tambons of 50 projects) is timed too; it has no target of its own beyond the render's limit.
Beside the wall-clock seconds it prints the CPU seconds of the render's child: on a machine
shared with other work the wall clock grows with the load average, the CPU seconds do not.
The form is data, never read from a database: the queries are a fixed few whatever its size
(the tests count them), and the layout is what takes the time.
"""

import argparse
import os
import resource
import statistics
import time
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

# Static files under their plain names: no collectstatic needed (settings.STATIC_MANIFEST).

os.environ.setdefault("STATIC_MANIFEST", "0")
django.setup()

from plans.local_plan_form import FormRow, LocalPlanForm, TambonGroup, ThemeGroup  # noqa: E402
from reports import bounded  # noqa: E402
from reports.local_plan_form_pdf import render_form  # noqa: E402

TARGET_SECONDS = 2.0
YEARS = [2569, 2570, 2571, 2572, 2573]
THEMES = ["ด้านเศรษฐกิจ", "ด้านสังคมและคุณภาพชีวิต", "ด้านทรัพยากรธรรมชาติและสิ่งแวดล้อม", "ด้านสวัสดิการ"]


def row(number: int) -> FormRow:
    amounts = [Decimal(20_000 + 5_000 * ((number + year) % 7)) for year in range(len(YEARS))]
    amounts[number % len(YEARS)] = Decimal(0)
    return FormRow(
        number=number,
        title=f"โครงการส่งเสริมอาชีพและตลาดชุมชน หมู่ที่ {number % 12 + 1}",
        objective="เพื่อเพิ่มรายได้ครัวเรือนและลดรายจ่ายจากการซื้อปัจจัยการผลิต",
        target="ครัวเรือนเป้าหมาย 60 ครัวเรือน ในหมู่ที่ 1, 3 และ 5",
        amounts=amounts,
        kpi=["ครัวเรือนมีรายได้เพิ่มขึ้น 20 ร้อยละ", "จำนวนกลุ่มอาชีพที่จัดตั้ง 3 กลุ่ม"],
        expected_result="ครัวเรือนมีรายได้เสริม ชุมชนมีตลาดจำหน่ายผลผลิตของตนเอง",
        responsible="องค์การบริหารส่วนตำบลแม่สาย",
    )


def tambon(name: str, projects: int) -> TambonGroup:
    group = TambonGroup(name, f"สภาองค์กรชุมชนตำบล{name}", "แผนพัฒนาตำบล 2569-2573")
    per_theme = max(1, projects // len(THEMES))
    for index, theme_name in enumerate(THEMES):
        count = per_theme if index < len(THEMES) - 1 else projects - per_theme * index
        theme = ThemeGroup(theme_name, [row(n) for n in range(1, count + 1)])
        theme.totals = [sum(r.amounts[i] for r in theme.rows) for i in range(len(YEARS))]
        group.themes.append(theme)
    group.totals = [sum(t.totals[i] for t in group.themes) for i in range(len(YEARS))]
    return group


def form(tambons: int, projects: int) -> LocalPlanForm:
    groups = [tambon(f"ตำบลทดลอง{n}" if tambons > 1 else "แม่สาย", projects) for n in range(tambons)]
    return LocalPlanForm(
        agency="องค์การบริหารส่วนตำบลแม่สาย",
        source="โครงการที่สภาองค์กรชุมชนตำบลแม่สาย อำเภอแม่สาย จังหวัดเชียงราย เสนอขอรับการสนับสนุน",
        budget_note="งบประมาณ คือ จำนวนที่ขอรับการสนับสนุนจาก องค์การบริหารส่วนตำบลแม่สาย (บาท)",
        years=YEARS,
        tambons=groups,
        totals=[sum(g.totals[i] for g in groups) for i in range(len(YEARS))],
        by_district=tambons > 1,
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(data: LocalPlanForm, runs: int) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU seconds of each run, laid out as the view does (a bounded child)."""
    seconds, cpu, pages = [], [], 0
    for _ in range(runs):
        started, cpu_before = time.perf_counter(), _children_cpu()
        _pdf, pages = render_form(data, deadline=bounded.Deadline.for_kind("plan"))
        seconds.append(time.perf_counter() - started)
        cpu.append(_children_cpu() - cpu_before)
    return seconds, cpu, pages


def report(label: str, seconds, cpu, pages: int, target: float | None) -> None:
    median, median_cpu = statistics.median(seconds), statistics.median(cpu)
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    verdict = ""
    if target is not None:
        # The wall clock grows with other people's load; the CPU seconds are what an idle
        # machine would take in wall time.
        wall = "met" if median <= target else "MISSED"
        cpu_verdict = "met" if median_cpu <= target else "MISSED"
        verdict = f"; target {target:.1f} s: {wall} on the wall clock, {cpu_verdict} in CPU"
    print(
        f"{label}: {pages} pages, median {median:.2f} s wall (runs: {runs}), "
        f"{median_cpu:.2f} s CPU{verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--district", action="store_true")
    args = parser.parse_args()
    render_form(form(1, 30))  # warm: fonts loaded once per process, as in a worker
    report("tambon plan, 30 projects", *timed(form(1, 30), args.runs), TARGET_SECONDS)
    if args.district:
        runs = max(1, args.runs // 3)
        report("district, 4 tambons x 50 projects", *timed(form(4, 50), runs), None)
    print(f"load average: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()

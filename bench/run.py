"""Render Nakhon Ratchasima's provincial book with our pipeline and with Chromium; print figures.

    DATABASE_URL=sqlite:///bench/bench.sqlite3 .venv/bin/python -m bench.run [--workers N]

The first run migrates the bench database and generates the province (bench/generate.py). Then,
in one run: our cold render (empty section cache), Chromium printing the same book's HTML to
PDF, and our re-render after one tambon's plan changes (warm cache), with pages, seconds, pages
per second, the ratio to Chromium and the peak memory of our processes.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{HERE / 'bench.sqlite3'}")
# Static files under their plain names: no collectstatic needed (settings.STATIC_MANIFEST).
os.environ.setdefault("STATIC_MANIFEST", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench.generate import PROVINCE, make_province  # noqa: E402
from plans.books import contents  # noqa: E402
from plans.books.models import StrategyBook  # noqa: E402
from plans.models import PlanProject, ProjectBudget  # noqa: E402
from reports import documents  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def peak_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child so far, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """CPU seconds used so far by this process, its finished children (Chromium, pdfunite) and
    the live layout workers: a figure that a busy machine stretches far less than wall time."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    pool = documents._pool
    for process in (pool[1]._processes or {}).values() if pool else []:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def chromium_print(html: str, out: Path) -> float:
    # Chromium gets the same fonts as files; our renderer gets them through its static fetcher.
    fonts = Path(settings.BASE_DIR) / "static"
    html = html.replace('url("/static/', f'url("file://{fonts}/')
    page = out.with_suffix(".html")
    page.write_text(html, encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - a fixed command on our own file
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            f"--print-to-pdf={out}", page.as_uri(),
        ],
        check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    book = StrategyBook.objects.filter(area_code=PROVINCE, level="province").first()
    if book is None:
        started = time.perf_counter()
        book = make_province()
        print(f"generated the province in {time.perf_counter() - started:.1f} s")
    projects = PlanProject.objects.in_area(PROVINCE).count()
    lines = ProjectBudget.objects.filter(
        project__issue__plan__council__subdistrict__code__startswith=PROVINCE
    ).count()
    print(
        f"province {PROVINCE}: {projects} projects, {lines} budget lines, "
        f"{book.issues.count()} strategic issues; {args.workers} worker process(es), "
        f"{os.cpu_count()} CPUs"
    )

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    cache = documents.SectionCache(work / "cache")

    started = time.perf_counter()
    data = contents.book_data(book)
    data_seconds = time.perf_counter() - started

    cold_laps: dict = {}
    loads = [load()]
    started, cpu = time.perf_counter(), cpu_seconds()
    pdf, pages = documents.render_book(data, workers=args.workers, cache=cache, timings=cold_laps)
    ours = time.perf_counter() - started
    ours_cpu = cpu_seconds() - cpu
    (work / "ours.pdf").write_bytes(pdf)

    # One tambon's plan changes: one budget line of its first project.
    line = (
        ProjectBudget.objects.filter(
            project__issue__plan__council__subdistrict__code__startswith=PROVINCE
        )
        .order_by("pk")
        .first()
    )
    line.amount += 1000
    line.save(update_fields=["amount"])
    loads.append(load())
    started, cpu = time.perf_counter(), cpu_seconds()
    changed = contents.book_data(book)
    warm_laps: dict = {"book data": time.perf_counter() - started}
    repdf, repages = documents.render_book(
        changed, workers=args.workers, cache=cache, timings=warm_laps
    )
    rerender = time.perf_counter() - started
    rerender_cpu = cpu_seconds() - cpu
    line.amount -= 1000
    line.save(update_fields=["amount"])
    own_peak, child_peak = peak_mib()

    chrome_pdf = work / "chromium.pdf"
    chrome_html = documents.book_html(data)
    loads.append(load())
    chrome = chromium_print(chrome_html, chrome_pdf)
    loads.append(load())
    chrome_pages = len(PdfReader(BytesIO(chrome_pdf.read_bytes())).pages)

    print()
    print(f"{'':28}{'pages':>8}{'seconds':>10}{'pages/s':>10}{'CPU s':>10}")
    print(f"{'book data (queries)':28}{'':>8}{data_seconds:>10.2f}")
    print(f"{'ours, cold cache':28}{pages:>8}{ours:>10.2f}{pages / ours:>10.1f}{ours_cpu:>10.2f}")
    chrome_rate = chrome_pages / chrome
    # Chromium's CPU time is not shown: its renderer processes are forked by a zygote that is
    # not our child, so getrusage() sees only a fraction of it.
    print(f"{'chromium --print-to-pdf':28}{chrome_pages:>8}{chrome:>10.2f}{chrome_rate:>10.1f}")
    print(
        f"{'ours, one tambon changed':28}{repages:>8}{rerender:>10.2f}{repages / rerender:>10.1f}"
        f"{rerender_cpu:>10.2f}"
    )
    print()
    print("cold phases:  " + ", ".join(f"{k} {v:.2f}" for k, v in cold_laps.items()))
    print("after change: " + ", ".join(f"{k} {v:.2f}" for k, v in warm_laps.items()))
    print(f"ratio ours / chromium (seconds): {ours / chrome:.2f}   (target <= 1.0)")
    print(f"load average (1/5/15 min) before cold, re-render, Chromium, and after: {loads}")
    per_page = (ours / pages) / (chrome / chrome_pages)
    print(f"ratio per page (s/page ours / s/page chromium): {per_page:.2f}")
    print(f"re-render after one tambon changed: {rerender:.2f} s   (target < 2 s)")
    print(
        f"peak memory: main process {own_peak:.0f} MiB, largest render worker {child_peak:.0f} MiB"
        f"   (target < 1024 MiB)"
    )
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(work / "ours.pdf", args.keep / "ours.pdf")
        shutil.copy(chrome_pdf, args.keep / "chromium.pdf")
        (args.keep / "rerender.pdf").write_bytes(repdf)
    shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())

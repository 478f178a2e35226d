"""Render Nakhon Ratchasima's provincial book with our pipeline and with Chromium; print figures.

    DATABASE_URL=sqlite:///bench/bench.sqlite3 .venv/bin/python -m bench.run [--workers N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_parts_bench \
        .venv/bin/python -m bench.run --queue-workers 2 [--pin]

The first run migrates the bench database and generates the province (bench/generate.py). Then,
in one run: our cold render (empty section cache), Chromium printing the same book's HTML to
PDF, and our re-render after one tambon's plan changes (warm cache), with pages, seconds, pages
per second, the ratio to Chromium and the peak memory of our processes.

With `--queue-workers N` (PostgreSQL), the book is also rendered cold through the task queue, as
in production: for 1, 2, ... N real `manage.py db_worker` processes (each with one layout
process, RENDER_LAYOUT_PROCESSES=1, and a fresh shared MEDIA_ROOT), the book is asked for
(reports.jobs.request_book_pdf) and timed until its document is done; the render spreads its
parts over the workers (reports.part_layouts). `--pin` pins worker i to CPU i mod the CPUs
(taskset), so that N workers use at most N cores.
"""

import argparse
import os
import resource
import shutil
import signal
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
from django.db import connection  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench.generate import PROVINCE, make_province  # noqa: E402
from plans.books import contents  # noqa: E402
from plans.books.models import RenderState, StrategyBook  # noqa: E402
from plans.models import PlanProject, ProjectBudget  # noqa: E402
from reports import documents, jobs  # noqa: E402
from reports.models import Document  # noqa: E402

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


def change_amount(line: ProjectBudget, delta: int) -> None:
    """Change a budget line of an accepted plan behind the plan's lock (which refuses any save
    or update until the district reopens it): the book only has to see new data."""
    table = connection.ops.quote_name(ProjectBudget._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET amount = amount + %s WHERE id = %s", [delta, line.pk])  # noqa: S608


def process_cpu(pid: int) -> tuple[float, float]:
    """CPU seconds of a live worker, and of its live children (its layout pool)."""
    import psutil

    def used(process) -> float:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            return 0.0
        return times.user + times.system + times.children_user + times.children_system

    worker = psutil.Process(pid)
    return used(worker), sum(used(child) for child in worker.children(recursive=True))


def workers_cpu(workers: list[subprocess.Popen]) -> tuple[float, float]:
    own, layout = zip(*(process_cpu(worker.pid) for worker in workers), strict=True)
    return sum(own), sum(layout)


def start_workers(count: int, media: Path, pin: bool) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "MEDIA_ROOT": str(media),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "RENDER_LAYOUT_PROCESSES": "1",
        "RENDER_BOOK_HELPERS": str(count - 1),
        "RENDER_CACHE_MAX_MB": "0",
    }
    workers = []
    for index in range(count):
        command = [
            sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1",
            "--worker-id", f"bench-{count}-{index}", "--no-reload", "-v", "0",
        ]  # fmt: skip
        if pin:
            command = ["taskset", "-c", str(index % (os.cpu_count() or 1)), *command]
        workers.append(
            subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603 - ours
        )
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def queue_render(book: StrategyBook, count: int, work: Path, pin: bool) -> dict:
    """The book asked for and rendered cold by `count` queue workers: seconds, pages, CPU."""
    media = work / f"media-{count}"
    media.mkdir()
    Document.objects.filter(object_id=book.pk).delete()
    DBTaskResult.objects.all().delete()
    workers = start_workers(count, media, pin)
    try:
        time.sleep(8)  # the workers import Django and start polling
        own, layout = workers_cpu(workers)
        started = time.perf_counter()
        document = jobs.request_book_pdf(book, by=None)
        while document.state not in (RenderState.DONE, RenderState.FAILED):
            time.sleep(0.05)
            document.refresh_from_db()
            if time.perf_counter() - started > 600:
                raise RuntimeError("the queued render did not finish in 10 minutes")
        seconds = time.perf_counter() - started
        own_after, layout_after = workers_cpu(workers)
    finally:
        stop_workers(workers)
    if document.state != RenderState.DONE:
        raise RuntimeError(f"the queued render failed: {document.error}")
    pdf = (media / document.file.name).read_bytes()
    helped = DBTaskResult.objects.filter(task_path__endswith=".lay_out_book_parts")
    return {
        "seconds": seconds,
        "pages": len(PdfReader(BytesIO(pdf)).pages),
        "own": own_after - own,
        "layout": layout_after - layout,
        "helpers": helped.count(),
        "by_helpers": sum(value or 0 for value in helped.values_list("return_value", flat=True)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder")
    parser.add_argument(
        "--queue-workers", type=int, default=0,
        help="also render through the queue with 1..N db_worker processes (PostgreSQL)",
    )  # fmt: skip
    parser.add_argument("--pin", action="store_true", help="pin queue worker i to CPU i")
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
    change_amount(line, 1000)
    loads.append(load())
    started, cpu = time.perf_counter(), cpu_seconds()
    changed = contents.book_data(book)
    warm_laps: dict = {"book data": time.perf_counter() - started}
    repdf, repages = documents.render_book(
        changed, workers=args.workers, cache=cache, timings=warm_laps
    )
    rerender = time.perf_counter() - started
    rerender_cpu = cpu_seconds() - cpu
    change_amount(line, -1000)
    own_peak, child_peak = peak_mib()

    chrome_pdf = work / "chromium.pdf"
    chrome_html = documents.book_html(data)
    loads.append(load())
    chrome = chromium_print(chrome_html, chrome_pdf)
    loads.append(load())
    chrome_pages = len(PdfReader(BytesIO(chrome_pdf.read_bytes())).pages)

    queued = {}
    for count in range(1, args.queue_workers + 1):
        loads.append(load())
        queued[count] = queue_render(book, count, work, args.pin)
    if args.queue_workers:
        # What one part costs at most: the longest (the coordinator claims it first) bounds
        # the render however many workers there are.
        longest = max(documents.section_htmls(data, False), key=len)
        started = time.process_time()
        documents.lay_out_html(longest)
        longest_seconds = time.process_time() - started

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
    for count, run in queued.items():
        label = f"queue, {count} worker(s), cold"
        rate = run["pages"] / run["seconds"]
        cpu = run["own"] + run["layout"]
        print(f"{label:28}{run['pages']:>8}{run['seconds']:>10.2f}{rate:>10.1f}{cpu:>10.2f}")
    print()
    for count, run in queued.items():
        print(
            f"queue, {count} worker(s): ratio to chromium {run['seconds'] / chrome:.2f};"
            f" CPU s of the workers themselves {run['own']:.2f}, of their layout processes"
            f" {run['layout']:.2f}; {run['helpers']} helper task(s) laid out"
            f" {run['by_helpers']} part(s)"
        )
    if queued:
        # On idle cores a worker's CPU time is its wall time: the workers' own work (book data,
        # part HTML, claims, join) is serial, the layout of the parts splits over the workers,
        # but never below the longest part.
        one = queued[1]
        print(f"longest part laid out alone: {longest_seconds:.2f} CPU s")
        for cores in (1, 2, 4):
            estimate = one["own"] + max(one["layout"] / cores, longest_seconds)
            print(
                f"estimate, {cores} worker(s) on {cores} idle core(s), from the 1-worker run's"
                f" CPU: {one['own']:.1f} + {one['layout']:.1f} / {cores} = {estimate:.1f} s,"
                f" ratio {estimate / chrome:.2f} to this run's chromium"
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

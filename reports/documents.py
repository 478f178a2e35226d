"""The PDF documents: a tambon plan, and district and provincial strategy books.

A book is rendered in parts: the cover with the contents, the opening (summary and charts), the
strategic issues (flowing on one after the other, so a short one does not take a page), and the
annex in sections of a few tambons listing the items behind every figure. Each part is laid out
on its own, in parallel processes when there are many, and kept in a cache keyed by the hash of
its HTML, so a change in one tambon lays out again only its annex section, the opening, the
strategic issues and (when the page counts move) the contents; the contents find each issue's
page by its anchor in the issues part.
Parts carry no page numbers; they are drawn on the joined book from a sheet of digit glyphs, so
a cached part fits anywhere in the book.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Sum
from django.utils import timezone
from fontTools.ttLib import TTFont

from councils import buddhist_era
from councils.models import Subdistrict
from councils.villages import rollup as village_rollup
from plans.books.contents import thai_labels
from plans.execution.models import Indicator
from plans.indicators import indicator_rows
from plans.models import CommunityPlan, FundingSource, PlanProject, ProjectBudget, Theme
from reports import bounded, charts
from reports.bounded import Deadline
from reports.pdf import html_to_document, render_document

PLAN_STATE_TH = {
    "draft": "ฉบับร่าง",
    "submitted": "ส่งอำเภอพิจารณา",
    "returned": "ส่งกลับให้แก้ไข",
    "accepted": "ผ่านการพิจารณาแล้ว",
}
Progress = Callable[[int], None]
# Lays the missing parts (key -> HTML) out elsewhere, keeping each PDF as it comes:
# reports.part_layouts.Spread, over the queue's workers. Its arguments: the parts, the cache,
# the deadline, `keep(key, pdf)` and a heartbeat.
SpreadLayout = Callable[..., None]
# Parallel layout pays for itself only when there are several big sections to lay out.
PARALLEL_MIN_SECTIONS = 2
TAMBONS_PER_SECTION = 6
_TEXT = re.compile(r">([^<]+)<")


def with_thai_digits(html: str) -> str:
    """Write the digits of the document's text (not of its markup or styles) as Thai digits."""
    head, marker, body = html.partition("<body")
    if not marker:
        return html
    text = _TEXT.sub(lambda m: ">" + buddhist_era.thai_digits(m.group(1)) + "<", body)
    return head + marker + text


def _finish(html: str, thai_digits: bool) -> str:
    return with_thai_digits(html) if thai_digits else html


def printed_on() -> object:
    return timezone.localdate()


# --- the tambon plan ---------------------------------------------------------------------------


def plan_data(plan: CommunityPlan) -> dict:
    """A tambon plan as plain data for its PDF, read from the models in a few queries."""
    subdistrict = Subdistrict.objects.select_related("district__province").get(
        code=plan.council.subdistrict_id
    )
    issues = list(plan.issues.select_related("theme").order_by("order", "pk"))
    projects = list(
        PlanProject.objects.filter(issue__plan=plan)
        .select_related("lead_partner")
        .order_by("issue", "order", "pk")
    )
    lines = ProjectBudget.objects.filter(project__issue__plan=plan)
    by_project_year = {
        (p, y): total
        for p, y, total in lines.order_by()
        .values("project", "fiscal_year")
        .annotate(total=Sum("amount"))
        .values_list("project", "fiscal_year", "total")
    }
    years = list(plan.years)
    sources = thai_labels(FundingSource)
    approaches = thai_labels(PlanProject.Approach)
    themes = {t.code: t.name_th for t in Theme.objects.all()}
    by_source = dict(
        lines.order_by().values("source").annotate(t=Sum("amount")).values_list("source", "t")
    )
    by_theme = dict(
        lines.order_by()
        .values("project__issue__theme__code")
        .annotate(t=Sum("amount"))
        .values_list("project__issue__theme__code", "t")
    )
    by_year = dict(
        lines.order_by()
        .values("fiscal_year")
        .annotate(t=Sum("amount"))
        .values_list("fiscal_year", "t")
    )
    total = lines.aggregate(t=Sum("amount"))["t"] or Decimal(0)
    # The projects' indicators, under their issues (two queries).
    indicators = indicator_rows(
        Indicator.objects.filter(project__issue__plan=plan), years, "project__issue"
    )
    data_issues = []
    for issue in issues:
        rows = []
        for project in (p for p in projects if p.issue_id == issue.pk):
            amounts = [by_project_year.get((project.pk, y), Decimal(0)) for y in years]
            rows.append(
                {
                    "title": project.title,
                    "objective": project.objective,
                    "target": project.target,
                    "approach": approaches.get(project.approach, ""),
                    "partner": project.lead_partner.name if project.lead_partner else "",
                    "amounts": [str(a) for a in amounts],
                    "total": str(sum(amounts, Decimal(0))),
                }
            )
        data_issues.append(
            {
                "title": issue.title,
                "theme": issue.theme.name_th,
                "priority": issue.priority,
                "villages": ", ".join(str(v) for v in issue.villages),
                "description": issue.description,
                "projects": rows,
                "indicators": indicators.get(issue.pk, []),
            }
        )
    return {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "council": plan.council.name,
            "tambon": subdistrict.name_th,
            "district": subdistrict.district.name_th,
            "province": subdistrict.district.province.name_th,
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            "state": PLAN_STATE_TH.get(plan.state, plan.state),
            "situation": plan.situation,
            "version": plan.version,
        },
        "years": years,
        "issues": data_issues,
        "totals": {
            "total": str(total),
            "by_source": [
                {"label": str(sources[k]), "total": str(v)} for k, v in by_source.items() if v
            ],
            "by_theme": [
                {"label": themes[k], "total": str(by_theme[k])} for k in themes if by_theme.get(k)
            ],
            "by_year": [{"label": str(y), "total": str(by_year.get(y, 0))} for y in years],
        },
        "village": plan_village_figures(subdistrict.code),
    }


def plan_village_figures(code: str) -> dict:
    """What the plan's situation analysis prints of its villages: the BMN indicators that fall
    short, with the villages below the target, and the villages' NRD 2C level-1 problems (the
    plan page's figures, councils/villages/rollup.tambon_figures)."""
    figures = village_rollup.tambon_figures(code)
    return {
        "basic_needs_year": figures.basic_needs_year,
        "short": [
            {
                "code": row.indicator.code,
                "name": row.indicator.name,
                "percent": str(row.percent) if row.percent is not None else "",
                "target": str(row.indicator.target_percent),
                "villages": ", ".join(f"หมู่ {no}" for no in row.short_villages),
            }
            for row in figures.short
        ],
        "levels_year": figures.levels_year,
        "serious": [
            {"village": no, "problems": ", ".join(i.name for i in indicators)}
            for no, indicators in figures.serious_by_village
        ],
    }


def plan_charts(data: dict) -> dict:
    totals = data["totals"]
    return {
        "theme": charts.money_chart(
            [(r["label"], r["total"]) for r in totals["by_theme"]],
            title="งบประมาณตามประเด็น",
        ),
        "source": charts.money_chart(
            [(r["label"], r["total"]) for r in totals["by_source"]],
            title="งบประมาณตามแหล่งทุน",
        ),
        "year": charts.money_chart(
            [(f"ปีงบประมาณ {r['label']}", r["total"]) for r in totals["by_year"]],
            title="งบประมาณตามปีงบประมาณ",
        ),
    }


def render_plan(
    data: dict,
    *,
    thai_digits: bool = False,
    deadline: Deadline | None = None,
    heartbeat: Callable[[], None] | None = None,
) -> tuple[bytes, int]:
    """The plan's PDF and its page count; with a deadline, made in a child process bounded in
    time and memory (reports.bounded), which raises RenderRefused past them."""
    if deadline is not None:
        render = functools.partial(render_plan, data, thai_digits=thai_digits)
        return bounded.run(render, deadline=deadline, heartbeat=heartbeat)
    return html_to_document(plan_html(data, thai_digits=thai_digits))


def plan_html(data: dict, *, thai_digits: bool = False) -> str:
    context = {
        "data": data,
        "charts": plan_charts(data),
        "today": printed_on(),
        "thai_digits": thai_digits,
        "title": data["plan"]["title"],
    }
    return _finish(render_document("reports/plan_pdf.html", context), thai_digits)


# --- the books -------------------------------------------------------------------------------


def book_charts(data: dict) -> dict:
    """A plan's three charts, and by district in a provincial book."""
    district = ""
    if data["book"]["level"] == "province":
        district = charts.money_chart(
            [(r["label"], r["total"]) for r in data["totals"]["by_district"]],
            title="งบประมาณตามอำเภอ",
        )
    return {**plan_charts(data), "district": district, "strength": strength_chart(data)}


def strength_chart(data: dict) -> str:
    """The area's tambons at each community-strength level, one bar per component."""
    strength = (data.get("community") or {}).get("strength")
    if not strength:
        return ""
    return charts.stacked_bar(
        [(row["label"], [*row["counts"], row["not_assessed"]]) for row in strength["components"]],
        title="จำนวนตำบลในแต่ละระดับ ปีงบประมาณ พ.ศ. " + str(strength["fiscal_year"]),
        legend=[f"ระดับ {level}" for level in range(1, 6)] + ["ยังไม่ประเมิน"],
    )


def _book_context(data: dict, thai_digits: bool, endorsement: dict | None = None) -> dict:
    """What every part of a book is rendered with (the charts only where they are drawn)."""
    return {
        "parts": annex_parts(data),
        "endorsement": endorsement,
        "data": data,
        "book": data["book"],
        "today": printed_on(),
        "thai_digits": thai_digits,
        "title": data["book"]["title"],
        "level_name": "อำเภอ" if data["book"]["level"] == "district" else "จังหวัด",
        "strategies_unserved": unserved(data),
    }


def book_html(data: dict, *, thai_digits: bool = False, endorsement: dict | None = None) -> str:
    """The whole book as one HTML document with its own page numbers (what Chromium is given)."""
    context = _book_context(data, thai_digits, endorsement)
    context["contents"] = contents(data, context["parts"])
    context["charts"] = book_charts(data)
    return _finish(render_document("reports/book_full.html", context), thai_digits)


def annex_parts(data: dict) -> list[dict]:
    """The annex in sections of a few tambons each, every section starting on a new page.

    Small sections keep a re-render after one tambon's change short: only its section is laid
    out again. A district longer than one section continues in the next, headed "(ต่อ)".
    """
    parts = []
    for district in data["districts"]:
        tambons = district["tambons"]
        for start in range(0, len(tambons), TAMBONS_PER_SECTION):
            parts.append(
                {
                    **district,
                    "tambons": tambons[start : start + TAMBONS_PER_SECTION],
                    "continued": start > 0,
                }
            )
    return parts


def contents(data: dict, parts: list[dict], starts: dict | None = None) -> list[dict]:
    """The entries of the table of contents; with `starts` (part key to first page), their pages.

    Keys of the parts: "introduction", "opening", "issues" and "annex-<index>"; a strategic
    issue is found by its anchor in the issues part, "issue-<id>".
    """
    starts = starts or {}
    issues = data["issues"]
    entries = []
    if data["book"]["introduction"]:
        entries.append(("top", "บทนำ", "introduction", "introduction"))
    entries.append(("top", "สรุปงบประมาณ", "summary", "opening"))
    community = data.get("community") or {}
    if community.get("strength") or community.get("basic_needs"):
        entries.append(("top", "ความเข้มแข็งของชุมชน", "communities", "communities"))
    entries.append(("top", "ประเด็นยุทธศาสตร์", "issues", "issues"))
    for issue in issues:
        label = f"{issue['number']}. {issue['title']}"
        entries.append(("sub", label, f"issue-{issue['id']}", f"issue-{issue['id']}"))
    if data.get("strategies"):
        entries.append(("top", "ความครอบคลุมยุทธศาสตร์การพัฒนาจังหวัด", "strategies", "strategies"))
    if parts:
        entries.append(("part", "ภาคผนวก ที่มาของข้อมูลจากแผนชุมชนตำบล", "", ""))
        for index, part in enumerate(parts):
            if not part["continued"]:
                label = f"อำเภอ{part['name']}"
                entries.append(("sub", label, f"district-{part['code']}", f"annex-{index}"))
    return [
        {"kind": kind, "label": label, "anchor": anchor, "page": starts.get(key)}
        for kind, label, anchor, key in entries
    ]


@dataclass
class Part:
    """One part of a book after its cover, laid out on its own and cached.

    `facts` is the data it shows: with the templates it is made from, it decides the part's
    HTML, so a part whose facts are unchanged is found in the cache without rendering its HTML.
    """

    key: str  # "introduction", "opening", "issues", "strategies", "annex-<n>"
    kind: str  # the `part` of reports/book_part.html
    facts: object
    extra: dict = field(default_factory=dict)

    def html(self, context: dict, thai_digits: bool) -> str:
        extra = dict(self.extra)
        if self.kind == "opening":
            extra["charts"] = book_charts(context["data"])
        html = render_document("reports/book_part.html", {**context, "part": self.kind, **extra})
        return _finish(html, thai_digits)


def book_parts(data: dict) -> list[Part]:
    """The parts of a book after its cover, in order.

    The introduction, the opening (summary and charts, which move with every total), the
    strategic issues, and the annex sections. None of them shows the date, so a part whose
    data has not changed keeps its cached layout across days.
    """
    parts = []
    if data["book"]["introduction"]:
        parts.append(Part("introduction", "introduction", data["book"]["introduction"]))
    # The opening shows the totals and what the book says of its communities.
    parts.append(
        Part("opening", "opening", {"totals": data["totals"], "community": data.get("community")})
    )
    # The strategic issues flow on one after the other: a short one does not take a page.
    parts.append(Part("issues", "issues", data["issues"]))
    # A provincial book: the coverage of the province's development strategies.
    if data.get("strategies"):
        parts.append(
            Part("strategies", "strategies", data["strategies"], {"unserved": unserved(data)})
        )
    for index, part in enumerate(annex_parts(data)):
        parts.append(Part(f"annex-{index}", "annex", part, {"district": part}))
    return parts


def unserved(data: dict) -> list[dict]:
    """The strategies of a provincial book's coverage that no community project serves."""
    return [row for row in data.get("strategies", []) if not row["served"]]


def part_context(data: dict, thai_digits: bool) -> dict:
    context = _book_context(data, thai_digits)
    context["today"] = None
    return context


def section_htmls(data: dict, thai_digits: bool) -> list[str]:
    """The HTML of every part after the cover (the tests and the bench lay them out)."""
    context = part_context(data, thai_digits)
    return [part.html(context, thai_digits) for part in book_parts(data)]


@functools.cache
def templates_version() -> str:
    """A digest of the templates and code that turn a part's facts into HTML, so that a
    deployment that changes them makes every part anew instead of reusing stale layouts."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    files = sorted((base / "templates" / "reports").glob("*.html"))
    files += [base / "reports" / name for name in ("charts.py", "documents.py", "pdf.py")]
    files += [base / "reports" / "templatetags" / "thai.py"]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


MB = 1024 * 1024
# A `.tmp` file (or a folder) younger than this may still be being written.
WRITING_GRACE_SECONDS = 3600


@dataclass
class Pruned:
    """What a pruning of the render cache deleted and what it kept."""

    files: int = 0
    freed: int = 0
    kept_files: int = 0
    kept: int = 0


class SectionCache:
    """Rendered sections on disk, named by the hash of their HTML.

    A hit touches the file, so its modification time says when it was last used and pruning
    (`prune`, `manage.py prune_render_cache`) deletes the least recently used first.
    """

    def __init__(self, root: Path | None = None):
        self.root = Path(
            root or settings.RENDER_CACHE_DIR or Path(settings.MEDIA_ROOT) / "render-cache"
        )

    def key(self, html: str) -> str:
        return hashlib.sha256(html.encode()).hexdigest()

    def get_json(self, key: str):
        found = self._read(self.root / f"{self.key(key)}.json")
        return json.loads(found) if found is not None else None

    def put_json(self, key: str, value) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / f"{self.key(key)}.json").write_text(json.dumps(value))

    def has(self, key: str) -> bool:
        return (self.root / f"{key}.pdf").exists()

    def get(self, key: str) -> bytes | None:
        return self._read(self.root / f"{key}.pdf")

    def put(self, key: str, pdf: bytes) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        # Named for this writer: workers on other machines may render the same section at once.
        temporary = self.root / f"{key}.{uuid.uuid4().hex}.tmp"
        temporary.write_bytes(pdf)
        temporary.replace(self.root / f"{key}.pdf")

    def _read(self, path: Path) -> bytes | None:
        # Another process may prune the file at any moment: a vanished file is a miss.
        try:
            found = path.read_bytes()
            os.utime(path)
        except FileNotFoundError:
            return None
        return found

    def prune(
        self,
        *,
        older_than: dt.timedelta | None = None,
        max_bytes: int | None = None,
        dry_run: bool = False,
        now: float | None = None,
    ) -> Pruned:
        """Delete the files unused for longer than `older_than`, then the least recently used
        ones until the cache holds at most `max_bytes`.

        Files still being written (`.tmp` files and folders younger than an hour)
        are left alone; older ones were abandoned by a process that died, and go.
        """
        now = time.time() if now is None else now
        pruned = Pruned()
        files = []
        try:
            entries = list(os.scandir(self.root))
        except FileNotFoundError:
            return pruned
        for entry in entries:
            try:
                stat = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            being_written = now - stat.st_mtime < WRITING_GRACE_SECONDS
            if entry.is_dir(follow_symlinks=False) or entry.name.endswith(".tmp"):
                if not being_written:
                    pruned.files += 1
                    pruned.freed += stat.st_size
                    if not dry_run:
                        _delete(Path(entry.path))
                continue
            files.append((stat.st_mtime, stat.st_size, Path(entry.path)))
        files.sort(key=lambda file: file[0])  # least recently used first
        total = sum(size for _mtime, size, _path in files)
        for index, (mtime, size, path) in enumerate(files):
            stale = older_than is not None and now - mtime > older_than.total_seconds()
            over = max_bytes is not None and total > max_bytes
            if not (stale or over):
                # Sorted by use: the files after this one are newer, and the total only fell.
                pruned.kept_files = len(files) - index
                break
            if not dry_run:
                _delete(path)
            total -= size
            pruned.files += 1
            pruned.freed += size
        pruned.kept = total
        return pruned


def _delete(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def prune_if_over_limit(cache: SectionCache) -> Pruned | None:
    """After a render: bring the cache down to settings.RENDER_CACHE_MAX_MB (0 turns it off)."""
    limit = settings.RENDER_CACHE_MAX_MB
    if not limit:
        return None
    return cache.prune(max_bytes=int(limit * MB))


def lay_out_html(html: str) -> tuple[bytes, int]:
    return html_to_document(html)


# A pool of layout processes kept between renders: forking one costs about 0.2 s, which is a
# tenth of a re-render's budget. Forked, the workers inherit the configured Django and
# WeasyPrint; they only turn HTML into PDF and never touch the database. Each caps its own
# memory as it starts (settings.RENDER_MAX_MEMORY_MB).
_pool: tuple[tuple[int, int], ProcessPoolExecutor] | None = None


def layout_pool(workers: int) -> ProcessPoolExecutor:
    global _pool
    key = (workers, bounded.memory_limit())
    if _pool is None or _pool[0] != key:
        forget_pool()
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context,
            initializer=bounded.limit_memory, initargs=(key[1],),
        )  # fmt: skip
        _pool = (key, pool)
    return _pool[1]


def forget_pool(*, kill: bool = False) -> None:
    """Drop the pool; `kill` stops its workers now, in the middle of a layout that took too long
    (shutting down alone would let them finish it)."""
    global _pool
    if _pool is not None:
        pool = _pool[1]
        if kill:
            # ProcessPoolExecutor has no public way to stop a running call before Python 3.14.
            for process in list((pool._processes or {}).values()):
                process.kill()
        pool.shutdown(wait=kill, cancel_futures=True)
    _pool = None


def _lay_out_bounded(
    htmls: dict[str, str], workers: int, deadline: Deadline, keep: Callable[[str, bytes], None],
    heartbeat: Callable[[], None],
) -> None:  # fmt: skip
    """Lay out every HTML in the pool's workers, keeping each PDF as it comes, within the
    deadline: past it the workers are killed and RenderTimedOut raised. A worker that ran out
    of memory (or died) stops the render too, instead of laying the rest out unbounded here."""
    pool = layout_pool(max(1, workers))
    try:
        pending: dict[Future, str] = {pool.submit(lay_out_html, h): key for key, h in htmls.items()}
        while pending:
            wait_for = max(0.0, min(deadline.remaining(), bounded.HEARTBEAT_SECONDS))
            finished, _running = wait(pending, timeout=wait_for, return_when=FIRST_COMPLETED)
            for future in finished:
                keep(pending.pop(future), future.result()[0])
            if pending:
                deadline.check()
                heartbeat()
    except bounded.RenderTimedOut:
        forget_pool(kill=True)
        raise
    except (MemoryError, BrokenProcessPool):
        forget_pool(kill=True)
        raise bounded.RenderTooBig from None


def layout_processes() -> int:
    """How many layout processes a worker runs (settings.RENDER_LAYOUT_PROCESSES; 0: a CPU each)."""
    return settings.RENDER_LAYOUT_PROCESSES or multiprocessing.cpu_count() or 1


def render_sections(
    keys: list[str],
    htmls: dict[str, str],
    cache: SectionCache,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    deadline: Deadline | None = None,
    spread: SpreadLayout | None = None,
) -> list[bytes]:
    """The PDF of every key: from the cache, or laid out from `htmls` (in parallel when many).

    With a deadline every layout is made in the pool's workers, bounded in memory and time;
    with `spread` too, several missing parts are laid out by whichever workers claim them.
    """
    found = {key: cache.get(key) for key in keys}
    # Longest first (HTML length stands for layout time), so no worker is left with a big
    # part at the end while the other idles.
    missing = dict(
        sorted(
            ((key, htmls[key]) for key in keys if found[key] is None),
            key=lambda item: -len(item[1]),
        )
    )
    done = len(keys) - len(missing)
    if progress:
        progress(done)

    def keep(key: str, pdf: bytes, *, cached: bool = False) -> None:
        nonlocal done
        if not cached:
            cache.put(key, pdf)
        found[key] = pdf
        done += 1
        if progress:
            progress(done)

    workers = workers if workers is not None else layout_processes()
    heartbeat = lambda: progress and progress(done)  # noqa: E731
    if deadline is not None and spread is not None and len(missing) >= PARALLEL_MIN_SECTIONS:
        spread(missing, cache, deadline, functools.partial(keep, cached=True), heartbeat)
    elif deadline is not None:
        _lay_out_bounded(missing, workers, deadline, keep, heartbeat)
    elif len(missing) >= PARALLEL_MIN_SECTIONS and workers > 1:
        try:
            results = layout_pool(workers).map(lay_out_html, missing.values())
            for key, (pdf, _pages) in zip(missing, results, strict=True):
                keep(key, pdf)
        except BrokenProcessPool:  # a worker died (killed, out of memory): finish here
            forget_pool()
    for key, html in missing.items():
        if found[key] is None:
            keep(key, lay_out_html(html)[0])
    return [found[key] for key in keys]


def render_book(
    data: dict,
    *,
    thai_digits: bool = False,
    workers: int | None = None,
    cache: SectionCache | None = None,
    progress: Callable[[int, int], None] | None = None,
    endorsement: dict | None = None,
    timings: dict | None = None,
    deadline: Deadline | None = None,
    spread: SpreadLayout | None = None,
) -> tuple[bytes, int]:
    """The book's PDF and its page count, from cached or freshly laid-out parts.

    Every part (the introduction, the opening, each strategic issue, each annex section) is
    laid out on its own without page numbers and cached by the hash of its HTML, so that it
    fits anywhere in the book; the HTML of a part is itself found by the hash of the facts it
    shows. Only the cover with the contents depends on where the parts land. The parts are
    joined and the page numbers drawn on from a sheet of digit glyphs.
    `timings`, when given, receives the seconds each phase took (for bench/). With a
    `deadline`, every layout is made in the pool's workers, bounded in memory and time
    (RenderRefused past them); with `spread` as well, the missing parts are laid out by
    whichever of the queue's workers claim them (reports.part_layouts).
    """
    cache = cache or SectionCache()
    clock = Stopwatch(timings)
    parts = book_parts(data)
    context = part_context(data, thai_digits)
    version = templates_version()
    keys, htmls = [], {}
    for part in parts:
        facts = json.dumps(
            [version, thai_digits, data["book"], part.key, part.facts],
            sort_keys=True, default=str, ensure_ascii=False,
        )  # fmt: skip
        facts_key = f"html:{cache.key(facts)}"
        key = cache.get_json(facts_key)
        if not (isinstance(key, str) and cache.has(key)):
            html = part.html(context, thai_digits)
            key = cache.key(html)
            htmls[key] = html
            cache.put_json(facts_key, key)
        keys.append(key)
    clock.lap("part html")
    steps = len(parts) + 2

    def report(done: int) -> None:
        if progress:
            progress(done, steps)

    cover_context = {**context, "today": printed_on(), "endorsement": endorsement}
    annex = context["parts"]
    layout_key = f"layout:{data['book']['id']}:{thai_digits}"
    last = cache.get_json(layout_key)  # the page counts of this book's last render
    if not isinstance(last, dict) or not {"cover", "parts", "anchors"} <= last.keys():
        last = None  # none yet, or written by an older layout of the book

    def cover(
        cover_pages: int, part_pages: list[int], anchors: list[dict[str, int]]
    ) -> tuple[str, list[int]]:
        starts, page = [], cover_pages + 1
        for count in part_pages:
            starts.append(page)
            page += count
        pages = {}
        for part, start, offsets in zip(parts, starts, anchors, strict=True):
            pages[part.key] = start
            # What starts inside a part (a strategic issue) is where its anchor landed.
            pages |= {anchor: start + offset for anchor, offset in offsets.items()}
        html = render_document(
            "reports/book_part.html",
            {**cover_context, "part": "cover", "contents": contents(data, annex, pages)},
        )
        return _finish(html, thai_digits), starts

    # After a small change most parts keep their length: lay the cover out with the last
    # render's page counts beside the changed parts. If the counts hold, it is in the cache.
    jobs = list(keys)
    if last and len(last["parts"]) == len(parts) == len(last["anchors"]):
        guess, _starts = cover(last["cover"], last["parts"], last["anchors"])
        jobs.append(cache.key(guess))
        htmls[jobs[-1]] = guess
    laid_out = render_sections(
        jobs, htmls, cache, workers=workers, progress=report, deadline=deadline, spread=spread
    )
    bodies = laid_out[: len(parts)]
    part_pages = [_page_count(pdf) for pdf in bodies]
    anchors = [_anchor_pages(pdf) for pdf in bodies]
    clock.lap("part layout")

    # The contents list the pages of the parts, which depend on the contents' own length.
    cover_pages = last["cover"] if last else 2 + len(contents(data, annex)) // 30
    for _attempt in range(4):
        html, starts = cover(cover_pages, part_pages, anchors)
        key = cache.key(html)
        front = cache.get(key)
        if front is None:
            front = lay_out_one(html, workers, deadline)
            cache.put(key, front)
        pages = _page_count(front)
        if pages == cover_pages:
            break
        cover_pages = pages
    cache.put_json(layout_key, {"cover": cover_pages, "parts": part_pages, "anchors": anchors})
    clock.lap("cover")
    report(len(parts) + 1)

    total = cover_pages + sum(part_pages)
    sheet = digit_sheet(thai_digits, cache, lambda html: lay_out_one(html, workers, deadline))
    clock.lap("page numbers")
    pdf = join([front, *bodies], sheet, thai_digits)
    clock.lap("join")
    prune_if_over_limit(cache)
    clock.lap("prune")
    report(steps)
    return pdf, total


def lay_out_one(html: str, workers: int | None, deadline: Deadline | None) -> bytes:
    """One layout: here, or with a deadline in the pool's bounded workers."""
    if deadline is None:
        return lay_out_html(html)[0]
    made: dict[str, bytes] = {}
    _lay_out_bounded({"one": html}, workers or 1, deadline, made.__setitem__, lambda: None)
    return made["one"]


class Stopwatch:
    def __init__(self, laps: dict | None):
        self.laps = laps
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        if self.laps is not None:
            self.laps[name] = self.laps.get(name, 0.0) + now - self.last
        self.last = now


def _page_count(pdf: bytes) -> int:
    with pikepdf.open(BytesIO(pdf)) as document:
        return len(document.pages)


# Sections inside a part that the contents list with their own page (besides the issues).
ANCHORS_INSIDE_PARTS = {"communities"}


def _anchor_pages(pdf: bytes) -> dict[str, int]:
    """The strategic issues' anchors of a part (and ANCHORS_INSIDE_PARTS) and the page each
    landed on, counted from 0 (WeasyPrint writes every id as a named destination)."""
    with pikepdf.open(BytesIO(pdf)) as document:
        names = document.Root.get("/Names")
        if names is None or "/Dests" not in names:
            return {}
        pages = {page.objgen: index for index, page in enumerate(document.pages)}
        return {
            str(name): pages[destination[0].objgen]
            for name, destination in pikepdf.NameTree(names.Dests).items()
            if str(name).startswith("issue-") or str(name) in ANCHORS_INSIDE_PARTS
        }


# --- page numbers -----------------------------------------------------------------------------

DIGITS = "0123456789"
PAGE_NUMBER_SIZE = 14  # pt, as `@top-right` in print_base.html


def page_digits(thai_digits: bool) -> str:
    """The ten digits page numbers are written with, 0 to 9."""
    return buddhist_era.thai_digits(DIGITS) if thai_digits else DIGITS


def digit_sheet(
    thai_digits: bool, cache: SectionCache, lay_out: Callable[[str], bytes] | None = None
) -> bytes:
    """Ten pages, each with one digit where the page number goes (cached)."""
    html = render_document("reports/page_digits.html", {"digits": page_digits(thai_digits)})
    key = cache.key(html)
    sheet = cache.get(key)
    if sheet is None:
        sheet = lay_out(html) if lay_out else lay_out_html(html)[0]
        cache.put(key, sheet)
    return sheet


@functools.cache
def digit_widths(thai_digits: bool) -> dict[str, float]:
    """The advance of each digit of Sarabun at the page-number size, in PDF points."""
    font = TTFont(finders.find("fonts/Sarabun-Regular.ttf"), lazy=True)
    scale = PAGE_NUMBER_SIZE / font["head"].unitsPerEm
    glyphs, metrics = font.getBestCmap(), font["hmtx"]
    return {digit: metrics[glyphs[ord(digit)]][0] * scale for digit in page_digits(thai_digits)}


def join(parts: list[bytes], sheet: bytes, thai_digits: bool) -> bytes:
    """One PDF of the parts in order, every page but the cover numbered.

    A number is drawn right to left from the sheet's digits (each page of the sheet made a form
    XObject), every digit shifted left by the advances of the digits after it, so it sits
    right-aligned where WeasyPrint puts `counter(page)`. qpdf (through pikepdf) joins 450 pages
    in about 0.3 s, where poppler's pdfunite took 0.7 s and pypdf several seconds.
    """
    sources = [pikepdf.open(BytesIO(part)) for part in parts]
    digits_pdf = pikepdf.open(BytesIO(sheet))
    book = pikepdf.new()
    try:
        for source in sources:
            book.pages.extend(source.pages)
        widths = digit_widths(thai_digits)
        forms = {
            digit: (
                pikepdf.Name(f"/PageDigit{value}"),
                book.copy_foreign(digits_pdf.pages[value].as_form_xobject()),
            )
            for value, digit in enumerate(page_digits(thai_digits))
        }
        for number, page in enumerate(book.pages, start=1):
            if number == 1:
                continue  # the cover
            text = buddhist_era.thai_digits(str(number)) if thai_digits else str(number)
            drawn, shift, added = [], 0.0, set()
            for digit in reversed(text):
                name, form = forms[digit]
                if digit not in added:
                    page.add_resource(form, pikepdf.Name.XObject, name)
                    added.add(digit)
                drawn.append(f"q 1 0 0 1 {-shift:.3f} 0 cm {name} Do Q")
                shift += widths[digit]
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(("Q\n" + "\n".join(drawn) + "\n").encode())
        out = BytesIO()
        book.save(out)
        return out.getvalue()
    finally:
        book.close()
        digits_pdf.close()
        for source in sources:
            source.close()

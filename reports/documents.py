"""The PDF documents: a tambon plan, and district and provincial strategy books.

A book is rendered in sections: the front matter (cover, contents, summary, charts, strategic
issues) and one annex section per district listing the tambon items behind every figure. Each
section is laid out on its own, in parallel processes when there are many, and kept in a cache
keyed by the hash of its HTML, so a change in one tambon re-renders only its district and the
front matter. Sections carry no page numbers; the joined book is stamped with a page-number
layer (itself cached by page count), so a cached section fits anywhere in the book.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from councils.models import Subdistrict
from plans.books import APPROACH_TH, SOURCE_TH
from plans.models import CommunityPlan, FundingSource, PlanProject, ProjectBudget, Theme
from reports import charts
from reports.pdf import html_to_document

PLAN_STATE_TH = {
    "draft": "ฉบับร่าง",
    "submitted": "ส่งอำเภอพิจารณา",
    "returned": "ส่งกลับให้แก้ไข",
    "accepted": "ผ่านการพิจารณาแล้ว",
}
Progress = Callable[[int], None]
# Parallel layout pays for itself only when there are several big sections to lay out.
PARALLEL_MIN_SECTIONS = 2
TAMBONS_PER_SECTION = 6
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TEXT = re.compile(r">([^<]+)<")


def with_thai_digits(html: str) -> str:
    """Write the digits of the document's text (not of its markup or styles) as Thai digits."""
    head, marker, body = html.partition("<body")
    if not marker:
        return html
    return head + marker + _TEXT.sub(lambda m: ">" + m.group(1).translate(THAI) + "<", body)


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
    sources = {code: SOURCE_TH.get(code, code) for code in FundingSource.values}
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
                    "indicator": project.indicator,
                    "approach": APPROACH_TH.get(project.approach, ""),
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
    }


def plan_charts(data: dict) -> dict:
    totals = data["totals"]
    return {
        "theme": charts.bar_chart(
            [(r["label"], r["total"]) for r in totals["by_theme"]],
            title="งบประมาณตามประเด็น",
            unit="บาท",
        ),
        "source": charts.bar_chart(
            [(r["label"], r["total"]) for r in totals["by_source"]],
            title="งบประมาณตามแหล่งทุน",
            unit="บาท",
        ),
        "year": charts.bar_chart(
            [(f"ปีงบประมาณ {r['label']}", r["total"]) for r in totals["by_year"]],
            title="งบประมาณตามปีงบประมาณ",
            unit="บาท",
        ),
    }


def render_plan(data: dict, *, thai_digits: bool = False) -> tuple[bytes, int]:
    context = {
        "data": data,
        "charts": plan_charts(data),
        "today": printed_on(),
        "thai_digits": thai_digits,
        "title": data["plan"]["title"],
    }
    html = _finish(render_to_string("reports/plan_pdf.html", context), thai_digits)
    return html_to_document(html)


# --- the books -------------------------------------------------------------------------------


def book_charts(data: dict) -> dict:
    totals = data["totals"]
    return {
        "theme": charts.bar_chart(
            [(r["label"], r["total"]) for r in totals["by_theme"]],
            title="งบประมาณตามประเด็น",
            unit="บาท",
        ),
        "source": charts.bar_chart(
            [(r["label"], r["total"]) for r in totals["by_source"]],
            title="งบประมาณตามแหล่งทุน",
            unit="บาท",
        ),
        "year": charts.bar_chart(
            [(f"ปีงบประมาณ {r['label']}", r["total"]) for r in totals["by_year"]],
            title="งบประมาณตามปีงบประมาณ",
            unit="บาท",
        ),
        "district": charts.bar_chart(
            [(r["label"], r["total"]) for r in totals["by_district"]],
            title="งบประมาณตามอำเภอ",
            unit="บาท",
        )
        if data["book"]["level"] == "province"
        else "",
    }


def _book_context(data: dict, thai_digits: bool, endorsement: dict | None = None) -> dict:
    return {
        "parts": annex_parts(data),
        "endorsement": endorsement,
        "data": data,
        "book": data["book"],
        "charts": book_charts(data),
        "today": printed_on(),
        "thai_digits": thai_digits,
        "title": data["book"]["title"],
        "level_name": "อำเภอ" if data["book"]["level"] == "district" else "จังหวัด",
    }


def book_html(data: dict, *, thai_digits: bool = False, endorsement: dict | None = None) -> str:
    """The whole book as one HTML document with its own page numbers (what Chromium is given)."""
    context = _book_context(data, thai_digits, endorsement)
    return _finish(render_to_string("reports/book_full.html", context), thai_digits)


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


def section_htmls(data: dict, thai_digits: bool) -> list[str]:
    context = _book_context(data, thai_digits)
    context["today"] = None  # sections show no date, so they stay cached across days
    return [
        _finish(
            render_to_string("reports/book_section.html", {**context, "district": part}),
            thai_digits,
        )
        for part in annex_parts(data)
    ]


MB = 1024 * 1024
# A `.tmp` file or a join folder younger than this may still be being written.
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
        self.root = Path(root or Path(settings.MEDIA_ROOT) / "render-cache")

    def key(self, html: str) -> str:
        return hashlib.sha256(html.encode()).hexdigest()

    def key_of_bytes(self, data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def get_json(self, key: str):
        found = self._read(self.root / f"{self.key(key)}.json")
        return json.loads(found) if found is not None else None

    def put_json(self, key: str, value) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / f"{self.key(key)}.json").write_text(json.dumps(value))

    def work_dir(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        return self.root

    def get(self, key: str) -> bytes | None:
        return self._read(self.root / f"{key}.pdf")

    def put(self, key: str, pdf: bytes) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.root / f"{key}.tmp"
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

        Files still being written (`.tmp` files and the join's folders younger than an hour)
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


def _render(html: str) -> tuple[bytes, int]:
    return html_to_document(html)


def render_sections(
    htmls: list[str],
    cache: SectionCache,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[bytes]:
    """Lay out every section not in the cache, in parallel processes when there are many."""
    keys = [cache.key(html) for html in htmls]
    found = {key: cache.get(key) for key in keys}
    missing = [(key, html) for key, html in zip(keys, htmls, strict=True) if found[key] is None]
    done = len(keys) - len(missing)
    if progress:
        progress(done)
    workers = workers if workers is not None else (multiprocessing.cpu_count() or 1)
    if len(missing) >= PARALLEL_MIN_SECTIONS and workers > 1:
        # Fork: the children inherit the configured Django and WeasyPrint; they touch no database.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = pool.map(_render, [html for _, html in missing])
            for (key, _html), (pdf, _pages) in zip(missing, results, strict=True):
                cache.put(key, pdf)
                found[key] = pdf
                done += 1
                if progress:
                    progress(done)
    else:
        for key, html in missing:
            pdf, _pages = _render(html)
            cache.put(key, pdf)
            found[key] = pdf
            done += 1
            if progress:
                progress(done)
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
) -> tuple[bytes, int]:
    """The book's PDF and its page count, from cached or freshly laid-out sections.

    `timings`, when given, receives the seconds each phase took (for bench/).
    """
    cache = cache or SectionCache()
    clock = Stopwatch(timings)
    htmls = section_htmls(data, thai_digits)
    clock.lap("section html")
    steps = len(htmls) + 2

    def report(done: int) -> None:
        if progress:
            progress(done, steps)

    context = _book_context(data, thai_digits, endorsement)
    parts = annex_parts(data)
    layout_key = f"layout:{data['book']['id']}:{thai_digits}"
    last = cache.get_json(layout_key)  # the page counts of this book's last render

    def front_html(front_pages: int, section_pages: list[int]) -> str:
        starts, page = [], front_pages + 1
        for count in section_pages:
            starts.append(page)
            page += count
        annex = [
            {"code": part["code"], "name": part["name"], "page": start}
            for part, start in zip(parts, starts, strict=True)
            if not part["continued"]
        ]
        return _finish(
            render_to_string("reports/book_front.html", {**context, "annex": annex}), thai_digits
        )

    # After a small change most sections keep their length: lay the front matter out with
    # the last render's page counts, in parallel with the changed sections. If the counts
    # turn out the same, the front matter is already in the cache.
    guess = None
    if last and len(last["sections"]) == len(htmls):
        guess = front_html(last["front"], last["sections"])
    laid_out = render_sections(
        htmls + ([guess] if guess else []), cache, workers=workers, progress=report
    )
    sections = laid_out[: len(htmls)]
    section_pages = [_page_count(pdf) for pdf in sections]
    clock.lap("section layout")

    # The front matter comes first, so its own page numbers are right as laid out; its
    # contents list needs the annex's page numbers, which depend on its own length.
    front_pages = last["front"] if last else 3 + len(data["issues"]) // 2
    for _attempt in range(4):
        starts, page = [], front_pages + 1
        for count in section_pages:
            starts.append(page)
            page += count
        html = front_html(front_pages, section_pages)
        key = cache.key(html)
        front = cache.get(key)
        if front is None:
            front, _ = _render(html)
            cache.put(key, front)
        pages = _page_count(front)
        if pages == front_pages:
            break
        front_pages = pages
    cache.put_json(layout_key, {"front": front_pages, "sections": section_pages})
    clock.lap("front matter")
    report(len(htmls) + 1)
    total = front_pages + sum(section_pages)
    layer = None  # laid out only when some section is not numbered yet
    numbered = []
    for pdf, start in zip(sections, starts, strict=True):
        key = cache.key(f"numbered:{start}:{thai_digits}:{cache.key_of_bytes(pdf)}")
        found = cache.get(key)
        if found is None:
            if layer is None:
                layer = PdfReader(BytesIO(page_number_layer(total, thai_digits, cache)))
            found = numbered_section(pdf, layer, start)
            cache.put(key, found)
        numbered.append(found)
    clock.lap("page numbers")
    pdf = join([front, *numbered], cache)
    clock.lap("join")
    prune_if_over_limit(cache)
    clock.lap("prune")
    report(steps)
    return pdf, total


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
    return len(PdfReader(BytesIO(pdf)).pages)


def page_number_layer(pages: int, thai_digits: bool, cache: SectionCache) -> bytes:
    """Blank pages carrying only their page numbers, 1 to `pages` (cached by the count)."""
    html = render_to_string(
        "reports/page_numbers.html", {"pages": range(pages), "thai_digits": thai_digits}
    )
    key = cache.key(html)
    layer = cache.get(key)
    if layer is None:
        layer, _ = _render(html)
        cache.put(key, layer)
    return layer


def numbered_section(pdf: bytes, layer: PdfReader, first: int) -> bytes:
    """A section with the layer's page numbers drawn on, its first page being `first`.

    Sections are laid out without numbers so that a cached section fits anywhere in the
    book; only this cheap stamping depends on where it lands.
    """
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    resources = None
    save = writer._add_object(_stream(b"q\n"))
    restore = writer._add_object(_stream(b"Q\n"))
    for index, page in enumerate(writer.pages):
        source = layer.pages[first - 1 + index]
        if resources is None:  # the layer's pages share one font: copy it once
            resources = source["/Resources"].clone(writer)
        form = _stream(source.get_contents().get_data())
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): source.mediabox,
                NameObject("/Resources"): resources,
            }
        )
        name = NameObject(f"/PageNo{index}")
        page_resources = page["/Resources"].get_object()
        xobjects = page_resources.get("/XObject")
        if xobjects is None:
            xobjects = DictionaryObject()
            page_resources[NameObject("/XObject")] = xobjects
        xobjects.get_object()[name] = writer._add_object(form)
        stamp = writer._add_object(_stream(f"q {name} Do Q\n".encode()))
        contents = page.get("/Contents")
        existing = (
            list(contents.get_object())
            if isinstance(contents.get_object(), ArrayObject)
            else [contents]
        )
        page[NameObject("/Contents")] = ArrayObject([save, *existing, restore, stamp])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def join(parts: list[bytes], cache: SectionCache) -> bytes:
    """One PDF of the parts in order: poppler's pdfunite when present (fast), else pypdf."""
    pdfunite = shutil.which("pdfunite")
    if pdfunite:
        with tempfile.TemporaryDirectory(dir=cache.work_dir()) as folder:
            names = []
            for index, part in enumerate(parts):
                name = Path(folder) / f"{index:05d}.pdf"
                name.write_bytes(part)
                names.append(str(name))
            out = Path(folder) / "book.pdf"
            subprocess.run([pdfunite, *names, str(out)], check=True, capture_output=True)  # noqa: S603 - our own files
            return out.read_bytes()
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(BytesIO(part)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream

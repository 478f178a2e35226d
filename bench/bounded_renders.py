"""The time and peak memory of plan renders that the limits stop, and of a plan at the caps.

    DEBUG=1 .venv/bin/python -m bench.bounded_renders [text|projects|capped] [--timeout 60]

Each case runs in its own process, so the peak memory reported (of the render's child, from
getrusage) is that case's alone. The plans are data, never saved: the caps would refuse them.
"""

import argparse
import os
import resource
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

# Static files under their plain names: no collectstatic needed (settings.STATIC_MANIFEST).

os.environ.setdefault("STATIC_MANIFEST", "0")
django.setup()

from reports import bounded, documents  # noqa: E402


def plan(*, issues: int, projects: int, situation: int, objective: int) -> dict:
    per_issue = max(1, projects // issues)
    project = {
        "title": "โครงการส่งเสริมเกษตรอินทรีย์และตลาดชุมชน", "objective": "ลดต้นทุน " * objective,
        "target": "เกษตรกร 60 ครัวเรือน", "approach": "ทำร่วม",
        "partner": "", "amounts": ["1000", "1000"], "total": "2000",
    }  # fmt: skip
    return {
        "plan": {
            "id": 1, "title": "แผนพัฒนาชุมชนตำบลทดลอง", "council": "สภาองค์กรชุมชนตำบลทดลอง",
            "tambon": "แม่สาย", "district": "แม่สาย", "province": "เชียงราย", "first_year": 2569,
            "last_year": 2570, "state": "ฉบับร่าง", "situation": "สภาพปัญหา " * situation,
            "version": 1,
        },
        "years": [2569, 2570],
        "issues": [
            {"title": f"ประเด็นที่ {n}", "theme": "ด้านเศรษฐกิจ", "priority": 1, "villages": "1, 2",
             "description": "", "projects": [project] * per_issue}
            for n in range(issues)
        ],
        "totals": {"total": str(2000 * projects), "by_source": [], "by_theme": [],
                   "by_year": [{"label": "2569", "total": "1"}]},
    }  # fmt: skip


CASES = {
    # 1 MB of text in the plan's situation (about 100,000 words of Thai)
    "text": lambda: plan(issues=3, projects=3, situation=1_000_000 // 10, objective=1),
    "projects": lambda: plan(issues=60, projects=10_000, situation=10, objective=1),
    # what the caps let through: 60 issues, 500 projects with short texts
    "capped": lambda: plan(issues=60, projects=500, situation=100, objective=5),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=CASES)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    data = CASES[args.case]()
    started = time.perf_counter()
    try:
        _pdf, pages = documents.render_plan(data, deadline=bounded.Deadline(args.timeout))
        outcome = f"rendered, {pages} pages"
    except bounded.RenderRefused as refused:
        outcome = f"refused: {type(refused).__name__}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.case}: {outcome} in {seconds:.1f} s, peak memory of the render {peak:.0f} MB")


if __name__ == "__main__":
    main()

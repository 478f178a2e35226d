"""The local development plan's project form (แบบ ผ.02) as an A4 landscape PDF table in the
Thai layout: the header block, the table whose two header rows repeat on every page, theme (and,
for a district, tambon) subheadings, totals per theme and the grand total per year, page numbers.

The rows come from plans.local_plan_form, read in the request; the layout runs in a child
process bounded in time and memory like a plan's (reports.bounded), since it reads nothing more.
"""

from __future__ import annotations

from plans.local_plan_form import LocalPlanForm
from reports import bounded
from reports.documents import printed_on
from reports.pdf import html_to_document, render_document

TEMPLATE = "reports/local_plan_form_pdf.html"


def form_html(form: LocalPlanForm) -> str:
    context = {
        "form": form,
        "today": printed_on(),
        "title": f"รายละเอียดโครงการพัฒนา สำหรับ {form.agency}",
        "footer": form.agency,
    }
    return render_document(TEMPLATE, context)


def render_form(form: LocalPlanForm, *, deadline: bounded.Deadline | None = None):
    """The form's PDF and its page count; with a deadline, laid out in a bounded child."""
    html = form_html(form)
    if deadline is None:
        return html_to_document(html)
    return bounded.run(html_to_document, html, deadline=deadline)

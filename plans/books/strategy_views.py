"""The province's development strategies: the list with their coverage, and the provincial
coordinator's add, edit and remove (CODI staff keep them in the admin site)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from councils import feedback
from councils.access import AreaPage, area_page_or_404, visible_or_404
from councils.confirmation import Step
from councils.geography import Level
from plans.books import confirmations, strategy_coverage
from plans.books.forms import ProvinceStrategyForm
from plans.books.models import ProvinceStrategy, keeps_strategies

PAGE_SIZE = 20
REGION = "strategies"


def _province_or_404(user, code: str) -> AreaPage:
    return area_page_or_404(user, code, levels=(Level.PROVINCE,))


def _kept_or_403(user, code: str, pk: int) -> tuple[AreaPage, ProvinceStrategy]:
    """The province's page and its strategy if the user keeps it; 404 when out of sight, 403
    when only readable."""
    page_area = _province_or_404(user, code)
    strategy = visible_or_404(ProvinceStrategy.objects.filter(province_id=code), user, pk=pk)
    if not ProvinceStrategy.objects.kept_by(user).filter(pk=strategy.pk).exists():
        raise PermissionDenied
    return page_area, strategy


def _list_url(code: str) -> str:
    return f"{reverse('strategy_list', args=[code])}#{REGION}"


@login_required
def strategy_list(request: HttpRequest, code: str) -> HttpResponse:
    """The province's strategies, a page at a time, each with its coverage; and, plainly, the
    strategies that no community project serves.

    Queries: the session, the user, the scope, the province, the page's count and its rows
    with every figure, and the unserved ones: the same for 6 strategies or 600.
    """
    page_area = _province_or_404(request.user, code)
    strategies = ProvinceStrategy.objects.filter(province_id=code).order_by(
        "-first_year", "number", "pk"
    )
    page = Paginator(strategy_coverage.with_figures(strategies), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "province": page_area.area,
        "code": code,
        "page": page,
        "rows": strategy_coverage.as_data(
            strategy_coverage.Coverage(
                [strategy_coverage.StrategyFigures.of(s) for s in page.object_list]
            )
        ),
        "unserved": list(strategy_coverage.unserved(strategies)),
        "can_keep": keeps_strategies(request.user, code),
    }
    return render(request, "plans/books/strategy_list.html", context)


@login_required
def strategy_new(request: HttpRequest, code: str) -> HttpResponse:
    page_area = _province_or_404(request.user, code)
    if not keeps_strategies(request.user, code):
        raise PermissionDenied
    return _strategy_form(request, page_area, ProvinceStrategy(province_id=code))


@login_required
def strategy_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    page_area, strategy = _kept_or_403(request.user, code, pk)
    return _strategy_form(request, page_area, strategy)


def _strategy_form(request: HttpRequest, page_area: AreaPage, strategy: ProvinceStrategy):
    form = ProvinceStrategyForm(
        request.POST or None, instance=strategy, province_code=page_area.code
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        feedback.saved(
            request, _("The strategy %(strategy)s was saved.") % {"strategy": strategy}, REGION
        )
        return redirect(_list_url(page_area.code))
    context = {
        "form": form,
        "strategy": strategy,
        "province": page_area.area,
        "code": page_area.code,
    }
    return render(request, "plans/books/strategy_form.html", context)


@login_required
def strategy_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """GET: how many strategic issues map to the strategy; POST with the confirmation: remove."""
    _page_area, strategy = _kept_or_403(request.user, code, pk)
    step = Step(request, "strategy.delete", f"{strategy.pk}:{strategy.removal_summary()}")
    if not step.confirmed:
        return step.ask(confirmations.remove_strategy(strategy), cancel_url=_list_url(code))
    label = str(strategy)
    strategy.delete()
    feedback.saved(
        request, _("The strategy %(strategy)s was removed.") % {"strategy": label}, REGION
    )
    return redirect(_list_url(code))

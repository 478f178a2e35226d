"""Pages of the leaders' registry: a council's persons, a person's roles and trainings, and the
officers' named successors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.deletion import ProtectedError
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from councils import feedback
from councils.access import editable_or_403, scope_for, visible_or_404
from councils.confirmation import Step
from councils.models import Council, CouncilMember
from councils.persons import removals
from councils.persons.forms import PersonForm, PersonRoleForm, SuccessorForm, TrainingForm
from councils.persons.models import MAX_ROLES, Generation, Person, PersonRole, Training

LEADERS_PAGE_SIZE = 25
TRAININGS_PAGE_SIZE = 20
# The filter "by body" also offers the council itself (the persons' council seats).
COUNCIL_BODY = "council"


def _with_area(queryset):
    return queryset.select_related("subdistrict__district__province")


def _person_with_area(queryset):
    return queryset.select_related("council__subdistrict__district__province")


def _leaders_of(council: Council, today):
    """The council's persons with their role count, training count, sitting seats and current
    roles: four queries for any page of them (the page, its two prefetches, and the count)."""
    trainings = (
        Training.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        council.persons.with_role_counts(today)
        .annotate(training_count=Coalesce(Subquery(trainings), Value(0)))
        .prefetch_related(
            Prefetch(
                "council_seats",
                queryset=CouncilMember.objects.sitting().order_by("role", "pk"),
                to_attr="sitting_seats",
            ),
            Prefetch(
                "roles",
                queryset=PersonRole.objects.current(today).select_related("organization"),
                to_attr="current_roles",
            ),
        )
        .order_by("first_name", "last_name", "pk")
    )


@login_required
def council_leaders(request: HttpRequest, pk: int) -> HttpResponse:
    """The council's persons, a page at a time: by name, generation or body."""
    council = visible_or_404(_with_area(Council.objects), request.user, pk=pk)
    today = timezone.localdate()
    persons = _leaders_of(council, today)
    query = request.GET.get("q", "").strip()[:100]
    persons = persons.matching(query)
    generation = request.GET.get("generation", "")
    if generation in Generation.values:
        persons = persons.of_generation(generation, today)
    body = request.GET.get("body", "")
    if body == COUNCIL_BODY:
        persons = persons.filter(
            pk__in=CouncilMember.objects.sitting().filter(council=council).values("person")
        )
    elif body in PersonRole.Body.values:
        persons = persons.filter(
            pk__in=PersonRole.objects.current(today).filter(body=body).values("person")
        )
    everyone = council.persons.all()
    context = {
        "council": council,
        "can_edit": scope_for(request.user).edits(council.area_code),
        "persons_page": Paginator(persons, LEADERS_PAGE_SIZE).get_page(request.GET.get("page")),
        "query": query,
        "generation": generation,
        "generations": Generation.choices,
        "body": body,
        "bodies": [(COUNCIL_BODY, _("council seat")), *PersonRole.Body.choices],
        "generation_counts": everyone.generation_counts(today),
        "too_many_roles": everyone.holding_too_many_roles(today).count(),
        "max_roles": MAX_ROLES,
        "today": today,
    }
    return render(request, "councils/persons/leaders.html", context)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_or_404(_person_with_area(Person.objects), request.user, pk=pk)
    today = timezone.localdate()
    roles = list(person.roles.select_related("organization"))
    seats = list(person.council_seats.order_by("left_on", "-selected_on"))
    trainings = person.trainings.all()
    context = {
        "person": person,
        "council": person.council,
        "can_edit": scope_for(request.user).edits(person.area_code),
        "generation": person.generation(today),
        "age": person.age(today),
        "current_roles": [role for role in roles if role.is_current(today)],
        "former_roles": [role for role in roles if not role.is_current(today)],
        "sitting_seats": [seat for seat in seats if seat.is_sitting],
        "former_seats": [seat for seat in seats if not seat.is_sitting],
        "role_count": sum(role.is_current(today) for role in roles)
        + sum(seat.is_sitting for seat in seats),
        "max_roles": MAX_ROLES,
        "trainings_page": Paginator(trainings, TRAININGS_PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "training_hours": trainings.aggregate(total=Sum("hours"))["total"] or 0,
        "succeeding": person.succeeding.sitting().select_related("person"),
    }
    return render(request, "councils/persons/person_detail.html", context)


def _form_page(request, form, *, council, title, back, person=None) -> HttpResponse:
    context = {"council": council, "person": person, "form": form, "title": title, "back": back}
    return render(request, "councils/persons/person_form.html", context)


@login_required
def person_new(request: HttpRequest, pk: int) -> HttpResponse:
    council = editable_or_403(_with_area(Council.objects), request.user, pk=pk)
    form = PersonForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        feedback.saved(request, _("The person was added to the registry."), "person")
        return redirect(person)
    back = reverse("council_leaders", args=[council.pk])
    return _form_page(request, form, council=council, title=_("Add a person"), back=back)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = editable_or_403(_person_with_area(Person.objects), request.user, pk=pk)
    form = PersonForm(request.POST or None, instance=person, council=person.council)
    if request.method == "POST" and form.is_valid():
        form.save()
        feedback.saved(request, _("The person was saved."), "person")
        return redirect(person)
    return _form_page(
        request, form, council=person.council, person=person,
        title=_("Edit the person"), back=person.get_absolute_url(),
    )  # fmt: skip


@login_required
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what removing the person means; POST with the confirmation: remove them. A person
    who holds a council seat stays (the seat protects them): they leave with the seat."""
    person = editable_or_403(_person_with_area(Person.objects), request.user, pk=pk)
    if person.council_seats.exists():
        feedback.refused(request, _seat_refusal(person), "person")
        return redirect(person)
    step = Step(request, "councils.person.delete", str(person.pk))
    if not step.confirmed:
        return step.ask(removals.remove_person(person), cancel_url=person.get_absolute_url())
    leaders = reverse("council_leaders", args=[person.council_id])
    try:
        person.delete()
    except ProtectedError:  # a seat recorded since the check
        feedback.refused(request, _seat_refusal(person), "person")
        return redirect(person)
    feedback.saved(request, _("The person was removed from the registry."), "leaders")
    return redirect(f"{leaders}#leaders")


def _seat_refusal(person: Person) -> str:
    return _(
        "%(name)s holds a seat on the council (now or before), so they stay in the registry. "
        "Record the seat's end on the council page instead."
    ) % {"name": person.full_name}


@login_required
def person_role_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = editable_or_403(_person_with_area(Person.objects), request.user, pk=pk)
    form = PersonRoleForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        feedback.saved(request, _("The role was saved."), "roles")
        return redirect(f"{person.get_absolute_url()}#roles")
    return _form_page(
        request, form, council=person.council, person=person,
        title=_("Add a role"), back=f"{person.get_absolute_url()}#roles",
    )  # fmt: skip


def _role_to_change(request: HttpRequest, pk: int) -> PersonRole:
    queryset = PersonRole.objects.select_related(
        "person__council__subdistrict__district__province", "organization"
    )
    return editable_or_403(queryset, request.user, pk=pk)


@login_required
def person_role_edit(request: HttpRequest, pk: int) -> HttpResponse:
    role = _role_to_change(request, pk)
    person = role.person
    form = PersonRoleForm(request.POST or None, instance=role, person=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        feedback.saved(request, _("The role was saved."), "roles")
        return redirect(f"{person.get_absolute_url()}#roles")
    return _form_page(
        request, form, council=person.council, person=person,
        title=_("Edit the role"), back=f"{person.get_absolute_url()}#roles",
    )  # fmt: skip


@login_required
def person_role_delete(request: HttpRequest, pk: int) -> HttpResponse:
    role = _role_to_change(request, pk)
    back = f"{role.person.get_absolute_url()}#roles"
    step = Step(request, "councils.person_role.delete", str(role.pk))
    if not step.confirmed:
        return step.ask(removals.remove_role(role), cancel_url=back)
    role.delete()
    feedback.saved(request, _("The role was removed."), "roles")
    return redirect(back)


@login_required
def training_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = editable_or_403(_person_with_area(Person.objects), request.user, pk=pk)
    form = TrainingForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        feedback.saved(request, _("The training was saved."), "trainings")
        return redirect(f"{person.get_absolute_url()}#trainings")
    return _form_page(
        request, form, council=person.council, person=person,
        title=_("Record a training"), back=f"{person.get_absolute_url()}#trainings",
    )  # fmt: skip


@login_required
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Training.objects.select_related("person__council__subdistrict")
    training = editable_or_403(queryset, request.user, pk=pk)
    back = f"{training.person.get_absolute_url()}#trainings"
    step = Step(request, "councils.training.delete", str(training.pk))
    if not step.confirmed:
        return step.ask(removals.remove_training(training), cancel_url=back)
    training.delete()
    feedback.saved(request, _("The training was removed."), "trainings")
    return redirect(back)


def _officers(council: Council):
    officers = (
        council.members.sitting()
        .filter(role__in=CouncilMember.OFFICER_ROLES)
        .select_related("person", "successor")
    )
    # At most four rows: in the order of the offices.
    return sorted(officers, key=lambda member: CouncilMember.OFFICER_ROLES.index(member.role))


@login_required
def council_succession(request: HttpRequest, pk: int) -> HttpResponse:
    """The sitting officers, their term's end and their named successor; an editor names or
    changes the successor of one officer at a time."""
    council = visible_or_404(_with_area(Council.objects), request.user, pk=pk)
    can_edit = scope_for(request.user).edits(council.area_code)
    if request.method == "POST":
        council = editable_or_403(_with_area(Council.objects), request.user, pk=pk)
    officers = _officers(council)
    posted = request.POST.get("officer", "") if request.method == "POST" else ""
    rows = []
    for officer in officers:
        bound = posted == str(officer.pk)
        form = None
        if can_edit:
            form = SuccessorForm(request.POST if bound else None, instance=officer)
        if bound and form.is_valid():
            form.save()
            region = f"officer-{officer.pk}"
            feedback.saved(request, _("The successor was saved."), region)
            return redirect(f"{reverse('council_succession', args=[council.pk])}#{region}")
        rows.append({"officer": officer, "form": form})
    context = {
        "council": council,
        "can_edit": can_edit,
        "rows": rows,
        "today": timezone.localdate(),
    }
    return render(request, "councils/persons/succession.html", context)

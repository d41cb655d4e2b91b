"""Innovation engineers: list with counts against the 1000 target, detail, deliberate ID reveal."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from breakzero.accounts.models import Role
from breakzero.core.htmx import render_page
from breakzero.core.permissions import OFFICIALS, roles
from breakzero.core.signals import personal_data_revealed
from breakzero.core.views import xlsx_response
from breakzero.service_bodies import access
from breakzero.service_bodies.selectors import lists
from breakzero.service_bodies.sheets import exports
from breakzero.service_bodies.views.common import exported, paginate, wants_xlsx

VIEWERS = (*OFFICIALS, Role.SYSTEM_ADMIN, Role.ENTERPRISE)


@roles(VIEWERS)
def engineer_list(request: HttpRequest) -> HttpResponse:
    q, region = request.GET.get("q", "").strip(), request.GET.get("region", "").strip()
    qs = lists.engineer_list(request.user, q=q, region=region)
    if wants_xlsx(request):
        exported(request, "engineers", qs.count())
        return xlsx_response(exports.engineers_xlsx(qs), "创新工程师.xlsx")
    counts = lists.engineer_counts_by_city(request.user)
    context = {
        "page_obj": paginate(request, qs), "q": q, "region": region, "counts": counts,
        "total": sum(c["count"] for c in counts), "target": lists.ENGINEER_TARGET,
        "can_import": access.can_manage_engineers(request.user),
    }
    return render_page(request, "service_bodies/engineer_list.html", context, partial="results")


@roles(VIEWERS)
def engineer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engineer = _visible(request, pk)
    context = {"engineer": engineer, "trainings": engineer.trainings.all(),
               "can_reveal": access.can_reveal_id_number(request.user, engineer)}
    return render(request, "service_bodies/engineer_detail.html", context)


@roles(OFFICIALS)
@require_POST
def engineer_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full ID number to an official of the engineer's region; the reveal is audited."""
    engineer = _visible(request, pk)
    if not access.can_reveal_id_number(request.user, engineer):
        raise Http404
    personal_data_revealed.send(sender=engineer_reveal, request=request, obj=engineer, field="id_number")
    return render(request, "service_bodies/engineer_reveal.html", {"engineer": engineer})


def _visible(request: HttpRequest, pk: int):
    qs = access.engineers_visible_to(request.user).select_related("employer", "county", "city")
    return get_object_or_404(qs, pk=pk)

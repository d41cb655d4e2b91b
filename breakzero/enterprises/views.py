"""Enterprise pages (list with filters, detail). Extended by the enterprise-registry work."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from breakzero.core.htmx import render_page
from breakzero.core.permissions import any_user
from breakzero.enterprises.access import enterprises_visible_to


@any_user
def enterprise_list(request: HttpRequest) -> HttpResponse:
    qs = enterprises_visible_to(request.user).select_related("county", "city")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(uscc__iexact=q)
    page = Paginator(qs.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    return render_page(request, "enterprises/enterprise_list.html", {"page_obj": page, "q": q}, partial="results")


@any_user
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(enterprises_visible_to(request.user).select_related("county", "city"), pk=pk)
    return render_page(request, "enterprises/enterprise_detail.html", {"enterprise": enterprise}, partial="")

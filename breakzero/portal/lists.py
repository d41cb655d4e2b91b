"""The published lists of the portal: what a public list shows (name, region, year, title, batch)
and nothing else. Each kind reads the other app's published records; break-zero enterprises appear
only with their consent (`Enterprise.is_published_on_portal`), innovation engineers only with theirs
(`Engineer.is_published_on_portal`) and then only name, employer and field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPORT_ROWS = 20000
LEVELS = {"national": _("国家级"), "provincial": _("省级")}


@dataclass(frozen=True)
class PublicList:
    key: str
    title: Any
    headers: tuple[Any, ...]


LISTS = {
    "break-zero": PublicList("break-zero", _("专利破零企业名单"), (_("企业名称"), _("市州"), _("区县"), _("破零年度"))),
    "srdi": PublicList("srdi", _("专精特新中小企业名单"), (_("企业名称"), _("市州"), _("区县"), _("层级"), _("批次"))),
    "little-giant": PublicList("little-giant", _("专精特新“小巨人”企业名单"), (_("企业名称"), _("市州"), _("区县"), _("层级"), _("批次"))),
    "engineers": PublicList("engineers", _("创新工程师名单"), (_("姓名"), _("所在企业"), _("专业领域"))),
    "recognitions": PublicList("recognitions", _("示范企业、新产品与技术中心名单"), (_("企业名称"), _("市州"), _("区县"), _("类型"), _("批次"))),
    "benchmarks": PublicList("benchmarks", _("标杆企业名单"), (_("企业名称"), _("市州"), _("区县"), _("类型"), _("批次"))),
    "new-products": PublicList("new-products", _("新产品名录"), (_("企业名称"), _("市州"), _("区县"), _("类型"), _("批次"))),
    "tech-centres": PublicList("tech-centres", _("企业技术中心名单"), (_("企业名称"), _("市州"), _("区县"), _("类型"), _("批次"))),
}
# The engine's recognition kinds behind each of the plan's named lists (§三(三) 示范引导: benchmark
# enterprises, the new-products directory, technology centres); "recognitions" shows them all.
RECOGNITION_KINDS = {
    "benchmarks": ("break_zero_benchmark", "doubling_benchmark"),
    "new-products": ("provincial_new_product", "industrial_new_product", "key_new_products_100",
                     "major_product_innovation"),
    "tech-centres": ("tech_centre", "ndrc_tech_centre"),
}


def list_rows(*, key: str, city: str = "", year: int | None = None, chain: int | None = None, name: str = "",
              today: dt.date | None = None) -> QuerySet:
    """Rows of one public list as value tuples (headers in LISTS[key]), filtered by city, year, chain
    and a part of the enterprise's (engineers: the person's) name."""
    if key == "engineers":  # only those who agreed to publication: name, employer, field
        from breakzero.service_bodies.selectors.public import public_engineers

        engineers = public_engineers(city=city, year=year, chain=chain)
        return engineers.filter(name__icontains=name) if name else engineers
    today = today or timezone.localdate()
    qs, year_field = _source(key, today)
    if name:
        qs = qs.filter(enterprise__name__icontains=name)
    if city:
        qs = qs.filter(enterprise__city_id=city)
    if year:
        qs = qs.filter(**{year_field: year})
    if chain:
        qs = qs.filter(enterprise__chains__id=chain)
    return qs


def _source(key: str, today: dt.date) -> tuple[QuerySet, str]:
    names = ("enterprise__name", "enterprise__city__name", "enterprise__county__name")
    if key == "break-zero":
        from breakzero.patents.models import BreakZeroEvent

        qs = BreakZeroEvent.objects.filter(is_sme=True, enterprise__is_published_on_portal=True)
        return qs.order_by("-year", "enterprise__city_id", "enterprise__name").values_list(*names, "year"), "year"
    if key in ("srdi", "little-giant"):
        from breakzero.cultivation.models import Title

        tier = Title.Tier.SRDI_SME if key == "srdi" else Title.Tier.LITTLE_GIANT
        qs = Title.objects.filter(tier=tier, valid_until__gte=today)
        return (qs.order_by("-recognized_on", "enterprise__city_id", "enterprise__name")
                .values_list(*names, "level", "batch"), "recognized_on__year")
    from breakzero.calls.models import Recognition

    qs = Recognition.objects.filter(status=Recognition.Status.ACTIVE).select_related("programme")
    if key in RECOGNITION_KINDS:
        qs = qs.filter(kind__in=RECOGNITION_KINDS[key])
    return (qs.order_by("-recognized_on", "enterprise__city_id", "enterprise__name")
            .values_list(*names, "programme__name", "batch"), "recognized_on__year")


def display(row: tuple) -> list:
    """A row as shown and exported: levels in words."""
    return [str(LEVELS[v]) if isinstance(v, str) and v in LEVELS else v for v in row]

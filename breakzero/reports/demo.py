"""Demo data for reports: implementation plans in several states and a few supervision tasks.

Runs inside `manage.py seed_demo` (after indicators); users do not exist yet, so rows carry no author.
Skipped when plans already exist, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from breakzero.regions.models import Region
from breakzero.reports.models import ImplementationPlan, PlanReview, SupervisionTask

STATUSES = ("approved", "approved", "submitted", "returned")


def seed(*, rng: random.Random, enterprises: int, stdout: Any) -> None:
    if ImplementationPlan.objects.exists():
        stdout.write("reports demo: plans exist, skipped")
        return
    cities = list(Region.objects.filter(level=Region.Level.PREFECTURE).order_by("code"))
    counties = list(Region.objects.filter(level=Region.Level.COUNTY, city_code="430100").order_by("code"))
    with transaction.atomic():
        plans = sum(_plan(rng, region) for region in [*cities, *counties] if rng.random() < 0.7)
        tasks = _tasks(rng, cities)
    stdout.write(f"reports demo: {plans} plans, {tasks} supervision tasks")


def _plan(rng: random.Random, region: Region) -> int:
    status = rng.choice(STATUSES)
    now = timezone.now()
    plan = ImplementationPlan(region=region, period=rng.choice(["2021", "2020-2022"]), version=1,
                              original_name=f"{region.name}破零倍增实施方案.pdf", file_kind="pdf", status=status,
                              reviewed_at=now if status != "submitted" else None,
                              comment="请补充分年度目标和责任分工" if status == "returned" else "")
    data = _pdf(f"{region.name}中小企业技术创新“破零倍增”行动实施方案（演示）")
    plan.file_size = len(data)
    plan.file.save(f"{region.code}-{plan.period}-v1.pdf", ContentFile(data), save=False)
    plan.save()
    PlanReview.objects.create(plan=plan, action="submitted", acted_at=now, comment="上传第1版")
    if status != "submitted":
        PlanReview.objects.create(plan=plan, action=status, acted_at=now, comment=plan.comment)
    return 1


def _tasks(rng: random.Random, cities: list[Region]) -> int:
    today = timezone.localdate()
    chosen = rng.sample(cities, k=min(3, len(cities)))
    for index, city in enumerate(chosen):
        SupervisionTask.objects.create(
            region=city, creator_region_id="430000", indicator="break_zero", year=today.year,
            title=f"{city.name}破零企业数进度滞后，请说明原因并提出措施",
            description="请于期限内报送原因分析、重点企业名单和下一步工作措施。",
            due_date=today + dt.timedelta(days=(-5 if index == 0 else 10 * index)),
        )
    return len(chosen)


def _pdf(title: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 14)
    page.drawString(60, 780, title)
    page.save()
    return buffer.getvalue()

"""Display helpers for progress numbers (formatting only; no logic)."""

from django import template

from breakzero.indicators.forecast import STATUS_LABELS_ZH
from breakzero.indicators.tables import number

register = template.Library()


@register.filter
def fixed(value, decimals):
    return number(value, decimals=int(decimals))


@register.filter
def status_label(status):
    return STATUS_LABELS_ZH.get(status, status)


@register.filter
def percent(value):
    return "" if value is None else f"{value * 100:.1f}%"

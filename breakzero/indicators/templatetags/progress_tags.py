"""Display helpers for progress numbers (formatting only; no logic)."""

from django import template

from breakzero.indicators import display
from breakzero.indicators.tables import number

register = template.Library()


@register.filter
def fixed(value, decimals):
    return number(value, decimals=int(decimals))


@register.filter
def status_label(status):
    return display.status_label(status)


@register.filter
def translated(text):
    """An indicator name, formula or progress explanation in the active language."""
    return display.translated(text)


@register.filter
def unit_label(unit):
    return display.unit_label(unit)


@register.filter
def percent(value):
    return "" if value is None else f"{value * 100:.1f}%"


@register.filter
def indicator_name(indicator_id):
    """An indicator id ("rd_intensity") as its name in the active language; other text unchanged."""
    from breakzero.indicators.definitions import REGISTRY

    indicator = REGISTRY.get(indicator_id or "")
    return display.translated(indicator.name_zh) if indicator else indicator_id

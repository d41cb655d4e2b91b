"""Template filters for numbers as people read them ({% load numbers %}); see core/numbers.py."""

from django import template

from breakzero.core import numbers

register = template.Library()


@register.filter
def percent(value, places=2):
    """{{ 0.0876|percent }} → 8.76 %"""
    return numbers.percent(value, int(places))


@register.filter
def ratio(value):
    """{{ 0.2071|ratio }} → 21 %"""
    return numbers.ratio(value)


@register.filter
def bar_width(value):
    """{{ 1.4|bar_width }} → 100 (a bar never leaves its card)"""
    return numbers.bar_width(value)


@register.filter
def thousands(value, places=0):
    """{{ 12345.6|thousands:1 }} → 12,345.6"""
    return numbers.thousands(value, int(places))


@register.filter
def wan(value, places=2):
    """{{ 12345678|wan }} → 1,234.57 万元 (stored in 元)"""
    return numbers.wan(value, int(places))


@register.filter
def indicator_value(value, indicator):
    """{{ row.actual|indicator_value:row.indicator }} → 8.76 % for a fraction, 1,234 for a count"""
    return numbers.indicator_value(value, indicator)

"""Money in templates: 元 stored, 万元 shown with thousands separators."""

from django import template

from breakzero.funds.money import wan as _wan, yuan as _yuan

register = template.Library()


@register.filter
def wan(value):
    return _wan(value)


@register.filter
def yuan(value):
    return _yuan(value)

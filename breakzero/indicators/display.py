"""Display texts for the progress pages: indicator names, units, statuses and chart labels in the
user's language. definitions.py and forecast.py stay plain Python with Chinese text marked for the
catalogue; this module translates that text where it is shown."""

from __future__ import annotations

from django.utils.translation import get_language, gettext, gettext_lazy as _

from breakzero.indicators.forecast import STATUS_LABELS_ZH

UNITS = {
    "家": _("家"),
    "件": _("件"),
    "个": _("个"),
    "人": _("人"),
    "万元": _("万元"),
}
MONTHS = (_("1月"), _("2月"), _("3月"), _("4月"), _("5月"), _("6月"),
          _("7月"), _("8月"), _("9月"), _("10月"), _("11月"), _("12月"))


def translated(text: str) -> str:
    """Catalogue text (an indicator name, formula or progress explanation) in the active language."""
    return gettext(text) if text else text


def unit_label(unit: str) -> str:
    return str(UNITS.get(unit, unit))


def status_label(status: str) -> str:
    label = STATUS_LABELS_ZH.get(status)
    return gettext(label) if label else status


def chart_labels() -> dict[str, object]:
    """Series and axis names for dashboard.js (passed with the chart data through json_script);
    translated once per language and process."""
    language = get_language()
    labels = _labels.get(language)
    if labels is None:
        labels = _labels[language] = {"actual": gettext("实际值"), "target": gettext("目标值"),
                                      "in_month": gettext("当月"), "months": [str(m) for m in MONTHS]}
    return labels


_labels: dict[str, dict[str, object]] = {}


def chart_json(chart: dict[str, object]) -> dict[str, object]:
    """tables.chart_data with the indicator name and unit translated and the chart labels added."""
    return {**chart, "indicator": translated(str(chart["indicator"])), "unit": unit_label(str(chart["unit"])),
            "labels": chart_labels()}

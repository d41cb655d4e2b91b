"""A text input that suggests enterprises while the user types part of a name (htmx + datalist);
the chosen value is the enterprise's USCC, as the form expects."""

from typing import Any

from django import forms
from django.urls import reverse_lazy


class EnterprisePickerInput(forms.TextInput):
    template_name = "enterprises/widgets/enterprise_picker.html"

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        options_id = f"{widget_id}-options"
        context["widget"]["attrs"].update({
            "list": options_id, "autocomplete": "off",
            "hx-get": str(reverse_lazy("enterprises:enterprise-autocomplete")),
            "hx-trigger": "input changed delay:300ms", "hx-target": f"#{options_id}", "hx-swap": "innerHTML",
        })  # fmt: skip
        context["options_id"] = options_id
        return context

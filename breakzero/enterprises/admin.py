"""Admin (system administrator only, see accounts.admin_site): chains and USCC overrides."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils import timezone

from breakzero.enterprises.models import IndustrialChain, UsccOverride
from breakzero.rules.errors import InvalidCode
from breakzero.rules.uscc import normalize_uscc, parse_uscc

CHECK_REASONS = frozenset({"uscc_check", "org_check"})


class UsccOverrideForm(forms.ModelForm):
    class Meta:
        model = UsccOverride
        fields = ["uscc", "reason"]

    def clean_uscc(self) -> str:
        """Only a code failing nothing but its check characters can be confirmed (codes.md §1.7)."""
        code = normalize_uscc(self.cleaned_data["uscc"])
        try:
            parse_uscc(code)
        except InvalidCode as exc:
            if exc.reason not in CHECK_REASONS:
                raise forms.ValidationError(f"{exc.message_zh}：只有仅校验码不符的代码可以确认为例外。") from exc
            return code
        raise forms.ValidationError("该代码校验通过，无需确认例外。")


@admin.register(UsccOverride)
class UsccOverrideAdmin(admin.ModelAdmin):
    """Every confirmation records who and when (plus Django's admin log entry)."""

    form = UsccOverrideForm
    list_display = ["uscc", "confirmed_by", "confirmed_at", "reason"]
    search_fields = ["uscc", "reason"]
    readonly_fields = ["confirmed_by", "confirmed_at"]

    def save_model(self, request: Any, obj: UsccOverride, form: Any, change: bool) -> None:
        obj.confirmed_by = request.user
        obj.confirmed_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(IndustrialChain)
class IndustrialChainAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort_order", "valid_from", "valid_to"]
    search_fields = ["code", "name"]

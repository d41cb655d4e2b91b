"""Region look-ups: resolve a code or a name as users write them in sheets."""

import re
import unicodedata
from dataclasses import dataclass

from breakzero.regions.models import Region, RegionAlias

PROVINCE_CODE = "430000"


@dataclass(frozen=True)
class ResolvedRegion:
    region: Region
    note: str = ""  # set when an old or statistical code was mapped


class RegionResolver:
    """Resolves 6-digit codes (current, abolished, statistical) and names ("岳麓区", "长沙市岳麓区").

    Loads the ~160 divisions once; meant for imports that resolve thousands of rows.
    """

    def __init__(self) -> None:
        self.by_code = {r.code: r for r in Region.objects.all()}
        self.aliases = {a.code: a for a in RegionAlias.objects.all()}
        self.by_name: dict[str, list[Region]] = {}
        for region in self.by_code.values():
            for name in _name_variants(region):
                self.by_name.setdefault(name, []).append(region)
        for alias in self.aliases.values():
            if alias.kind == RegionAlias.Kind.COUNTY:
                self.by_name.setdefault(alias.name, []).append(self.by_code[alias.region_id])

    def county(self, text: str) -> ResolvedRegion:
        """A county-level division for `text`; raises ValueError with a Chinese reason."""
        value = unicodedata.normalize("NFKC", str(text or "")).strip().replace(" ", "")
        if not value:
            raise ValueError("所在区县不能为空")
        if re.fullmatch(r"\d{6}(\.0)?", value):
            return self._county_by_code(value[:6])
        matches = self.by_name.get(value) or self._by_suffix(value)
        counties = [r for r in matches if r.is_county]
        if len(counties) == 1:
            return ResolvedRegion(counties[0])
        if len(counties) > 1:
            names = "、".join(f"{self.by_code[r.city_code].name}{r.name}" for r in counties)
            raise ValueError(f"区县名称“{value}”不唯一（{names}），请填写6位区划代码")
        raise ValueError(f"未找到区县“{value}”（应为湖南省区县名称或6位区划代码）")

    def _county_by_code(self, code: str) -> ResolvedRegion:
        region = self.by_code.get(code)
        if region and region.is_county:
            return ResolvedRegion(region)
        alias = self.aliases.get(code)
        if alias and alias.kind == RegionAlias.Kind.COUNTY:
            successor = self.by_code[alias.region_id]
            return ResolvedRegion(successor, f"{code} {alias.name} 已变更为 {successor.code} {successor.name}")
        if region or alias:
            raise ValueError(f"{code} 不是区县级代码，请填写企业所在区县的6位代码")
        raise ValueError(f"区划代码 {code} 不是湖南省的区县代码")

    def _by_suffix(self, value: str) -> list[Region]:
        # "长沙市岳麓区" or "湖南省长沙市岳麓区": strip a leading province/city name.
        for region in self.by_code.values():
            if region.is_county and value.endswith(region.name) and len(value) > len(region.name):
                prefix = value[: -len(region.name)]
                city = self.by_code.get(region.city_code)
                if city and prefix.replace("湖南省", "") in {city.name, _short(city.name), ""}:
                    return [region]
        return []


def _name_variants(region: Region) -> set[str]:
    return {region.name, region.code}


def _short(name: str) -> str:
    return re.sub(r"(市|土家族苗族自治州)$", "", name)


def descendants_filter(region: Region, *, county_field: str = "county", city_field: str = "city") -> dict:
    """ORM filter kwargs selecting rows under `region` (province: everything)."""
    if region.is_province:
        return {}
    if region.is_prefecture:
        return {f"{city_field}_id": region.code}
    return {f"{county_field}_id": region.code}

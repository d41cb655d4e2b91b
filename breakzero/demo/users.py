"""The demo users, one per role (named in the README; acceptance checks log in with them)."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from breakzero.accounts.models import Role, User
from breakzero.enterprises.models import Enterprise


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    region_code: str | None
    display_name: str


DEMO_USERS = (
    DemoUser("demo-province", Role.PROVINCE_OFFICIAL, "430000", "省工信厅（演示）"),
    DemoUser("demo-city-430100", Role.CITY_OFFICIAL, "430100", "长沙市工信局（演示）"),
    DemoUser("demo-city-430600", Role.CITY_OFFICIAL, "430600", "岳阳市工信局（演示）"),
    DemoUser("demo-county-430104", Role.COUNTY_OFFICIAL, "430104", "岳麓区工信局（演示）"),
    DemoUser("demo-county-430602", Role.COUNTY_OFFICIAL, "430602", "岳阳楼区工信局（演示）"),
    DemoUser("demo-enterprise", Role.ENTERPRISE, None, "企业用户（演示）"),
    DemoUser("demo-service", Role.SERVICE_BODY, None, "服务机构（演示）"),
    DemoUser("demo-expert", Role.EXPERT, None, "评审专家（演示）"),
    DemoUser("demo-admin", Role.SYSTEM_ADMIN, None, "系统管理员（演示）"),
    DemoUser("demo-security", Role.SECURITY_ADMIN, None, "安全管理员（演示）"),
    DemoUser("demo-audit", Role.AUDIT_ADMIN, None, "审计管理员（演示）"),
)


@transaction.atomic
def demo_users_ensure(*, password: str | None = None) -> list[User]:
    """Create or refresh the demo users (idempotent); the enterprise user gets an enterprise
    in 岳麓区 when one exists."""
    password = password or settings.DEMO_PASSWORD
    users = []
    for spec in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=spec.username)
        user.role = spec.role
        user.region_id = spec.region_code
        user.display_name = spec.display_name
        user.is_staff = spec.role == Role.SYSTEM_ADMIN
        user.set_password(password)
        if spec.role == Role.ENTERPRISE and user.enterprise_id is None:
            user.enterprise = Enterprise.objects.filter(county_id="430104").order_by("pk").first()
        user.full_clean(exclude=["password"])
        user.save()
        users.append(user)
    _link_roles()
    return users


def _link_roles() -> None:
    """Users created after the seeders ran still get their demo records."""
    from breakzero.demonstration.demo import link_demo_expert
    from breakzero.service_bodies.demo import link_demo_service_user

    link_demo_service_user()
    link_demo_expert()

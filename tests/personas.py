"""The personas and their councils as plain builders, for fixtures of any scope.

tests/conftest.py makes a fixture of each for one test; tests/test_access_matrix.py builds them
once for its whole module.
"""

from django.contrib.auth.models import Group

from councils.access import Role
from councils.geography import Region
from tests.factories import (
    MAE_SAI,
    OTHER_PROVINCE_TAMBON,
    TAMBON_HUAI_KHRAI,
    TAMBON_MAE_SAI,
    AssignmentFactory,
    CouncilFactory,
    UserFactory,
)


def _person(username: str, role: str, area_code: str = "", region: str = "", **extra):
    user = UserFactory(username=username, **extra)
    AssignmentFactory(user=user, role=role, area_code=area_code, region=region)
    return user


def mae_sai_council():
    return CouncilFactory(subdistrict_id=TAMBON_MAE_SAI, name="สภาองค์กรชุมชนตำบลแม่สาย")


def huai_khrai_council():
    return CouncilFactory(subdistrict_id=TAMBON_HUAI_KHRAI, name="สภาองค์กรชุมชนตำบลห้วยไคร้")


def tha_taphao_council():
    return CouncilFactory(subdistrict_id=OTHER_PROVINCE_TAMBON, name="สภาองค์กรชุมชนตำบลท่าตะเภา")


def alice():
    """Alice keeps the Mae Sai tambon council."""
    return _person("alice", Role.TAMBON_COORDINATOR, TAMBON_MAE_SAI)


def bob():
    """Bob keeps the neighbouring Huai Khrai council and must see nothing of Alice's."""
    return _person("bob", Role.TAMBON_COORDINATOR, TAMBON_HUAI_KHRAI)


def dao():
    """Dao reviews the tambons of Mae Sai district."""
    return _person("dao", Role.DISTRICT_COORDINATOR, MAE_SAI)


def pim():
    """Pim curates the Chiang Rai provincial book."""
    return _person("pim", Role.PROVINCE_COORDINATOR, "57")


def charlie():
    """Charlie works for CODI's northern regional office, in the admin site."""
    user = _person("charlie", Role.CODI_REGIONAL, region=Region.NORTH, is_staff=True)
    group, _ = Group.objects.get_or_create(name="CODI staff")
    from councils.admin_roles import codi_staff_permissions

    group.permissions.set(codi_staff_permissions())
    user.groups.add(group)
    return user

"""Load all 77 provinces, 928 districts and 7,436 subdistricts from geothai's DOPA data."""

import geothai
from django.db import migrations

from councils.geography import region_of


def load(apps, schema_editor):
    Province = apps.get_model("councils", "Province")
    District = apps.get_model("councils", "District")
    Subdistrict = apps.get_model("councils", "Subdistrict")
    provinces = geothai.provinces()
    Province.objects.bulk_create(
        [Province(code=p.code, name_th=p.name_th, name_en=p.name_en, region=region_of(p.code)) for p in provinces],
        ignore_conflicts=True,
    )
    districts = [d for p in provinces for d in geothai.districts(p.code)]
    District.objects.bulk_create(
        [District(
                code=d.code, province_id=d.province_code, name_th=d.name_th, name_en=d.name_en
            ) for d in districts],
        batch_size=1000,
        ignore_conflicts=True,
    )
    Subdistrict.objects.bulk_create(
        [
            Subdistrict(
                code=s.code, district_id=s.district_code, name_th=s.name_th, name_en=s.name_en
            )
            for d in districts
            for s in geothai.subdistricts(d.code)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("councils", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]

"""The three core dimensions of every community plan, and the common further themes."""

from django.db import migrations

THEMES = [
    ("economy", "ด้านเศรษฐกิจ", "Economy", True),
    ("society", "ด้านสังคมและคุณภาพชีวิต", "Society and quality of life", True),
    ("environment", "ด้านทรัพยากรธรรมชาติและสิ่งแวดล้อม", "Natural resources and environment", True),
    ("housing", "ด้านที่อยู่อาศัยและที่ดิน", "Housing and land", False),
    ("welfare", "ด้านสวัสดิการชุมชน", "Community welfare", False),
    ("health", "ด้านสุขภาพ", "Health", False),
    ("safety", "ด้านยาเสพติดและความปลอดภัย", "Drugs and safety", False),
    ("food", "ด้านความมั่นคงทางอาหารและเกษตรอินทรีย์", "Food security and organic farming", False),
    ("charter", "ด้านธรรมนูญตำบลและการจัดการตนเอง", "Tambon charter and self-management", False),
]


def load(apps, schema_editor):
    Theme = apps.get_model("plans", "Theme")
    for order, (code, name_th, name_en, is_core) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            code=code,
            defaults={"name_th": name_th, "name_en": name_en, "is_core": is_core, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

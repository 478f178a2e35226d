"""Every council member becomes a person of the leaders' registry (one person per council and
name, so a member selected twice is one person), and the reference indicators are loaded: the
national community-strength set and the village datasets' indicators (CODI staff keep them in
the admin afterwards)."""

from decimal import Decimal

from django.db import migrations

BATCH = 2000

# (component, number, name, filled in from)
STRENGTH_INDICATORS = [
    (1, 1, "คณะผู้นำมีทั้งแกนนำรุ่นเก่าและแกนนำรุ่นใหม่ทำงานร่วมกัน", ""),
    (1, 2, "ตำแหน่งสำคัญของสภามีผู้สืบทอดที่เตรียมไว้", "successors"),
    (1, 3, "แกนนำได้รับการพัฒนาศักยภาพในปีนี้", "leaders_trained"),
    (2, 1, "มีแผนพัฒนาตำบลที่ผ่านการรับรองจากเครือข่ายระดับอำเภอ", "accepted_plan"),
    (2, 2, "แผนเกิดจากเวทีที่คนในชุมชนมีส่วนร่วมครบทุกหมู่บ้านและใช้ข้อมูลของชุมชน", ""),
    (2, 3, "โครงการในแผนได้ลงมือทำจริงหรือได้รับการสนับสนุนจากหน่วยงาน", "projects_under_way"),
    (3, 1, "มีการถอดบทเรียนและบันทึกความรู้ของชุมชนไว้ให้ผู้อื่นเรียนรู้", ""),
    (3, 2, "มีศูนย์เรียนรู้หรือแหล่งเรียนรู้ในชุมชนที่ใช้งานจริง", ""),
    (4, 1, "มีกองทุนสวัสดิการชุมชนที่ดูแลสมาชิกได้ทั่วถึง", "welfare_fund"),
    (4, 2, "มีกลุ่มออมทรัพย์หรือสถาบันการเงินชุมชนที่บริหารอย่างโปร่งใส", ""),
    (5, 1, "สภาประชุมสม่ำเสมอและติดตามมติที่ประชุม", "meetings"),
    (5, 2, "ทำงานร่วมกับท้องถิ่นและหน่วยงานภาคีอย่างต่อเนื่อง", ""),
    (5, 3, "มีกติกาหรือธรรมนูญที่ชุมชนร่วมกันกำหนดและใช้จริง", ""),
]

# The basic minimum needs survey (จปฐ.) of 2560-2564: category, then its indicators in order.
BASIC_NEEDS = [
    ("สุขภาพ", [
        "เด็กแรกเกิดมีน้ำหนัก 2,500 กรัมขึ้นไป",
        "เด็กแรกเกิดได้กินนมแม่อย่างเดียวอย่างน้อย 6 เดือนแรกติดต่อกัน",
        "เด็กแรกเกิดถึง 12 ปี ได้รับวัคซีนป้องกันโรคครบตามตารางสร้างเสริมภูมิคุ้มกันโรค",
        "ครัวเรือนกินอาหารถูกสุขลักษณะ ปลอดภัย และได้มาตรฐาน",
        "ครัวเรือนมีการใช้ยาเพื่อบำบัด บรรเทาอาการเจ็บป่วยเบื้องต้นอย่างเหมาะสม",
        "คนอายุ 35 ปีขึ้นไป ได้รับการตรวจสุขภาพประจำปี",
        "คนอายุ 6 ปีขึ้นไป ออกกำลังกายอย่างน้อยสัปดาห์ละ 3 วัน วันละ 30 นาที",
    ]),
    ("สภาพแวดล้อม", [
        "ครัวเรือนมีความมั่นคงในที่อยู่อาศัย และบ้านมีสภาพคงทนถาวร",
        "ครัวเรือนมีน้ำสะอาดสำหรับดื่มและบริโภคเพียงพอตลอดปี อย่างน้อยคนละ 5 ลิตรต่อวัน",
        "ครัวเรือนมีน้ำใช้เพียงพอตลอดปี อย่างน้อยคนละ 45 ลิตรต่อวัน",
        "ครัวเรือนมีการจัดบ้านเรือนเป็นระเบียบเรียบร้อย สะอาด และถูกสุขลักษณะ",
        "ครัวเรือนไม่ถูกรบกวนจากมลพิษ",
        "ครัวเรือนมีการป้องกันอุบัติภัยและภัยธรรมชาติอย่างถูกวิธี",
        "ครัวเรือนมีความปลอดภัยในชีวิตและทรัพย์สิน",
    ]),
    ("การศึกษา", [
        "เด็กอายุ 3-5 ปี ได้รับบริการเลี้ยงดูเตรียมความพร้อมก่อนวัยเรียน",
        "เด็กอายุ 6-14 ปี ได้รับการศึกษาภาคบังคับ 9 ปี",
        "เด็กจบชั้น ม.3 ได้เรียนต่อชั้น ม.4 หรือเทียบเท่า",
        "คนที่จบการศึกษาภาคบังคับ 9 ปี ที่ไม่ได้เรียนต่อและยังไม่มีงานทำ ได้รับการฝึกอบรมด้านอาชีพ",
        "คนอายุ 15-59 ปี อ่าน เขียนภาษาไทย และคิดเลขอย่างง่ายได้",
    ]),
    ("การมีงานทำและรายได้", [
        "คนอายุ 15-59 ปี มีอาชีพและรายได้",
        "คนอายุ 60 ปีขึ้นไป มีอาชีพและรายได้",
        "รายได้เฉลี่ยของคนในครัวเรือนไม่น้อยกว่าเกณฑ์ จปฐ.",
        "ครัวเรือนมีการเก็บออมเงิน",
    ]),
    ("ค่านิยม", [
        "คนในครัวเรือนไม่ดื่มสุรา",
        "คนในครัวเรือนไม่สูบบุหรี่",
        "คนอายุ 6 ปีขึ้นไป ปฏิบัติกิจกรรมทางศาสนาอย่างน้อยสัปดาห์ละ 1 ครั้ง",
        "ผู้สูงอายุ ได้รับการดูแลจากคนในครัวเรือน ชุมชน ภาครัฐ หรือภาคเอกชน",
        "ผู้พิการ ได้รับการดูแลจากคนในครัวเรือน ชุมชน ภาครัฐ หรือภาคเอกชน",
        "ครัวเรือนมีส่วนร่วมทำกิจกรรมสาธารณะเพื่อประโยชน์ของชุมชนหรือท้องถิ่น",
    ]),
]  # fmt: skip
BASIC_NEEDS_TARGET = Decimal("90.00")

# The village basic data (กชช. 2ค): each indicator is a village's level, 1 to 3.
VILLAGE_BASIC_DATA = [
    ("โครงสร้างพื้นฐาน", [
        "ถนน", "น้ำดื่ม", "น้ำใช้", "น้ำเพื่อการเกษตร", "ไฟฟ้า", "การมีที่ดินทำกิน",
        "การติดต่อสื่อสาร",
    ]),
    ("สายงานการผลิต อาชีพ และรายได้", [
        "การมีงานทำ", "ผลผลิตจากการทำนา", "ผลผลิตจากการทำไร่", "ผลผลิตจากการทำเกษตรอื่น",
        "การประกอบอาชีพเสริม", "การรวมกลุ่มอาชีพและวิสาหกิจชุมชน",
    ]),
    ("สุขภาพและอนามัย", ["ความปลอดภัยของอาหาร", "การเข้าถึงบริการสาธารณสุข", "การปลอดยาเสพติด"]),
    ("ความรู้และการศึกษา", ["การเข้าถึงการศึกษา", "การเรียนรู้โดยชุมชน"]),
    ("การมีส่วนร่วมและความเข้มแข็งของชุมชน", [
        "ความเข้มแข็งของชุมชน", "การมีส่วนร่วมของประชาชน", "การคุ้มครองทางสังคม",
    ]),
    ("ทรัพยากรธรรมชาติและสิ่งแวดล้อม", [
        "คุณภาพดิน", "คุณภาพน้ำ", "ป่าไม้", "การจัดการขยะและสิ่งแวดล้อม",
    ]),
]  # fmt: skip


def link_members(apps, schema_editor):
    Person = apps.get_model("councils", "Person")
    CouncilMember = apps.get_model("councils", "CouncilMember")
    persons: dict[tuple, object] = {}
    members = list(
        CouncilMember.objects.order_by("council_id", "-selected_on", "pk").values(
            "pk", "council_id", "title", "first_name", "last_name", "sex", "village_no", "phone"
        )
    )
    # The newest seat of a name gives the person's details.
    for member in members:
        key = (member["council_id"], member["first_name"], member["last_name"])
        if key not in persons:
            persons[key] = Person(
                council_id=member["council_id"],
                title=member["title"],
                first_name=member["first_name"],
                last_name=member["last_name"],
                sex=member["sex"],
                village_no=member["village_no"],
                phone=member["phone"],
            )
    Person.objects.bulk_create(persons.values(), batch_size=BATCH)
    pk_of = {
        (row["council_id"], row["first_name"], row["last_name"]): row["pk"]
        for row in Person.objects.values("pk", "council_id", "first_name", "last_name")
    }
    updates = []
    for member in members:
        row = CouncilMember(pk=member["pk"])
        row.person_id = pk_of[(member["council_id"], member["first_name"], member["last_name"])]
        updates.append(row)
    CouncilMember.objects.bulk_update(updates, ["person"], batch_size=BATCH)


def unlink_members(apps, schema_editor):
    apps.get_model("councils", "CouncilMember").objects.update(person=None, successor=None)
    apps.get_model("councils", "Person").objects.all().delete()


def load_indicators(apps, schema_editor):
    StrengthIndicator = apps.get_model("councils", "StrengthIndicator")
    StrengthIndicator.objects.bulk_create(
        StrengthIndicator(component=c, number=n, name=name, auto_source=source)
        for c, n, name, source in STRENGTH_INDICATORS
    )
    VillageIndicator = apps.get_model("councils", "VillageIndicator")
    rows = []
    for dataset, categories, target in (
        ("bmn", BASIC_NEEDS, BASIC_NEEDS_TARGET),
        ("nrd2c", VILLAGE_BASIC_DATA, None),
    ):
        number = 0
        for category, names in categories:
            for name in names:
                number += 1
                rows.append(
                    VillageIndicator(
                        dataset=dataset,
                        code=str(number),
                        position=number,
                        category=category,
                        name=name,
                        target_percent=target,
                    )
                )
    VillageIndicator.objects.bulk_create(rows)


def unload_indicators(apps, schema_editor):
    apps.get_model("councils", "StrengthIndicator").objects.filter(province__isnull=True).delete()
    apps.get_model("councils", "VillageIndicator").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("councils", "0009_leaders_strength_village_data")]

    operations = [
        migrations.RunPython(link_members, unlink_members, elidable=False),
        migrations.RunPython(load_indicators, unload_indicators, elidable=False),
    ]

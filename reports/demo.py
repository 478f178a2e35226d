"""Demo documents: the strategy books of plans.book_demo, with Chumphon's book endorsed."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper

from plans import book_demo, books
from plans.models import StrategyBook
from reports import documents


def seed(stdout: OutputWrapper) -> None:
    book_demo.seed(stdout)
    chumphon = StrategyBook.objects.get(
        level=StrategyBook.Level.PROVINCE,
        area_code=book_demo.CHUMPHON,
        first_year=book_demo.FIRST_YEAR,
    )
    if chumphon.snapshots.exists():
        return
    coordinator = get_user_model().objects.filter(
        username="chumphon"
    ).first() or get_user_model().objects.get(username="admin")
    body = "ที่ประชุมสภาองค์กรชุมชนระดับจังหวัดชุมพร"
    on = dt.date(2025, 12, 12)
    books.endorse(
        chumphon,
        by=coordinator,
        body=body,
        on=on,
        render=lambda data: documents.render_book(data, endorsement={"body": body, "on": on})[0],
    )
    stdout.write(f"Endorsed: {chumphon.title}")

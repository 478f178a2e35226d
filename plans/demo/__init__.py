"""The plans' demo: tambon plans in every review state, then the district and provincial books
gathered from them, then what became of the accepted plans' projects."""

from django.core.management.base import OutputWrapper

from plans.demo import books, execution, plans


def seed(stdout: OutputWrapper) -> None:
    plans.seed(stdout)
    books.seed(stdout)
    execution.seed(stdout)

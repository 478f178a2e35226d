"""Path converters that match only what the views can look up, so a hostile URL is a 404."""


class ObjectId:
    """A primary key: up to 18 digits, so it always fits a 64-bit integer column (SQLite raises
    OverflowError on a bigger one, which was a 500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class BuddhistYear:
    """A year of the Buddhist era as the pages write it: four digits (2569)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class AreaCode:
    """A DOPA area code: a province (57), a district (5709) or a subdistrict (570901)."""

    regex = "[0-9]{2}(?:[0-9]{2}(?:[0-9]{2})?)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)

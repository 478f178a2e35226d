"""Charts are SVG marked safe: every label and title in them must arrive escaped."""

from reports.charts import bar_chart, stacked_bar

HOSTILE = '<script>alert("x")</script>'


def test_bar_chart_escapes_labels_and_title():
    svg = str(bar_chart([(HOSTILE, 1000)], title=HOSTILE, unit="บาท"))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_stacked_bar_escapes_labels_and_legend():
    svg = str(stacked_bar([(HOSTILE, [1, 2])], title="ชุมพร", legend=[HOSTILE, "ร่าง"]))
    assert "<script>" not in svg
    assert svg.count("&lt;script&gt;") >= 2

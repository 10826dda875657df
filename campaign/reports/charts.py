"""Charts as SVG drawn on the server (pygal), for the dashboard and the summary's PDF: each an
image with a title and a description for screen readers, and its numbers in a table beside it.

pygal writes a stylesheet and a script into each SVG. The script is dropped (the charts need no
tooltips; the policy forbids inline scripts). On screen the stylesheet is dropped too (the
policy forbids inline styles) and ``static/css/charts.css`` — the same rules, written once by
:func:`chart_css` and checked by a test — styles every chart; the PDF keeps it inline.

``python -m campaign.reports.charts > static/css/charts.css`` writes that file again.
"""

import base64
import functools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

import pygal
from markupsafe import Markup, escape
from pygal.style import Style

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#212529",
    foreground_strong="#000000",
    foreground_subtle="#495057",
    opacity="1",
    opacity_hover="1",
    font_family="inherit",
    label_font_family="inherit",
    major_label_font_family="inherit",
    legend_font_family="inherit",
    title_font_family="inherit",
    value_font_family="inherit",
    value_label_font_family="inherit",
    tooltip_font_family="inherit",
    no_data_font_family="inherit",
    colors=("#0b5394", "#e69138", "#38761d", "#a61c00", "#674ea7", "#595959", "#0097a7"),
)
CONFIG = {"style": STYLE, "js": [], "no_prefix": True, "disable_xml_declaration": True,
          "width": 640, "height": 320, "legend_at_bottom": True, "legend_font_size": 12,
          "label_font_size": 12, "major_label_font_size": 12, "print_values": False,
          "show_y_guides": True, "truncate_legend": -1, "truncate_label": -1}  # fmt: skip


PRINTED_FONT = 'svg.chart text { font-family: "Liberation Serif", serif !important; }\n'
"""In a PDF the chart is an image, which inherits no font: it takes the document's serif."""
MAX_SERIES = 12
"""The most series a chart draws in its colours (:func:`chart_css` styles that many)."""


@dataclass(frozen=True)
class Chart:
    """A chart and its numbers. ``svg`` goes inline in a page; :meth:`image` is the same chart
    as an image with its own stylesheet, for WeasyPrint (whose inline SVG ignores styles)."""

    key: str  # unique on its page: the ids of its title and description
    title: str
    description: str
    headers: Sequence[str]
    rows: Sequence[Sequence]  # the numbers the chart draws, as a table
    svg: Markup

    def image(self) -> Markup:
        encoded = base64.b64encode(str(self.svg).encode()).decode()
        alt = escape(f"{self.title}. {self.description}")
        source = f"data:image/svg+xml;base64,{encoded}"
        return Markup(f'<img class="chart-image" alt="{alt}" src="{source}">')


def bar_chart(
    key: str, title: str, description: str, labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]], *, stacked: bool = False,
    horizontal: bool = False, inline_style: bool = False,
) -> Chart:  # fmt: skip
    """Bars of each series for each label (stacked if asked; ``horizontal`` for many long
    labels, such as units, one under the other); the table has a row per label."""
    if len(series) > MAX_SERIES:
        raise ValueError(f"a chart draws at most {MAX_SERIES} series")
    totals = [sum(values[i] for _n, values in series) if stacked
              else max((values[i] for _n, values in series), default=0)
              for i in range(len(labels))]  # fmt: skip
    if horizontal:
        kind = pygal.HorizontalStackedBar if stacked else pygal.HorizontalBar
        size = {"height": max(CONFIG["height"], 90 + 26 * len(labels) * len(series) ** 0.5)}
    else:
        kind, size = (pygal.StackedBar if stacked else pygal.Bar), {}
    chart = kind(**{**CONFIG, **size})
    order = slice(None, None, -1) if horizontal else slice(None)  # top to bottom, as the table
    chart.x_labels = list(labels)[order]
    if series and labels:  # pygal cannot place labels on an empty chart
        chart.y_labels = whole_ticks(max(totals, default=0))
    for name, values in series:
        chart.add(name, list(values)[order])
    rows = [[label, *(values[index] for _name, values in series)]
            for index, label in enumerate(labels)]  # fmt: skip
    return Chart(key, title, description, ["", *(name for name, _values in series)], rows,
                 _accessible(chart, key, title, description, inline_style))  # fmt: skip


def whole_ticks(highest: int, count: int = 5) -> list[int]:
    """About ``count`` round steps from 0 to at least ``highest``: counts of people and events
    have no fractions (pygal would mark 0.1, 0.2, … for a highest of 1)."""
    step = max(1, math.ceil(highest / count))
    magnitude = 10 ** (len(str(step)) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= step)
    return list(range(0, max(highest, 1) + step, step))


def _local(element) -> str:
    """An element's tag without its namespace; "" for a comment."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _accessible(chart, key: str, title: str, description: str, inline_style: bool) -> Markup:
    """The SVG without pygal's script, stylesheet, tooltip, comments and title (the policy
    forbids inline scripts and styles; the tooltip has both), as an image labelled by
    the title and description given; with :func:`chart_css` inside if ``inline_style`` (pygal's
    own sheet has rules without a selector, which WeasyPrint applies to everything)."""
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            if (_local(child) in ("script", "", "style")
                    or (_local(child) == "title" and parent is root)
                    or "tooltip" in child.get("class", "").split()):  # only its script shows it
                parent.remove(child)
    root.attrib.pop("id", None)
    root.set("role", "img")
    root.set("aria-labelledby", f"{key}-title {key}-description")
    root.set("class", f"{root.get('class', '')} chart".strip())
    heading = ET.Element("title", id=f"{key}-title")
    heading.text = title
    about = ET.Element("desc", id=f"{key}-description")
    about.text = description
    root.insert(0, about)
    root.insert(0, heading)
    if inline_style:
        style = ET.Element("style", type="text/css")
        style.text = chart_css() + PRINTED_FONT
        root.insert(2, style)
    return Markup(ET.tostring(root, encoding="unicode"))  # etree escaped every text


@functools.cache
def chart_css() -> str:
    """The stylesheet pygal writes into every chart of :data:`CONFIG`, once, scoped to charts."""
    sample = pygal.Bar(**CONFIG)
    for _series in range(MAX_SERIES):
        sample.add("", [1])
    rules = "".join(e.text or "" for e in sample.render_tree().iter() if _local(e) == "style")
    return re.sub(r"(^|})\s*([^{}@]*)\{", _scoped, rules).strip() + "\n"


def _scoped(match: re.Match) -> str:
    """A rule's selectors inside ``svg.chart`` (pygal's own rule for the chart itself has
    none, once unprefixed)."""
    parts = [part.strip() for part in match[2].split(",") if part.strip()] or [""]
    selectors = ", ".join(f"svg.chart {part}".rstrip() for part in parts)
    return f"{match[1]}\n{selectors} {{"


if __name__ == "__main__":
    print(chart_css(), end="")

"""The machinery every explorer shares: controls, an output area, and one `update`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
from IPython import get_ipython
from IPython.display import HTML
from matplotlib.figure import Figure


def widget_bundle(widget, title: str, **kwargs) -> dict:
    """A widget's display bundle, whose plain-text form (nbval, the site, a terminal) names it
    and says it is interactive, instead of ipywidgets' object repr."""
    bundle = widget._repr_mimebundle_(**kwargs)
    if isinstance(bundle, tuple):
        bundle = bundle[0]
    bundle = dict(bundle or {})
    bundle["text/plain"] = f"{title} (interactive: run this cell in JupyterLab to use it)"
    return bundle


@dataclass
class ExplorerView:
    """What an explorer shows for one set of choices."""

    figure: Figure | None
    table: pd.DataFrame
    message: str = ""

    @property
    def empty(self) -> bool:
        return self.figure is None


def metric_phrase(label: str) -> str:
    """A control's label as it reads inside a sentence: "Follower growth" -> "follower growth",
    acronyms kept ("ER by reach")."""
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def _in_kernel() -> bool:
    """True inside a Jupyter kernel, where the widget's output area can show the view."""
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def message_view(message: str) -> ExplorerView:
    """A view with nothing to draw, only a sentence saying what to choose."""
    return ExplorerView(None, pd.DataFrame(), message)


class Explorer:
    """Controls in a row, and below them the chart and the table for the current choices.

    `render(**choices)` builds an ExplorerView from the controls' values; it runs once at the
    start and again whenever a control changes. `last_update_seconds` records how long the last
    update took.
    """

    def __init__(
        self,
        title: str,
        controls: dict[str, widgets.ValueWidget],
        render: Callable[..., ExplorerView],
    ):
        self.title = title
        self.controls = controls
        self._render = render
        self.output = widgets.Output()
        self.view: ExplorerView = message_view("")
        self.last_update_seconds = 0.0
        for control in controls.values():
            control.observe(self._on_change, names="value")
        header = widgets.HTML(f"<b>{title}</b>")
        self.widget = widgets.VBox([header, widgets.HBox(list(controls.values())), self.output])
        self.update()

    @property
    def choices(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, _change) -> None:
        self.update()

    def update(self) -> ExplorerView:
        start = time.perf_counter()
        self.view = self._render(**self.choices)
        if _in_kernel():
            self._show()
        self.last_update_seconds = time.perf_counter() - start
        return self.view

    def _show(self) -> None:
        """Put the view into the output area by setting the Output widget's outputs directly
        (not `with output:`, which only captures in a live front end: under nbval or nbclient
        the figure would leak into the cell's own output)."""
        formatter = get_ipython().display_formatter
        items = []
        if self.view.message:
            items.append(HTML(f"<p style='color:#444'><i>{self.view.message}</i></p>"))
        if self.view.figure is not None:
            items.append(self.view.figure)
        if not self.view.table.empty:
            items.append(self.view.table)
        outputs = []
        for item in items:
            data, metadata = formatter.format(item)
            outputs.append({"output_type": "display_data", "data": data, "metadata": metadata})
        self.output.outputs = tuple(outputs)

    def set(self, **choices) -> ExplorerView:
        """Change several controls at once (as a participant would, one after the other)."""
        for name, value in choices.items():
            self.controls[name].value = value
        return self.view

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.widget, self.title, **kwargs)

"""Pieces shared by the context-analysis report and the bulletin.

* :class:`ReportPDF` — an fpdf2 document in Spanish with the DejaVu fonts that ship with
  matplotlib (always present, so reports work offline and print every accent), a header
  and a footer stamp (version, data vintage, scenario hash, page number);
* :func:`format_value` — numbers through :func:`analysis.formatting.format_number` (the
  one formatter of screen, PDF and bulletin), proportions as percentages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

from analysis.errors import RaicesError
from analysis.formatting import format_number

FONT_FAMILY = "DejaVu"
BAND_COLOURS = {"alta": (178, 24, 43), "media": (239, 138, 98), "baja": (103, 169, 207)}
"""Fill of the rank-band badge (priority high / medium / low)."""


def font_folder() -> Path:
    """Folder of matplotlib's bundled DejaVu TTF fonts."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class ReportPDF(FPDF):
    """A4 portrait PDF with DejaVu fonts, a running title and a stamped footer.

    Parameters
    ----------
    title
        Running title printed at the top of every page after the first.
    footer
        Stamp printed at the bottom of every page (see :func:`analysis.plotting.footer_text`).
    """

    def __init__(self, *, title: str, footer: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_title = title
        self.stamp = footer
        folder = font_folder()
        for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"),
                            ("I", "DejaVuSans-Oblique.ttf")):  # fmt: skip
            path = folder / file
            if not path.is_file():
                raise RaicesError("no se encuentra la fuente tipográfica", file=path)
            self.add_font(FONT_FAMILY, style, str(path))
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_creator("Raíces")
        self.set_lang("es")

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FONT_FAMILY, "", 7.5)
            self.set_text_color(110, 110, 110)
            self.cell(0, 5, self.running_title, new_x="LMARGIN", new_y="NEXT")
            self.ln(2)
            self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT_FAMILY, "", 7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, self.stamp, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"página {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    # ------------------------------------------------------------------ helpers
    def heading(self, text: str, size: float = 13) -> None:
        """Bold section heading."""
        self.set_font(FONT_FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def paragraph(self, text: str, size: float = 9, style: str = "") -> None:
        """Wrapped paragraph."""
        self.set_font(FONT_FAMILY, style, size)
        self.multi_cell(0, size * 0.48, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def bullet_list(self, items: list[str], size: float = 8.5) -> None:
        """Bulleted list (each item wrapped)."""
        self.set_font(FONT_FAMILY, "", size)
        for item in items:
            self.set_x(self.l_margin)
            self.multi_cell(0, size * 0.48, f"• {item}", align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def image_bytes(self, data: bytes, width: float) -> None:
        """Place a PNG given as bytes, centred, ``width`` mm wide."""
        import io

        x = (self.w - width) / 2
        self.image(io.BytesIO(data), x=x, w=width)
        self.ln(2)

    def badge(self, text: str, band: str) -> None:
        """Coloured label (e.g. «prioridad alta»)."""
        red, green, blue = BAND_COLOURS.get(band, (150, 150, 150))
        self.set_fill_color(red, green, blue)
        self.set_text_color(255, 255, 255)
        self.set_font(FONT_FAMILY, "B", 9)
        self.cell(self.get_string_width(text) + 6, 6, text, fill=True, align="C")
        self.set_text_color(0, 0, 0)
        self.set_fill_color(255, 255, 255)
        self.ln(8)

    def data_table(
        self,
        header: list[str],
        rows: list[list[str]],
        widths: Sequence[float],
        *,
        size: float = 7.5,
        align: list[str] | None = None,
    ) -> None:
        """Simple grid table with a shaded header that repeats on page breaks."""
        self.set_font(FONT_FAMILY, "", size)
        alignments = tuple(align) if align else None
        with self.table(
            col_widths=tuple(widths),
            width=sum(widths),
            text_align=alignments or "LEFT",
            line_height=size * 0.5,
            headings_style=_heading_style(size),
            cell_fill_color=(246, 246, 246),
            cell_fill_mode="ROWS",
            borders_layout="HORIZONTAL_LINES",
            first_row_as_headings=True,
            repeat_headings=1,
        ) as table:
            table.row(header)
            for row in rows:
                table.row([str(cell) for cell in row])
        self.ln(2)


def _heading_style(size: float):
    from fpdf.fonts import FontFace

    return FontFace(family=FONT_FAMILY, emphasis="BOLD", size_pt=size, fill_color=(230, 230, 230))


def format_value(value: object, unit: str = "", language: str = "es") -> str:
    """A number for a report page, through the one formatter
    (:func:`analysis.formatting.format_number`); proportions (units starting with
    «proporción») as percentages; text that is not a number is kept as it is.

    Examples
    --------
    >>> format_value(0.5604, "proporción de la población")
    '56,0\u00a0%'
    >>> format_value(1234567.0, "personas"), format_value(float("nan"))
    ('1\u2009234\u2009567', 'sin dato')
    >>> format_value(3.14159, "índice (0–10)"), format_value("n/d")
    ('3,14', 'n/d')
    """
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return format_number(value, language, percent=unit.startswith("proporción"))


def priority_band(rank: float, total: int) -> str:
    """«alta» for the top fifth, «media» for the next two fifths, «baja» otherwise.

    Examples
    --------
    >>> priority_band(10, 340), priority_band(100, 340), priority_band(300, 340)
    ('alta', 'media', 'baja')
    """
    if not math.isfinite(float(rank)) or total <= 0:
        return "sin dato"
    share = float(rank) / total
    return "alta" if share <= 0.2 else "media" if share <= 0.6 else "baja"

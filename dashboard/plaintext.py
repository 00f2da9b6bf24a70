"""User text shown as plain text where Streamlit would read it as Markdown.

Widget labels, ``st.caption``, ``st.error`` and friends interpret Markdown: an indicator
label such as ``![x](https://example.org/pixel.png)`` would make every visitor's browser
fetch an outside image, and ``**`` or ``:red[…]`` would restyle the page. Text typed by
people (labels, descriptions, file and column names inside messages) goes through
:func:`escape` before it reaches one of those; ``st.text`` and ``st.dataframe`` need nothing.
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
"""Every ASCII punctuation character: CommonMark lets a backslash escape any of them."""


def escape(text: object) -> str:
    """``text`` with every Markdown-active character escaped, so it renders as typed.

    Newlines become spaces (a label or a message is one line).

    Examples
    --------
    >>> print(escape("![x](http://e.org/a.png) **50**"))
    \\!\\[x\\]\\(http\\:\\/\\/e\\.org\\/a\\.png\\) \\*\\*50\\*\\*
    >>> escape("Sololá")
    'Sololá'
    """
    flat = " ".join(str(text).split())
    return _PUNCTUATION.sub(r"\\\1", flat)

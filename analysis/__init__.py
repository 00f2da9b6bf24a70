"""Raíces: territorial analytics of the causes of irregular migration in Guatemala.

Nothing happens at import time; see :mod:`analysis.cli` for the command line.
"""

__version__ = "0.1.0"

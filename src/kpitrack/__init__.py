"""kpitrack: a work report's numbers, tracked."""

__version__ = "0.1.0"

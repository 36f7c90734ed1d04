"""Renderers: plain report data in, one format out. They compute nothing of their own."""

"""Horizontal cooperation projects, their CEAM approval, indicators and reports."""

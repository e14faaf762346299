"""A realistic demo ledger for trying the application and for tests (``commune-ledger demo``)."""

from desktop.demo.generator import PLANS, DemoSummary, build_demo, has_data

__all__ = ["PLANS", "DemoSummary", "build_demo", "has_data"]

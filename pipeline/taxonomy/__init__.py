"""Indicator taxonomy: indicator names → the national 一级/二级 framework.

from pipeline.taxonomy import classify
classify(["资金拨付及时率"])  # [("产出指标", "时效指标", 0.93)]
"""

from pipeline.taxonomy.categories import LEVEL1, LEVEL2, PARENT, normalize_level2
from pipeline.taxonomy.model import classify, load_model

__all__ = ["LEVEL1", "LEVEL2", "PARENT", "classify", "load_model", "normalize_level2"]

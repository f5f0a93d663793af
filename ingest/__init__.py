"""costper: what did each business outcome cost us in AI?"""

__version__ = "0.1.0"

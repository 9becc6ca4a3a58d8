"""KB Studio: write, translate, review and publish a multilingual help center."""

__version__ = "0.1.0"

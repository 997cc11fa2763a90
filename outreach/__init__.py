"""Draft outreach that gives before it asks, and lint outreach copy."""

__version__ = "0.1.0"

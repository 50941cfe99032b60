"""Printing: ballot codes (QR payload), fonts and ballot PDFs drawn at fixed coordinates."""

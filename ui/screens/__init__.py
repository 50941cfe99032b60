"""The screens of the main window, one module each, in the order a counting committee works."""

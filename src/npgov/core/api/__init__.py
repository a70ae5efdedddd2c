"""The REST API of the core app, and the base classes every app's API builds on."""

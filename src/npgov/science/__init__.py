"""NPGov's scientific core: pure Python and numerical libraries, never Django.

Everything here can be imported and tested without settings, a database or a request, so that a
calculation lives once and the pages, the API, the command line and the jobs all share it.
"""

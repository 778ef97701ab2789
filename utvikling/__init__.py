"""Development tools that never ship: the national-scale test-data generator
(``testdata``, ``manage.py generer_testdata``) and the benchmark (``bench``, ``make
bench``). The image leaves this package out (``.dockerignore``), no runtime package
imports it (import-linter, ``pyproject.toml``), and only the development and test
settings install it as an app, for its management command."""

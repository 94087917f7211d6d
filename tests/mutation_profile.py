"""A pytest plugin `make mutants` loads (pyproject.toml, [tool.mutmut] pytest_add_cli_args): no
hypothesis deadlines in mutation runs. mutmut's trampolines and a busy machine slow every call, and
a missed deadline fails the test, which would count a mutant as killed that no assertion caught."""

from hypothesis import settings

settings.register_profile("mutants", deadline=None)
settings.load_profile("mutants")

"""`python -m agreement_llm.cli`: the `agreement-llm` command."""

from . import main

raise SystemExit(main())
